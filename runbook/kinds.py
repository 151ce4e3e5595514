"""Every kind of event: what its payload holds, how it folds, what it must keep to, how it
is named and drawn. The one registry: the fold, the rules, the readers, the timeline, the
chart and the summary all ask `SPECS`; adding a kind is one entry here (and its tests).

A kind's checks here are the ones particular to it; the rules every event keeps (a known
group, a time in the window, an open incident, not before it began) are in `runbook.rules`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any, Final

from msgspec import Struct
from msgspec.structs import replace

from runbook import action_items, drills, fact_values, merge, signoff
from runbook.conditions import ruled_out
from runbook.errors import RefusedAction
from runbook.events import Event, from_utc_text
from runbook.i18n import Msg
from runbook.incident import (
    Correction,
    FactValue,
    Incident,
    LevelSpan,
    StandDown,
    StepProgress,
    VersionSwitch,
)
from runbook.playbook import Playbook, Step
from runbook.suggest import closest, one_of
from runbook.timewindow import outside
from runbook.transitions import OPEN_STATES, VERB_WORDS, Verb, allowed, fits, from_state
from runbook.vocabulary import (
    EVALUATION_SECTIONS,
    GROUP_IDS,
    LEVEL_IDS,
    RECIPIENT_IDS,
    REPORT_STAGES,
    STEP_STATES,
    level,
)


class Kind(StrEnum):
    DECLARED = "incident_declared"
    CORRECTED = "incident_corrected"
    LEVEL_CHANGED = "level_changed"
    STEP_STARTED = "step_started"
    STEP_DONE = "step_done"
    STEP_SKIPPED = "step_skipped"
    STEP_BLOCKED = "step_blocked"
    STEP_REOPENED = "step_reopened"
    DECISION_TAKEN = "decision_taken"
    NOTE = "note"
    REPORT_SENT = "report_sent"
    VENDOR_CONTACTED = "vendor_contacted"
    SHIFT_HANDED_OVER = "shift_handed_over"
    FACT_RECORDED = "fact_recorded"
    STAND_DOWN = "stand_down"
    STAND_DOWN_WITHDRAWN = "stand_down_withdrawn"
    CLOSED = "incident_closed"
    REOPENED = "incident_reopened"
    EVALUATION_RECORDED = "evaluation_recorded"
    ACTION_ADDED = "action_item_added"
    ACTION_RESOLVED = "action_item_resolved"
    SIGNED_OFF = "signed_off"
    CHECKPOINT = "checkpoint"
    VERSION_SWITCHED = "version_switched"
    CONFLICT_RESOLVED = "conflict_resolved"


# --- payload fields -------------------------------------------------------------------------

Check = Callable[[Any], bool]


class Field(Struct, frozen=True):
    """A payload field the core reads: how to tell a value it can interpret (`reads`), and
    whether a writer must give it (`required`) with something in it (`filled`)."""

    name: str
    reads: Check
    what: Msg
    required: bool = True
    filled: bool = False
    missing: Msg | None = None  # what a writer is told when it is absent or empty


def _text(value: Any) -> bool:
    return type(value) is str


def _level(value: Any) -> bool:
    return type(value) is str and value in LEVEL_IDS


def _maybe_text(value: Any) -> bool:
    return value is None or type(value) is str


def _offset(value: Any) -> bool:
    return type(value) is int and -1440 < value < 1440


def _flag(value: Any) -> bool:
    return type(value) is bool


def _present(value: Any) -> bool:
    return value is not None


TEXT: Final = Msg("text", "文本")
LEVEL: Final = Msg("a level (I, II, III or IV)", "级别（I、II、III 或 IV）")
NEED_REASON: Final = Msg(
    "Give the reason (--reason, or --note for a step); it goes on the record.",
    "请填写原因（--reason，步骤用 --note）；原因将记入记录。")
NEED_RATIONALE: Final = Msg(
    "A decision needs its rationale (--note); investigators will ask why.",
    "决策需要写明理由（--note）；调查时需要说明原因。")
NEED_TEXT: Final = Msg("The text is empty; write what happened.", "内容为空；请写明发生了什么。")
NEED_TO: Final = Msg("Say to whom (--to).", "请说明对象（--to）。")
NEED_STAND_DOWN_REASON: Final = Msg(
    "Say why emergency handling ends (--reason): service restored and stable, vendor "
    "confirmed, no secondary risk; it goes on the record.",
    "请说明结束应急处置的原因（--reason）：服务已恢复并稳定、外包服务提供商已确认、无次生风险；"
    "原因将记入记录。")


def text(name: str, *, required: bool = True, filled: bool = True,
         missing: Msg | None = None) -> Field:
    return Field(name, _text, TEXT, required, filled, missing)


def optional(name: str, reads: Check = _text, what: Msg = TEXT) -> Field:
    return Field(name, reads, what, required=False)


STEP: Final = text("step")
REASON: Final = text("reason", missing=NEED_REASON)
BACKDATE: Final = optional("backdate_reason")


# --- how each kind folds ----------------------------------------------------------------------

Fold = Callable[[Incident, Event], None]
KindCheck = Callable[[Incident, Event, Playbook], None]


def _step(incident: Incident, event: Event) -> StepProgress:
    rec = incident.record(str(event.payload["step"]))
    rec.last_event = event
    return rec


def _fold_level(incident: Incident, event: Event) -> None:
    incident.levels.append(LevelSpan(
        str(event.payload["level"]), event.occurred_at, event.actor,
        str(event.payload.get("reason", "")), event.seq))


def _fold_started(incident: Incident, event: Event) -> None:
    _step(incident, event).state = "in_progress"


def _fold_done(incident: Incident, event: Event) -> None:
    rec = _step(incident, event)
    rec.state = "done"
    rec.done_at = event.occurred_at
    rec.completions.append(event.occurred_at)
    rec.note = str(event.payload.get("note", "")) or rec.note


def _fold_skipped(incident: Incident, event: Event) -> None:
    rec = _step(incident, event)
    rec.state = "skipped"
    rec.reason = str(event.payload.get("reason", ""))
    rec.done_at = event.occurred_at


def _fold_blocked(incident: Incident, event: Event) -> None:
    rec = _step(incident, event)
    rec.state = "blocked"
    rec.reason = str(event.payload.get("reason", ""))


def _fold_reopened(incident: Incident, event: Event) -> None:
    rec = _step(incident, event)
    rec.state = "pending"
    rec.done_at = None
    rec.decision = None
    rec.reason = str(event.payload.get("reason", ""))


def _fold_decision(incident: Incident, event: Event) -> None:
    _fold_done(incident, event)
    rec = _step(incident, event)
    rec.decision = str(event.payload["option"])
    rec.rationale = str(event.payload.get("rationale", ""))
    rec.decided_by = event.actor


def _fold_stand_down(incident: Incident, event: Event) -> None:
    incident.stand_downs.append(StandDown(
        event.occurred_at, str(event.payload.get("reason", "")), event.seq, event.actor))


def _fold_withdrawn(incident: Incident, event: Event) -> None:
    if incident.stand_downs:
        last = incident.stand_downs[-1]
        incident.stand_downs[-1] = replace(
            last, withdrawn_at=event.occurred_at,
            withdrawn_reason=str(event.payload.get("reason", "")))


def _fold_closed(incident: Incident, event: Event) -> None:
    incident.closed_at = event.occurred_at


def _fold_fact(incident: Incident, event: Event) -> None:
    fact = str(event.payload["fact"])
    before = incident.facts.get(fact)
    incident.facts[fact] = FactValue(fact, event.payload["value"], event.seq,
                                     event.occurred_at, event.actor,
                                     before.times + 1 if before is not None else 1)


def _fold_correction(incident: Incident, event: Event) -> None:
    what, value = str(event.payload["field"]), event.payload["value"]
    before: Any
    if what == "td":
        before = incident.reported_at
        incident.reported_at = corrected_td(event)
        value = incident.reported_at
    elif what == "type":
        before, incident.type = incident.type, str(value)
    elif what == "drill":
        before, incident.drill = incident.drill, bool(value)
    else:
        before, incident.title = incident.title, str(value)
    incident.corrections.append(Correction(
        what, before, value, str(event.payload.get("reason", "")), event.seq,
        event.occurred_at, event.actor))


def corrected_td(event: Event) -> datetime:
    """The Td a correction gives (its `value` in UTC text, shown in its `offset`)."""
    offset = event.payload.get("offset", 0)
    return from_utc_text(str(event.payload["value"]),
                         offset if type(offset) is int and -1440 < offset < 1440 else 0)


def _fold_reopened_incident(incident: Incident, event: Event) -> None:
    incident.closed_at = None


def _step_ids(value: Any) -> bool:
    return type(value) is list and all(type(v) is str for v in value)


def _fold_switch(incident: Incident, event: Event) -> None:
    p = event.payload
    incident.switches.append(VersionSwitch(
        incident.version, str(p["to"]), str(p.get("reason", "")),
        tuple(p.get("carried", ())), tuple(p.get("dropped", ())), event.seq,
        event.occurred_at, event.actor))
    incident.version = str(p["to"])


def _no_fold(incident: Incident, event: Event) -> None:
    """A record only: it changes no state (the summary and the timeline read it)."""


# --- what each kind must keep to -----------------------------------------------------------------


def refuse(en: str, zh: str) -> RefusedAction:
    return RefusedAction(Msg(en, zh))


def check_level_id(level_id: str) -> None:
    if level_id not in LEVEL_IDS:
        raise refuse(f"Unknown level {level_id!r}; use I, II, III or IV.",
                     f"未知级别 {level_id!r}；请使用 I、II、III 或 IV。")


def _check_level(incident: Incident, event: Event, playbook: Playbook) -> None:
    new = str(event.payload["level"])
    check_level_id(new)
    if incident.stand_down_at is not None:
        raise refuse(
            "Emergency handling has been stood down, so the level no longer changes. If the "
            "incident flared up again, withdraw the stand-down first (runbook stand-down ID "
            "--withdraw --reason R), then change the level.",
            "应急处置已结束，级别不再变更。如事态再次升级，请先撤回应急结束（runbook stand-down "
            "ID --withdraw --reason 原因），再变更级别。")
    if new == incident.level:
        shown = _numeral(new)
        raise refuse(f"The incident is already at level {shown.en}.", f"事件已处于{shown.zh}。")
    if event.occurred_at < incident.level_since.replace(second=0, microsecond=0):
        raise refuse(
            "A level change cannot be dated before the current level was set "
            f"({incident.level_since.isoformat(timespec='minutes')}).",
            f"级别变更时间不能早于当前级别的设定时间"
            f"（{incident.level_since.isoformat(timespec='minutes')}）。")


def _numeral(level_id: str) -> Msg:
    """I, 一级: a level as each language writes it in a sentence."""
    return level(level_id).numeral if level_id in LEVEL_IDS else Msg(level_id, level_id)


def find_step(playbook: Playbook, step_id: str) -> Step:
    step = playbook.step(step_id)
    if step is None:
        hint = closest(step_id, [s.id for s in playbook.steps])
        raise RefusedAction(Msg(
            f"There is no step {step_id!r} in the {playbook.type} playbook.",
            f"{playbook.title.zh}剧本中没有步骤 {step_id!r}。") + hint)
    return step


def _step_check(verb: Verb) -> KindCheck:
    def check(incident: Incident, event: Event, playbook: Playbook) -> None:
        step = find_step(playbook, str(event.payload["step"]))
        record = incident.steps.get(step.id)
        state = record.state if record else "pending"
        applies = step.applies_at(incident.level)
        if allowed(verb, state, step, applies=applies):
            if verb == "decide":
                _check_option(step, str(event.payload["option"]))
            return
        if not fits(verb, step):
            _wrong_verb(step)
        if not from_state(verb, state, step):
            shown = STEP_STATES[state]
            again = state in ("done", "skipped")
            raise refuse(
                f"Step {step.id} is {shown.en}; it cannot be {VERB_WORDS[verb].en} now."
                + (" Reopen it first." if again else ""),
                f"步骤 {step.id} 当前为{shown.zh}，现在不能{VERB_WORDS[verb].zh}。"
                + ("请先重新打开。" if again else ""))
        only = [_numeral(lv) for lv in LEVEL_IDS if lv in step.levels]
        now = _numeral(incident.level)
        raise refuse(
            f"Step {step.id} does not apply at level {now.en} "
            f"(only at {', '.join(m.en for m in only)}).",
            f"步骤 {step.id} 不适用于{now.zh}（仅适用于{'、'.join(m.zh for m in only)}）。")

    return check


def _wrong_verb(step: Step) -> None:
    if step.decision is not None:
        options = ", ".join(o.id for o in step.decision.options)
        raise refuse(
            f"Step {step.id} is a decision: record it with one of the options ({options}).",
            f"步骤 {step.id} 是决策步骤：请选择一个选项（{options}）。")
    raise refuse(f"Step {step.id} asks for no decision; mark it done instead.",
                 f"步骤 {step.id} 不需要决策；请直接标记完成。")


def _check_option(step: Step, option: str) -> None:
    assert step.decision is not None
    if step.decision.option(option) is None:
        options = [o.id for o in step.decision.options]
        raise RefusedAction(Msg(
            f"{option!r} is not an option of step {step.id}; choose {', '.join(options)}.",
            f"{option!r} 不是步骤 {step.id} 的选项；请选择 {', '.join(options)}。")
            + closest(option, options))


def _check_report(incident: Incident, event: Event, playbook: Playbook) -> None:
    to = str(event.payload["to"])
    if to not in RECIPIENT_IDS:
        raise refuse(f"Unknown recipient {to!r}; use one of {', '.join(RECIPIENT_IDS)}.",
                     f"未知的报告对象 {to!r}；请使用 {', '.join(RECIPIENT_IDS)} 之一。")
    stage = event.payload.get("stage")
    if stage is not None and stage not in REPORT_STAGES:
        raise refuse(f"Unknown report stage {stage!r}; use one of {', '.join(REPORT_STAGES)}.",
                     f"未知的报告阶段 {stage!r}；请使用 {', '.join(REPORT_STAGES)} 之一。")


def _check_note(incident: Incident, event: Event, playbook: Playbook) -> None:
    group = event.payload.get("group")
    if group is not None and group not in GROUP_IDS:
        raise refuse(f"Unknown group {group!r}; use one of {', '.join(GROUP_IDS)}.",
                     f"未知小组 {group!r}；请使用 {', '.join(GROUP_IDS)} 之一。")


def _check_stand_down(incident: Incident, event: Event, playbook: Playbook) -> None:
    if incident.stand_down_at is not None:
        raise refuse("Emergency handling has already been stood down.", "应急处置已经结束。")


def _check_withdrawal(incident: Incident, event: Event, playbook: Playbook) -> None:
    if incident.stand_down_at is None:
        raise refuse("There is no stand-down to withdraw: emergency handling is going on.",
                     "没有可撤回的应急结束：应急处置仍在进行。")


def open_post_incident(incident: Incident, playbook: Playbook) -> list[Step]:
    """Post-incident steps (counting from the stand-down) that apply and are still open."""
    found = []
    for step in playbook.steps:
        if playbook.root_anchor(step) != "stand_down" or not step.applies_at(incident.level):
            continue
        record = incident.steps.get(step.id)
        state = record.state if record is not None else "pending"
        if state in OPEN_STATES and ruled_out(step, incident, playbook) is None:
            found.append(step)
    return found


def _check_close(incident: Incident, event: Event, playbook: Playbook) -> None:
    if incident.is_closed:
        raise refuse(f"Incident {incident.id} is already closed.", f"事件 {incident.id} 已关闭。")
    forced = event.payload.get("force") is True
    reason = event.payload.get("reason")
    if forced and not (isinstance(reason, str) and reason.strip()):
        raise refuse("Closing with open steps needs the reason (--reason); it goes on the "
                     "record.", "在仍有未完成步骤时关闭须填写原因（--reason）；原因将记入记录。")
    still_open = open_post_incident(incident, playbook)
    if still_open and not forced:
        shown = ", ".join(s.id for s in still_open[:6]) + (" …" if len(still_open) > 6 else "")
        raise refuse(
            f"{len(still_open)} post-incident step(s) are still open ({shown}). Finish or "
            "skip them, or close anyway with --force --reason R (the summary lists what was "
            "open at the close).",
            f"仍有 {len(still_open)} 个后期处置步骤未完成（{shown}）。请完成或跳过，或用 "
            "--force --reason 原因 强制关闭（总结报告会列出关闭时未完成的步骤）。")


def no_such_fact(playbook: Playbook, fact_id: str) -> Msg:
    """What to say of a fact the incident's playbook does not record, with the ones it does."""
    known = [f.id for f in playbook.facts]
    return Msg(
        f"The {playbook.type} playbook records no fact {fact_id!r}; its facts: "
        f"{', '.join(known)}.",
        f"{playbook.title.zh}剧本没有事实项 {fact_id!r}；可记录：{'、'.join(known)}。",
    ) + closest(fact_id, known)


