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
