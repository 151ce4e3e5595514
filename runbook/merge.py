"""Several sites' records of one incident, merged: one order, and the rule for what two
sites did at once.

**The order.** Each origin's events form a chain (`Event.origin_seq`); each site's event
also says how many events of every other origin its site held when it was recorded
(`Event.seen`). The fold reads the events in one order that is a function of the set of
events alone, not of the order they arrived in: a merge of the origins' chains that keeps
each chain's own order, never puts an event before one it was recorded knowing, and
otherwise takes the earliest `recorded_at` first (ties: the origin's name, then its place).
Origin "" (a store's events from before it had a site) comes first. Events of one origin
only are read in the store's `seq` order, exactly as before sites existed.

**Concurrent.** Two events of different origins are concurrent when neither was recorded
knowing the other: `seen` is what the recording site held, so "knowing" is exact, not a
guess from clocks (a window on `recorded_at` would call two actions a minute apart
concurrent on a link cut for an hour, and miss both on skewed clocks). It is checked
directly, not through third sites: an event that learnt of another only through a third
site's record is taken as not knowing it, which can only show a conflict too many, never
hide one.

**The rule.** Nothing is dropped; every record stays in the timeline.
- The same step done on two sites concurrently (done, or the same option decided) is one
  completion: the step's first completion stands, and the other is kept beside it
  (`StepProgress.also`: who and where).
- Two different options decided concurrently on one decision step, or the level set
  concurrently to different levels, is a conflict (`Incident.conflicts`): the value read
  last in the order is the one in force meanwhile, and `runbook status` and the summary
  show the conflict until the commander resolves it with `conflict_resolved`, choosing one
  of the values claimed and giving the reason (refused when there is no such open
  conflict).
- A record from another site that a guard here would have refused (a step started there
  after the close here, before that site had seen the close) is folded as recorded there
  and marked (`Incident.marked`): it happened. `runbook status` and the summary show the
  marked records and the second recordings (`runbook.site_words`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from msgspec.structs import replace

from runbook.events import Event
from runbook.incident import Claim, Conflict, Incident, Marked

LEVEL: Final = "level"
DECISION: Final = "decision"
DONE: Final = "done"

_LEVEL_CHANGED: Final = "level_changed"
_DECISION: Final = "decision_taken"
_DONE: Final = "step_done"
_REOPENED: Final = "step_reopened"
_RESOLVED: Final = "conflict_resolved"


def order(events: Iterable[Event]) -> list[Event]:
    """The events in the one order the fold reads them (see the module's docstring)."""
    given = list(events)
    if all(e.origin == given[0].origin for e in given):
        return sorted(given, key=lambda e: e.seq)
    chains: dict[str, list[Event]] = {}
    for event in given:
        chains.setdefault(event.origin, []).append(event)
    for chain in chains.values():
        chain.sort(key=lambda e: (e.position, e.seq))
    taken = dict.fromkeys(chains, 0)
    merged: list[Event] = []
    while len(merged) < len(given):
        nexts = [chain[taken[origin]] for origin, chain in chains.items()
                 if taken[origin] < len(chain)]
        ready = [e for e in nexts if _ready(e, chains, taken)] or nexts  # forged: any
        first = min(ready, key=lambda e: (e.origin != "", e.recorded_at, e.origin,
                                          e.position))
        merged.append(first)
        taken[first.origin] += 1
    return merged


def _ready(event: Event, chains: dict[str, list[Event]], taken: dict[str, int]) -> bool:
    """Whether everything `event` was recorded knowing (and held here) is read already."""
    if event.origin and taken.get("", 0) < len(chains.get("", ())):
        return False
    return all(taken.get(origin, 0) >= min(count, len(chains.get(origin, ())))
               for origin, count in event.seen.items())


def knows(later: Event, earlier: Event) -> bool:
    """Whether `later` was recorded knowing `earlier`."""
    if later.origin == earlier.origin:
        return later.position > earlier.position
    if not earlier.origin:
        return True  # origin "" comes before every site's events
    return later.seen.get(earlier.origin, 0) >= earlier.position


def concurrent(one: Event, other: Event) -> bool:
    return one.origin != other.origin and not knows(one, other) and not knows(other, one)


def subject(event: Event) -> str | None:
    """What a record sets that another site could set at the same time: the level, a
    step's completion, a decision step's option."""
    step = event.step
    if event.kind == _LEVEL_CHANGED:
        return LEVEL
    if event.kind == _DECISION and step is not None:
        return f"{DECISION}:{step}"
    if event.kind == _DONE and step is not None:
        return f"{DONE}:{step}"
    if event.kind == _RESOLVED:
        about, step = event.payload.get("about"), event.payload.get("step")
        return LEVEL if about == LEVEL else f"{DECISION}:{step}"
    return None


def value(event: Event) -> str:
    if event.kind == _LEVEL_CHANGED:
        return str(event.payload.get("level", ""))
    if event.kind == _DECISION:
        return str(event.payload.get("option", ""))
    if event.kind == _RESOLVED:
        return str(event.payload.get("value", ""))
    return ""


def claim(event: Event) -> Claim:
    return Claim(value(event), event.actor, event.origin, event.seq, event.recorded_at)


def settle(incident: Incident, event: Event, closed_for_it: bool) -> bool:
    """Before `event` is folded into `incident`: apply the rule (module docstring). False
    if the event must not be applied as usual (it repeats a completion made concurrently
    elsewhere, which it is recorded beside instead). `closed_for_it`: the incident is
    closed and the event's kind is not one recorded after a close (a guard here would have
    refused it: it came from another site, or was written by something else)."""
    if closed_for_it:
        incident.marked.append(Marked(event.seq, event.origin, event.kind, "after_close"))
    if event.kind == _REOPENED and event.step is not None:
        incident.claims.pop(f"{DONE}:{event.step}", None)
        incident.claims.pop(f"{DECISION}:{event.step}", None)
    about = subject(event)
    if about is None:
        return True
    prior = incident.claims.get(about)
    incident.claims[about] = event
    if event.kind == _RESOLVED or prior is None or not concurrent(prior, event):
        return True
    if event.kind == _DONE or value(prior) == value(event):
        if about == LEVEL:
            return True  # the same level twice: two spans, no conflict
        step = incident.steps.get(str(event.step))
        if step is not None:
            step.also.append(claim(event))
        incident.claims[about] = prior
        return False
    _contest(incident, about, prior, event)
    return True


def _open_at(incident: Incident, about: str, step: object) -> int | None:
    """Where in `incident.conflicts` the open conflict over `about` (and `step`) is."""
    return next((index for index, conflict in enumerate(incident.conflicts)
                 if conflict.is_open and conflict.about == about and conflict.step == step),
                None)


def _contest(incident: Incident, about: str, prior: Event, event: Event) -> None:
    kind, _, step = about.partition(":")
    index = _open_at(incident, kind, step or None)
    if index is None:
        incident.conflicts.append(Conflict(kind, step or None, (claim(prior), claim(event))))
        return
    conflict = incident.conflicts[index]
    held = {c.seq for c in conflict.claims}
    more = tuple(claim(e) for e in (prior, event) if e.seq not in held)
    incident.conflicts[index] = replace(conflict, claims=conflict.claims + more)


def open_conflict(incident: Incident, about: str, step: str | None) -> Conflict | None:
    index = _open_at(incident, about, step)
    return None if index is None else incident.conflicts[index]


def resolve(incident: Incident, event: Event) -> None:
    """Fold a `conflict_resolved`: the open conflict it names is resolved with its value."""
    about = str(event.payload.get("about", ""))
    step = event.payload.get("step") if about == DECISION else None
    index = _open_at(incident, about, step)
    if index is not None:
        incident.conflicts[index] = replace(
            incident.conflicts[index], resolved=claim(event),
            reason=str(event.payload.get("reason", "")))
