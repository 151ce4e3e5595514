"""The playbook model the engine plays: resolved, validated, parameters filled in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from msgspec import Struct, field

from runbook.durations import Duration
from runbook.i18n import Msg
from runbook.roles import Permissions
from runbook.roster import Roster


class Parameter(Struct, frozen=True):
    """One `[X]` blank of the plan (or another institution setting) and its value."""

    name: str
    value: Duration | int
    text: str
    clause: str
    basis: str
    overridden: bool = False


class Settings(Struct, frozen=True):
    parameters: Mapping[str, Parameter]
    digest: str
    # Which roles may do what (issue 15); read only when the roster lists people. Not in
    # `digest`, which names the values the deadlines are computed from.
    permissions: Permissions = field(default_factory=Permissions)

    def duration(self, name: str) -> Duration:
        value = self.parameters[name].value
        assert isinstance(value, Duration)
        return value

    def number(self, name: str) -> int:
        value = self.parameters[name].value
        assert isinstance(value, int)
        return value


class Clause(Struct, frozen=True):
    id: str
    title: Msg
    text: Msg
    parameters: tuple[str, ...] = ()


class Plan(Struct, frozen=True):
    clauses: Mapping[str, Clause]


class Option(Struct, frozen=True):
    id: str
    label: Msg


class Decision(Struct, frozen=True):
    question: Msg
    options: tuple[Option, ...]

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


class Deadline(Struct, frozen=True):
    """Due `after[level]` after `anchor` (Td, T0, level, stand_down or step:<id>)."""

    anchor: str
    after: Mapping[str, Duration]
    after_text: Mapping[str, str]

    @property
    def anchor_step(self) -> str | None:
        return self.anchor[5:] if self.anchor.startswith("step:") else None


class Condition(Struct, frozen=True):
    """`when:` the step applies only once `decision` was taken with one of `options`."""

    decision: str
    options: frozenset[str]


class Completion(Struct, frozen=True):
    """`done_by:` the recorded action that completes the step (one occurrence each).

    `kind` is an event kind; `match` the payload values it must carry (e.g. `to:
    regulator`); `present` payload fields it must have (e.g. the declaration's Td); `option`
    the option a decision step takes when completed this way.
    """

    kind: str
    match: Mapping[str, str] = field(default_factory=dict)
    present: tuple[str, ...] = ()
    option: str | None = None


class Step(Struct, frozen=True):
    id: str
    group: str
    title: Msg
    detail: Msg
    levels: frozenset[str]
    source: tuple[str, ...]
    module: str
    deadline: Deadline | None = None
    repeat: Duration | None = None
    decision: Decision | None = None
    addition: bool = False
    when: Condition | None = None
    done_by: tuple[Completion, ...] = ()
    roster: tuple[str, ...] = ()  # the roster lists its detail shows (runbook.roster)

    def applies_at(self, level: str) -> bool:
        return level in self.levels


FactType = str  # time, integer, amount, text, choice, choices
FACT_TYPES: Final = ("time", "integer", "amount", "text", "choice", "choices")
# Where a fact belongs in the summary and the reports: the times, a key function restored
# (the recovery section measures each against its target), the impact (5.1), the regulatory
# classification, the vendor (4.3.4) and the data-breach notice (PIPL Art 57).
FACT_SECTIONS: Final = ("times", "recovery", "impact", "classification", "vendor", "notice")


class Fact(Struct, frozen=True):
    """A figure or time an incident of this type records (`runbook fact`): what it is called,
    what kind of value it takes, and the plan clause it serves."""

    id: str
    label: Msg
    type: FactType
    clause: str
    options: tuple[Option, ...] = ()  # for choice and choices
    section: str = "times"  # one of FACT_SECTIONS

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


REPORTING_DECISION: Final = "report.regulator-decision"  # the head weighs the gates (4.1.3)
ESCALATIONS: Final = ("outage", "outage-while-out", "scale")


class Playbook(Struct, frozen=True, dict=True):
    type: str
    title: Msg
    summary: Msg
    lead: str
    source: tuple[str, ...]
    steps: tuple[Step, ...]
    digest: str
    facts: tuple[Fact, ...] = ()
    escalation: tuple[str, ...] = ()  # the criteria that propose a level (ESCALATIONS)

    def fact(self, fact_id: str) -> Fact | None:
        return next((f for f in self.facts if f.id == fact_id), None)

    def step(self, step_id: str) -> Step | None:
        return self._index.get(step_id)

    def reporting_decision(self) -> str | None:
        """The step where the head decides whether to report (4.1.3), where the regulatory
        gates are weighed: REPORTING_DECISION, else the playbook's own decision step citing
        4.1.3; None if it has none."""
        if self.step(REPORTING_DECISION) is not None:
            return REPORTING_DECISION
        return next((s.id for s in self.steps if s.decision is not None and "4.1.3" in s.source),
                    None)

    def option(self, step_id: str, option_id: str) -> Option | None:
        """An option of a decision step, as people read it; None if the step has none such."""
        step = self._index.get(step_id)
        return step.decision.option(option_id) if step and step.decision else None

    def root_anchor(self, step: Step) -> str | None:
        """The clock a step counts from in the end, following `step:` anchors (acyclic)."""
        seen: set[str] = set()
        current: Step | None = step
        while current is not None and current.deadline is not None:
            target = current.deadline.anchor_step
            if target is None:
                return current.deadline.anchor
            if target in seen:
                return None
            seen.add(target)
            current = self.step(target)
        return None

    @property
    def _index(self) -> dict[str, Step]:
        cached: dict[str, Step] | None = self.__dict__.get("_index_cache")
        if cached is None:
            cached = {s.id: s for s in self.steps}
            self.__dict__["_index_cache"] = cached  # frozen: written past __setattr__
        return cached


class Library(Struct, frozen=True, dict=True):
    """Everything loaded from one playbook folder plus the institution's overrides."""

    plan: Plan
    settings: Settings
    playbooks: Mapping[str, Playbook]
    roster: Roster = field(default_factory=Roster)  # contacts, vendors, resources

    def playbook(self, type_id: str) -> Playbook | None:
        return self.playbooks.get(type_id)

