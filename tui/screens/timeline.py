"""The timeline on a screen of its own, for terminals too narrow to show it beside the steps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Final

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from runbook.events import Event
from runbook.i18n import Msg
from runbook.playbook import Playbook
from tui.cells import safe
from tui.context import Context
from tui.eventrows import detail
from tui.keys import TIMELINE_KEYS, TIMELINE_SCREEN_KEYS, bindings, localise
from tui.screens import filters
from tui.screens.reader import ReadScreen
from tui.widgets.keybar import KeyBar
from tui.widgets.rowlist import RowList
from tui.widgets.search import SearchBar
from tui.widgets.textpane import TextPane
from tui.widgets.timeline import TimelineView

TITLE: Final = Msg("Timeline of {id}", "事件 {id} 的时间线")


class TimelineScreen(Screen[None]):
    KEYS: ClassVar = TIMELINE_SCREEN_KEYS + TIMELINE_KEYS
    BINDINGS: ClassVar = bindings(TIMELINE_SCREEN_KEYS)

    def __init__(self, ctx: Context, incident_id: str, pane: TimelineView,
                 book: Playbook | None) -> None:
        """The timeline of `pane` (the incident screen's), with its filter, on its own."""
        super().__init__()
        self.ctx = ctx
        self.lang = ctx.workspace.lang
        self.incident_id = incident_id
        self.pane = pane
        self.book = book
        localise(self, TIMELINE_SCREEN_KEYS, self.lang)

    def compose(self) -> ComposeResult:
        yield Static("", id="title")
        yield TimelineView(self.lang, self.ctx.workspace.clock.now(), id="timeline",
                           ask=lambda view, which: filters.ask(self.app, view, which),
                           open_event=self.read_event)
        yield TextPane(self.lang, id="event-detail")
        yield SearchBar()
        yield KeyBar()

    def on_mount(self) -> None:
        view = self.query_one(TimelineView)
        view.filter = self.pane.filter
        view.show(self.pane.record, self.pane.groups, index=self.pane.index, book=self.pane.book)
        view.focus()
        self._caption()

    @property
    def view(self) -> TimelineView:
        return self.query_one(TimelineView)

    def loaded(self, book: Playbook, groups: Mapping[str, str]) -> None:
        """The incident's playbook, known once its record is folded."""
        self.book = book
        self.view.regroup(groups, book)

    def grew(self, before: int) -> None:
        self.view.grew(before)
        self._caption()

    def _caption(self) -> None:
        title = Text(TITLE.format(id=self.incident_id)(self.lang), style="bold")
        title.append("  " + filters.caption(self.view, self.lang), style="dim")
        self.query_one("#title", Static).update(safe(title))

    def on_row_list_highlighted(self, message: RowList.Highlighted) -> None:
        event = self.view.selected_event
        pane = self.query_one(TextPane)
        if event is None:
            pane.show(Text(""))
        else:
            pane.show(detail(event, self.lang, self.view.now, self.book))
        self._caption()

    def read_event(self, event: Event) -> None:
        self.app.push_screen(ReadScreen(f"#{event.seq}", detail(
            event, self.lang, self.view.now, self.book), self.lang))

    def action_back(self) -> None:
        self.dismiss(None)
