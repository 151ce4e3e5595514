"""The incident screen's actions: which keys apply now, and what each one writes.

Every action builds one event and hands it to the record's thread; the dialog that asked
for it closes only once the event is stored, and the view changes only when it comes back.
When nobody said who acts, the first action asks first (`writes`). Standing down, closing
and lowering the level are confirmed by a key of their own, never by a reflexive Enter. The
summary is written by a worker thread while the screen stays live.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final, TypeVar

from textual.screen import Screen

from runbook import action_items, actions, fact_values, permissions
from runbook.errors import RefusedAction, RunbookError, UsageError
from runbook.events import Actor, Event
from runbook.i18n import Lang, Msg
from runbook.kinds import open_post_incident
from runbook.playbook import Fact, Library
from runbook.safetext import line
from runbook.status import IncidentView, StepStatus, next_due, open_decisions
from runbook.transitions import Verb
from runbook.vocabulary import LEVEL_IDS, SECTIONS
from tui import levels
from tui.context import Context
from tui.item_rows import NONE_YET, item_row
from tui.keys import key_for
from tui.lazy import lazy
from tui.model import IncidentModel
from tui.stepdetail import gate_text
from tui.texts import NOT_RECORDED, counted

if TYPE_CHECKING:  # the lists and their dialogs are imported when first opened
    from tui.screens import dialogs, form
    from tui.screens.form import Answer, Save
    from tui.screens.listing import ListScreen, Row
else:  # a dialog opens on a key, after the first frame (tui.lazy)
    dialogs, form = lazy("tui.screens.dialogs"), lazy("tui.screens.form")

NO_DECISION: Final = Msg("No decision is open.", "当前没有待决策的步骤。")
BY_ROSTER: Final = Msg("The roster says who acts here: the login {login}, as it lists it.",
                       "名册规定此处的操作人：登录名 {login}，以名册所列为准。")
OVERRIDE_HINT: Final = Msg("In the player: {key} records the next action as an emergency "
                           "override.", "在播放器中：按 {key} 将下一项操作记为紧急越权。")
OVERRIDE_TITLE: Final = Msg("Emergency override", "紧急越权")
OVERRIDE_INTRO: Final = Msg(
    "The next action you record is recorded even if the roster's roles do not allow it: "
    "then as an override with this reason, which the summary lists (an action your roles "
    "allow is recorded as usual). It holds for that one action. Use it only when nobody who "
    "may do it can be reached. Press ! again to take it back.",
    "你记录的下一项操作即使名册角色不允许也将被记录：此时作为紧急越权并附上此原因，总结报告将列出"
    "（角色允许的操作照常记录）。仅对该项操作有效。仅在无法联系任何有权限的人员时使用。"
    "再按 ! 可撤回。")
OVERRIDE_REASON: Final = Msg("Why (who could not be reached, what cannot wait)",
                             "原因（无法联系谁、什么不能等）")
OVERRIDE_NEEDS_REASON: Final = Msg("An override needs its reason.", "紧急越权须写明原因。")
ARMED: Final = Msg("Emergency override armed for the next action: recorded as one if your "
                   "roles do not allow it.",
                   "已为下一项操作启用紧急越权：如你的角色无权进行，将作为紧急越权记录。")
DISARMED: Final = Msg("Emergency override taken back.", "已撤回紧急越权。")
OVERRIDDEN: Final = Msg("Recorded as an emergency override; the summary lists it.",
                        "已作为紧急越权记录；总结报告将列出。")
NO_ROLES: Final = Msg("The roster lists nobody's roles: everyone may record everything, so "
                      "there is nothing to override.",
                      "名册未列出人员角色：所有人均可记录所有操作，无需紧急越权。")
SKIP: Final = Msg("Skip: {step}", "跳过：{step}")
BLOCK: Final = Msg("Blocked: {step}", "受阻：{step}")
REOPEN: Final = Msg("Reopen: {step}", "重新打开：{step}")
VENDOR: Final = Msg("Contact with the vendor", "与外包服务提供商的联系")
VENDOR_TEXT: Final = Msg("What was said or agreed", "沟通内容或约定")
STAND_DOWN: Final = Msg("Stand down", "应急结束")
STAND_DOWN_SURE: Final = (
    "Stand {id} down now, with {n} step still open and {overdue} overdue?\nReason: {reason}",
    "Stand {id} down now, with {n} steps still open and {overdue} overdue?\nReason: {reason}",
    "确认现在结束事件 {id} 的应急处置？仍有 {n} 个步骤未完成，其中 {overdue} 个已超时。\n"
    "原因：{reason}")
STAND_DOWN_DOES: Final = Msg("stand down", "结束应急处置")
_STAND_DOWN_AFTER: Final = (" Repeating steps stop falling due and the post-incident steps "
                            "start; until the close, the stand-down can be withdrawn. Say why "
                            "it ends.")
STAND_DOWN_Q: Final = (
    "End emergency handling of {id}? {n} step is still open, {overdue} overdue."
    + _STAND_DOWN_AFTER,
    "End emergency handling of {id}? {n} steps are still open, {overdue} of them overdue."
    + _STAND_DOWN_AFTER,
    "确认结束事件 {id} 的应急处置？仍有 {n} 个步骤未完成，其中 {overdue} 个已超时。"
    "重复性步骤将停止计时，后期处置步骤开始；关闭前可撤回。请写明结束的原因。")
CLOSE: Final = Msg("Close the incident", "关闭事件")
_CLOSE_AFTER: Final = " Afterwards only notes and evaluations can be added until it is reopened."
CLOSE_Q: Final = (
    "Close {id}? {n} step is still open." + _CLOSE_AFTER,
    "Close {id}? {n} steps are still open." + _CLOSE_AFTER,
    "确认关闭事件 {id}？仍有 {n} 个步骤未完成。关闭后只能添加备注和评估，除非重新打开。")
_FORCED_AFTER: Final = " Close anyway? Say why; the summary lists what was open at the close."
CLOSE_FORCED_Q: Final = (
    "{n} post-incident step of {id} is still open." + _FORCED_AFTER,
    "{n} post-incident steps of {id} are still open." + _FORCED_AFTER,
    "事件 {id} 仍有 {n} 个后期处置步骤未完成。仍要关闭？请写明原因；总结报告会列出关闭时"
    "未完成的步骤。")
CLOSE_SURE: Final = (
    "Close {id} now, with {n} post-incident step still open?\nReason: {reason}",
    "Close {id} now, with {n} post-incident steps still open?\nReason: {reason}",
    "确认现在关闭事件 {id}？仍有 {n} 个后期处置步骤未完成。\n原因：{reason}")
CLOSE_DOES: Final = Msg("close the incident", "关闭事件")
_LOWER: Final = ("Lower {id} from {old} to {new}? The steps and deadlines of {new} apply "
                 "from now; ")
LOWER_SURE: Final = (
    _LOWER + "{n} step is still open, {overdue} overdue.\nReason: {reason}",
    _LOWER + "{n} steps are still open, {overdue} of them overdue.\nReason: {reason}",
    "确认将事件 {id} 从{old}降为{new}？自现在起适用{new}的步骤和时限；仍有 {n} 个步骤"
    "未完成，其中 {overdue} 个已超时。\n原因：{reason}")
REOPEN_INCIDENT: Final = Msg("Reopen the incident", "重新打开事件")
SWITCH_VERSION: Final = Msg("Switch to the playbooks in force", "切换到当前剧本")
ALREADY_CURRENT: Final = Msg("This incident already plays the playbooks in force.",
                             "本事件已按当前剧本执行。")
EXPORTED: Final = Msg("Written to {path}", "已写入 {path}")  # the summary or a draft
NOT_OVERWRITTEN: Final = Msg("Nothing was exported: {path} was kept.", "未导出：已保留 {path}。")
EXPORT_BROKEN: Final = Msg("Warning: the record's hash chain is broken; the summary says so.",
                           "警告：记录的哈希链已损坏；报告中已注明。")
NOT_EXPORTED: Final = Msg("The summary was not written", "处置总结未能写入")
EXPORTING: Final = Msg("writing the summary ({fmt})…", "正在写入处置总结（{fmt}）……")
STILL_EXPORTING: Final = Msg("The summary is still being written; it says so when it is done.",
                             "处置总结仍在写入；完成后会提示。")
HANDED_OVER: Final = Msg("Handed over to {name}. Press {key} to act as {name} here.",
                         "已交接给 {name}。如由其在此终端继续操作，请按 {key}。")

NO_STEP: Final = Msg("No step is selected: move to one with ↑/↓ first.",
                     "未选中步骤：请先用 ↑/↓ 选择一个步骤。")
ANY_TEXT: Final = "…"  # what a probe of the rules writes where the responder would
FACTS_TITLE: Final = Msg("Facts of {id}", "事件 {id} 的事实项")
NO_FACTS: Final = Msg("This type of incident records no facts.", "该类型事件没有事实项。")
ITEMS_TITLE: Final = Msg("Action items of {id}", "事件 {id} 的整改事项")
NO_ITEM: Final = Msg("No action item is selected: add one with {key} first.",
                     "未选中整改事项：请先按 {key} 新增。")


Action = TypeVar("Action", bound=Callable[..., None])


def writes(action: Action) -> Action:
    """An action that records: it waits for the record, and when nobody said who acts in
    this terminal, asks once first (the answer holds for the session)."""

    @functools.wraps(action)
    def asking_first(self: IncidentActions) -> None:
        if self.model is None:
            return
        self.acting(lambda: action(self))

    return asking_first  # type: ignore[return-value]


class IncidentActions(Screen[None]):
    """The actions of the incident screen (which supplies the data and the drawing)."""

    ctx: Context
    lang: Lang
    incident_id: str
    group: str | None
    model: IncidentModel | None
    rows: dict[str, StepStatus]
    now: datetime
    _jump_after: int | None
    exporting: str | None = None  # the format of the summary being written, if one is
    listing: ListScreen | None = None  # the facts or action items list, while it is open
    override: str | None = None  # the reason of an emergency override armed for the next write
    _listing_rows: Callable[[], list[Row]] | None = None

    def show_busy(self, text: str | None) -> None:
        raise NotImplementedError

    def selected(self) -> StepStatus | None:
        raise NotImplementedError

    def refresh_view(self, *, select_next: bool = False) -> None:
        raise NotImplementedError

    # Every key runs its action (the footer offers those that apply, `footer_keys`); an
    # action that does not apply now says why, in the words of the rule that refuses it.

    def refused(self, probe: Callable[[], Event | Msg | None]) -> bool:
        """Whether the rules refuse what the key would record (`probe()`: the event, with
        `ANY_TEXT` for what a dialog would ask, or a Msg saying why there is none); if they
        do, say why in one line and record nothing."""
        model = self.model
        if model is None:
            return True  # until the record is read: every action waits for it
        try:
            found: Event | Msg | None = probe()
        except RunbookError as error:  # who acts is not the roster's (tui never decides it)
            found = error.message
        if found is None:
            return False
        if isinstance(found, Msg):
            why = found
        else:
            found = self.overriding(found)
            try:
                model.state.check(found)
            except RunbookError as error:
                why = error.message
                if isinstance(error, permissions.Overridable):  # the rule says it may be
                    why = why + Msg(" ", "") + OVERRIDE_HINT.format(
                        key=key_for("incident.override"))
            else:
                return False
        self.notify(line(why(self.lang)), severity="warning", timeout=8, markup=False)
        return True

    def overriding(self, event: Event) -> Event:
        """The event, as an emergency override if one is armed and the roles need it."""
        if self.override is None:
            return event
        return permissions.overridden(event, self.override, self.ctx.workspace.library)

    def _step_probe(self, verb: Verb) -> Callable[[], Event | Msg | None]:
        def probe() -> Event | Msg | None:
            row = self.selected()
            if row is None:
                return NO_STEP
            if row.step.decision is not None and verb == "done":
                option = row.step.decision.options[0].id
                return actions.decide(self.author(), self.incident_id, row.step.id, option,
                                      ANY_TEXT)
            return self.step_event(row.step.id, verb, ANY_TEXT)

        return probe


    # --- recording ------------------------------------------------------------------------

    def author(self) -> actions.Author:
        return self.ctx.workspace.author()

    def acting(self, then: Callable[[], None]) -> None:
        """`then()`, once it is known who acts: asked first if nobody said."""
        if not self.ctx.ask_who:
            then()
            return

        def chosen(answer: Answer) -> None:
            self._act_as(answer)
            then()

        self.app.push_screen(dialogs.identity(self.lang, self.ctx.workspace.actor, first=True),
                             dialogs.answer_or_none(chosen))

    def _act_as(self, answer: Answer) -> None:
        self.ctx.act_as(Actor(answer["name"], answer["group"] or None))
        self.refresh_view()  # the header says who acts

    def action_identity(self) -> None:
        if self.model is None:
            return
        workspace = self.ctx.workspace
        if workspace.identified:  # the login says who acts; another name would be refused
            self.notify(line(BY_ROSTER.format(login=workspace.login or "?")(self.lang)),
                        timeout=6, markup=False)
            return
        self.app.push_screen(dialogs.identity(self.lang, self.ctx.workspace.actor),
                             dialogs.answer_or_none(self._act_as))

    def step_event(self, step_id: str, verb: Verb, note: str = "") -> Event:
        return actions.step(self.author(), self.incident_id, step_id, verb,
                            note)

    def saver(self, build: Callable[[Answer], Event], *, jump: bool = False) -> Save:
        """The save of a dialog: record the event; the dialog closes only once it is stored."""

        async def save(answer: Answer) -> Event:
            stored = await self.ctx.record.append(self.overriding(build(answer)))
            self._written(stored, jump)
            return stored

        return save

    def quick(self, event: Event, *, jump: bool = False) -> None:
        """Record an action that needs no dialog; explain if it was not recorded."""

        async def record() -> None:
            try:
                stored = await self.ctx.record.append(self.overriding(event))
            except RunbookError as error:
                self.app.push_screen(dialogs.error(NOT_RECORDED(self.lang),
                                                   error.text(self.lang), self.lang))
                return
            self._written(stored, jump)

        self.run_worker(record(), group="write", exit_on_error=False)

    def _written(self, stored: Event, jump: bool) -> None:
        if self.override is not None:  # armed for the next action: this one
            self.override = None
            if permissions.override_reason(stored) is not None:
                self.notify(line(OVERRIDDEN(self.lang)), severity="warning", timeout=8,
                            markup=False)
            self.refresh_view()
        if not jump:
            return
        model = self.model
        if model is not None and model.last_seq >= stored.seq:
            self.refresh_view(select_next=True)
        else:
            self._jump_after = stored.seq

    def action_override(self) -> None:
        """Arm an emergency override for the next action, asking its reason first."""
        if self.model is None:
            return
        if not self.ctx.workspace.library.roster.has_people:
            self.notify(line(NO_ROLES(self.lang)), timeout=6, markup=False)
            return
        if self.override is not None:  # pressed again: disarmed
            self.override = None
            self.notify(line(DISARMED(self.lang)), timeout=4, markup=False)
            self.refresh_view()
            return

        def armed(answer: Answer) -> None:
            self.override = str(answer["reason"]).strip()
            self.notify(line(ARMED(self.lang)), severity="warning", timeout=8, markup=False)
            self.refresh_view()

        self.app.push_screen(form.FormDialog(
            title=OVERRIDE_TITLE(self.lang), lang=self.lang, intro=OVERRIDE_INTRO(self.lang),
            id="override", fields=[form.Field(
                "reason", OVERRIDE_REASON(self.lang), required=True,
                missing=OVERRIDE_NEEDS_REASON(self.lang))]), dialogs.answer_or_none(armed))

    # --- step actions ---------------------------------------------------------------------

    @writes
    def action_done(self) -> None:
        row = self.selected()
        if self.refused(self._step_probe("done")) or row is None:
            return
        if row.step.decision is not None:
            self._decide(row)
            return
        self.quick(self.step_event(row.step.id, "done"), jump=True)

    @writes
    def action_start(self) -> None:
        row = self.selected()
        if not self.refused(self._step_probe("start")) and row is not None:
            self.quick(self.step_event(row.step.id, "start"))

    def _with_reason(self, verb: Verb, title: Msg, *, jump: bool) -> None:
        row = self.selected()
        if self.refused(self._step_probe(verb)) or row is None:
            return
        step_id = row.step.id
        self.app.push_screen(dialogs.reason(
            title.format(step=row.step.title(self.lang))(self.lang), self.lang,
            self.saver(lambda a: self.step_event(step_id, verb, note=a["reason"]), jump=jump)))

    @writes
    def action_skip(self) -> None:
        self._with_reason("skip", SKIP, jump=True)

    @writes
    def action_block(self) -> None:
        self._with_reason("block", BLOCK, jump=False)

    @writes
    def action_reopen_step(self) -> None:
        self._with_reason("reopen", REOPEN, jump=False)

    def _decision_target(self) -> StepStatus | None:
        row = self.selected()
        if row is not None and row.step.decision is not None and row.is_open:
            return row
        visible = [r for r in self.rows.values()
                   if self.group is None or r.step.group == self.group]
        candidates = open_decisions(visible)
        return next_due(candidates) or (candidates[0] if candidates else None)

    @writes
    def action_decide(self) -> None:
        def probe() -> Event | Msg:
            row = self._decision_target()
            if row is None or row.step.decision is None:
                return NO_DECISION
            return actions.decide(self.author(), self.incident_id, row.step.id,
                                  row.step.decision.options[0].id, ANY_TEXT)

        row = self._decision_target()
        if not self.refused(probe) and row is not None:
            self._decide(row)

    def _decide(self, row: StepStatus) -> None:
        step_id = row.step.id
        model = self.model
        found = gate_text(step_id, model.playbook, model.incident,
                          self.ctx.workspace.library.settings, self.now,
                          self.lang) if model is not None else None
        self.app.push_screen(dialogs.decision(row.step, self.lang, self.saver(
            lambda a: actions.decide(self.author(), self.incident_id, step_id,
                                       a["option"], a["rationale"]), jump=True), found))

    # --- incident actions -----------------------------------------------------------------

    @writes
    def action_note(self) -> None:
        if self.refused(lambda: None):
            return
        def build(a: Answer) -> Event:
            return actions.note(self.author(), self.incident_id, a["text"],
                                a.get("group") or None)

        # For everyone unless a group is chosen in the dialog (not the group shown).
        self.app.push_screen(dialogs.note(self.lang, self.saver(build), None))

    @writes
    def action_level(self) -> None:
        model = self.model

        def probe() -> Event:
            assert model is not None
            current = model.incident.level
            other = next(lv for lv in LEVEL_IDS if lv != current)
            return actions.level_change(self.author(), self.incident_id, other, ANY_TEXT)

        if self.refused(probe) or model is None:
            return
        incident = model.incident
        view = model.view(self.now)

        def lowering(answer: Answer) -> str | None:
            """A lower level is confirmed by its own key; a higher one needs no more."""
            new = answer["level"]
            if LEVEL_IDS.index(new) <= LEVEL_IDS.index(incident.level):
                return None
            return counted(
                self._still_open(view), *LOWER_SURE, id=self.incident_id,
                old=levels.name(incident.level, self.lang), new=levels.name(new, self.lang),
                overdue=view.overdue, reason=answer["reason"])(self.lang)

        self.app.push_screen(dialogs.level(
            self.lang, self.saver(lambda a: actions.level_change(
                self.author(), self.incident_id, a["level"], a["reason"]), jump=True),
            self.ctx.workspace.library.settings, incident.level, view.proposed_level,
            confirm=lowering))

    @staticmethod
    def _still_open(view: IncidentView) -> int:
        return sum(1 for r in view.applying if r.is_open)

    @writes
    def action_report(self) -> None:
        if self.refused(lambda: actions.report(self.author(), self.incident_id, "head",
                                               ANY_TEXT)):
            return
        self.app.push_screen(dialogs.report(self.lang, self.saver(
            lambda a: actions.report(self.author(), self.incident_id, a["to"],
                                     a["text"]))))

    @writes
    def action_vendor(self) -> None:
        if self.refused(lambda: actions.vendor_contact(self.author(), self.incident_id,
                                                       ANY_TEXT)):
            return
        self.app.push_screen(dialogs.text_only(
            VENDOR(self.lang), VENDOR_TEXT(self.lang), self.lang,
            self.saver(lambda a: actions.vendor_contact(self.author(), self.incident_id,
                                                        a["text"]))))

    @writes
    def action_handover(self) -> None:
        if self.refused(lambda: actions.handover(self.author(), self.incident_id, ANY_TEXT,
                                                 ANY_TEXT)):
            return
        def handed(answer: Answer) -> None:
            said = HANDED_OVER.format(name=answer["to"], key=key_for("incident.who"))
            self.notify(line(said(self.lang)), timeout=10,
                        markup=False)  # the name as typed: text, never markup

        self.app.push_screen(dialogs.handover(self.lang, self.saver(
            lambda a: actions.handover(self.author(), self.incident_id, a["to"],
                                       a["text"]))),
            dialogs.answer_or_none(handed))

    @writes
    def action_stand_down(self) -> None:
        model = self.model
        if self.refused(lambda: actions.stand_down(self.author(), self.incident_id,
                                                   ANY_TEXT)) or model is None:
            return
        view = model.view(self.now)
        still_open = self._still_open(view)
        question = counted(still_open, *STAND_DOWN_Q, id=self.incident_id,
                           overdue=view.overdue)

        def sure(answer: Answer) -> str:
            return counted(still_open, *STAND_DOWN_SURE, id=self.incident_id,
                           overdue=view.overdue, reason=answer["reason"])(self.lang)

        self.app.push_screen(dialogs.reason(
            STAND_DOWN(self.lang), self.lang, self.saver(
                lambda a: actions.stand_down(self.author(), self.incident_id, a["reason"]),
                jump=True), intro=question(self.lang), confirm=sure,
            confirm_key=dialogs.YES_KEY,
            confirm_hint=form.key_hint(dialogs.YES_KEY, STAND_DOWN_DOES(self.lang), self.lang)))

    @writes
    def action_close(self) -> None:
        model = self.model
        if self.refused(lambda: actions.close(self.author(), self.incident_id, force=True,
                                              reason=ANY_TEXT)) or model is None:
            return
        still_open = sum(1 for r in self.rows.values() if r.is_open)
        post = open_post_incident(model.incident, model.playbook)
        does = CLOSE_DOES(self.lang)
        if post:  # the rules refuse a plain close: closing anyway says why
            question = counted(len(post), *CLOSE_FORCED_Q, id=self.incident_id)

            def sure(answer: Answer) -> str:
                return counted(len(post), *CLOSE_SURE, id=self.incident_id,
                               reason=answer["reason"])(self.lang)

            self.app.push_screen(dialogs.reason(CLOSE(self.lang), self.lang, self.saver(
                lambda a: actions.close(self.author(), self.incident_id, force=True,
                                        reason=a["reason"])), intro=question(self.lang),
                confirm=sure, confirm_key=dialogs.YES_KEY,
                confirm_hint=form.key_hint(dialogs.YES_KEY, does, self.lang)))
            return
        self.app.push_screen(dialogs.confirm_by_key(
            CLOSE(self.lang), counted(still_open, *CLOSE_Q, id=self.incident_id)(self.lang),
            does, self.lang, self.saver(lambda a: actions.close(self.author(),
                                                                self.incident_id))))

    @writes
    def action_reopen_incident(self) -> None:
        if self.refused(lambda: actions.reopen(self.author(), self.incident_id, ANY_TEXT)):
            return
        self.app.push_screen(dialogs.reason(REOPEN_INCIDENT(self.lang), self.lang, self.saver(
            lambda a: actions.reopen(self.author(), self.incident_id, a["reason"]))))

    def _switch(self, reason: str) -> Event | Msg:
        """The switch to the library in force, naming the done steps it carries over."""
        from runbook import versions
        from runbook.version_diff import switch_carries

        model = self.model
        assert model is not None
        incident, current = model.incident, model.state.current
        now = versions.digest(current)
        if incident.version == now:
            return ALREADY_CURRENT
        carried, dropped = switch_carries(incident, current)
        return actions.version_switch(self.author(), self.incident_id, incident.version, now,
                                      reason, carried, dropped)

    def _switch_preview(self) -> str:
        """What the switch will do to the done steps, as the event will record it."""
        from runbook import versions
        from runbook.version_diff import switch_carries, switch_preview

        model = self.model
        assert model is not None
        current = model.state.current
        carried, dropped = switch_carries(model.incident, current)
        return switch_preview(versions.short(versions.digest(current)), carried,
                              dropped)(self.lang)

    @writes
    def action_switch_version(self) -> None:
        if self.refused(lambda: self._switch(ANY_TEXT)):
            return

        def build(answer: Answer) -> Event:
            found = self._switch(answer["reason"])
            if isinstance(found, Msg):
                raise RefusedAction(found)
            return found

        self.app.push_screen(dialogs.reason(SWITCH_VERSION(self.lang), self.lang,
                                            self.saver(build), intro=self._switch_preview()))

    @writes
    def action_evaluation(self) -> None:
        if self.refused(lambda: None):
            return
        sections = [(s.id, s.title) for s in SECTIONS]
        self.app.push_screen(dialogs.evaluation(self.lang, self.saver(
            lambda a: actions.evaluation(self.author(), self.incident_id, a["section"],
                                         a["text"])),
            sections))

    # --- the lists: facts and action items ---------------------------------------------------

    def _open_list(self, screen: ListScreen, rows: Callable[[], list[Row]]) -> None:
        self.listing, self._listing_rows = screen, rows

        def closed(_: None) -> None:
            self.listing = self._listing_rows = None

        self.app.push_screen(screen, closed)

    def refresh_listing(self) -> None:
        """The record changed: the open list shows it as it stands now."""
        screen, rows = self.listing, self._listing_rows
        if screen is not None and rows is not None and screen.is_attached:
            screen.show(rows())

    def _fact_rows(self) -> list[Row]:
        from tui.fact_rows import fact_rows  # the summary's figures: only once asked for

        model = self.model
        if model is None:
            return []
        return [(r.fact, r.text) for r in fact_rows(model.incident, model.playbook,
                                                     model.events, self.lang)]

    def _item_rows(self) -> list[Row]:
        model = self.model
        if model is None:
            return []
        today = self.now.date()
        return [(str(item.number), item_row(item, today, self.lang))
                for item in model.incident.action_items]

    def action_facts(self) -> None:
        model = self.model
        if model is None or self.refused(lambda: NO_FACTS if not model.playbook.facts
                                         else None):
            return
        from tui.screens.listing import FactsScreen

        self._open_list(FactsScreen(
            FACTS_TITLE.format(id=self.incident_id)(self.lang), self._fact_rows(), self.lang,
            self._on_facts, id="facts"), self._fact_rows)

    def _on_facts(self, action: str, fact_id: str | None) -> None:
        model = self.model
        fact = model.playbook.fact(fact_id) if model is not None and fact_id else None
        if action == "record" and fact is not None:
            self.acting(lambda: self._record_fact(fact))

    def _probe_value(self, fact: Fact) -> object:
        """A value `fact` takes, for asking the rules whether a fact can be recorded now."""
        sample = {"time": self.now.isoformat(), "integer": "0", "amount": "0"}.get(
            fact.type, fact.options[0].id if fact.options else ANY_TEXT)
        return fact_values.parse(fact, sample, self.now)

    def _record_fact(self, fact: Fact) -> None:
        model = self.model
        if model is None or self.refused(lambda: actions.fact(
                self.author(), self.incident_id, fact.id, self._probe_value(fact))):
            return
        current = model.incident.facts.get(fact.id)
        shown = fact_values.shown(fact, current.value, self.lang) if current else ""
        typed = fact_values.typed(fact, current.value) if current else ""
        clock = self.ctx.workspace.clock
        from tui.screens import record_dialogs

        def build(answer: Answer) -> Event:
            try:
                value = fact_values.parse(fact, record_dialogs.fact_text(fact, answer),
                                          clock.now())
            except fact_values.FactValueError as error:
                raise UsageError(error.message) from None
            return actions.fact(self.author(), self.incident_id, fact.id, value,
                                answer.get("note", ""))

        self.app.push_screen(record_dialogs.fact_dialog(fact, current, shown, typed, self.lang,
                                                        self.saver(build)))

    def action_action_items(self) -> None:
        if self.model is None or self.refused(lambda: None):
            return
        from tui.screens.listing import ItemsScreen

        self._open_list(ItemsScreen(
            ITEMS_TITLE.format(id=self.incident_id)(self.lang), self._item_rows(), self.lang,
            self._on_items, empty=NONE_YET(self.lang), id="action-items"), self._item_rows)

    def _on_items(self, action: str, number: str | None) -> None:
        if action == "add":
            self.acting(self._add_item)
        elif action in ("done", "drop"):
            self.acting(lambda: self._resolve_item(number, action_items.VERBS[action]))

    def _add_item(self) -> None:
        today = self.now.date()
        if self.refused(lambda: actions.action_item(self.author(), self.incident_id, ANY_TEXT,
                                                    ANY_TEXT, today)):
            return
        clock = self.ctx.workspace.clock
        from tui.screens import record_dialogs

        def due_problem(text: str) -> str | None:
            try:
                action_items.parse_due(text)
            except UsageError as error:
                return error.text(self.lang)
            return None

        def build(answer: Answer) -> Event:
            return actions.action_item(self.author(), self.incident_id, answer["text"],
                                       answer["owner"], action_items.parse_due(answer["due"]))

        def added(answer: Answer) -> None:
            warning = action_items.past_due_warning(action_items.parse_due(answer["due"]),
                                                    clock.now())
            if warning is not None:
                self.notify(warning(self.lang), severity="warning", timeout=8, markup=False)

        self.app.push_screen(record_dialogs.add_item(self.lang, self.saver(build), due_problem),
                             dialogs.answer_or_none(added))

    def _resolve_item(self, number: str | None, outcome: str) -> None:
        model = self.model
        if model is None:
            return
        if number is None:
            self.refused(lambda: NO_ITEM.format(key=key_for("items.add")))
            return
        n = int(number)
        if self.refused(lambda: actions.action_resolved(self.author(), self.incident_id, n,
                                                        outcome, ANY_TEXT)):
            return
        item = model.incident.action_items[n - 1]
        from tui.screens import record_dialogs

        self.app.push_screen(record_dialogs.resolve_item(item, outcome, self.lang, self.saver(
            lambda a: actions.action_resolved(self.author(), self.incident_id, n, outcome,
                                              a["note"]))))

    def action_export(self) -> None:
        # The exporter is imported when first asked for: it is not needed to start.
        from tui.exporting import FORMATS, file_name

        if self.refused(lambda: STILL_EXPORTING if self.exporting is not None else None):
            return
        folder = self.ctx.workspace.export_folder

        def chosen(answer: Answer) -> None:
            fmt = answer["format"] or "md"
            self.export_summary(fmt, Path(answer["folder"] or folder))

        self.app.push_screen(
            dialogs.export(self.lang, FORMATS, folder,
                           lambda fmt: file_name(self.incident_id, fmt)),
            dialogs.answer_or_none(chosen))

    def export_summary(self, fmt: str, folder: Path, *, name: str | None = None,
                       replace: bool = False) -> None:
        """Write the summary of the events on screen into `folder`, in a worker thread
        (10,000 events take about a second); say where once it is written, also if the
        responder has left the screen meanwhile. A file there already is kept: the
        responder is asked for a new name or to overwrite it."""
        model = self.model
        if model is None or self.exporting is not None:
            return
        self.exporting = fmt
        self.show_busy(EXPORTING.format(fmt=fmt)(self.lang))
        workspace = self.ctx.workspace
        # The version of the plan the incident plays, not necessarily the one in force.
        self.app.run_worker(self._export(list(model.events), model.state.library,
                                         workspace.clock.now(), fmt, folder, name, replace),
                            name="export", group="export", exit_on_error=False)

    async def _export(self, events: Sequence[Event], library: Library, now: datetime,
                      fmt: str, folder: Path, name: str | None, replace: bool) -> None:
        from tui import exporting  # the exporter: only once asked for

        app, lang = self.app, self.lang
        try:
            path, chain = await asyncio.to_thread(
                exporting.export_summary, events, library, now, fmt, lang, folder,
                name=name, replace=replace)
        except exporting.SummaryExists as there:
            instead = await asyncio.to_thread(exporting.free_name, there.path,
                                              events[0].incident_id, fmt)
            self._exists(there.path, instead, fmt)
            return
        except RunbookError as error:
            app.push_screen(dialogs.error(NOT_EXPORTED(lang), error.text(lang), lang))
            return
        except Exception as error:  # a bug in the exporter: say so, never a traceback
            app.push_screen(dialogs.error(NOT_EXPORTED(lang), f"{type(error).__name__}: {error}",
                                          lang))
            return
        finally:
            self.exporting = None
            if self.is_attached:
                self.show_busy(None)
        app.notify(line(EXPORTED.format(path=str(path))(lang)), timeout=15, markup=False)
        if not chain.ok:
            app.notify(EXPORT_BROKEN(lang), severity="warning", timeout=10, markup=False)

    def _exists(self, path: Path, instead: Path, fmt: str) -> None:
        """The summary's file is there: write it under a new name, or over it, if asked."""
        app, lang = self.app, self.lang

        def answered(answer: Answer | None) -> None:
            choice = answer.get("key") if answer is not None else None
            if choice == "new":
                self.export_summary(fmt, instead.parent, name=instead.name)
            elif choice == "overwrite":
                self.export_summary(fmt, path.parent, name=path.name, replace=True)
            else:
                app.notify(line(NOT_OVERWRITTEN.format(path=str(path))(lang)), timeout=10,
                           markup=False)

        app.push_screen(dialogs.exists(lang, path, instead), answered)
