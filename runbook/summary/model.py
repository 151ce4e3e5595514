"""The post-incident summary as plain data: built once, rendered as Markdown, HTML or JSON.

Everything here is measured from the incident's events and the playbook; nothing reads a
clock. Words belong to the renderers: the model keeps ids, moments and durations.
"""

from __future__ import annotations

import shlex
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from msgspec import Struct, field

from runbook.conditions import RuledOut
from runbook.escalation import ProposalRecord
from runbook.events import Actor, Event
from runbook.i18n import Msg
from runbook.incident import Claim, Conflict, Correction, Marked, StandDown, VersionSwitch
from runbook.playbook import Playbook, Step
from runbook.vocabulary import LEVEL_IDS

if TYPE_CHECKING:
    from runbook.summary.figures import Figures
    from runbook.summary.followup import FollowUp


class DigestCheck(Struct, frozen=True):
    """A digest recorded at declaration and the one installed at export."""

    recorded: str
    current: str | None  # None: the playbook is no longer installed

    @property
    def differs(self) -> bool | None:
        """None when either side is unknown."""
        if not self.recorded or self.current is None:
            return None
        return self.recorded != self.current


class ChainCheck(Struct, frozen=True):
    """The store's verdict on the incident's hash chain, taken just before the export."""

    ok: bool
    message: Msg


class LastCheckpoint(Struct, frozen=True):
    """The newest signed checkpoint in the record: its note, to keep with the summary."""

    seq: int
    size: int  # the records it seals
    head: str  # the hash of the last of them
    signers: tuple[str, ...]
    note: str
    incident_id: str

    @property
    def verify_command(self) -> str:
        """The database still holds what the checkpoint sealed (and, with the allowed
        signers, every checkpoint's signature)."""
        return (f"runbook verify {shlex.quote(self.incident_id)} "
                f"--head {self.head} --count {self.size}")


class SiteChain(Struct, frozen=True):
    """One site's chain of the incident, when several sites recorded it: its length and
    head, what `runbook verify` on another copy is compared with."""

    site: str  # "" for the records made with no site set
    count: int
    head: str


