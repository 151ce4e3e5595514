"""The list of incidents, and the way in: declare a new one or open one."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import ScreenResume
from textual.screen import Screen
from textual.widgets import Static

from runbook.actions import Author
from runbook.events import Actor
from tui.cells import fit, safe
from tui.context import Context
from tui.header_lines import Piece
from tui.home_actions import action_text
from tui.home_due import due_lines
from tui.home_feed import IncidentSummary
from tui.keys import HOME_KEYS, bindings, localise
from tui.messages import IncidentsListed, Ticked
from tui.screen_times import display_path
from tui.screens import dialogs
from tui.screens.declare import declare_dialog
from tui.screens.form import Answer
from tui.screens.incident import IncidentScreen
from tui.texts import ACTING_AS, APP_TITLE, LOADING
from tui.widgets.clock import LiveClock
from tui.widgets.header import who
from tui.widgets.incidentlist import IncidentList, home_lines
from tui.widgets.keybar import KeyBar
from tui.widgets.lines import Layout, Lines


class HomeScreen(Screen[None]):
    KEYS: ClassVar = HOME_KEYS
    BINDINGS: ClassVar = bindings(HOME_KEYS)

    def __init__(self, ctx: Context, focus_group: str | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.lang = ctx.workspace.lang
        self.focus_group = focus_group
        self._rows: list[IncidentSummary] = []
        self._minute: datetime | None = None
        localise(self, HOME_KEYS, self.lang)

    def compose(self) -> ComposeResult:
        with Horizontal(id="home-head"):
            yield Lines(self._title(), id="home-title")
            yield LiveClock(self.ctx.workspace.clock, lambda now: now.strftime("%H:%M:%S"),
                            id="now")
        yield IncidentList(self.lang, self.ctx.workspace.clock.now(), id="incidents")
        yield Lines(lambda width: [], id="due")
        yield Static(Text(LOADING(self.lang), style="italic"), id="home-hint")
        actions = Static("", id="home-actions")
        actions.display = False  # shown when an incident has open action items
        yield actions
        yield KeyBar()

    def _title(self) -> Layout:
        """The app, the database and who acts; the path is cut before who acts is."""
        workspace = self.ctx.workspace
        piece = Piece(Text(APP_TITLE(self.lang) + "  ", style="bold"),
                      safe(Text(display_path(workspace.db_path), style="dim")),
                      safe(Text("  " + ACTING_AS.format(who=who(workspace.actor, self.lang))(
                          self.lang), style="dim")))

        def layout(width: int) -> list[Text]:
            whole = piece.whole()
            return [whole if whole.cell_len <= width else piece.cut(width) or fit(whole, width)]

        return layout

    def on_mount(self) -> None:
        self.query_one(IncidentList).focus()

    def on_screen_resume(self, event: ScreenResume) -> None:
        self.query_one("#home-title", Lines).show(self._title())
        # Opened on an incident, the home list is only passed through: do not load it.
        self.call_after_refresh(self._watch)

    def _watch(self) -> None:
        if self.app.screen is self:
            self.ctx.record.watch_home(self)

    def on_incidents_listed(self, message: IncidentsListed) -> None:
        self.query_one(IncidentList).show(home_lines(message.rows, message.broken, self.lang))
        self._rows = message.rows
        self._show_due()
        self.query_one("#home-hint", Static).display = False
        found = action_text(message.rows, self.ctx.workspace.clock.now(), self.lang)
        shown = self.query_one("#home-actions", Static)
        shown.display = found is not None
        if found is not None:
            shown.update(safe(found, whole=True))
        self.call_after_refresh(self.ctx.ready)

    def on_ticked(self, message: Ticked) -> None:
        self.query_one(IncidentList).tick(message.now)
        minute = message.now.replace(second=0, microsecond=0)
        if minute != self._minute:  # the countdowns are in minutes
            self._minute = minute
            self._show_due()

    def _show_due(self) -> None:
        """What is late or due soon across the open incidents (of my group, if chosen)."""
        rows, group, lang = self._rows, self.focus_group, self.lang
        now = self.ctx.workspace.clock.now()
        due = self.query_one("#due", Lines)
        due.display = any(r.is_open for r in rows)
        due.show(lambda width: due_lines(rows, group, now, lang, width))

    def action_open(self) -> None:
        incident_id = self.query_one(IncidentList).selected_id
        if incident_id is not None:
            self.open_incident(incident_id)

    def open_incident(self, incident_id: str) -> None:
        self.app.push_screen(IncidentScreen(self.ctx, incident_id, self.focus_group))

    def action_declare(self) -> None:
        ctx = self.ctx
        workspace = ctx.workspace

        def author(actor: Actor) -> Author:
            ctx.act_as(actor)
            return Author(actor, workspace.clock)

        def declared(answer: Answer) -> None:
            self.open_incident(answer["id"])

        self.app.push_screen(
            declare_dialog(workspace.library, self.lang, workspace.actor, workspace.clock,
                           author, ctx.new_id, ctx.record.append),
            dialogs.answer_or_none(declared))

    def action_review(self) -> None:
        from tui.screens.review import ReviewScreen  # the summary package: only when asked

        self.app.push_screen(ReviewScreen(self.ctx))