def _check_fact(incident: Incident, event: Event, playbook: Playbook) -> None:
    fact_id = str(event.payload["fact"])
    fact = playbook.fact(fact_id)
    if fact is None:
        raise RefusedAction(no_such_fact(playbook, fact_id))
    problem = fact_values.problem(fact, event.payload["value"], event.recorded_at)
    if problem is not None:
        raise RefusedAction(problem)


# What a correction may change, and the field's name as people read it.
CORRECTABLE: Final[Mapping[str, Msg]] = {
    "td": Msg("first reported (Td)", "首次报告时间（Td）"),
    "type": Msg("type", "事件类型"),
    "drill": Msg("drill", "是否演练"),
    "title": Msg("title", "标题"),
}


def _check_correction(incident: Incident, event: Event, playbook: Playbook) -> None:
    what, value = event.payload["field"], event.payload["value"]
    if what not in CORRECTABLE:
        raise refuse(f"{what!r} cannot be corrected; correct one of {', '.join(CORRECTABLE)}.",
                     f"{what!r} 不能更正；可更正：{', '.join(CORRECTABLE)}。")
    if what == "td":
        try:
            td = corrected_td(event)
        except (ValueError, OverflowError):
            raise refuse("The corrected Td is not a time.", "更正后的 Td 不是有效时间。") from None
        problem = outside(td, event.recorded_at)
        if problem is not None:
            raise RefusedAction(Msg("Td: ", "Td：") + problem)
    elif what == "type" and (type(value) is not str or not value):
        raise refuse("Give the incident type.", "请给出事件类型。")
    elif what == "drill" and type(value) is not bool:
        raise refuse("A drill is true or false.", "演练取值为 true 或 false。")
    elif what == "title" and type(value) is not str:
        raise refuse("A title is a text.", "标题须为文本。")


