"""Any sequence of actions, refused or not, folds to a consistent state, the same state
however the events reach the fold: all at once, in chunks, or caught up by the store's guard
as the history grows or is rewritten."""

from __future__ import annotations

import contextlib
import copy
import itertools
from collections.abc import Sequence
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from memlog import START, MemLog, mini_library

from runbook.errors import RefusedAction
from runbook.events import Event
from runbook.fold import fold
from runbook.guard import Guard
from runbook.incident import Incident
from runbook.state import IncidentState
from runbook.status import OPEN_STATES, statuses
from runbook.vocabulary import LEVEL_IDS, STEP_STATES

LIBRARY = mini_library()
STEPS = ["verify", "decide", "update", "evaluate", "repair", "locate", "watch", "nope"]
VERBS = ["start", "done", "skip", "block", "reopen"]
Action = tuple[object, ...]

action = st.one_of(
    st.tuples(st.just("step"), st.sampled_from(STEPS), st.sampled_from(VERBS),
              st.sampled_from(["", "why"]), st.sampled_from([None, "report", "bad"])),
    st.tuples(st.just("level"), st.sampled_from(LEVEL_IDS)),
    st.tuples(st.just("kind"), st.sampled_from(
        ["stand_down", "incident_closed", "incident_reopened", "note"])),
    st.tuples(st.just("wait"), st.integers(min_value=0, max_value=180)),
)
actions = st.lists(action, max_size=40)
SETTINGS = settings(max_examples=100, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def play(log: MemLog, action: Action) -> None:
    match action:
        case ("step", step_id, verb, note, decision):
            log.step(step_id, verb, note=note, decision=decision)
        case ("level", level):
            log.event("level_changed", level=level, reason="r")
        case ("kind", kind):
            log.event(str(kind), text="t", reason="r")
        case ("wait", minutes):
            log.clock.advance(timedelta(minutes=int(str(minutes))))


def played(level: str, steps: Sequence[Action]) -> tuple[MemLog, str]:
    """The log after `steps` (the refused ones leave no event), and the level the accepted
    level changes leave, as the test itself tracks it."""
    log = MemLog(LIBRARY)
    log.declare(level)
    expected_level = level
    for step in steps:
        with contextlib.suppress(RefusedAction):
            play(log, step)
            if step[0] == "level":
                expected_level = str(step[1])
    return log, expected_level


@SETTINGS
@given(st.sampled_from(LEVEL_IDS), actions, st.integers(min_value=0, max_value=600))
def test_any_actions_fold_to_a_consistent_state(level: str, steps: list[Action],
                                                 later: int) -> None:
    log, expected_level = played(level, steps)
    incident = fold(log.events)
    assert incident.level == expected_level
    assert incident.event_count == len(log.events) and incident.head_hash == log.events[-1].hash
    assert [e.seq for e in log.events] == list(range(1, len(log.events) + 1))
    book = LIBRARY.playbook("fault")
    assert book is not None
    now = START + timedelta(minutes=later + 10_000)
    for row in statuses(incident, book, now):
        assert row.state in STEP_STATES
        assert (row.state == "n/a") == (not row.applies and row.state not in (
            "done", "skipped")) or row.applies
        if row.state == "done":
            assert row.record.done_at is not None
        if row.overdue_by is not None:
            assert row.applies and (row.state in OPEN_STATES or row.next_due is not None)
        if row.record.decision is not None:
            assert row.step.decision is not None
            assert row.step.decision.option(row.record.decision) is not None


# --- the same events, however they arrive --------------------------------------------------


@SETTINGS
@given(st.sampled_from(LEVEL_IDS), actions, actions)
def test_folding_is_deterministic_and_keeps_no_state_between_incidents(
        level: str, steps: list[Action], others: list[Action]) -> None:
    """A fold reads nothing but its events: not the previous fold, not the events' identity,
    and it changes neither them nor what it returned before."""
    events = played(level, steps)[0].events
    kept = copy.deepcopy(events)
    first = fold(events)
    remembered = copy.deepcopy(first)
    fold(played("I", others)[0].events)  # another incident in between
    assert fold(kept) == remembered  # equal events, other objects
    assert first == remembered  # what it returned before is untouched
    assert events == kept  # and the events too


def chunks(events: list[Event], cuts: list[int], overlap: int, shuffle: st.DataObject
           ) -> list[list[Event]]:
    """`events` cut at `cuts`, each chunk also repeating up to `overlap` events before it,
    each chunk's events in an arbitrary order."""
    bounds = sorted({0, len(events), *(c % (len(events) + 1) for c in cuts)})
    out = []
    for start, end in itertools.pairwise(bounds):
        chunk = events[max(0, start - overlap):end]
        out.append(shuffle.draw(st.permutations(chunk)))
    return out


@SETTINGS
@given(st.sampled_from(LEVEL_IDS), actions,
       st.lists(st.integers(min_value=0, max_value=60), max_size=8),
       st.integers(min_value=0, max_value=3), st.data())
def test_events_added_in_chunks_fold_as_all_at_once(
        level: str, steps: list[Action], cuts: list[int], overlap: int,
        shuffle: st.DataObject) -> None:
    """The player and the home list fold what each poll brings (`IncidentState.add`): a
    poll may repeat events already folded and return them in any order."""
    events = played(level, steps)[0].events
    state = IncidentState(LIBRARY)
    added: list[Event] = []
    for chunk in chunks(events, cuts, overlap, shuffle):
        added += state.add(chunk)
    assert added == events  # each event once, in order
    assert state.incident == fold(events)
    assert state.count == len(events)


@SETTINGS
@given(st.sampled_from(LEVEL_IDS), actions, actions,
       st.integers(min_value=0, max_value=40), st.data())
def test_the_guard_catches_up_to_a_growing_or_rewritten_history(
        level: str, steps: list[Action], rewrite: list[Action], keep: int,
        data: st.DataObject) -> None:
    """The store's guard folds only what is new, yet always holds what a fresh fold of the
    history it is given holds: as the history grows, when it is cut short (a restore),
    and when it is rewritten from some event on (same length or not; the head changes)."""
    original = played(level, steps)[0].events
    keep = min(keep, len(steps))
    rewritten = played(level, steps[:keep] + rewrite)[0].events
    guard = Guard(LIBRARY)

    def agrees(history: list[Event]) -> None:
        assert guard.catch_up(history) == fold(history)

    for n in range(1, len(original) + 1):  # growing, one write at a time
        agrees(original[:n])
    agrees(rewritten)
    agrees(original)
    agrees(original[:data.draw(st.integers(min_value=1, max_value=len(original)))])
    agrees(rewritten)


def test_a_history_rewritten_at_the_same_length_is_folded_afresh() -> None:
    """The case a count alone cannot tell: as many events as before, the last one another."""
    a, b = MemLog(LIBRARY), MemLog(LIBRARY)
    for log in (a, b):
        log.declare("II")
        log.at(5)
        log.step("verify", "done")
    a.at(6)
    a.step("locate", "block", note="vendor unreachable")
    b.at(6)
    b.step("locate", "skip", note="vendor fixed it")
    guard = Guard(LIBRARY)
    guard.catch_up(a.events)
    caught: Incident | None = guard.catch_up(b.events)
    assert caught is not None and caught.steps["locate"].state == "skipped"
    assert caught == fold(b.events)
