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

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Final

from runbook.events import EVENT_KINDS, Event, from_utc_text
from runbook.i18n import Msg
from runbook.timewindow import (
    EARLIEST,
    LATEST_RECORDED,
    shown,
    too_early,
    too_late,
)
from runbook.vocabulary import LEVEL_IDS

Check = Callable[[Any], bool]


def _level(value: Any) -> bool:
    return type(value) is str and value in LEVEL_IDS


def _group(value: Any) -> bool:
    return value is None or type(value) is str


def _offset(value: Any) -> bool:
    return type(value) is int and -1440 < value < 1440


TEXT: Final = Msg("text", "文本")
# Every payload field the core reads: its type, or the check it must pass, and what it holds.
FIELDS: Final[Mapping[str, tuple[type | None, Check | None, Msg]]] = {
    **{key: (str, None, TEXT) for key in (
        "type", "title", "reason", "rationale", "text", "note", "to", "section", "step",
        "option", "backdate_reason", "playbook_digest", "settings_digest", "reported_at")},
    "level": (None, _level, Msg("a level (I, II, III or IV)", "级别（I、II、III 或 IV）")),
    "drill": (bool, None, Msg("true or false", "true 或 false")),
    "group": (None, _group, Msg("a group or nothing", "小组或空值")),
    "reported_offset": (None, _offset, Msg("a UTC offset in minutes", "以分钟计的 UTC 偏移")),
}
# Fields read when present, beyond those `EVENT_KINDS` requires.
OPTIONAL: Final[Mapping[str, tuple[str, ...]]] = {
    "incident_declared": ("playbook_digest", "settings_digest", "reported_at",
                          "reported_offset"),
    "step_done": ("note",),
    "step_reopened": ("reason",),
    "note": ("group",),
}

# Per kind, built once: (field, required, type, check, what it holds).
_PLAN: Final[dict[str, tuple[tuple[str, bool, type | None, Check | None, Msg], ...]]] = {
    kind: tuple(
        (key, key in required, *FIELDS[key])
        for key in (*required, *OPTIONAL.get(kind, ()), "backdate_reason")
        if key in FIELDS
    )
    for kind, required in EVENT_KINDS.items()
}
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
    plan = _PLAN.get(event.kind)
    if plan is None:
        return UNKNOWN_KIND.format(kind=value_text(event.kind))
    payload = event.payload
    for key, required, kind, check, what in plan:
        value = payload.get(key, _MISSING)
        if value is _MISSING:
            if required:
                return MISSING.format(key=key)
        elif not (type(value) is kind if check is None else check(value)):
            held = value_text(value)
            return Msg(WRONG.en.format(key=key, value=held, what=what.en),
                       WRONG.zh.format(key=key, value=held, what=what.zh))
    occurred, recorded = event.occurred_at, event.recorded_at
    # The plain case first, by year alone: comparing times of different offsets costs more.
    if not (2000 < recorded.year < 8999 and occurred.year > 2000 and not occurred > recorded):
        problem = _times(occurred, recorded)
        if problem is not None:
            return problem
    if event.kind == "incident_declared" and "reported_at" in payload:
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
    return from_utc_text(str(raw), offset if _offset(offset) else 0)


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