def _check_reopen(incident: Incident, event: Event, playbook: Playbook) -> None:
    if not incident.is_closed:
        raise refuse(f"Incident {incident.id} is open.", f"事件 {incident.id} 未关闭。")


def _check_evaluation(incident: Incident, event: Event, playbook: Playbook) -> None:
    section = str(event.payload["section"])
    if section not in EVALUATION_SECTIONS:
        raise RefusedAction(Msg(
            f"Unknown evaluation section {section!r}; use {one_of(EVALUATION_SECTIONS)}.",
            f"未知的评估部分 {section!r}；请使用 {one_of(EVALUATION_SECTIONS)}。")
            + closest(section, EVALUATION_SECTIONS))


def _check_switch(incident: Incident, event: Event, playbook: Playbook) -> None:
    """Only the incident's own rules here: that the version switched to is the library in
    force is checked by `runbook.rules`, which knows that library."""
    if str(event.payload["to"]) == incident.version:
        raise refuse(
            f"Incident {incident.id} already plays the playbooks in force; there is nothing "
            "to switch to.", f"事件 {incident.id} 已按当前剧本执行；无需切换。")


def _no_check(incident: Incident, event: Event, playbook: Playbook) -> None:
    return None


def _check_action_added(incident: Incident, event: Event, playbook: Playbook) -> None:
    action_items.check_added(incident, event)


