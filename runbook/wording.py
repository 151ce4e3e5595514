"""Durations and counts in words, as each language writes them: `2 h 30 min` and
`2 小时 30 分钟`, `1,000,000` and `100 万`. Every screen, table and export asks here:
playbook texts quoting settings, summaries, checklists and the countdown columns, whose
compact English form is `2h30m` (Chinese has one form: a unit is never a letter)."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from runbook.durations import Duration
from runbook.i18n import Lang, Msg
from runbook.playbook import Settings

_UNITS: Final[dict[Lang, tuple[str, str, str]]] = {
    "en": ("d", "h", "min"),
    "zh": ("天", "小时", "分钟"),
}


def span_text(delta: timedelta, lang: Lang, *, compact: bool = False) -> str:
    """`2 h 30 min`, `1 d 2 h`; `2 小时 30 分钟`, `1 天 2 小时`; whole minutes.

    `compact` is for a countdown column: `12m`, `1h05m`, `2d3h` in English (past a day the
    minutes are left out); Chinese keeps its units as words, past a day without minutes too.
    """
    minutes = int(abs(delta.total_seconds()) // 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    if compact and lang == "en":
        if days:
            return f"{days}d{hours}h"
        return f"{hours}h{mins:02d}m" if hours else f"{mins}m"
    amounts = (days, hours, 0) if compact and days else (days, hours, mins)
    names = _UNITS[lang]
    parts = [f"{n} {unit}" for n, unit in zip(amounts, names, strict=True) if n]
    return " ".join(parts) or f"0 {names[2]}"


def duration_text(value: Duration, lang: Lang) -> str:
    """A playbook duration as written: calendar time, and working days as such
    (`1 h 30 min`, `5 working days`; `1 小时 30 分钟`, `5 个工作日`)."""
    parts = []
    if value.working_days:
        n = value.working_days
        parts.append(f"{n} working day{'s' if n != 1 else ''}" if lang == "en"
                     else f"{n} 个工作日")
    if value.delta or not parts:
        parts.append(span_text(value.delta, lang))
    return " ".join(parts)


def setting_words(settings: Settings) -> dict[str, Msg]:
    """Every setting as each language writes it (`2 h`, `2 小时`; numbers as they are),
    to fill a text that quotes settings."""
    words: dict[str, Msg] = {}
    for name, p in settings.parameters.items():
        if isinstance(p.value, Duration):
            words[name] = Msg(duration_text(p.value, "en"), duration_text(p.value, "zh"))
        else:
            words[name] = Msg(str(p.value), str(p.value))
    return words


def count_text(n: int, lang: Lang) -> str:
    """`1,000,000` in English; `100 万` in Chinese (a whole number of 万), else the digits."""
    if lang == "zh":
        if n >= 10_000 and n % 10_000 == 0:
            return f"{n // 10_000:,} 万".replace(",", "")
        return str(n)
    return f"{n:,}"
