"""The rules an event must keep to be recorded. Checked inside the store's write transaction.

The rules every event keeps are here; what a kind of event must keep besides is its
`check` in `runbook.kinds`.
"""

from __future__ import annotations

from runbook.drills import check_declaration as check_drill_plan
from runbook.errors import RefusedAction
from runbook.events import Event
from runbook.i18n import Msg
from runbook.incident import Incident
from runbook.kinds import SPECS, Kind, KindSpec, check_level_id, refuse
from runbook.permissions import check_permission
from runbook.playbook import Library
from runbook.readable import reported_time, unreadable
from runbook.timewindow import is_backdated, outside
from runbook.vocabulary import GROUP_IDS


def check_event(incident: Incident | None, event: Event, library: Library, *,
                current: Library | None = None) -> None:
    """`library`: the one the incident plays; `current`: the one in force (the same if
    not given), which a declaration and a switch of version are checked by."""
    current = current if current is not None else library
    found = SPECS.get(event.kind)
    if found is None:
        raise refuse(f"Unknown kind of event {event.kind!r}.", f"未知的事件类型 {event.kind!r}。")
    _check_payload(found, event)
    if event.actor.group is not None and event.actor.group not in GROUP_IDS:
        raise refuse(
            f"Unknown group {event.actor.group!r}; use one of {', '.join(GROUP_IDS)}.",
            f"未知小组 {event.actor.group!r}；请使用 {', '.join(GROUP_IDS)} 之一。")
    _check_times(event)
    check_permission(event, library)
    problem = unreadable(event)
    if problem is not None:  # what no reader could interpret is never written
        raise RefusedAction(Msg("This cannot be recorded: ", "无法记录：") + problem + Msg(
            ".", "。"))
    if incident is None:
        _check_declaration(event, current)
        _check_backdate(event)
        return
    if event.kind == Kind.DECLARED:
        raise refuse(f"Incident {incident.id} is already declared.",
                     f"事件 {incident.id} 已经宣布。")
    if incident.is_closed and not found.after_close:
        raise refuse(
            f"Incident {incident.id} is closed. Reopen it first (runbook reopen) if the work "
            "goes on.", f"事件 {incident.id} 已关闭。如需继续处置，请先重新打开。")
    # People give times to the minute: the minute the incident began is inside it.
    began = min(incident.reported_at, incident.declared_at).replace(second=0, microsecond=0)
    if event.occurred_at < began:
        raise refuse(
            f"That time is before the incident began ({began.isoformat(timespec='minutes')}).",
            f"该时间早于事件开始时间（{began.isoformat(timespec='minutes')}）。")
    playbook = library.playbook(incident.type)
    if playbook is None:
        raise refuse(f"The playbook {incident.type!r} is no longer installed.",
                     f"剧本 {incident.type!r} 已不存在。")
    found.check(incident, event, playbook)
    if event.kind == Kind.CORRECTED and event.payload.get("field") == "type":
        _check_type(str(event.payload["value"]), library)
    if event.kind == Kind.VERSION_SWITCHED:
        _check_switch(event, current)
    _check_backdate(event)


def _check_times(event: Event) -> None:
    """Every time inside `runbook.timewindow`'s window, as the record's readers expect."""
    problem = outside(event.occurred_at, event.recorded_at)
    if problem is not None:
        raise RefusedAction(Msg("The time given: ", "给出的时间：") + problem)
    if event.kind != Kind.DECLARED or not event.payload.get("reported_at"):
        return
    try:
        reported = reported_time(event)
    except (ValueError, OverflowError):
        return  # not a time at all: `unreadable` says so
    problem = outside(reported, event.recorded_at)
    if problem is not None:
        raise RefusedAction(Msg("Td, the time of the first report (--reported-at): ",
                                "Td，首次报告时间（--reported-at）：") + problem)


def _check_backdate(event: Event) -> None:
    """A time given after the fact says why; the record marks it as backdated."""
    reason = event.payload.get("backdate_reason")
    if is_backdated(event.occurred_at, event.recorded_at) and not (
            isinstance(reason, str) and reason.strip()):
        raise refuse(
            f"The time given ({event.occurred_at.isoformat(timespec='minutes')}) is before "
            "now: say why it is given after the fact (--at-reason); the record marks it as "
            "backdated.",
            f"给出的时间（{event.occurred_at.isoformat(timespec='minutes')}）早于现在："
            "请说明补记原因（--at-reason）；记录会将其标为补记。")


def _check_payload(found: KindSpec, event: Event) -> None:
    """The fields a writer must give are there, and those that hold text are not blank."""
    for field in found.fields:
        value = event.payload.get(field.name)
        blank = isinstance(value, str) and not value.strip()
        if (field.required and value is None) or (field.filled and (value is None or blank)):
            raise RefusedAction(field.missing or Msg(
                f"{field.name!r} must not be empty.", f"{field.name!r} 不能为空。"))


def _check_type(kind: str, library: Library) -> None:
    if library.playbook(kind) is None:
        raise refuse(
            f"No playbook for incident type {kind!r}; use one of "
            f"{', '.join(library.playbooks)}.",
            f"没有事件类型 {kind!r} 的剧本；请使用 {', '.join(library.playbooks)} 之一。")


def _check_switch(event: Event, current: Library) -> None:
    from runbook.versions import digest, short

    now = digest(current)
    if event.payload.get("to") != now:
        raise refuse(
            f"An incident can only be switched to the playbooks in force (version "
            f"{short(now)}), not to {str(event.payload.get('to'))[:12]!r}.",
            f"事件只能切换到当前剧本（版本 {short(now)}），"
            f"不能切换到 {str(event.payload.get('to'))[:12]!r}。")


def _check_declaration(event: Event, library: Library) -> None:
    if event.kind != Kind.DECLARED:
        raise refuse(f"There is no incident {event.incident_id}.",
                     f"没有事件 {event.incident_id}。")
    _check_type(str(event.payload["type"]), library)
    check_level_id(str(event.payload["level"]))
    check_drill_plan(event)