class Identification(Struct, frozen=True):
    incident_id: str
    type_id: str
    type_title: Msg
    title: str
    drill: bool
    declared_by: Actor
    declared_recorded_at: datetime
    playbook: DigestCheck
    settings: DigestCheck
    exported_at: datetime
    head_hash: str
    event_count: int
    chain: ChainCheck | None
    checkpoint: LastCheckpoint | None = None
    # The version of the plan (`runbook.versions`) declared with and played ("": not
    # recorded, declared before versions were kept), and the switches between them.
    declared_version: str = ""
    played_version: str = ""
    switches: tuple[VersionSwitch, ...] = ()
    # When more than one site recorded it: each one's chain; and the conflicts between
    # sites (`runbook.merge`).
    sites: tuple[SiteChain, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    # A step completed on more than one site: each other recording, with its step; and the
    # records from another site marked as made after the close here (`runbook.merge`).
    also: tuple[tuple[str, Claim], ...] = ()
    marked: tuple[Marked, ...] = ()

    @property
    def verify_command(self) -> str:
        return (f"runbook verify {shlex.quote(self.incident_id)} "
                f"--head {self.head_hash} --count {self.event_count}")


class Stamp(Struct, frozen=True):
    at: datetime
    by: Actor
    seq: int


class LevelPeriod(Struct, frozen=True):
    """A level in force from `since` until `until` (the next change or the end)."""

    level: str
    since: datetime
    until: datetime
    by: Actor
    reason: str
    seq: int

    @property
    def duration(self) -> timedelta:
        return max(self.until - self.since, timedelta())


class Milestone(Struct, frozen=True):
    """A first report, measured from Td."""

    stamp: Stamp
    since_td: timedelta


class Overview(Struct, frozen=True):
    declared: Stamp  # when the declaration was recorded
    reported_at: datetime  # Td
    warning_at: datetime  # T0
    levels: tuple[LevelPeriod, ...]
    stand_down: Stamp | None
    closed: Stamp | None
    end_at: datetime  # the stand-down, else the close, else the export moment
    end_kind: str  # "stand_down", "closed" or "export" (still under way)
    first_head_report: Milestone | None
    first_regulator_report: Milestone | None
    corrections: tuple[Correction, ...] = ()
    stand_downs: tuple[StandDown, ...] = ()
    proposals: tuple[ProposalRecord, ...] = ()
    open_at_close: tuple[str, ...] = ()  # the steps still open when it was closed
    close_reason: str = ""  # why it was closed with work open (a forced close)

    @property
    def total(self) -> timedelta:
        """T0 to the end: the time levels were in force."""
        return max(self.end_at - self.warning_at, timedelta())

    @property
    def since_td(self) -> timedelta:
        return max(self.end_at - self.reported_at, timedelta())

    def per_level(self) -> list[tuple[str, timedelta]]:
        """Time spent at each level, most severe first."""
        totals: dict[str, timedelta] = {}
        for period in self.levels:
            totals[period.level] = totals.get(period.level, timedelta()) + period.duration
        return sorted(totals.items(), key=lambda item: LEVEL_IDS.index(
            item[0]) if item[0] in LEVEL_IDS else len(LEVEL_IDS))


class Occurrence(Struct, frozen=True):
    """One time a repeating step fell due, and when (or whether) it was done."""

    due: datetime
    done_at: datetime | None
    missed_by: timedelta | None  # done after `due`, or not done that long past it


class StepOutcome(Struct, frozen=True):
    """How one step that applied during the incident went.

    outcome: met (done by its deadline), late (done after it), missed (not done and its
    deadline passed), skipped, blocked, open (not done, not yet due), done (no deadline),
    n/a (a level change took it out of force before its deadline, or a decision it
    depends on was taken the other way: `ruled_out`). A deadline passed while the step was
    open stays missed, whatever came later.
    """

    step: Step
    state: str
    outcome: str
    applied_at: tuple[str, ...]
    only_before_change: bool
    left_at: datetime | None
    anchor_at: datetime | None
    due: datetime | None
    due_level: str | None
    done_at: datetime | None
    late_by: timedelta | None
    overdue_by: timedelta | None
    reason: str
    note: str
    decision: str | None
    last_by: Actor | None
    occurrences: tuple[Occurrence, ...] = ()
    ruled_out: RuledOut | None = None
    done_by: int | None = None  # the seq of the recorded action that completed it
    waiting_on: str | None = None  # the decision it still waits on
    due_from_change: datetime | None = None  # the deadline counts from this level change
    ruled_out_label: Msg | None = None  # the option that ruled it out, as people read it

    @property
    def missed_by(self) -> timedelta | None:
        return self.late_by if self.outcome == "late" else self.overdue_by

    @property
    def deadline_missed(self) -> bool:
        """Not done by its first deadline: late, missed, or blocked past it."""
        return self.outcome in ("late", "missed") or (
            self.outcome == "blocked" and self.overdue_by is not None)

    @property
    def repeats_missed(self) -> tuple[Occurrence, ...]:
        return tuple(o for o in self.occurrences[1:] if o.missed_by is not None)


class DecisionEntry(Struct, frozen=True):
    step_id: str
    option: str
    label: Msg
    rationale: str
    stamp: Stamp
    superseded: bool  # reopened or decided again later


class Communication(Struct, frozen=True):
    """A report sent, a vendor contact or a shift handover."""

    kind: str
    to: str | None
    text: str
    stamp: Stamp
    backdated: bool


class Gap(Struct, frozen=True):
    """A stretch of the emergency with no recorded activity."""

    start: datetime
    end: datetime
    after_seq: int
    before_seq: int

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


class Block(Struct, frozen=True):
    """A step marked blocked, and until when (the next event on the step, if any)."""

    step_id: str
    reason: str
    stamp: Stamp
    until: datetime | None


class Entry(Struct, frozen=True):
    """An evaluator's recorded text (evaluation_recorded)."""

    section: str
    text: str
    stamp: Stamp


class Section(Struct, frozen=True):
    """One part of the evaluation or post-incident handling: facts, entries, blank fields."""

    id: str
    clause: str
    title: Msg
    entries: tuple[Entry, ...]
    fields: tuple[Msg, ...]
    steps: tuple[StepOutcome, ...] = ()


class Facts(Struct, frozen=True):
    """Measured, not judged: what the evaluators start from."""

    missed: tuple[StepOutcome, ...]
    blocks: tuple[Block, ...]
    gaps: tuple[Gap, ...]
    gap_threshold: timedelta
    deadlines: int  # steps with a deadline that fell due
    met: int


class Suggestion(Struct, frozen=True):
    """A plan revision the data points to (4.6.3)."""

    kind: str  # missed_deadline, skipped, blocked, ad_hoc, level_changes
    step_id: str | None
    clauses: tuple[str, ...]
    amount: timedelta | None  # how late (missed_deadline)
    reason: str  # skip or block reason, a note's text, the level path
    count: int
    seqs: tuple[int, ...]
    group: str | None = None
    levels: tuple[str, ...] = ()  # level_changes: the path, first level to last


class Identities(Struct, frozen=True):
    """Where the names in the record come from (issue 15): the roster in use when the
    summary was made (how many people it lists; 0: none, names self-declared), and the
    events recorded by an emergency override of the roles' rule, with their reasons."""

    roster_people: int = 0
    overrides: tuple[Event, ...] = ()


class Summary(Struct, frozen=True):
    identification: Identification
    overview: Overview
    steps: tuple[StepOutcome, ...]
    decisions: tuple[DecisionEntry, ...]
    communications: tuple[Communication, ...]
    timeline: tuple[Event, ...]
    facts: Facts
    evaluation: tuple[Section, ...]
    post_incident: tuple[Section, ...]
    suggestions: tuple[Suggestion, ...]
    signoff: Section
    tz: tzinfo
    playbook: Playbook  # the incident's own, to name its steps, options and facts
    figures: Figures | None = None  # the facts, recovery, key times and gates
    follow_up: FollowUp | None = None  # action items, sign-off, a drill's goals
    identities: Identities = field(default_factory=Identities)
