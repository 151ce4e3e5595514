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
from typing import Final, TypeVar

from textual.screen import Screen

from runbook import actions, transitions
from runbook.errors import RunbookError
from runbook.events import Actor, Event
from runbook.i18n import Lang, Msg
from runbook.kinds import open_post_incident
from runbook.playbook import Library
from runbook.safetext import line
from runbook.status import StepStatus, next_due, open_decisions
from runbook.transitions import Verb
from runbook.vocabulary import LEVEL_IDS, SECTIONS
from tui import levels
from tui.context import Context
from tui.keys import key_for
from tui.model import IncidentModel
from tui.screens import dialogs
from tui.screens.form import Answer, Save, key_hint
from tui.texts import NOT_RECORDED

NO_DECISION: Final = Msg("No decision is open.", "当前没有待决策的步骤。")
SKIP: Final = Msg("Skip: {step}", "跳过：{step}")
BLOCK: Final = Msg("Blocked: {step}", "受阻：{step}")
REOPEN: Final = Msg("Reopen: {step}", "重新打开：{step}")
VENDOR: Final = Msg("Contact with the vendor", "与外包服务提供商的联系")
VENDOR_TEXT: Final = Msg("What was said or agreed", "沟通内容或约定")
STAND_DOWN: Final = Msg("Stand down", "应急结束")
STAND_DOWN_SURE: Final = Msg(
    "Stand {id} down now, with {open} steps still open and {overdue} overdue?\nReason: {reason}",
    "确认现在结束事件 {id} 的应急处置？仍有 {open} 个步骤未完成，其中 {overdue} 个已超时。\n"
    "原因：{reason}")
STAND_DOWN_DOES: Final = Msg("stand down", "结束应急处置")
STAND_DOWN_Q: Final = Msg(
    "End emergency handling of {id}? {open} steps are still open, {overdue} of them overdue. "
    "Repeating steps stop falling due and the post-incident steps start; until the close, "
    "the stand-down can be withdrawn. Say why it ends.",
    "确认结束事件 {id} 的应急处置？仍有 {open} 个步骤未完成，其中 {overdue} 个已超时。"
    "重复性步骤将停止计时，后期处置步骤开始；关闭前可撤回。请写明结束的原因。")
CLOSE: Final = Msg("Close the incident", "关闭事件")
CLOSE_Q: Final = Msg(
    "Close {id}? {open} steps are still open. Afterwards only notes and evaluations can be "
    "added until it is reopened.",
    "确认关闭事件 {id}？仍有 {open} 个步骤未完成。关闭后只能添加备注和评估，除非重新打开。")
CLOSE_FORCED_Q: Final = Msg(
    "{open} post-incident steps of {id} are still open. Close anyway? Say why; the summary "
    "lists what was open at the close.",
    "事件 {id} 仍有 {open} 个后期处置步骤未完成。仍要关闭？请写明原因；总结报告会列出关闭时"
    "未完成的步骤。")
CLOSE_SURE: Final = Msg(
    "Close {id} now, with {open} post-incident steps still open?\nReason: {reason}",
    "确认现在关闭事件 {id}？仍有 {open} 个后期处置步骤未完成。\n原因：{reason}")
CLOSE_DOES: Final = Msg("close the incident", "关闭事件")
LOWER_SURE: Final = Msg(
    "Lower {id} from {old} to {new}? The steps and deadlines of {new} apply from now; "
    "{open} steps are open, {overdue} of them overdue.\nReason: {reason}",
    "确认将事件 {id} 从{old}降为{new}？自现在起适用{new}的步骤和时限；仍有 {open} 个步骤"
    "未完成，其中 {overdue} 个已超时。\n原因：{reason}")
REOPEN_INCIDENT: Final = Msg("Reopen the incident", "重新打开事件")
EXPORTED: Final = Msg("Summary written to {path}", "处置总结已写入 {path}")
NOT_OVERWRITTEN: Final = Msg("Nothing was exported: {path} was kept.", "未导出：已保留 {path}。")
EXPORT_BROKEN: Final = Msg("Warning: the record's hash chain is broken; the summary says so.",
                           "警告：记录的哈希链已损坏；报告中已注明。")
NOT_EXPORTED: Final = Msg("The summary was not written", "处置总结未能写入")
EXPORTING: Final = Msg("writing the summary ({fmt})…", "正在写入处置总结（{fmt}）……")
STILL_EXPORTING: Final = Msg("The summary is still being written; it says so when it is done.",
                             "处置总结仍在写入；完成后会提示。")
HANDED_OVER: Final = Msg("Handed over to {name}. Press {key} to act as {name} here.",
                         "已交接给 {name}。如由其在此终端继续操作，请按 {key}。")

