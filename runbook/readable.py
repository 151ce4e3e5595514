"""Whether the core can interpret a stored event, and if not, why.

The store keeps whatever was written; older versions wrote some values the core cannot
play (a Td in the year 26, a level that is not a level, a step given as a number). Every
reader asks here first: the fold refuses such an event by name (`UnreadableEvent`),
`runbook verify` names it, and the other incidents read on as usual.

An event is interpretable when its kind is known, every payload field the core reads for
that kind is present (if required) and of the right type, and its times lie in the window
of `runbook.timewindow`: not before 2000, not after it was recorded (beyond the clocks'
tolerance), and recorded before any clock could be that wrong.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from runbook.events import Event, from_utc_text
from runbook.i18n import Msg
from runbook.kinds import SPECS, Kind
from runbook.timewindow import (
    EARLIEST,
    LATEST_RECORDED,
    shown,
    too_early,
    too_late,
)

_MISSING: Final = object()

UNKNOWN_KIND: Final = Msg(
    "its kind {kind} is not one this runbook knows (a newer version may have written it)",
    "其类型 {kind} 不是本版本 runbook 所知的类型（可能由更新的版本写入）")
MISSING: Final = Msg("its field {key!r} is missing", "缺少字段 {key!r}")
WRONG: Final = Msg("its field {key!r} holds {value}, not {what}",
                   "字段 {key!r} 的值为 {value}，而不是{what}")
RECORDED: Final = Msg(
    "it says it was recorded at {at}, which no working clock shows",
    "其记录时间为 {at}，这不是正常时钟会给出的时间")
OCCURRED_EARLY: Final = Msg("its time {at} is before {earliest}",
                            "其发生时间 {at} 早于 {earliest}")
OCCURRED_LATE: Final = Msg("its time {at} is after it was recorded ({recorded})",
                           "其发生时间 {at} 晚于记录时间（{recorded}）")
TD_UNREADABLE: Final = Msg("its first-report time (Td) {value} is not a time runbook writes",
                           "其首次报告时间（Td）{value} 不是 runbook 写入的时间格式")
TD_EARLY: Final = Msg("its first-report time (Td) {at} is before {earliest}",
                      "其首次报告时间（Td）{at} 早于 {earliest}")
TD_LATE: Final = Msg("its first-report time (Td) {at} is after it was recorded ({recorded})",
                     "其首次报告时间（Td）{at} 晚于记录时间（{recorded}）")


def value_text(value: Any) -> str:
    """A stored value as a reader may see it: quoted, control characters escaped, short."""
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def unreadable(event: Event) -> Msg | None:
    """Why the core cannot interpret `event` on its own; None when it can."""
    found = SPECS.get(event.kind)
    if found is None:
        return UNKNOWN_KIND.format(kind=value_text(event.kind))
    payload = event.payload
    for field in found.fields:
        value = payload.get(field.name, _MISSING)
        if value is _MISSING:
            if field.required:
                return MISSING.format(key=field.name)
        elif not field.reads(value):
            held, what = value_text(value), field.what
            return WRONG.format(key=field.name, value=held, what=what)
    occurred, recorded = event.occurred_at, event.recorded_at
    # The plain case first, by year alone: comparing times of different offsets costs more.
    if not (2000 < recorded.year < 8999 and occurred.year > 2000 and not occurred > recorded):
        problem = _times(occurred, recorded)
        if problem is not None:
            return problem
    if event.kind == Kind.DECLARED and "reported_at" in payload:
        return reported_problem(event)
    return None


def _times(occurred: datetime, recorded: datetime) -> Msg | None:
    if too_early(recorded) or recorded > LATEST_RECORDED:
        return RECORDED.format(at=shown(recorded))
    if too_early(occurred):
        return OCCURRED_EARLY.format(at=shown(occurred), earliest=EARLIEST.date().isoformat())
    if too_late(occurred, recorded):
        return OCCURRED_LATE.format(at=shown(occurred), recorded=shown(recorded))
    return None


def reported_time(event: Event) -> datetime:
    """Td as the declaration gives it (its own time when it gives none). Raises ValueError
    or OverflowError when the stored text is not a time; `unreadable` says so first."""
    raw = event.payload.get("reported_at")
    if not raw:
        return event.occurred_at
    offset = event.payload.get("reported_offset", 0)
    return from_utc_text(str(raw), offset if type(offset) is int and -1440 < offset < 1440 else 0)


def reported_problem(event: Event) -> Msg | None:
    """Why the declaration's Td cannot be read, or lies outside the window."""
    try:
        reported = reported_time(event)
    except (ValueError, OverflowError):
        return TD_UNREADABLE.format(value=value_text(event.payload.get("reported_at")))
    if too_early(reported):
        return TD_EARLY.format(at=shown(reported), earliest=EARLIEST.date().isoformat())
    if too_late(reported, event.recorded_at):
        return TD_LATE.format(at=shown(reported), recorded=shown(event.recorded_at))
    return None
