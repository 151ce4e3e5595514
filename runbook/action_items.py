"""Action items: what the evaluation decides must be done (owner, due date), numbered within
the incident, tracked after the close until done or dropped.

The rules an auditor expects: an item has a text, an owner and a due date; its number is
its place among the incident's items (1, 2, …) and is shown when it is recorded; an item is
resolved once (done, or dropped with the reason), never twice. A due date in the past is
recorded (an item may be written down late) but the writer is warned.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Final

from msgspec import Struct
from msgspec.structs import replace

from runbook.errors import RefusedAction, UsageError
from runbook.events import Event
from runbook.i18n import Msg
from runbook.incident import ActionItem, Incident

OUTCOMES: Final = ("done", "dropped")
VERBS: Final = {"done": "done", "drop": "dropped"}  # the command's word: the stored outcome
STATES: Final = {
    "open": Msg("open", "未完成"),
    "done": Msg("done", "已完成"),
    "dropped": Msg("dropped", "已撤销"),
}
LATEST_DUE: Final = date(2100, 1, 1)


def due_of(value: Any) -> date | None:
    """The due date a payload holds (ISO text, 2026-12-31), None if it holds none."""
    if type(value) is not str or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def reads_due(value: Any) -> bool:
    return due_of(value) is not None


def reads_number(value: Any) -> bool:
    return type(value) is int and value > 0


def reads_outcome(value: Any) -> bool:
    return type(value) is str and value in OUTCOMES


def parse_due(text: str) -> date:
    """`--due` as typed; UsageError when it is not a date."""
    day = due_of(text.strip())
    if day is None:
        raise UsageError(Msg(f"--due: {text!r} is not a date; write it as 2026-12-31.",
                             f"--due：{text!r} 不是有效日期；请写成 2026-12-31。"))
    if day.year < 2000 or day >= LATEST_DUE:
        raise UsageError(Msg(f"--due: {text!r} is not a date an action item can be due.",
                             f"--due：{text!r} 不是合理的完成期限。"))
    return day


def past_due_warning(day: date, now: datetime) -> Msg | None:
    """What to tell the writer of an item already due (recorded, but likely a slip)."""
    if day >= now.date():
        return None
    return Msg(f"Note: the due date {day.isoformat()} is already past; the item is recorded "
               "as overdue.",
               f"提示：完成期限 {day.isoformat()} 已过；该事项记录为已逾期。")


def fold_added(incident: Incident, event: Event) -> None:
    p = event.payload
    due = due_of(p["due"])
    assert due is not None  # `unreadable` has refused it otherwise
    incident.action_items.append(ActionItem(
        len(incident.action_items) + 1, str(p["text"]), str(p["owner"]), due, event.seq,
        event.occurred_at, event.actor))


def fold_resolved(incident: Incident, event: Event) -> None:
    number = int(event.payload["item"])
    if not 0 < number <= len(incident.action_items):
        return  # refused when written; an edited record leaves the items as they were
    item = incident.action_items[number - 1]
    incident.action_items[number - 1] = replace(
        item, state=str(event.payload["outcome"]), resolved_at=event.occurred_at,
        resolved_by=event.actor, resolved_seq=event.seq,
        note=str(event.payload.get("note", "")))


def check_added(incident: Incident, event: Event) -> None:
    due = due_of(event.payload["due"])
    if due is None or due.year < 2000 or due >= LATEST_DUE:
        raise RefusedAction(Msg(f"{event.payload['due']!r} is not a due date.",
                                f"{event.payload['due']!r} 不是有效的完成期限。"))


def check_resolved(incident: Incident, event: Event) -> None:
    number = int(event.payload["item"])
    items = incident.action_items
    if not items:
        raise RefusedAction(Msg(
            f"Incident {incident.id} has no action items yet; record one with runbook action "
            f"{incident.id} TEXT --owner NAME --due DATE.",
            f"事件 {incident.id} 还没有整改事项；请先用 runbook action {incident.id} 事项 "
            "--owner 负责人 --due 日期 记录。"))
    if not 0 < number <= len(items):
        raise RefusedAction(Msg(
            f"There is no action item {number} in incident {incident.id}; its items are "
            f"1 to {len(items)}.",
            f"事件 {incident.id} 没有第 {number} 项整改事项；现有第 1 至 {len(items)} 项。"))
    item = items[number - 1]
    outcome = str(event.payload["outcome"])
    if not item.is_open:
        was = STATES[item.state]
        raise RefusedAction(Msg(
            f"Action item {number} is already {was.en} (#{item.resolved_seq}); an item is "
            "resolved once. Record a new item if more work is needed.",
            f"第 {number} 项整改事项{was.zh}（#{item.resolved_seq}）；每项只能办结一次。"
            "如仍需处理，请新增一项。"))
    note = event.payload.get("note")
    if outcome == "dropped" and not (isinstance(note, str) and note.strip()):
        raise RefusedAction(Msg(
            "Dropping an action item needs the reason (--note); auditors will ask why.",
            "撤销整改事项须写明原因（--note）；审计时需要说明。"))


class OpenItem(Struct, frozen=True):
    """An open action item of one incident, as lists across incidents show it."""

    incident_id: str
    drill: bool
    item: ActionItem
    overdue: bool


def open_items(incidents: Iterable[Incident], today: date) -> list[OpenItem]:
    """Every open action item across `incidents`, overdue first, then by due date."""
    return in_order(OpenItem(i.id, i.drill, a, a.overdue_on(today))
                    for i in incidents for a in i.action_items if a.is_open)


def in_order(items: Iterable[OpenItem]) -> list[OpenItem]:
    """Overdue first, then by due date, incident and number."""
    return sorted(items, key=lambda o: (not o.overdue, o.item.due, o.incident_id,
                                        o.item.number))
