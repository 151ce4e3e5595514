"""When a step is due, across level changes: the one rule the status, the summary and the
player share.

A step's deadline is its duration at the level in force, counted from its anchor (Td, the
stand-down, another step's completion, or, for `T0` and `level`, the moment the step began
to apply: the warning, or the level change that brought it in). A level change then:

- never moves a deadline that has already passed: its lateness is kept;
- keeps the anchor of a step that applied before the change (it keeps counting from when
  it began to apply);
- applies the new level's duration from the anchor if that deadline is still ahead;
  otherwise (a shorter duration whose deadline has passed already) from the change onward,
  and never later than the deadline the step had: a change never makes a step late at a
  moment before it.

A step applies in runs: stretches of consecutive levels at which it applies. A run that
starts with a level change is held to the same rule (a step brought in late is not late
before it was brought in). Each run has its own deadline; a deadline missed in an earlier
run stays missed (`Run.missed`).
"""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from runbook.incident import Incident, LevelSpan
from runbook.playbook import Step


class Run(Struct, frozen=True):
    """A stretch of levels at which the step applies: from `start` until `end` (None: it
    still applies), counting from `anchor`, due at `due` (None: no deadline, or the anchor has
    not happened)."""

    start: datetime
    end: datetime | None
    level: str  # the level in force at the end of the run (or now)
    anchor: datetime | None
    due: datetime | None
    due_level: str | None = None  # the level whose duration set `due`
    from_change: datetime | None = None  # `due` counts from this level change, not the anchor


def runs(step: Step, incident: Incident, until: datetime) -> list[Run]:
    """The step's runs up to `until`, oldest first (empty: it never applied)."""
    spans = [s for s in incident.levels if s.since <= until] or incident.levels[:1]
    result: list[Run] = []
    current: list[LevelSpan] = []
    for span in spans:
        if step.applies_at(span.level):
            current.append(span)
            continue
        if current:
            result.append(_run(step, incident, current, span.since))
            current = []
    if current:
        result.append(_run(step, incident, current, None))
    return result


def current_run(step: Step, incident: Incident, until: datetime) -> Run | None:
    """The run in force at `until`, if the step applies then."""
    found = runs(step, incident, until)
    if found and found[-1].end is None:
        return found[-1]
    return None


def _run(step: Step, incident: Incident, spans: list[LevelSpan], end: datetime | None) -> Run:
    start = spans[0].since
    anchor = anchor_time(step, incident, start)
    due, due_level, from_change = _due(step, incident, spans, anchor)
    return Run(start, end, spans[-1].level, anchor, due, due_level, from_change)


def anchor_time(step: Step, incident: Incident, run_start: datetime) -> datetime | None:
    """What the step's deadline counts from (None: that has not happened yet)."""
    deadline = step.deadline
    if deadline is None:
        return None
    anchor = deadline.anchor
    if anchor == "Td":
        return incident.reported_at
    if anchor in ("T0", "level"):
        return run_start
    if anchor == "stand_down":
        return incident.stand_down_at
    other = incident.steps.get(deadline.anchor_step or "")
    return other.done_at if other is not None and other.state == "done" else None


def _due(step: Step, incident: Incident, spans: list[LevelSpan],
         anchor: datetime | None) -> tuple[datetime | None, str | None, datetime | None]:
    """(deadline, the level whose duration set it, the change it counts from if not the
    anchor)."""
    deadline = step.deadline
    if deadline is None or anchor is None:
        return None, None, None
    declared = incident.levels[0].since
    due: datetime | None = None
    level: str | None = None
    counted: datetime | None = None
    for span in spans:
        duration = deadline.after.get(span.level)
        if duration is None:
            continue
        change = span.since
        full = duration.after(anchor)
        if due is None:
            # The run's first level; brought in by a change: not late before the change.
            if full >= change or change <= declared:
                due, level = full, span.level
            else:
                due, level, counted = duration.after(change), span.level, change
            continue
        if due <= change:
            continue  # passed before the change: it stays where it was
        if full >= change:
            due, level, counted = full, span.level, None
        elif duration.after(change) < due:
            due, level, counted = duration.after(change), span.level, change
    return due, level, counted
