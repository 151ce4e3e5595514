"""The home list's lines (`tui.widgets.incidentlist.home_lines`): open incidents first, the
most severe level first and, within a level, the one open longest; then the closed ones,
the last closed first; a word when there are none, and when some cannot be read."""

from __future__ import annotations

from datetime import datetime

from recordkit import at

from runbook.i18n import Msg
from tui.home_feed import IncidentSummary
from tui.widgets.incidentlist import HomeLine, home_lines


def summary(incident_id: str, level: str, opened: datetime, *, state: str = "open",
            closed: datetime | None = None) -> IncidentSummary:
    return IncidentSummary(incident_id, "technical-fault", Msg("Technical fault", "技术故障"),
                           f"title of {incident_id}", level, state, False, opened, closed,
                           0, 1)


def shown(lines: list[HomeLine]) -> list[str]:
    return [line.text if line.row is None else line.row.id for line in lines]


def test_open_by_level_then_age_then_the_closed_last_closed_first() -> None:
    rows = [
        summary("iii-old", "III", at(0)),
        summary("closed-first", "I", at(5), state="closed", closed=at(60)),
        summary("ii-new", "II", at(50)),
        summary("i-new", "I", at(40)),
        summary("ii-old", "II", at(10), state="stood_down"),  # still open: stood down
        summary("closed-last", "IV", at(20), state="closed", closed=at(90)),
        summary("i-old", "I", at(30)),
        summary("iv", "IV", at(1)),
    ]
    assert shown(home_lines(rows, [], "en")) == [
        "Open incidents (6)", "i-old", "i-new", "ii-old", "ii-new", "iii-old", "iv",
        "Closed (2)", "closed-last", "closed-first",
    ]
    assert [line.kind for line in home_lines(rows, [], "en")][:2] == ["head", "row"]


def test_no_incidents_says_how_to_declare_one() -> None:
    assert shown(home_lines([], [], "en")) == ["No incidents yet. Press n to declare one."]
    assert shown(home_lines([], [], "zh")) == ["尚无事件。按 n 宣布事件。"]


def test_only_closed_incidents_have_no_open_heading() -> None:
    rows = [summary("done", "II", at(0), state="closed", closed=at(30))]
    assert shown(home_lines(rows, [], "zh")) == ["已关闭（1）", "done"]


def test_incidents_that_cannot_be_read_are_counted_and_the_command_named() -> None:
    rows = [summary("fine", "II", at(0))]
    lines = home_lines(rows, ["broken-1", "broken-2"], "en")
    assert shown(lines) == ["Open incidents (1)", "fine",
                            "2 incidents cannot be read: run `runbook verify`"]
    assert lines[-1].kind == "note"


def test_a_database_of_unreadable_incidents_does_not_say_there_are_none() -> None:
    lines = home_lines([], ["broken-1"], "en")
    assert shown(lines) == ["1 incident cannot be read: run `runbook verify`"]