STEP_ACTIONS: Final = frozenset({"done", "start", "skip", "block", "reopen_step"})
WHILE_OPEN: Final = STEP_ACTIONS | {"decide", "level", "report", "vendor", "handover",
                                     "stand_down", "close"}
NEED_MODEL: Final = WHILE_OPEN | {"note", "reopen_incident", "group", "later", "evaluation",
                                   "export"}


# The verb each step key records (`d` on a decision step decides).
VERB_OF_ACTION: Final[dict[str, Verb]] = {
    "done": "done", "start": "start", "skip": "skip", "block": "block",
    "reopen_step": "reopen",
}


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


def allowed(action: str, row: StepStatus) -> bool:
    """Whether a step key applies to the step: the transitions table says."""
    verb = VERB_OF_ACTION.get(action)
    if verb is None:
        return True
    if verb == "done" and row.step.decision is not None:
        verb = "decide"
    return transitions.allowed(verb, row.record.state, row.step, applies=row.applies)


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

    def show_busy(self, text: str | None) -> None:
        raise NotImplementedError

    def selected(self) -> StepStatus | None:
        raise NotImplementedError

    def refresh_view(self, *, select_next: bool = False) -> None:
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        model = self.model
        if action not in NEED_MODEL:
            return True
        if model is None:
            # Until the record is read: shown as usable (so the footer is not drawn twice
            # at start), but every action waits for the model (`loaded`).
            return True
        incident = model.incident
        if action == "reopen_incident":
            return True if incident.is_closed else None
        if incident.is_closed and action in WHILE_OPEN:
            return None
        if action == "stand_down":
            return True if incident.stand_down_at is None else None
        if action in STEP_ACTIONS:
            row = self.selected()
            return True if row is not None and allowed(action, row) else None
        if action == "decide":
            return True if self._decision_target() is not None else None
        return True


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
        self.app.push_screen(dialogs.identity(self.lang, self.ctx.workspace.actor),
                             dialogs.answer_or_none(self._act_as))

    def step_event(self, step_id: str, verb: Verb, note: str = "") -> Event:
        return actions.step(self.author(), self.incident_id, step_id, verb,
                            note)

    def saver(self, build: Callable[[Answer], Event], *, jump: bool = False) -> Save:
        """The save of a dialog: record the event; the dialog closes only once it is stored."""

        async def save(answer: Answer) -> Event:
            stored = await self.ctx.record.append(build(answer))
            self._written(stored, jump)
            return stored

        return save

    def quick(self, event: Event, *, jump: bool = False) -> None:
        """Record an action that needs no dialog; explain if it was not recorded."""

        async def record() -> None:
            try:
                stored = await self.ctx.record.append(event)
            except RunbookError as error:
                self.app.push_screen(dialogs.error(NOT_RECORDED(self.lang),
                                                   error.text(self.lang), self.lang))
                return
            self._written(stored, jump)

        self.run_worker(record(), group="write", exit_on_error=False)

    def _written(self, stored: Event, jump: bool) -> None:
        if not jump:
            return
        model = self.model
        if model is not None and model.last_seq >= stored.seq:
            self.refresh_view(select_next=True)
        else:
            self._jump_after = stored.seq

    # --- step actions ---------------------------------------------------------------------

    @writes
    def action_done(self) -> None:
        row = self.selected()
        if row is None or not allowed("done", row):
            return
        if row.step.decision is not None:
            self._decide(row)
            return
        self.quick(self.step_event(row.step.id, "done"), jump=True)

    @writes
    def action_start(self) -> None:
        row = self.selected()
        if row is not None:
            self.quick(self.step_event(row.step.id, "start"))

    def _with_reason(self, verb: Verb, title: Msg, *, jump: bool) -> None:
        row = self.selected()
        if row is None:
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
        row = self._decision_target()
        if row is None:
            self.notify(NO_DECISION(self.lang), markup=False)
            return
        self._decide(row)

    def _decide(self, row: StepStatus) -> None:
        step_id = row.step.id
        self.app.push_screen(dialogs.decision(row.step, self.lang, self.saver(
            lambda a: actions.decide(self.author(), self.incident_id, step_id,
                                       a["option"], a["rationale"]), jump=True)))

    # --- incident actions -----------------------------------------------------------------

    @writes
    def action_note(self) -> None:
        def build(a: Answer) -> Event:
            return actions.note(self.author(), self.incident_id, a["text"],
                                a.get("group") or None)

        self.app.push_screen(dialogs.note(self.lang, self.saver(build), self.group))

    @writes
    def action_level(self) -> None:
        model = self.model
        if model is None:
            return
        incident = model.incident
        view = model.view(self.now)

        def lowering(answer: Answer) -> str | None:
            """A lower level is confirmed by its own key; a higher one needs no more."""
            new = answer["level"]
            if LEVEL_IDS.index(new) <= LEVEL_IDS.index(incident.level):
                return None
            return LOWER_SURE.format(
                id=self.incident_id, old=levels.name(incident.level, self.lang),
                new=levels.name(new, self.lang), open=self._still_open(),
                overdue=view.overdue, reason=answer["reason"])(self.lang)

        self.app.push_screen(dialogs.level(
            self.lang, self.saver(lambda a: actions.level_change(
                self.author(), self.incident_id, a["level"], a["reason"]), jump=True),
            self.ctx.workspace.library.settings, incident.level, view.proposed_level,
            confirm=lowering))

    def _still_open(self) -> int:
        model = self.model
        if model is None:
            return 0
        return sum(1 for r in model.view(self.now).applying if r.is_open)

    @writes
    def action_report(self) -> None:
        self.app.push_screen(dialogs.report(self.lang, self.saver(
            lambda a: actions.report(self.author(), self.incident_id, a["to"],
                                     a["text"]))))

    @writes
    def action_vendor(self) -> None:
        self.app.push_screen(dialogs.text_only(
            VENDOR(self.lang), VENDOR_TEXT(self.lang), self.lang,
            self.saver(lambda a: actions.vendor_contact(self.author(), self.incident_id,
                                                        a["text"]))))

    @writes
    def action_handover(self) -> None:
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
        if model is None:
            return
        view = model.view(self.now)
        still_open = self._still_open()
        question = STAND_DOWN_Q.format(id=self.incident_id, open=still_open,
                                       overdue=view.overdue)

        def sure(answer: Answer) -> str:
            return STAND_DOWN_SURE.format(id=self.incident_id, open=still_open,
                                          overdue=view.overdue,
                                          reason=answer["reason"])(self.lang)

        self.app.push_screen(dialogs.reason(
            STAND_DOWN(self.lang), self.lang, self.saver(
                lambda a: actions.stand_down(self.author(), self.incident_id, a["reason"]),
                jump=True), intro=question(self.lang), confirm=sure,
            confirm_key=dialogs.YES_KEY,
            confirm_hint=key_hint(dialogs.YES_KEY, STAND_DOWN_DOES(self.lang), self.lang)))

    @writes
    def action_close(self) -> None:
        model = self.model
        if model is None:
            return
        still_open = sum(1 for r in self.rows.values() if r.is_open)
        post = open_post_incident(model.incident, model.playbook)
        does = CLOSE_DOES(self.lang)
        if post:  # the rules refuse a plain close: closing anyway says why
            question = CLOSE_FORCED_Q.format(id=self.incident_id, open=len(post))

            def sure(answer: Answer) -> str:
                return CLOSE_SURE.format(id=self.incident_id, open=len(post),
                                         reason=answer["reason"])(self.lang)

            self.app.push_screen(dialogs.reason(CLOSE(self.lang), self.lang, self.saver(
                lambda a: actions.close(self.author(), self.incident_id, force=True,
                                        reason=a["reason"])), intro=question(self.lang),
                confirm=sure, confirm_key=dialogs.YES_KEY,
                confirm_hint=key_hint(dialogs.YES_KEY, does, self.lang)))
            return
        self.app.push_screen(dialogs.confirm_by_key(
            CLOSE(self.lang), CLOSE_Q.format(id=self.incident_id, open=still_open)(self.lang),
            does, self.lang, self.saver(lambda a: actions.close(self.author(),
                                                                self.incident_id))))

    @writes
    def action_reopen_incident(self) -> None:
        self.app.push_screen(dialogs.reason(REOPEN_INCIDENT(self.lang), self.lang, self.saver(
            lambda a: actions.reopen(self.author(), self.incident_id, a["reason"]))))

    @writes
    def action_evaluation(self) -> None:
        sections = [(s.id, s.title) for s in SECTIONS]
        self.app.push_screen(dialogs.evaluation(self.lang, self.saver(
            lambda a: actions.evaluation(self.author(), self.incident_id, a["section"],
                                         a["text"])),
            sections))

    def action_export(self) -> None:
        # The exporter is imported when first asked for: it is not needed to start.
        from tui.exporting import FORMATS, file_name

        if self.model is None:
            return
        if self.exporting is not None:
            self.notify(STILL_EXPORTING(self.lang), markup=False)
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
        self.app.run_worker(self._export(list(model.events), workspace.library,
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
