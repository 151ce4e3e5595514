"""Moments and durations as the export shows them: one time zone for the whole document."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from runbook.i18n import Lang, Msg
from runbook.wording import span_text

NONE = "—"
UNDER_A_MINUTE = Msg("under 1 min", "不足 1 分钟")


def moment(at: datetime | None, tz: tzinfo, *, seconds: bool = False) -> str:
    if at is None:
        return NONE
    text = at.astimezone(tz).isoformat(" ", "seconds")  # faster than strftime
    return text[:19] if seconds else text[:16]


def iso(at: datetime | None, tz: tzinfo) -> str | None:
    return at.astimezone(tz).isoformat(timespec="seconds") if at is not None else None


def offset_label(tz: tzinfo, at: datetime) -> str:
    """UTC+08:00, for the sentence that says which zone the times are in."""
    offset = at.astimezone(tz).utcoffset() or timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def span(delta: timedelta, lang: Lang) -> str:
    """A measured length: `1 h 5 min`, `1 小时 5 分钟`; under a minute says so rather than 0."""
    if timedelta() < abs(delta) < timedelta(minutes=1):
        return UNDER_A_MINUTE(lang)
    return span_text(delta, lang)


def minutes(delta: timedelta | None) -> float | None:
    """Minutes for JSON, to the second."""
    return round(delta.total_seconds() / 60, 2) if delta is not None else None