def _check_action_resolved(incident: Incident, event: Event, playbook: Playbook) -> None:
    action_items.check_resolved(incident, event)


def _check_signoff(incident: Incident, event: Event, playbook: Playbook) -> None:
    signoff.check(incident, event)


NEED_OWNER: Final = Msg("An action item needs its owner (--owner NAME).",
                        "整改事项须有负责人（--owner 姓名）。")
NEED_DUE: Final = Msg("An action item needs its due date (--due 2026-12-31).",
                      "整改事项须有完成期限（--due 2026-12-31）。")
NEED_ITEM_TEXT: Final = Msg("The action item's text is empty; say what is to be done.",
                            "整改事项内容为空；请写明要做什么。")


# --- the registry ------------------------------------------------------------------------------


def _fold_resolution(incident: Incident, event: Event) -> None:
    merge.resolve(incident, event)
    chosen = str(event.payload["value"])
    if event.payload["about"] == merge.LEVEL:
        incident.levels.append(LevelSpan(chosen, event.occurred_at, event.actor,
                                         str(event.payload.get("reason", "")), event.seq))
        return
    rec = incident.record(str(event.payload.get("step")))
    rec.last_event = event
    rec.decision = chosen
    rec.decided_by = event.actor


def _check_resolution(incident: Incident, event: Event, playbook: Playbook) -> None:
    about = str(event.payload["about"])
    step = event.payload.get("step")
    if about not in (merge.LEVEL, merge.DECISION) or (about == merge.DECISION
                                                      and type(step) is not str):
        raise refuse(
            f"A conflict is about the level or about a decision step (with --step), not "
            f"{about!r}.", f"冲突只涉及级别或某个决策步骤（需 --step），而不是 {about!r}。")
    found = merge.open_conflict(incident, about, step if about == merge.DECISION else None)
    what = Msg("the level", "级别") if about == merge.LEVEL else Msg(
        f"step {step}", f"步骤 {step}")
    if found is None:
        raise RefusedAction(Msg("There is no open conflict about ", "当前没有关于") + what
                            + Msg(" to resolve (`runbook status` lists them).",
                                  "的未解决冲突（`runbook status` 会列出）。"))
    values = list(dict.fromkeys(c.value for c in found.claims))
    if str(event.payload["value"]) not in values:
        raise RefusedAction(Msg(
            f"Choose one of the values the sites recorded: {', '.join(values)}.",
            f"请从各站点记录的取值中选择一个：{'、'.join(values)}。"))


