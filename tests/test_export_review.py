"""`review` across incidents, computed by hand: applied, missed, median lateness, real and
drills apart, drills held per year against the settings (6.3)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from memlog import CST, START, MemLog, mini_library

from runbook.actions import declaration
from runbook.events import Event
from runbook.playbook import Library
from runbook.summary.review import median, review

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=CST)


@pytest.fixture(scope="module")
def library() -> Library:
    return mini_library()


def incident(library: Library, incident_id: str, verify_after: float, *, drill: bool = False,
             start: datetime = START) -> list[Event]:
    """Declared at level II at `start`, verify done `verify_after` minutes later (due 15m)."""
    log = MemLog(library, incident_id=incident_id)
    log.clock.moment = start
    log.append(declaration(log.author, library, incident_id, type_id="fault", level="II",
                           title=incident_id, drill=drill))
    log.clock.moment = start + timedelta(minutes=verify_after)
    log.step("verify", "done")
    log.event("stand_down", reason="service restored")
    return log.events


def test_steps_are_counted_real_and_drill_apart(library: Library) -> None:
    incidents = [
        incident(library, "r1", 10),  # met
        incident(library, "r2", 20),  # 5m late
        incident(library, "r3", 45),  # 30m late
        incident(library, "d1", 25, drill=True),  # 10m late
    ]
    result = review(incidents, library, NOW)
    assert (result.real, result.drills) == (3, 1)
    verify = next(s for s in result.steps if s.step.id == "verify")
    assert (verify.real.applied, verify.real.missed) == (3, 2)
    assert verify.real.median_late == timedelta(minutes=17, seconds=30)  # (5m + 30m) / 2
    assert (verify.drill.applied, verify.drill.missed) == (1, 1)
    assert verify.drill.median_late == timedelta(minutes=10)
    repair = next(s for s in result.steps if s.step.id == "repair")
    assert (repair.real.applied, repair.drill.applied) == (0, 0)  # level I never reached
    assert verify.types == ["fault"]


def test_drills_per_year_against_the_settings(library: Library) -> None:
    incidents = [
        incident(library, "d2025", 5, drill=True, start=datetime(2025, 6, 2, 9, tzinfo=CST)),
        incident(library, "d2026a", 5, drill=True, start=datetime(2026, 3, 2, 9, tzinfo=CST)),
        incident(library, "d2026b", 5, drill=True, start=datetime(2026, 9, 7, 9, tzinfo=CST)),
        incident(library, "r2026", 5, start=datetime(2026, 10, 5, 9, tzinfo=CST)),
    ]
    result = review(incidents, library, NOW)
    assert result.target == library.settings.number("drills_per_year") == 2
    assert [(y.year, y.held, y.met, y.to_date) for y in result.years] == [
        (2025, 1, False, False), (2026, 2, True, False), (2027, 0, False, True)]
    assert result.years[1].types == ("fault",)


def test_since_leaves_earlier_incidents_out(library: Library) -> None:
    incidents = [
        incident(library, "old", 5, drill=True, start=datetime(2025, 6, 2, 9, tzinfo=CST)),
        incident(library, "new", 5, drill=True, start=datetime(2026, 6, 1, 9, tzinfo=CST)),
    ]
    result = review(incidents, library, NOW, since=date(2026, 1, 1))
    assert result.drills == 1
    assert [y.year for y in result.years] == [2026, 2027]


def test_median() -> None:
    m = timedelta(minutes=1)
    assert median([]) is None
    assert median([3 * m, 1 * m, 2 * m]) == 2 * m
    assert median([4 * m, 1 * m]) == timedelta(minutes=2, seconds=30)


def abandoned_drill(library: Library, incident_id: str, start: datetime) -> list[Event]:
    """A drill declared and stood down with no step completed."""
    log = MemLog(library, incident_id=incident_id)
    log.clock.moment = start
    log.append(declaration(log.author, library, incident_id, type_id="fault", level="II",
                           title=incident_id, drill=True,
                           plan={"drill_scale": "full-scale"}))
    log.clock.moment = start + timedelta(minutes=5)
    log.event("stand_down", reason="called off")
    return log.events


def test_a_drill_counts_as_held_only_with_a_completed_step(library: Library) -> None:
    incidents = [
        incident(library, "held", 5, drill=True, start=datetime(2026, 3, 2, 9, tzinfo=CST)),
        abandoned_drill(library, "abandoned", datetime(2026, 4, 2, 9, tzinfo=CST)),
    ]
    result = review(incidents, library, NOW)
    year = next(y for y in result.years if y.year == 2026)
    assert (year.held, year.not_held) == (1, 1)
    assert year.full_scale == 0  # the full-scale one was not held
    assert year.full_scale_target == 1 and not year.full_scale_met


def test_full_scale_drills_and_the_rotation_through_the_types(library: Library) -> None:
    log = MemLog(library, incident_id="fs")
    log.clock.moment = datetime(2027, 2, 1, 9, tzinfo=CST)
    log.append(declaration(log.author, library, "fs", type_id="fault", level="II", title="fs",
                           drill=True, plan={"drill_scale": "full-scale"}))
    log.step("verify", "done")
    result = review([log.events], library, NOW)
    assert result.years[-1].full_scale == 1 and result.years[-1].full_scale_met
    assert result.rotation is not None and result.rotation.met  # the mini library: one type
    assert review([], library, NOW).rotation.missing == ("fault",)  # type: ignore[union-attr]


def test_open_and_overdue_action_items_across_incidents(library: Library) -> None:
    from runbook.actions import action_item, action_resolved

    logs = []
    for incident_id, due in (("a", date(2027, 2, 1)), ("b", date(2027, 6, 1))):
        log = MemLog(library, incident_id=incident_id)
        log.declare()
        log.append(action_item(log.author, incident_id, "fix " + incident_id, "wang", due))
        log.append(action_item(log.author, incident_id, "done one", "li", due))
        log.append(action_resolved(log.author, incident_id, 2, "done"))
        logs.append(log.events)
    result = review(logs, library, NOW)
    assert [(o.incident_id, o.item.number, o.overdue) for o in result.action_items] == [
        ("a", 1, True), ("b", 1, False)]
