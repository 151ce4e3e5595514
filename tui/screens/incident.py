"""One incident: the steps that apply now, their deadlines, the plan clause, the timeline.

What the keys record is in `incident_actions`; this module reads the record and draws it. The
view changes only when an event (this terminal's or another's) comes back from the store.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar, Final

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import DescendantFocus

from runbook.errors import RunbookError
from runbook.escalation import Proposal
from runbook.events import Event
from runbook.i18n import Msg
from runbook.state import IncidentState
from runbook.status import StepStatus
from tui import attention, footer, steprows
from tui.context import Context
from tui.event_pages import EventPages
from tui.eventrows import detail as event_detail
from tui.eventrows import step_groups
from tui.keys import INCIDENT_KEYS, bindings, key_for, localise
from tui.lazy import lazy
from tui.link_lines import link_words
from tui.messages import EventsArrived, IncidentLoaded, IncidentMissing, LinkState, Ticked
from tui.model import IncidentModel
from tui.screens import filters
from tui.screens.incident_actions import IncidentActions
from tui.service import Opened
from tui.stepdetail import step_detail
from tui.texts import ALL, counted
from tui.widgets.header import IncidentHeader
from tui.widgets.keybar import KeyBar
from tui.widgets.quiet import Quiet
from tui.widgets.rowlist import RowList
from tui.widgets.search import Searchable, SearchBar
from tui.widgets.steplist import StepList
from tui.widgets.textpane import TextPane
from tui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from sync.status_file import LinkStatus
    from tui.screens import dialogs, form, reader, timeline
    from tui.screens.form import Answer
    from tui.screens.timeline import TimelineScreen
else:  # opened by a key: loaded then, not before the first frame (tui.lazy)
    dialogs, form = lazy("tui.screens.dialogs"), lazy("tui.screens.form")
    reader, timeline = lazy("tui.screens.reader"), lazy("tui.screens.timeline")

TIMELINE: Final = Msg("Timeline", "时间线")
CANNOT_OPEN: Final = Msg("Cannot open the incident", "无法打开事件")
GROUP_PICK: Final = Msg("Show the steps of", "显示以下小组的步骤")
READING: Final = ("Reading the record: {n} event… The timeline can be read meanwhile ({key}).",
                  "Reading the record: {n} events… The timeline can be read meanwhile "
                  "({key}).",
                  "正在读取记录：共 {n} 条…… 期间可先查看时间线（{key}）。")
# Columns from which the timeline shows beside the steps: below, the steps' titles and
# deadlines need the whole width (a title of the plan runs to 64 cells).
WIDE_FROM: Final = 140
READ_AT_ONCE: Final = 5_000  # events read before the first frame (about 0.1 s)


class IncidentScreen(IncidentActions):
    KEYS: ClassVar = INCIDENT_KEYS
    BINDINGS: ClassVar = bindings(INCIDENT_KEYS)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_FROM, "-wide")]  # noqa: RUF012  (Textual's)

    def __init__(self, ctx: Context, incident_id: str, group: str | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.lang = ctx.workspace.lang
        self.incident_id = incident_id
        self.group = group
        self.show_later = False
        self.model: IncidentModel | None = None
        self.record = EventPages(ctx.record, incident_id)
        self.now = ctx.workspace.clock.now()
        self.rows: dict[str, StepStatus] = {}
        self._jump_after: int | None = None
        self._timeline_screen: TimelineScreen | None = None
        self._footer: tuple[str, ...] = ()
        self._proposal: Proposal | None = None
        self.unread = 0  # what other terminals recorded for my group, not yet looked at
        self._opening: asyncio.Future[Opened] | None = None
        self.link: LinkStatus | None = None  # the link's state file, as last read
        localise(self, INCIDENT_KEYS, self.lang)

    def look(self) -> None:
        """Ask the record's thread for the incident now (the first frame waits for it)."""
        if self._opening is None:
            self._opening = self.ctx.record.open_incident(self.incident_id, self, READ_AT_ONCE)

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The layout class now, not at Textual's first resize: else the first frame is
        # drawn (and paid for) in the wide layout, then again in the narrow one.
        wide = self.app.size.width >= WIDE_FROM
        self.set_class(wide, "-wide")
        self.set_class(not wide, "-narrow")
        yield IncidentHeader(self.ctx.workspace.clock, self.lang)
        with Horizontal(id="body"):
            with Vertical(id="steps-pane"):
                yield StepList(self.lang, id="steps")
                yield TextPane(self.lang, id="detail-pane")
            with Vertical(id="timeline-pane"):
                yield Quiet(TIMELINE(self.lang), id="timeline-title")
                yield TimelineView(self.lang, self.now, id="timeline",
                                   ask=lambda view, which: filters.ask(self.app, view, which),
                                   open_event=self.read_event)
        yield SearchBar()
        yield KeyBar()

    async def on_mount(self) -> None:
        # The first frame waits for this (Textual draws a screen once it is mounted): a
        # short record is read and folded by the record's thread meanwhile, so that it
        # shows whole at once; of a long one only its length, the rest is read (and the
        # steps follow) once the first frame is drawn.
        self.steps.focus()
        self.look()
        assert self._opening is not None
        try:
            opened = await self._opening
        except RunbookError:  # the record's thread says what is wrong, and tries again
            opened = Opened(0)
        self.call_after_refresh(self._drawn)
        self.record.grow(opened.length)
        if opened.events is not None:
            self.record.remember(opened.events)
            try:
                self._loaded(opened.events, opened.state)
            except RunbookError as error:
                self._cannot_open(error)
            return
        self.timeline.show(self.record, {})  # the playbook's groups come with the fold
        if len(self.record):
            reading = counted(len(self.record), *READING, key=key_for("incident.timeline"))
            self._show_detail(Text(reading(self.lang), style="italic"))

    def _drawn(self) -> None:
        """The first frame is drawn: the newest page first (the timeline opens there), then
        the rest of a long record."""
        if len(self.record):
            self.record.get(len(self.record) - 1)
        self.ctx.record.read_on(self.incident_id)

    @property
    def steps(self) -> StepList:
        return self.query_one(StepList)

    @property
    def timeline(self) -> TimelineView:
        return self.query_one("#timeline", TimelineView)

    @property
    def wide(self) -> bool:
        return self.has_class("-wide")

    # --- what the record's thread and the clock say -----------------------------------------

    def on_incident_loaded(self, message: IncidentLoaded) -> None:
        if message.incident_id != self.incident_id:
            return
        try:
            self._loaded(message.events, message.state)
        except RunbookError as error:
            self._cannot_open(error)

    def _loaded(self, events: list[Event], state: IncidentState | None = None) -> None:
        self.model = model = IncidentModel.load(self.ctx.workspace.library, events, state)
        before = len(self.record)
        self.record.grow(model.last_seq)
        groups = step_groups(model.playbook)
        self.timeline.show(self.record, groups, book=model.playbook)
        if self._timeline_screen is not None:  # opened while the record was being read
            self._timeline_screen.loaded(model.playbook, groups)
            self._timeline_screen.grew(before)
        self.refresh_view(select_next=True)
        self.call_after_refresh(self.ctx.ready)

    def on_events_arrived(self, message: EventsArrived) -> None:
        model = self.model
        if model is None or message.incident_id != self.incident_id:
            return
        before = len(self.record)
        book = model.playbook
        fresh = model.extend(message.events)
        if not fresh:
            return
        self._heed(fresh)
        if model.playbook is not book:  # switched to another version of the plan: its steps
            self._loaded(model.events, model.state)
            self.refresh_listing()
            return
        self.record.grow(model.last_seq)
        self.timeline.grew(before)
        if self._timeline_screen is not None:
            self._timeline_screen.grew(before)
        jump = self._jump_after is not None and model.last_seq >= self._jump_after
        if jump:
            self._jump_after = None
        worked = self.selected() if jump else None  # the step just done: its group goes on
        self.refresh_view(select_next=jump, within=worked.step.group if worked else None)
        self.refresh_listing()

    def _heed(self, events: list[Event]) -> None:
        """Another terminal's note for my group, or action on its steps: say it, count it
        unread until the timeline is looked at, ring if asked to."""
        model = self.model
        assert model is not None
        me = self.ctx.workspace.actor
        groups = step_groups(model.playbook)
        calling = [e for e in events if attention.calls(e, me.group or self.group, me, groups)]
        if not calling:
            return
        if not (self.wide and self.focused is self.timeline):  # else read as it comes
            self.unread += len(calling)
        for event in calling[-3:]:  # a burst (a long outage, many writers): the latest
            self.notify(attention.words(event, self.lang), timeout=10, markup=False)
        if self.ctx.bell:
            self.app.bell()

    def _read(self) -> None:
        """The timeline is looked at: nothing is unread any more."""
        if self.unread:
            self.unread = 0
            self.refresh_view()

    def on_incident_missing(self, message: IncidentMissing) -> None:
        if message.incident_id == self.incident_id:
            self._cannot_open(message.error)

    def on_link_state(self, message: LinkState) -> None:
        if message.state != self.link:
            self.link = message.state
            self.refresh_view()

    def on_ticked(self, message: Ticked) -> None:
        # Nothing shown is finer than a second: the clock's first tick, a moment after the
        # screen was drawn, would only draw it again.
        same = message.now.replace(microsecond=0) == self.now.replace(microsecond=0)
        self.now = message.now
        if self.model is not None and not same:
            self.refresh_view()

    def _cannot_open(self, error: RunbookError) -> None:
        def back(_: Answer | None) -> None:
            self.action_back()

        self.app.push_screen(dialogs.error(CANNOT_OPEN(self.lang), error.text(self.lang),
                                           self.lang), back)

    # --- drawing --------------------------------------------------------------------------

    def refresh_view(self, *, select_next: bool = False, within: str | None = None) -> None:
        """Draw the record as it stands; `select_next`: the cursor to the step whose time
        comes first (of group `within`, while that group has one)."""
        model = self.model
        if model is None:
            return
        incident = model.incident
        now_view = model.view(self.now)
        self._proposal = now_view.proposal
        rows = now_view.applying
        self.rows = {r.step.id: r for r in rows}
        view = steprows.build(
            rows, now=self.now, lang=self.lang, group=self.group, later=model.later,
            show_later=self.show_later, stood_down=incident.stand_down_at is not None,
            book=model.playbook)
        upcoming = view.next_in(within) if within is not None else view.upcoming
        target = upcoming.step.id if select_next and upcoming else None
        self.steps.show(view.lines, select=target)
        self.query_one(IncidentHeader).show(
            model, now=self.now, upcoming=view.upcoming, overdue=view.overdue,
            proposed=now_view.proposal, group=self.group,
            actor=self.ctx.workspace.actor, unread=self.unread,
            override=self.override is not None, link=link_words(self.link, self.now))
        self._timeline_caption()
        self.update_detail()
        self.update_bindings()

    def _timeline_caption(self) -> None:
        title = Text(TIMELINE(self.lang), style="bold")
        title.append("  " + filters.caption(self.timeline, self.lang), style="dim")
        self.query_one("#timeline-title", Quiet).show(title)

    def update_detail(self) -> None:
        model = self.model
        if model is None:
            return
        if self.wide and self.focused is self.timeline:
            event = self.timeline.selected_event
            self._show_detail(event_detail(event, self.lang, self.now, model.playbook)
                              if event is not None else Text(""))
            return
        row = self.selected()
        if row is None:
            self._show_detail(Text(""))
            return
        self._show_detail(self._step_text(row, model))

    def show_busy(self, text: str | None) -> None:
        self.query_one(IncidentHeader).busy(text)

    def _show_detail(self, text: Text) -> None:
        self.query_one(TextPane).show(text)

    def footer_keys(self) -> tuple[str, ...]:
        """The keys the footer offers now, the likely next first (`tui.footer`)."""
        model = self.model
        incident = model.incident if model is not None else None
        proposal = self._proposal if model is not None else None
        selected = self.selected()
        target = self._decision_target() if model is not None else None
        focused = self.focused
        return footer.footer_keys(
            footer.phase(incident, proposal), selected,
            decision_elsewhere=target is not None and target is not selected,
            searching=isinstance(focused, Searchable) and bool(focused.search_text))

    def update_bindings(self) -> None:
        """Redraw the footer only when a key it shows changes (a redraw costs ~0.1 s)."""
        keys = self.footer_keys()
        if keys != self._footer:
            self._footer = keys
            self.refresh_bindings()

    def on_row_list_highlighted(self, message: RowList.Highlighted) -> None:
        self.update_detail()
        self.update_bindings()
        if message.rowlist is self.timeline:
            self._timeline_caption()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        if self.focused is self.timeline:
            self._read()
        self.update_detail()

    # --- which keys apply -----------------------------------------------------------------

    def selected(self) -> StepStatus | None:
        step_id = self.steps.selected_step
        return self.rows.get(step_id) if step_id else None


    # --- step actions ---------------------------------------------------------------------

    def read_event(self, event: Event) -> None:
        model = self.model
        if model is not None:
            self.app.push_screen(reader.ReadScreen(f"#{event.seq}", event_detail(
                event, self.lang, self.now, model.playbook), self.lang))

    def action_details(self) -> None:
        model = self.model
        if model is None:
            return
        row = self.selected()
        if row is not None:
            self.app.push_screen(reader.ReadScreen(row.step.title(self.lang),
                                            self._step_text(row, model), self.lang))

    def _step_text(self, row: StepStatus, model: IncidentModel) -> Text:
        library = self.ctx.workspace.library
        return step_detail(row, model.playbook, library.plan, library.settings,
                           model.incident.level, self.now, self.lang, model.incident,
                           library.roster)


    # --- view actions ---------------------------------------------------------------------

    def action_group(self) -> None:
        if self.model is None:
            return
        choices = dialogs.group_choices(self.lang, ALL(self.lang))

        def chosen(answer: Answer) -> None:
            self.group = answer["choice"] or None
            self.refresh_view(select_next=True)

        self.app.push_screen(dialogs.pick(
            GROUP_PICK(self.lang), "↑/↓ · Enter", [form.Choice(c.id, c.label) for c in choices],
            self.group or "", self.lang), dialogs.answer_or_none(chosen))

    def action_later(self) -> None:
        if self.model is None:
            return
        self.show_later = not self.show_later
        self.refresh_view()

    def action_timeline(self) -> None:
        if self.wide:
            target = self.steps if self.focused is self.timeline else self.timeline
            target.focus()
            return
        # Open before the record is folded too: a long one can be read meanwhile.
        book = self.model.playbook if self.model is not None else None
        screen = timeline.TimelineScreen(self.ctx, self.incident_id, self.timeline, book)
        self._timeline_screen = screen
        self._read()

        def closed(_: None) -> None:
            self._timeline_screen = None

        self.app.push_screen(screen, closed)

    def action_back(self) -> None:
        """Back one level, in either layout: from the timeline to the steps (narrow: its
        own screen's Escape), from the steps to the incidents."""
        if self.wide and self.focused is self.timeline:
            self.steps.focus()
            return
        if self.ctx.go_home is not None:
            self.ctx.go_home()
