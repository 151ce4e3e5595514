"""The player's adapter of the rule keeps the styles laid over the text it neutralises."""

from __future__ import annotations

from rich.text import Span, Text

from tui.cells import fit, safe


def test_styles_stay_on_the_text_around_and_on_the_escape() -> None:
    text = Text("\x1b")
    text.append("red\x9b", style="red")
    text.append("\n\u202e", style="bold")
    assert safe(text).plain == "\\x1bred\\x9b⏎\\u202e"
    assert safe(text, whole=True).plain == "\\x1bred\\x9b\n\\u202e"
    spans = safe(text).spans
    assert Span(4, 7, "red") in spans and Span(7, 11, "red") in spans
    assert Span(11, 12, "bold") in spans and Span(12, 18, "bold") in spans


def test_plain_text_is_the_same_object_and_a_cell_is_cut_after_escaping() -> None:
    text = Text("网关故障 [red]")
    assert safe(text) is text
    assert fit(Text("\x1b[2J"), 6).plain == "\\x1b[…"


def test_the_home_screens_action_items_show_stored_text_visibly() -> None:
    """An action item's text and owner are stored text: on the home screen they show their
    control characters visibly, never raw (a title or note would erase rows otherwise)."""
    from datetime import UTC, date, datetime

    from runbook.events import Actor
    from runbook.i18n import Msg
    from runbook.incident import ActionItem
    from tui.home_actions import action_text
    from tui.home_feed import IncidentSummary

    at = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
    item = ActionItem(1, "fix \x1b[2J the cert\u202e", "ops\x1b[1A", date(2026, 11, 20), 2, at,
                      Actor("lin", "office"))
    row = IncidentSummary("20261126-ab12", "technical-fault", Msg("Fault", "故障"), "t", "II",
                          "open", False, at, None, 0, 2, action_items=(item,))
    shown = action_text([row], at, "en")
    assert shown is not None
    assert "\x1b" not in shown.plain and "\u202e" not in shown.plain, repr(shown.plain)
