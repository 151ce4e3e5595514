"""Every deadline met or missed in the summary agrees with a computation done by hand.

The expected values below were worked out on paper from the mini playbook and the story
in test_export_story.py (minutes after 03:00 on 2026-11-26, +08:00).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from memlog import CST, START, MemLog, mini_library
from test_export_story import EXPORTED_AT, m, story

from runbook.playbook import Library
from runbook.summary import build_summary
from runbook.summary.model import StepOutcome, Summary


@pytest.fixture(scope="module")
def library() -> Library:
    return mini_library()


@pytest.fixture(scope="module")
def summary(library: Library) -> Summary:
    return build_summary(story(library), library, EXPORTED_AT)


def by_id(summary: Summary) -> dict[str, StepOutcome]:
    return {o.step.id: o for o in summary.steps}


MIN = timedelta(minutes=1)
# step: (outcome, due, done, late by / overdue by)
EXPECTED: dict[str, tuple[str, datetime | None, datetime | None, timedelta | None]] = {
    # Td 03:00 + 15m at level II; done 03:12.
    "verify": ("met", m(15), m(12), None),
    # verify done 03:12 + 15m = 03:27; decided 03:35.
    "decide": ("late", m(27), m(35), 8 * MIN),
    # T0 03:10, applies at I and II without a break: + 1h = 04:10; done exactly then.
    "update": ("met", m(70), m(70), None),
    # Brought in by the change to I at 03:50: + 1h = 04:50; done 04:41.
    "repair": ("met", m(110), m(101), None),
    # T0 03:10 + 2h at level II = 05:10; the raise to I at 03:50 (I: 30m, already past from
    # T0) makes it due 30m after the change, 04:20; that passed before the return to II at
    # 05:00, so it stays: a passed deadline never moves. Done 05:20: 60 min late.
    "locate": ("late", m(80), m(140), 60 * MIN),
    # Level set 05:00 + 4h = 09:00; skipped at 05:25.
    "watch": ("skipped", m(360), m(145), None),
    # Stand-down Thu 05:50 + 5 working days = Thu 12-03 05:50; done 11-26 06:50.
    "evaluate": ("met", datetime(2026, 12, 3, 5, 50, tzinfo=CST), m(230), None),
    # evaluate done 06:50 + 1d = 11-27 06:50; closed 11-26 07:00, so not yet due.
    "follow-up": ("open", datetime(2026, 11, 27, 6, 50, tzinfo=CST), None, None),
}


def test_every_step_that_applied_is_listed(summary: Summary) -> None:
    assert set(by_id(summary)) == set(EXPECTED)


@pytest.mark.parametrize("step_id", sorted(EXPECTED))
def test_deadline_met_or_missed_as_computed_by_hand(summary: Summary, step_id: str) -> None:
    outcome, due, done, missed = EXPECTED[step_id]
    got = by_id(summary)[step_id]
    assert (got.outcome, got.due, got.done_at, got.missed_by) == (outcome, due, done, missed)
    assert got.deadline_missed == (outcome in ("late", "missed"))


def test_repeats_are_judged_each_time(summary: Summary) -> None:
    update = by_id(summary)["update"]
    # Due 04:10 (done 04:10), again 30m after each completion: 04:40 (done 04:45, 5m late),
    # then 05:15 and 05:45, neither done before the stand-down at 05:50: each interval that
    # lapsed is one more missed occurrence (35m and 5m past them).
    assert [(o.due, o.done_at, o.missed_by) for o in update.occurrences] == [
        (m(70), m(70), None), (m(100), m(105), 5 * MIN), (m(135), None, 35 * MIN),
        (m(165), None, 5 * MIN)]


def test_a_step_of_an_earlier_level_is_shown_as_such(summary: Summary) -> None:
    repair = by_id(summary)["repair"]
    assert repair.only_before_change and repair.applied_at == ("I",)
    assert repair.left_at == m(120)
    assert not by_id(summary)["update"].only_before_change


def test_the_counts_agree(summary: Summary) -> None:
    f = summary.facts
    assert (f.deadlines, f.met) == (6, 4)
    assert [o.step.id for o in f.missed] == ["decide", "update", "locate"]


def test_a_step_left_open_by_a_level_change_is_judged_up_to_the_change() -> None:
    log = MemLog(mini_library())
    log.declare("II")  # T0 03:00; locate due 05:00 at II, watch 07:00
    log.at(150)
    log.event("level_changed", level="III", reason="mostly back")
    found = by_id(build_summary(log.events, log.library, START + timedelta(hours=10)))
    # locate (I, II) was due 05:00 and still open when the level changed at 05:30.
    assert (found["locate"].outcome, found["locate"].overdue_by) == ("missed", 30 * MIN)
    assert found["locate"].only_before_change and found["locate"].left_at == m(150)
    # watch (II) was due 07:00, after the change took it out of force: not missed.
    assert (found["watch"].outcome, found["watch"].overdue_by) == ("n/a", None)
    # verify (all levels) is still open: overdue until the export, 10h - 15m.
    assert found["verify"].overdue_by == timedelta(hours=9, minutes=45)


def test_open_emergency_work_is_measured_to_the_stand_down() -> None:
    log = MemLog(mini_library())
    log.declare("II")
    log.at(60)
    log.event("stand_down", reason="service restored")
    found = by_id(build_summary(log.events, log.library, START + timedelta(days=1)))
    assert found["verify"].overdue_by == 45 * MIN  # 03:15 to the stand-down at 04:00
    assert found["evaluate"].outcome == "open"  # due a week after the stand-down


def test_a_blocked_step_past_its_deadline_counts_as_missed() -> None:
    log = MemLog(mini_library())
    log.declare("II")
    log.at(5)
    log.step("verify", "block", note="no phone line")
    found = by_id(build_summary(log.events, log.library, START + timedelta(minutes=40)))
    assert (found["verify"].outcome, found["verify"].overdue_by) == ("blocked", 25 * MIN)
    assert found["verify"].deadline_missed
