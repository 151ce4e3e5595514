"""Moments and spans as a responder reads them: local wall time, short countdowns."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from runbook.i18n import Lang
from runbook.wording import span_text


def local(moment: datetime, now: datetime) -> datetime:
    """`moment` in the viewer's offset (the clock's), whatever offset the writer had."""
    return moment.astimezone(now.tzinfo)


def hm(moment: datetime, now: datetime) -> str:
    """03:14, or 11-25 23:10 when it was not today."""
    here = local(moment, now)
    if here.date() != now.date():
        return here.strftime("%m-%d %H:%M")
    return here.strftime("%H:%M")


def full(moment: datetime, now: datetime) -> str:
    return local(moment, now).strftime("%Y-%m-%d %H:%M:%S %z")


def elapsed(delta: timedelta, lang: Lang) -> str:
    """A running clock: 1:05:03, or 2d 01:05:03 past a day."""
    seconds = max(0, int(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    clock = f"{hours}:{minutes:02d}:{secs:02d}"
    if not days:
        return clock
    return f"{days}d {hours:02d}:{minutes:02d}:{secs:02d}" if lang == "en" else (
        f"{days}天 {hours:02d}:{minutes:02d}:{secs:02d}")


def span(delta: timedelta, lang: Lang) -> str:
    """For a countdown column: 12m, 1h05m, 2d3h; 12 分钟, 1 小时 5 分钟 (under a minute: 0)."""
    return span_text(delta, lang, compact=True)


def display_path(path: Path) -> str:
    """A path as short as it can be read: relative to here, or to the home folder."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        pass
    try:
        return "~/" + str(absolute.relative_to(Path.home()))
    except ValueError:
        return str(absolute)
