"""Any sequence of actions, refused or not, folds to a consistent state."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from memlog import START, MemLog, mini_library

from runbook.errors import RefusedAction
from runbook.fold import fold
from runbook.status import OPEN_STATES, statuses
from runbook.vocabulary import LEVEL_IDS, STEP_STATES

LIBRARY = mini_library()
STEPS = ["verify", "decide", "update", "evaluate", "repair", "locate", "watch", "nope"]
VERBS = ["start", "done", "skip", "block", "reopen"]

actions = st.lists(
    st.one_of(
        st.tuples(st.just("step"), st.sampled_from(STEPS), st.sampled_from(VERBS),
                  st.sampled_from(["", "why"]), st.sampled_from([None, "report", "bad"])),
        st.tuples(st.just("level"), st.sampled_from(LEVEL_IDS)),
        st.tuples(st.just("kind"), st.sampled_from(
            ["stand_down", "incident_closed", "incident_reopened", "note"])),
        st.tuples(st.just("wait"), st.integers(min_value=0, max_value=180)),
    ),
    max_size=40,
)


def play(log: MemLog, action: tuple[object, ...]) -> None:
    match action:
        case ("step", step_id, verb, note, decision):
            log.step(step_id, verb, note=note, decision=decision)
        case ("level", level):
            log.event("level_changed", level=level, reason="r")
        case ("kind", kind):
            log.event(str(kind), text="t", reason="r")
        case ("wait", minutes):
            log.clock.advance(timedelta(minutes=int(str(minutes))))


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(LEVEL_IDS), actions, st.integers(min_value=0, max_value=600))
def test_any_actions_fold_to_a_consistent_state(level: str, steps: list[tuple[object, ...]],
                                                 later: int) -> None:
    log = MemLog(LIBRARY)
    log.declare(level)
    for action in steps:
        with contextlib.suppress(RefusedAction):
            play(log, action)
    incident = fold(log.events)
    # The guard's incremental state and a fresh fold agree.
    assert log.guard.catch_up(log.events) == incident
    assert incident.level == next(
        str(e.payload["level"]) for e in reversed(log.events)
         if e.kind in ("level_changed", "incident_declared"))
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