class KindSpec(Struct, frozen=True):
    """One kind of event.

    `style` is how the timeline writes its name (a Rich style); `chart` the row colour class
    of the summary's chart (done, problem, report, level, other). `verb` is the step
    transition it records (`runbook.transitions`). `after_close`: may be recorded on a
    closed incident. `communication`: a report, contact or handover in the summary's
    communication log. `unblocks`: work on a blocked step resumed.
    """

    kind: Kind
    name: Msg
    fields: tuple[Field, ...]
    fold: Fold = _no_fold
    check: KindCheck = _no_check
    style: str = ""
    chart: str = "other"
    verb: Verb | None = None
    after_close: bool = False
    communication: bool = False
    unblocks: bool = False
    completes_as: str | None = None  # its name in a playbook step's `done_by: {kind: ...}`
    seals: bool = False  # a signed checkpoint follows it (`runbook.checkpoints`)
    # Whether it is something the responders did: a checkpoint is the record sealing
    # itself, which no timeline, step, gap or overdue figure counts.
    activity: bool = True
    # What recording it is, for the roles (`runbook.roles.ACTIONS`; `runbook.permissions`).
    action: str = "write"

    @property
    def about_step(self) -> bool:
        return self.verb is not None


def _step_kind(kind: Kind, name: Msg, verb: Verb, fold: Fold, fields: tuple[Field, ...],
               *, style: str, chart: str) -> KindSpec:
    return KindSpec(kind, name, (STEP, *fields, BACKDATE), fold, _step_check(verb),
                    style=style, chart=chart, verb=verb, unblocks=verb != "block",
                    action="decide" if verb == "decide" else "write")


