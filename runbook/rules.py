"""The rules an event must keep to be recorded. Checked inside the store's write transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from runbook.errors import RefusedAction
from runbook.events import EVENT_KINDS, REPORT_RECIPIENTS, Event
from runbook.fold import advance
from runbook.i18n import Msg
from runbook.incident import Incident
from runbook.playbook import Library, Playbook, Step
from runbook.readable import reported_time, unreadable
from runbook.suggest import closest
from runbook.timewindow import is_backdated, outside
from runbook.vocabulary import GROUP_IDS, LEVEL_IDS, STEP_STATES

EVALUATION_SECTIONS = (
    "cause", "effectiveness", "resources", "coordination", "loss", "recovery",
    "investigation", "insurance", "lessons", "actions", "signoff",
)
AFTER_CLOSE = frozenset({"incident_reopened", "evaluation_recorded", "note"})


def refuse(en: str, zh: str) -> RefusedAction:
    return RefusedAction(Msg(en, zh))


class Guard:
    """Folds an incident's events as they arrive and refuses events that break a rule.

    Keep one per incident for as long as you write to it: each event is then folded once.
    """

    def __init__(self, library: Library) -> None:
        self.library = library
        self.incident: Incident | None = None
        self.seen = 0

    def __call__(self, event: Event) -> Check:
        return Check(self, event)

    def catch_up(self, history: Sequence[Event]) -> Incident | None:
        """The incident after `history`, folding only what follows what was folded before
        (from scratch if `history` does not continue it: another incident, a restore)."""
        if self.seen and (len(history) < self.seen or self.incident is None
                          or history[self.seen - 1].hash != self.incident.head_hash):
            self.incident, self.seen = None, 0
        try:
            for event in history[self.seen:]:
                self.incident = advance(self.incident, event)
                self.seen += 1
        except BaseException:
            self.incident, self.seen = None, 0  # half-applied: fold again next time
            raise
        return self.incident


class Check:
    """The store's guard for one event: `catch_up` is given the history read before the
    write lock is taken; the call, inside the lock, folds only what came since and checks
    the event against the incident."""

    __slots__ = ("event", "guard")

    def __init__(self, guard: Guard, event: Event) -> None:
        self.guard = guard
        self.event = event

    def catch_up(self, history: Sequence[Event]) -> None:
        self.guard.catch_up(history)

    def __call__(self, history: Sequence[Event]) -> None:
        check_event(self.guard.catch_up(history), self.event, self.guard.library)


def check_event(incident: Incident | None, event: Event, library: Library) -> None:
    _check_payload(event)
    if event.actor.group is not None and event.actor.group not in GROUP_IDS:
        raise refuse(
            f"Unknown group {event.actor.group!r}; use one of {', '.join(GROUP_IDS)}.",
            f"未知小组 {event.actor.group!r}；请使用 {', '.join(GROUP_IDS)} 之一。")
    _check_times(event)
    problem = unreadable(event)
    if problem is not None:  # what no reader could interpret is never written
        raise RefusedAction(Msg("This cannot be recorded: ", "无法记录：") + problem + Msg(
            ".", "。"))
    if incident is None:
        _check_declaration(event, library)
        _check_backdate(event)
        return
    if event.kind == "incident_declared":
        raise refuse(f"Incident {incident.id} is already declared.",
                     f"事件 {incident.id} 已经宣布。")
    if incident.is_closed and event.kind not in AFTER_CLOSE:
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
    _KIND_CHECKS.get(event.kind, _no_check)(incident, event, playbook)
    _check_backdate(event)


def _check_times(event: Event) -> None:
    """Every time inside `runbook.timewindow`'s window, as the record's readers expect."""
    problem = outside(event.occurred_at, event.recorded_at)
    if problem is not None:
        raise RefusedAction(Msg("The time given: ", "给出的时间：") + problem)
    if event.kind != "incident_declared" or not event.payload.get("reported_at"):
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


def _check_payload(event: Event) -> None:
    required = EVENT_KINDS.get(event.kind)
    if required is None:
        raise refuse(f"Unknown kind of event {event.kind!r}.", f"未知的事件类型 {event.kind!r}。")
    for key in required:
        value = event.payload.get(key)
        if value is None or (isinstance(value, str) and not value.strip() and key != "title"):
            raise RefusedAction(_MISSING.get(key, Msg(
                f"{key!r} must not be empty.", f"{key!r} 不能为空。")))


_MISSING = {
    "reason": Msg("Give the reason (--reason, or --note for a step); it goes on the record.",
                  "请填写原因（--reason，步骤用 --note）；原因将记入记录。"),
    "rationale": Msg("A decision needs its rationale (--note); investigators will ask why.",
                     "决策需要写明理由（--note）；调查时需要说明原因。"),
    "text": Msg("The text is empty; write what happened.", "内容为空；请写明发生了什么。"),
    "to": Msg("Say to whom (--to).", "请说明对象（--to）。"),
}


def _check_declaration(event: Event, library: Library) -> None:
    if event.kind != "incident_declared":
        raise refuse(f"There is no incident {event.incident_id}.",
                     f"没有事件 {event.incident_id}。")
    kind = str(event.payload["type"])
    if library.playbook(kind) is None:
        raise refuse(
            f"No playbook for incident type {kind!r}; use one of "
            f"{', '.join(library.playbooks)}.",
            f"没有事件类型 {kind!r} 的剧本；请使用 {', '.join(library.playbooks)} 之一。")
    _check_level(str(event.payload["level"]))


def _check_level(level_id: str) -> None:
    if level_id not in LEVEL_IDS:
        raise refuse(f"Unknown level {level_id!r}; use I, II, III or IV.",
                     f"未知级别 {level_id!r}；请使用 I、II、III 或 IV。")


def _no_check(incident: Incident, event: Event, playbook: Playbook) -> None:
    return None


def _level_changed(incident: Incident, event: Event, playbook: Playbook) -> None:
    new = str(event.payload["level"])
    _check_level(new)
    if new == incident.level:
        raise refuse(f"The incident is already at level {new}.", f"事件已处于 {new} 级。")
    if event.occurred_at < incident.level_since.replace(second=0, microsecond=0):
        raise refuse(
            "A level change cannot be dated before the current level was set "
            f"({incident.level_since.isoformat(timespec='minutes')}).",
            f"级别变更时间不能早于当前级别的设定时间"
            f"（{incident.level_since.isoformat(timespec='minutes')}）。")


def find_step(playbook: Playbook, step_id: str) -> Step:
    step = playbook.step(step_id)
    if step is None:
        hint = closest(step_id, [s.id for s in playbook.steps])
        raise RefusedAction(Msg(
            f"There is no step {step_id!r} in the {playbook.type} playbook.",
            f"{playbook.type} 剧本中没有步骤 {step_id!r}。") + hint)
    return step


def _step_event(incident: Incident, event: Event, playbook: Playbook) -> None:
    step = find_step(playbook, str(event.payload["step"]))
    record = incident.steps.get(step.id)
    state = record.state if record else "pending"
    kind = event.kind
    if kind != "step_reopened" and not step.applies_at(incident.level):
        levels = ", ".join(lv for lv in LEVEL_IDS if lv in step.levels)
        raise refuse(
            f"Step {step.id} does not apply at level {incident.level} (only at {levels}).",
            f"步骤 {step.id} 不适用于 {incident.level} 级（仅适用于 {levels}）。")
    allowed = _ALLOWED_FROM[kind](step)
    if state not in allowed:
        shown = STEP_STATES[state]
        raise refuse(
            f"Step {step.id} is {shown.en}; it cannot be {_VERBS[kind].en} now."
            + (" Reopen it first." if state in ("done", "skipped") else ""),
            f"步骤 {step.id} 当前为{shown.zh}，现在不能{_VERBS[kind].zh}。"
            + ("请先重新打开。" if state in ("done", "skipped") else ""))
    if kind == "step_done" and step.decision is not None:
        options = ", ".join(o.id for o in step.decision.options)
        raise refuse(
            f"Step {step.id} is a decision: record it with one of the options ({options}).",
            f"步骤 {step.id} 是决策步骤：请选择一个选项（{options}）。")
    if kind == "decision_taken":
        _check_option(step, str(event.payload["option"]))


def _check_option(step: Step, option: str) -> None:
    if step.decision is None:
        raise refuse(f"Step {step.id} asks for no decision; mark it done instead.",
                     f"步骤 {step.id} 不需要决策；请直接标记完成。")
    if step.decision.option(option) is None:
        options = [o.id for o in step.decision.options]
        raise RefusedAction(Msg(
            f"{option!r} is not an option of step {step.id}; choose {', '.join(options)}.",
            f"{option!r} 不是步骤 {step.id} 的选项；请选择 {', '.join(options)}。")
            + closest(option, options))


_OPEN = ("pending", "in_progress", "blocked")
_ALLOWED_FROM: dict[str, Callable[[Step], tuple[str, ...]]] = {
    "step_started": lambda s: ("pending", "blocked"),
    "step_done": lambda s: (*_OPEN, "done") if s.repeat is not None else _OPEN,
    "decision_taken": lambda s: _OPEN,
    "step_skipped": lambda s: _OPEN,
    "step_blocked": lambda s: ("pending", "in_progress"),
    "step_reopened": lambda s: ("done", "skipped", "blocked"),
}
_VERBS = {
    "step_started": Msg("started", "开始"),
    "step_done": Msg("marked done", "标记完成"),
    "decision_taken": Msg("decided", "决策"),
    "step_skipped": Msg("skipped", "跳过"),
    "step_blocked": Msg("blocked", "标记受阻"),
    "step_reopened": Msg("reopened", "重新打开"),
}


def _report_sent(incident: Incident, event: Event) -> None:
    to = str(event.payload["to"])
    if to not in REPORT_RECIPIENTS:
        raise refuse(f"Unknown recipient {to!r}; use one of {', '.join(REPORT_RECIPIENTS)}.",
                     f"未知的报告对象 {to!r}；请使用 {', '.join(REPORT_RECIPIENTS)} 之一。")


def _note(incident: Incident, event: Event) -> None:
    group = event.payload.get("group")
    if group is not None and group not in GROUP_IDS:
        raise refuse(f"Unknown group {group!r}; use one of {', '.join(GROUP_IDS)}.",
                     f"未知小组 {group!r}；请使用 {', '.join(GROUP_IDS)} 之一。")


def _stand_down(incident: Incident, event: Event) -> None:
    if incident.stand_down_at is not None:
        raise refuse("Emergency handling has already been stood down.", "应急处置已经结束。")


def _closed(incident: Incident, event: Event) -> None:
    if incident.is_closed:
        raise refuse(f"Incident {incident.id} is already closed.", f"事件 {incident.id} 已关闭。")


def _reopened(incident: Incident, event: Event) -> None:
    if not incident.is_closed:
        raise refuse(f"Incident {incident.id} is open.", f"事件 {incident.id} 未关闭。")


def _evaluation(incident: Incident, event: Event) -> None:
    section = str(event.payload["section"])
    if section not in EVALUATION_SECTIONS:
        raise refuse(f"Unknown evaluation section {section!r}.", f"未知的评估部分 {section!r}。")


_KIND_CHECKS: dict[str, Callable[[Incident, Event, Playbook], None]] = {
    "level_changed": _level_changed,
    "step_started": _step_event,
    "step_done": _step_event,
    "step_skipped": _step_event,
    "step_blocked": _step_event,
    "step_reopened": _step_event,
    "decision_taken": _step_event,
    "report_sent": lambda i, e, p: _report_sent(i, e),
    "note": lambda i, e, p: _note(i, e),
    "stand_down": lambda i, e, p: _stand_down(i, e),
    "incident_closed": lambda i, e, p: _closed(i, e),
    "incident_reopened": lambda i, e, p: _reopened(i, e),
    "evaluation_recorded": lambda i, e, p: _evaluation(i, e),
}
