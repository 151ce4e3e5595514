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