_SPECS: Final[tuple[KindSpec, ...]] = (
    KindSpec(Kind.DECLARED, Msg("declared", "宣布事件"), (
        text("type"), Field("level", _level, LEVEL), text("title", filled=False),
        Field("drill", _flag, Msg("true or false", "true 或 false")),
        optional("playbook_digest"), optional("settings_digest"), optional("library_digest"),
        optional("reported_at"),
        optional("reported_offset", _offset, Msg("a UTC offset in minutes",
                                                 "以分钟计的 UTC 偏移")),
        optional("drill_purpose"), optional("drill_scenario"),
        optional("drill_participants", drills.reads_participants,
                 Msg("a list of names", "人员名单")),
        optional("drill_scale", drills.reads_scale,
                 Msg("full-scale or tabletop", "full-scale 或 tabletop")),
        BACKDATE), style="bold", chart="level", completes_as="declaration", seals=True,
        action="declare"),
    KindSpec(Kind.LEVEL_CHANGED, Msg("level changed", "级别变更"),
             (Field("level", _level, LEVEL), REASON, BACKDATE), _fold_level, _check_level,
             style="bold yellow", chart="level", seals=True, action="level"),
    _step_kind(Kind.STEP_STARTED, Msg("step started", "开始步骤"), "start", _fold_started,
               (optional("note"),), style="", chart="other"),
    _step_kind(Kind.STEP_DONE, Msg("step done", "完成步骤"), "done", _fold_done,
               (optional("note"),), style="green", chart="done"),
    _step_kind(Kind.DECISION_TAKEN, Msg("decision", "决策"), "decide", _fold_decision,
               (text("option"), text("rationale", missing=NEED_RATIONALE)),
               style="bold cyan", chart="done"),
    _step_kind(Kind.STEP_SKIPPED, Msg("step skipped", "跳过步骤"), "skip", _fold_skipped,
               (REASON,), style="dim", chart="problem"),
    _step_kind(Kind.STEP_BLOCKED, Msg("step blocked", "步骤受阻"), "block", _fold_blocked,
               (REASON,), style="magenta", chart="problem"),
    _step_kind(Kind.STEP_REOPENED, Msg("step reopened", "重新打开步骤"), "reopen",
               _fold_reopened, (text("reason", required=False, missing=NEED_REASON),),
               style="yellow", chart="problem"),
    KindSpec(Kind.NOTE, Msg("note", "备注"),
             (text("text", missing=NEED_TEXT), optional("group", _maybe_text,
                                                        Msg("a group or nothing", "小组或空值")),
              BACKDATE), check=_check_note, after_close=True),
    KindSpec(Kind.REPORT_SENT, Msg("report sent", "发送报告"),
             (text("to", missing=NEED_TO), text("text", missing=NEED_TEXT),
              optional("stage"), BACKDATE),
             check=_check_report, style="cyan", chart="report", communication=True,
             completes_as="report"),
    KindSpec(Kind.VENDOR_CONTACTED, Msg("vendor contacted", "联系外包服务提供商"),
             (text("text", missing=NEED_TEXT), BACKDATE), chart="report",
             communication=True, completes_as="vendor-contact"),
    KindSpec(Kind.SHIFT_HANDED_OVER, Msg("shift handed over", "交接班"),
             (text("to", missing=NEED_TO), text("text", missing=NEED_TEXT), BACKDATE),
             communication=True, completes_as="handover"),
    KindSpec(Kind.FACT_RECORDED, Msg("fact", "事实"),
             (text("fact"), Field("value", _present, Msg("a value", "取值")),
              optional("note"), BACKDATE), _fold_fact, _check_fact, style="cyan",
             after_close=True, completes_as="fact"),
    KindSpec(Kind.CORRECTED, Msg("corrected", "更正"),
             (text("field"), Field("value", _present, Msg("a value", "取值")),
              optional("offset", _offset, Msg("a UTC offset in minutes", "以分钟计的 UTC 偏移")),
              REASON, BACKDATE), _fold_correction, _check_correction, style="bold yellow",
             chart="level"),
    KindSpec(Kind.STAND_DOWN, Msg("stand-down", "应急结束"),
             (text("reason", required=False, missing=NEED_STAND_DOWN_REASON), BACKDATE),
             _fold_stand_down, _check_stand_down, style="bold", chart="level",
             completes_as="stand-down", seals=True, action="stand-down"),
    KindSpec(Kind.STAND_DOWN_WITHDRAWN, Msg("stand-down withdrawn", "撤回应急结束"),
             (REASON, BACKDATE), _fold_withdrawn, _check_withdrawal, style="bold yellow",
             chart="level", action="stand-down"),
    KindSpec(Kind.CLOSED, Msg("closed", "关闭事件"),
             (optional("force", _flag, Msg("true or false", "true 或 false")),
              optional("reason"), BACKDATE), _fold_closed, _check_close,
             style="bold", chart="level", seals=True, action="close"),
    KindSpec(Kind.REOPENED, Msg("reopened", "重新打开事件"), (REASON, BACKDATE),
             _fold_reopened_incident, _check_reopen, chart="level", after_close=True,
             action="close"),
    KindSpec(Kind.EVALUATION_RECORDED, Msg("evaluation", "评估"),
             (text("section"), text("text", missing=NEED_TEXT), BACKDATE),
             check=_check_evaluation, after_close=True),
    KindSpec(Kind.ACTION_ADDED, Msg("action item", "整改事项"),
             (text("text", missing=NEED_ITEM_TEXT), text("owner", missing=NEED_OWNER),
              Field("due", action_items.reads_due, Msg("a date (2026-12-31)", "日期（2026-12-31）"),
                    missing=NEED_DUE), BACKDATE),
             action_items.fold_added, _check_action_added, style="cyan", after_close=True),
    KindSpec(Kind.ACTION_RESOLVED, Msg("action item resolved", "整改事项办结"),
             (Field("item", action_items.reads_number, Msg("an item number", "事项编号")),
              Field("outcome", action_items.reads_outcome, Msg("done or dropped",
                                                              "done 或 dropped")),
              optional("note"), BACKDATE),
             action_items.fold_resolved, _check_action_resolved, style="green",
             after_close=True),
    KindSpec(Kind.SIGNED_OFF, Msg("signed off", "签署"),
             (Field("role", signoff.reads_role, Msg("prepared, reviewed or approved",
                                                    "prepared、reviewed 或 approved")),
              optional("head"), optional("events", lambda v: type(v) is int,
                                         Msg("a count", "数量")), BACKDATE),
             signoff.fold, _check_signoff, style="bold", after_close=True, seals=True),
    # Written by the store right after the event it seals, never by a command: the payload
    # is a C2SP signed note (`runbook.checkpoints`). It changes no state.
    KindSpec(Kind.CHECKPOINT, Msg("checkpoint", "检查点"), (text("note"),), style="dim",
             after_close=True, activity=False),
    KindSpec(Kind.VERSION_SWITCHED, Msg("version switched", "切换剧本版本"),
             (optional("from"), text("to"), REASON,
              Field("carried", _step_ids, Msg("a list of step ids", "步骤编号列表")),
              Field("dropped", _step_ids, Msg("a list of step ids", "步骤编号列表")),
              BACKDATE), _fold_switch, _check_switch, style="bold yellow", chart="level",
             seals=True),
    # The commander's choice between values two sites set at once (`runbook.merge`).
    KindSpec(Kind.CONFLICT_RESOLVED, Msg("conflict resolved", "冲突已裁定"),
             (text("about"), optional("step"), text("value"), REASON, BACKDATE),
             _fold_resolution, _check_resolution, style="bold yellow", seals=True),
)
SPECS: Final[Mapping[str, KindSpec]] = {s.kind.value: s for s in _SPECS}
assert set(SPECS) == {k.value for k in Kind}, "every kind has its entry"

ACTIVITY_KINDS: Final = frozenset(s.kind.value for s in _SPECS if s.activity)
STEP_KINDS: Final = frozenset(s.kind.value for s in _SPECS if s.about_step)
KIND_OF_VERB: Final[Mapping[Verb, Kind]] = {s.verb: s.kind for s in _SPECS if s.verb}


# A step's `done_by: {kind: NAME}`: the kind of event NAME stands for.
COMPLETING: Final[Mapping[str, Kind]] = {
    s.completes_as: s.kind for s in _SPECS if s.completes_as is not None}


def name(kind: str) -> Msg:
    """The kind as people read it (the stored word, for a kind this runbook does not know)."""
    found = SPECS.get(kind)
    return found.name if found is not None else Msg(kind, kind)
