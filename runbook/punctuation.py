"""Punctuation as each language writes it: `label: value` and `标签：值`, ` (x)` and `（x）`,
`a; b` and `a；b`, `a, b` and `a、b`. Every screen, table and export joins words here, so a
Chinese line never carries an English colon or bracket."""

from __future__ import annotations

from collections.abc import Sequence

from runbook.i18n import Lang


def colon(label: str, value: str, lang: Lang) -> str:
    """`reason: text`, `原因：text` (the full-width colon takes no space after it)."""
    return f"{label}：{value}" if lang == "zh" else f"{label}: {value}"


def paren(value: str, lang: Lang) -> str:
    """A parenthesis as each language writes it: ' (x)' or '（x）'."""
    return f"（{value}）" if lang == "zh" else f" ({value})"


def semi(lang: Lang) -> str:
    return "；" if lang == "zh" else "; "


def listing(items: Sequence[str], lang: Lang) -> str:
    return ("、" if lang == "zh" else ", ").join(items)
