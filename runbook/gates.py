"""The regulatory gates the head's reporting decision (4.1.3) rests on, computed from the
recorded facts: whether the PBOC class-1 material-event thresholds are met (银发〔2021〕198号),
and the grade the CAC rule gives a data leak by the people it touched.

Each class-1 criterion is met, not met or unknown (its fact not recorded, its threshold not
in the settings, or an outage still running below the threshold): the gate is met when any
criterion is, not met when every criterion is known and none is, and unknown otherwise. Only
the criteria whose facts the playbook declares count. The CAC rule fixes figures only for
leaked personal data; for anything else the grade is the head's (the fact `cac-grade`), and
so is the PBOC grade (`pboc-grade`): both are shown beside what the figures give.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from msgspec import Struct

from runbook import fact_values
from runbook.escalation import outage
from runbook.incident import FactValue, Incident
from runbook.playbook import Playbook, Settings

MET: Final = "met"
NOT_MET: Final = "not_met"
UNKNOWN: Final = "unknown"

GRADES: Final = ("general", "large", "major", "especially-major")  # the rules' order
REPORTABLE_FROM: Final = "large"  # reporting duties start at 较大 (Large)

# class-1 criterion: the fact it reads and the setting it is measured against ("more than").
CLASS1_COUNTS: Final = (
    ("transactions", "transactions-affected", "pboc_class1_transactions"),
    ("records", "records-affected", "pboc_class1_records"),
    ("customers", "people-affected", "pboc_class1_customers"),
)
CLASS1_FLAGS: Final = (("publicity", "negative-publicity"), ("vendor-misuse", "vendor-misuse"))
CAC_PEOPLE: Final = (("especially-major", "cac_especially_major_people"),
                     ("major", "cac_major_people"), ("large", "cac_large_people"))


class Criterion(Struct, frozen=True):
    """One class-1 criterion: its state, the figure, the threshold (None when not set)."""

    id: str  # outage, transactions, records, customers, publicity, vendor-misuse
    state: str
    value: timedelta | int | str | None
    threshold: timedelta | int | None
    fact: str
    seq: int | None = None  # the event that recorded the figure


class Class1(Struct, frozen=True):
    state: str
    criteria: tuple[Criterion, ...]

    @property
    def met_by(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.state == MET)


class CacGrade(Struct, frozen=True):
    """The grade by leaked people (`by_people`; None when the type records no such figure or
    it is not recorded yet), the threshold reached, and the grades the head recorded."""

    by_people: str | None
    people: int | None
    threshold: int | None
    recorded: FactValue | None

    @property
    def grade(self) -> str | None:
        """The higher of the computed and the recorded grade."""
        found = [g for g in (self.by_people, _grade_of(self.recorded)) if g is not None]
        return max(found, key=GRADES.index) if found else None

    @property
    def reportable(self) -> bool | None:
        grade = self.grade
        return None if grade is None else GRADES.index(grade) >= GRADES.index(REPORTABLE_FROM)


class Gates(Struct, frozen=True):
    class1: Class1
    cac: CacGrade
    pboc_grade: FactValue | None


def _grade_of(found: FactValue | None) -> str | None:
    return found.value if found is not None and found.value in GRADES else None


def _threshold(settings: Settings, name: str) -> int | timedelta | None:
    param = settings.parameters.get(name)
    if param is None:
        return None
    value = param.value
    return value if isinstance(value, int) else value.delta


def _outage(incident: Incident, settings: Settings, now: datetime) -> Criterion:
    threshold = _threshold(settings, "pboc_class1_outage")
    began = incident.facts.get("outage-began")
    measured = outage(incident, now, recorded_only=True)
    if measured is None or not isinstance(threshold, timedelta):
        return Criterion("outage", UNKNOWN, None, threshold if isinstance(
            threshold, timedelta) else None, "outage-began")
    _, lasted = measured
    restored = incident.facts.get("service-restored")
    ended = restored is not None and fact_values.as_time(restored.value) is not None
    state = MET if lasted > threshold else NOT_MET if ended else UNKNOWN
    return Criterion("outage", state, lasted, threshold, "outage-began",
                     began.seq if began is not None else None)


def _count(incident: Incident, settings: Settings, cid: str, fact: str,
           setting: str) -> Criterion:
    threshold = _threshold(settings, setting)
    found = incident.facts.get(fact)
    value = fact_values.as_count(found.value) if found is not None else None
    limit = threshold if isinstance(threshold, int) else None
    if value is None or limit is None:
        return Criterion(cid, UNKNOWN, value, limit, fact, found.seq if found else None)
    return Criterion(cid, MET if value > limit else NOT_MET, value, limit, fact, found.seq
                     if found else None)


def _flag(incident: Incident, cid: str, fact: str) -> Criterion:
    found = incident.facts.get(fact)
    value = found.value if found is not None else None
    state = MET if value == "yes" else NOT_MET if value == "no" else UNKNOWN
    return Criterion(cid, state, value if isinstance(value, str) else None, None, fact,
                     found.seq if found else None)


def class1(incident: Incident, playbook: Playbook, settings: Settings,
           now: datetime) -> Class1:
    declared = {f.id for f in playbook.facts}
    criteria: list[Criterion] = []
    if "outage-began" in declared:
        criteria.append(_outage(incident, settings, now))
    criteria += [_count(incident, settings, cid, fact, setting)
                 for cid, fact, setting in CLASS1_COUNTS if fact in declared]
    criteria += [_flag(incident, cid, fact) for cid, fact in CLASS1_FLAGS if fact in declared]
    states = {c.state for c in criteria}
    state = MET if MET in states else NOT_MET if states == {NOT_MET} else UNKNOWN
    return Class1(state, tuple(criteria))


def cac_grade(incident: Incident, playbook: Playbook, settings: Settings) -> CacGrade:
    recorded = incident.facts.get("cac-grade")
    found = incident.facts.get("people-affected")
    people = fact_values.as_count(found.value) if found is not None else None
    if playbook.fact("people-affected") is None or people is None:
        return CacGrade(None, people, None, recorded)
    for grade, setting in CAC_PEOPLE:
        limit = _threshold(settings, setting)
        if isinstance(limit, int) and people >= limit:
            return CacGrade(grade, people, limit, recorded)
    large = _threshold(settings, "cac_large_people")
    if not isinstance(large, int):
        return CacGrade(None, people, None, recorded)
    return CacGrade("general", people, large, recorded)


def gates(incident: Incident, playbook: Playbook, settings: Settings, now: datetime) -> Gates:
    return Gates(class1(incident, playbook, settings, now),
                 cac_grade(incident, playbook, settings), incident.facts.get("pboc-grade"))
