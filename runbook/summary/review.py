"""Across incidents: how each playbook step fared, and the drills held each year (6.3).

A step counts once per incident it applied in (at any level); its deadline counts as
missed when it was done late, not done in time, or blocked past it (the first deadline;
repeats are left to each incident's summary). Real incidents and drills are kept apart:
a drill's misses say something else than a real one's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from msgspec import Struct, field

from runbook import drills
from runbook.action_items import OpenItem, open_items
from runbook.errors import RunbookError, UnreadableEvent
from runbook.events import Event
from runbook.i18n import Msg
from runbook.incident import Incident
from runbook.playbook import Library, Step
from runbook.state import IncidentState
from runbook.summary.compliance import outcomes
from runbook.versions import Versions

DRILLS_PARAMETER = "drills_per_year"
FULL_SCALE_PARAMETER = "full_scale_drills_per_year"
ROTATION_PARAMETER = "drill_rotation_years"
# When the settings leave them out: at least one full-scale drill a year, and every type
# drilled within two years (two drills a year through four types), plan 6.3.
FULL_SCALE_DEFAULT = 1
ROTATION_DEFAULT = 2


def median(values: Sequence[timedelta]) -> timedelta | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


class Tally(Struct):
    applied: int = 0
    missed: int = 0
    lateness: list[timedelta] = field(default_factory=list)

    @property
    def median_late(self) -> timedelta | None:
        return median(self.lateness)


class StepReview(Struct):
    step: Step
    types: list[str]
    real: Tally = field(default_factory=Tally)
    drill: Tally = field(default_factory=Tally)


class DrillYear(Struct, frozen=True):
    """Drills held in a year: only those with at least one completed step count."""

    year: int
    held: int
    types: tuple[str, ...]
    target: int
    to_date: bool  # the current year, not over yet
    full_scale: int = 0
    full_scale_target: int = 0
    not_held: int = 0  # declared as drills, no step completed: not counted

    @property
    def met(self) -> bool:
        return self.held >= self.target

    @property
    def full_scale_met(self) -> bool:
        return self.full_scale >= self.full_scale_target


class Rotation(Struct, frozen=True):
    """Whether every type was drilled (held) within the last `years` years (6.3)."""

    years: int
    types: tuple[str, ...]  # every installed type
    missing: tuple[str, ...]  # not drilled within the window
    missing_titles: tuple[Msg, ...] = ()  # the same, as people read them

    @property
    def met(self) -> bool:
        return not self.missing


class Review(Struct, frozen=True):
    since: date | None
    now: datetime
    real: int
    drills: int
    unplayable: tuple[str, ...]  # incidents whose playbook is not installed
    steps: tuple[StepReview, ...]
    years: tuple[DrillYear, ...]
    target: int
    target_clause: str
    # Incidents left out because their record cannot be read or interpreted, and why.
    unreadable: tuple[tuple[str, Msg], ...] = ()
    action_items: tuple[OpenItem, ...] = ()  # open across incidents, overdue first
    rotation: Rotation | None = None
    ran: tuple[Ran, ...] = ()  # the version of the plan each incident played


class Ran(Struct, frozen=True):
    """The version of the plan an incident played (`runbook.versions`): its digest ("" if
    declared before versions were kept), whether it was switched, whether it is the
    library in force, and whether it is kept (else the one in force stood in)."""

    incident_id: str
    type: str
    title: Msg  # the type as people read it
    drill: bool
    version: str
    switched: bool
    current: bool
    kept: bool | None  # None: not asked (no versions given to ask)


def review(incidents: Sequence[Sequence[Event]], library: Library, now: datetime,
           since: date | None = None,
           unread: Sequence[tuple[str, RunbookError]] = (),
           versions: Versions | None = None) -> Review:
    """`unread`: incidents the caller could not read at all, and why. Each incident is
    measured by the version of the plan it played, found by `versions` (the store's);
    without it, or when it is not kept, by `library` (the one in force)."""
    steps = _all_steps(library)
    drill_types: dict[int, list[str]] = {}
    full_scale: dict[int, int] = {}
    not_held: dict[int, int] = {}
    folded: list[Incident] = []
    counted = {True: 0, False: 0}
    unplayable: list[str] = []
    unreadable = [(incident_id, error.message) for incident_id, error in unread]
    first_year = now.year
    ran: list[Ran] = []
    for events in incidents:
        if not events:
            continue
        state = IncidentState(library, versions)
        try:
            folded_now = state.sync(events)
        except UnreadableEvent as error:  # one such record never hides the others
            unreadable.append((error.incident_id, error.message))
            continue
        if folded_now is None or state.played is None:
            continue
        incident, played = folded_now, state.played
        day = incident.declared_at.date()
        if since is not None and day < since:
            continue
        first_year = min(first_year, day.year)
        folded.append(incident)
        book = state.library.playbook(incident.type)
        ran.append(Ran(incident.id, incident.type,
                       book.title if book is not None else Msg(incident.type, incident.type),
                       incident.drill, played.version, bool(incident.switches),
                       played.current, None if versions is None else not played.fallback))
        if book is None:
            unplayable.append(incident.id)
            continue
        counted[incident.drill] += 1
        if incident.drill and drills.held(incident):
            drill_types.setdefault(day.year, []).append(incident.type)
            full_scale[day.year] = full_scale.get(day.year, 0) + drills.full_scale(incident)
        elif incident.drill:
            not_held[day.year] = not_held.get(day.year, 0) + 1
        for o in outcomes(incident, book, now):
            entry = steps.setdefault(o.step.id, StepReview(o.step, []))
            if incident.type not in entry.types:
                entry.types.append(incident.type)
            tally = entry.drill if incident.drill else entry.real
            tally.applied += 1
            if o.deadline_missed:
                tally.missed += 1
                if o.missed_by is not None:
                    tally.lateness.append(o.missed_by)
    target, clause = _target(library)
    start = since.year if since is not None else first_year
    full_target = _number(library, FULL_SCALE_PARAMETER, FULL_SCALE_DEFAULT)
    years = tuple(
        DrillYear(y, len(drill_types.get(y, [])), tuple(sorted(set(drill_types.get(y, [])))),
                  target, y == now.year, full_scale.get(y, 0), full_target,
                  not_held.get(y, 0))
        for y in range(min(start, now.year), now.year + 1))
    window = _number(library, ROTATION_PARAMETER, ROTATION_DEFAULT)
    drilled = {t for y, found in drill_types.items() if y > now.year - window for t in found}
    types = tuple(library.playbooks)
    missing = tuple(t for t in types if t not in drilled)
    rotation = Rotation(window, types, missing,
                        tuple(library.playbooks[t].title for t in missing))
    return Review(since, now, counted[False], counted[True], tuple(unplayable),
                  tuple(steps.values()), years, target, clause, tuple(unreadable),
                  tuple(open_items(folded, now.date())), rotation, tuple(ran))


def _number(library: Library, name: str, default: int) -> int:
    param = library.settings.parameters.get(name)
    return param.value if param is not None and isinstance(param.value, int) else default


def _all_steps(library: Library) -> dict[str, StepReview]:
    """Every installed step once, in playbook order (shared steps under their first type)."""
    found: dict[str, StepReview] = {}
    for book in library.playbooks.values():
        for step in book.steps:
            found.setdefault(step.id, StepReview(step, []))
    return found


def _target(library: Library) -> tuple[int, str]:
    param = library.settings.parameters.get(DRILLS_PARAMETER)
    if param is None or not isinstance(param.value, int):
        return 0, "6.3"
    return param.value, param.clause
