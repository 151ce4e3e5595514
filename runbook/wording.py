"""Durations and counts in words, as each language writes them: `2 h 30 min` and
`2 小时 30 分钟`, `1,000,000` and `100 万`. Playbook texts quoting settings, summaries and
checklists ask here (countdown columns keep their own short form, `runbook.describe`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from runbook.durations import Duration
from runbook.i18n import Lang

_UNITS: Final[dict[Lang, tuple[str, str, str]]] = {
    "en": ("d", "h", "min"),
    "zh": ("天", "小时", "分钟"),
}


def span_text(delta: timedelta, lang: Lang) -> str:
    """`2 h 30 min`, `1 d 2 h`; `2 小时 30 分钟`, `1 天 2 小时`; whole minutes."""
    minutes = int(abs(delta.total_seconds()) // 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    names = _UNITS[lang]
    parts = [f"{n} {unit}" for n, unit in zip((days, hours, mins), names, strict=True) if n]
    return " ".join(parts) or f"0 {names[2]}"


def duration_text(value: Duration, lang: Lang) -> str:
    """A playbook duration: calendar time, and working days as such."""
    parts = []
    if value.working_days:
        n = value.working_days
        parts.append(f"{n} working day{'s' if n != 1 else ''}" if lang == "en"
                     else f"{n} 个工作日")
    if value.delta or not parts:
        parts.append(span_text(value.delta, lang))
    return " ".join(parts)


def count_text(n: int, lang: Lang) -> str:
    """`1,000,000` in English; `100 万` in Chinese (a whole number of 万), else the digits."""
    if lang == "zh":
        if n >= 10_000 and n % 10_000 == 0:
            return f"{n // 10_000:,} 万".replace(",", "")
        return str(n)
    return f"{n:,}"
