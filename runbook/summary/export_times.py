"""Moments and durations as the export shows them: one time zone for the whole document."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from runbook.describe import duration_words
from runbook.durations import Duration
from runbook.i18n import Lang, Msg

NONE = "—"
UNDER_A_MINUTE = Msg("<1m", "不足1分")


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
    """A measured length: 12m, 1h05m, 2d3h; under a minute says so rather than 0m."""
    if timedelta() < abs(delta) < timedelta(minutes=1):
        return UNDER_A_MINUTE(lang)
    return duration_words(delta, lang)


UNITS = {"d": Msg("d", "天"), "h": Msg("h", "小时"), "m": Msg("m", "分钟")}


def length(value: Duration, lang: Lang) -> str:
    """A playbook duration as written, in words: 15m, 1h30m, 2d, 5 working days."""
    parts = []
    if value.working_days:
        parts.append(Msg(f"{value.working_days} working days",
                         f"{value.working_days}个工作日")(lang))
    seconds = int(value.delta.total_seconds())
    days, rest = divmod(seconds, 86400)
    amounts = (("d", days), ("h", rest // 3600), ("m", rest % 3600 // 60))
    plain = "".join(f"{n}{UNITS[unit](lang)}" for unit, n in amounts if n)
    if plain or not parts:
        parts.append(plain or "0" + UNITS["m"](lang))
    return " ".join(parts)


def minutes(delta: timedelta | None) -> float | None:
    """Minutes for JSON, to the second."""
    return round(delta.total_seconds() / 60, 2) if delta is not None else None
