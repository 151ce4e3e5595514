"""The level an incident should be raised to, by its kind and from its recorded facts.

A playbook says which criteria apply to its type (`escalation:`):
- `outage`: the outage so far (from the recorded `outage-began`, else Td, until
  `service-restored` or now) against the level thresholds of the settings: beyond
  `level_I_outage_over` is Level I; from `level_II_outage_from` it is Level II;
- `outage-while-out`: the same, only once an outage has been recorded (a vendor breach
  need not stop the service);
- `scale`: a data leak's recorded size: `dl_level_I_people` people or more, or payment
  credentials with `dl_level_I_credential_people` people or more, is Level I;
  `dl_level_II_customers` people or `dl_level_II_records` records or more is Level II.
Where several criteria fire, the highest level wins; the proposal names the criterion and
the figure. Nothing is proposed once emergency handling is stood down or the incident is
closed, nor at or above the level in force.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from msgspec import Struct

from runbook import fact_values
from runbook.i18n import Lang, Msg
from runbook.incident import Incident
from runbook.playbook import Playbook, Settings
from runbook.vocabulary import level
from runbook.wording import count_text, span_text

OUTAGE: Final = "outage"
PEOPLE: Final = "people"
RECORDS: Final = "records"
CREDENTIALS: Final = "credentials"


class Proposal(Struct, frozen=True):
    """Raise to `level`: `criterion` measured `value` against `threshold`, since `since`
    (the moment the threshold was crossed, when that is known)."""

    level: str
    criterion: str
    value: timedelta | int
    threshold: timedelta | int
    since: datetime | None


def outage(incident: Incident, now: datetime, *, recorded_only: bool = False) -> tuple[
        datetime, timedelta] | None:
    """When the outage began and how long it has lasted (to its restoration, or now)."""
    began_fact = incident.facts.get("outage-began")
    began = fact_values.as_time(began_fact.value) if began_fact is not None else None
    if began is None:
        if recorded_only:
            return None
        began = incident.reported_at
    restored_fact = incident.facts.get("service-restored")
    restored = fact_values.as_time(restored_fact.value) if restored_fact is not None else None
    end = restored if restored is not None and restored >= began else now
    return began, max(end - began, timedelta())


def proposals(incident: Incident, playbook: Playbook, settings: Settings,
              now: datetime) -> list[Proposal]:
    """Every level a criterion points to above the level in force, highest level first."""
    if incident.is_closed or incident.stand_down_at is not None:
        return []
    current = level(incident.level).rank
    found = [p for p in _pointed(incident, playbook, settings, now)
             if level(p.level).rank < current]
    return sorted(found, key=lambda p: level(p.level).rank)


def proposal(incident: Incident, playbook: Playbook, settings: Settings,
             now: datetime) -> Proposal | None:
    """The one to show: the highest level any criterion points to."""
    found = proposals(incident, playbook, settings, now)
    return found[0] if found else None


def _pointed(incident: Incident, playbook: Playbook, settings: Settings,
             at: datetime) -> list[Proposal]:
    """What each of the type's criteria points to at `at`: every outage threshold crossed
    by then, and the levels the recorded scale reaches."""
    found: list[Proposal] = []
    for criterion in playbook.escalation:
        if criterion in ("outage", "outage-while-out"):
            found.extend(_outage_crossings(incident, settings, at,
                                           criterion == "outage-while-out"))
        elif criterion == "scale":
            found.extend(_by_scale(incident, settings))
    return found


def _outage_crossings(incident: Incident, settings: Settings, end: datetime,
                      recorded_only: bool) -> list[Proposal]:
    """Each outage threshold the outage crossed before `end`, with when it crossed it."""
    measured = outage(incident, end, recorded_only=recorded_only)
    if measured is None:
        return []
    began, lasted = measured
    found = []
    for wanted, name in (("II", "level_II_outage_from"), ("I", "level_I_outage_over")):
        threshold = settings.duration(name).delta
        if lasted >= threshold if wanted == "II" else lasted > threshold:
            found.append(Proposal(wanted, OUTAGE, lasted, threshold, began + threshold))
    return found


def _count(incident: Incident, fact: str) -> tuple[int, datetime] | None:
    found = incident.facts.get(fact)
    if found is None:
        return None
    value = fact_values.as_count(found.value)
    return (value, found.at) if value is not None else None


def _by_scale(incident: Incident, settings: Settings) -> list[Proposal]:
    result: list[Proposal] = []
    people = _count(incident, "people-affected")
    records = _count(incident, "records-affected")
    credentials = incident.facts.get("payment-credentials")
    with_credentials = credentials is not None and credentials.value == "yes"
    if people is not None:
        n, at = people
        if n >= settings.number("dl_level_I_people"):
            result.append(Proposal("I", PEOPLE, n, settings.number("dl_level_I_people"), at))
        elif with_credentials and n >= settings.number("dl_level_I_credential_people"):
            result.append(Proposal("I", CREDENTIALS, n,
                                   settings.number("dl_level_I_credential_people"), at))
        elif n >= settings.number("dl_level_II_customers"):
            result.append(Proposal("II", PEOPLE, n, settings.number("dl_level_II_customers"),
                                   at))
    if records is not None:
        n, at = records
        if n >= settings.number("dl_level_II_records"):
            result.append(Proposal("II", RECORDS, n, settings.number("dl_level_II_records"),
                                   at))
    return result


class ProposalRecord(Struct, frozen=True):
    """A proposal as the summary tells it: from when it stood and when (if) it was taken."""

    level: str
    criterion: str
    value: timedelta | int
    threshold: timedelta | int
    since: datetime
    taken_at: datetime | None


def history(incident: Incident, playbook: Playbook, settings: Settings,
            end: datetime) -> list[ProposalRecord]:
    """Every level a criterion pointed to during the emergency (up to `end`: the
    stand-down, the close or the export) while the incident stood below it, and when a
    level change took it up (None: never)."""
    raw = _pointed(incident, playbook, settings, end)
    found = []
    declared = incident.levels[0].since
    for p in raw:
        if p.since is None or p.since > end:
            continue
        since = max(p.since, declared)  # proposed from the declaration on
        wanted = level(p.level).rank
        at_since = next((s for s in reversed(incident.levels) if s.since <= since),
                        incident.levels[0])
        if level(at_since.level).rank <= wanted:
            continue  # already at that level or above when the threshold was crossed
        taken = next((s.since for s in incident.levels
                      if s.since >= since and level(s.level).rank <= wanted), None)
        found.append(ProposalRecord(p.level, p.criterion, p.value, p.threshold, since,
                                    taken))
    return sorted(found, key=lambda r: r.since)


CRITERIA: Final = {
    OUTAGE: Msg("outage", "中断"),
    PEOPLE: Msg("people affected", "涉及人数"),
    RECORDS: Msg("records leaked", "泄露条数"),
    CREDENTIALS: Msg("payment credentials, people", "支付敏感信息涉及人数"),
}


def figure(value: timedelta | int, lang: Lang) -> str:
    return span_text(value, lang) if isinstance(value, timedelta) else count_text(value, lang)


def reason_words(p: Proposal, lang: Lang) -> str:
    """`outage 2 h 5 min ≥ 2 h`, `涉及人数 120 万 ≥ 100 万`: why the level is proposed."""
    name = CRITERIA[p.criterion](lang)
    return f"{name} {figure(p.value, lang)} ≥ {figure(p.threshold, lang)}"
