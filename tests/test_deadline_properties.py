"""Deadlines never lie, for any sequence of events (hypothesis):

1. once the summary calls a step late (its deadline missed) at some moment, no later event
   makes it call the step met;
2. no event makes a step overdue at the moment it happens: what is overdue just after an
   event was overdue just before it, at that same moment.

Corrections of the record itself are left out of the sequences: a reopened step or
incident says the record was wrong (the step was not in fact done, the incident not over),
so what they reveal is late by rights; the summary lists them.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from memlog import START, MemLog, mini_library

from runbook.errors import RefusedAction
from runbook.fold import fold
from runbook.playbook import Playbook
from runbook.status import statuses
from runbook.summary import build_summary
from runbook.vocabulary import LEVEL_IDS

LIBRARY = mini_library()
BOOK = LIBRARY.playbook("fault")
assert BOOK is not None
STEPS = ["verify", "decide", "update", "evaluate", "follow-up", "repair", "locate", "watch"]

# Level changes and waits are what move deadlines: most actions are those; steps are
# worked now and then, and a stand-down is rare (it ends the emergency's clocks).
one_action = st.sampled_from(["wait", "wait", "wait", "level", "level", "step", "stand_down"]
                             ).flatmap(lambda kind: {
    "wait": st.tuples(st.just("wait"), st.integers(min_value=5, max_value=150)),
    "level": st.tuples(st.just("level"), st.sampled_from(LEVEL_IDS)),
    "step": st.tuples(st.just("step"), st.sampled_from(STEPS),
                      st.sampled_from(["start", "done", "skip", "block"])),
    "stand_down": st.tuples(st.just("stand_down")),
}[kind])
actions = st.lists(one_action, min_size=1, max_size=30)


def act(log: MemLog, action: tuple[object, ...]) -> None:
    match action:
        case ("step", step_id, verb):
            decision = "report" if step_id == "decide" and verb == "done" else None
            log.step(str(step_id), str(verb), note="why", decision=decision)
        case ("level", level):
            log.event("level_changed", level=level, reason="r")
        case ("stand_down",):
            log.event("stand_down", reason="restored")
        case ("wait", minutes):
            log.clock.advance(timedelta(minutes=int(str(minutes))))


def overdue_at(log: MemLog, book: Playbook, moment: datetime) -> set[str]:
    incident = fold(log.events, LIBRARY)
    return {r.step.id for r in statuses(incident, book, moment) if r.overdue_by is not None}


def missed(log: MemLog, moment: datetime) -> dict[str, str]:
    summary = build_summary(log.events, LIBRARY, moment)
    return {o.step.id: o.outcome for o in summary.steps}


@settings(max_examples=500, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(LEVEL_IDS[:3]), actions)
# The case the issue reports: late after a raise, then lowered and done.
@example("II", [("wait", 90), ("level", "I"), ("wait", 10), ("level", "II"),
                ("step", "locate", "done")])
def test_a_late_step_is_never_called_met_later(level: str,
                                               sequence: list[tuple[object, ...]]) -> None:
    log = MemLog(LIBRARY)
    log.declare(level, reported_at=START)
    late: set[str] = set()
    for action in sequence:
        with contextlib.suppress(RefusedAction):
            act(log, action)
        now = log.clock.now()
        outcomes = missed(log, now)
        for step_id in late:
            assert outcomes.get(step_id) != "met", (step_id, sequence)
        summary = build_summary(log.events, LIBRARY, now)
        late |= {o.step.id for o in summary.steps if o.deadline_missed}


@settings(max_examples=500, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(LEVEL_IDS[:3]), actions)
def test_no_event_makes_a_step_overdue_at_its_own_moment(
        level: str, sequence: list[tuple[object, ...]]) -> None:
    log = MemLog(LIBRARY)
    log.declare(level, reported_at=START)
    assert BOOK is not None
    for action in sequence:
        if action[0] == "wait":
            act(log, action)
            continue
        moment = log.clock.now()
        before = overdue_at(log, BOOK, moment)
        count = len(log.events)
        with contextlib.suppress(RefusedAction):
            act(log, action)
        if len(log.events) == count:
            continue  # refused: nothing changed
        after = overdue_at(log, BOOK, moment)
        assert after <= before, (action, after - before, sequence)
