"""The player application, and its one factory (used by the CLI, the tests, the benchmarks)."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, Final

from textual.app import App
from textual.command import CommandPalette
from textual.worker import Worker, WorkerState, get_current_worker

from runbook.actions import new_incident_id
from runbook.clock import Clock, SystemClock
from runbook.events import Actor
from runbook.i18n import Lang, Msg
from runbook.playbook import Library
from runbook.safetext import line
from runbook.workspace import Workspace
from tui.commands import ActionCommands
from tui.context import Context
from tui.keys import (
    APP_KEYS,
    INCIDENT_KEYS,
    LIST_KEYS,
    SEARCH_KEYS,
    TIMELINE_KEYS,
    Key,
    bindings,
    localise,
)
from tui.messages import Notice, RecordTrouble
from tui.screens.incident import IncidentScreen
from tui.service import Opener, RecordService
from tui.texts import LINK_DOWN, RECORD_TROUBLE
from tui.widgets.search import Searchable

PALETTE: Final = Msg("Type an action: done, note, level…", "输入操作名称：完成、备注、级别……")
STOPPED: Final = Msg("The record stopped", "记录连接中断")
RECOVERED: Final = Msg("The record can be read again.", "记录已恢复可读。")
SECTION_THIS: Final = Msg("This screen", "本屏幕")
SECTION_TIMELINE: Final = Msg("Timeline (when it has the focus)", "时间线（获得焦点时）")
SECTION_LISTS: Final = Msg("Moving in lists", "在列表中移动")
SECTION_SEARCH: Final = Msg("Searching (the list in focus)", "搜索（当前列表）")
SECTION_APP: Final = Msg("Everywhere", "任何位置")


class RunbookApp(App[int]):
    # Every screen's styles, read once at start: a screen bringing its own makes Textual
    # parse all the styles again when it is first shown (15 ms on the incident screen).
    CSS_PATH: ClassVar = ["app.tcss", *(f"screens/{name}.tcss" for name in (
        "incident", "home", "timeline", "form", "reader", "help"))]
    TITLE = "runbook"
    KEYS: ClassVar = APP_KEYS
    BINDINGS: ClassVar = bindings(APP_KEYS)
    COMMANDS: ClassVar = {ActionCommands}

    def __init__(self, workspace: Workspace, *, incident_id: str | None = None,
                 group: str | None = None, poll: float = 0.5,
                 new_id: Callable[[], str] | None = None,
                 on_ready: Callable[[], None] | None = None,
                 opener: Opener | None = None, bell: bool = False) -> None:
        super().__init__()
        self.workspace = workspace
        self.lang = workspace.lang
        self.incident_id = incident_id
        self.group = group
        self._first: IncidentScreen | None = None
        clock = workspace.clock
        # The library is loaded here, on this thread, before the record's thread reads it.
        self.record = RecordService(workspace, self, poll=poll, opener=opener)
        self.ctx = Context(
            workspace, self.record,
            new_id=new_id or (lambda: new_incident_id(clock.now(), secrets.token_hex(2),
                                                      workspace.site)),
            on_ready=on_ready, go_home=self.go_home, bell=bell)
        localise(self, APP_KEYS, self.lang)

    def on_load(self) -> None:
        # The record's thread starts first: it opens the database and reads the incident
        # while Textual starts the terminal and lays out the first screen.
        self.record.bind(asyncio.get_running_loop())
        self.run_worker(self._record_thread, thread=True, name="record", group="record",
                        exit_on_error=False)

        if self.incident_id is not None:  # asked for now, read while Textual starts
            self._first = IncidentScreen(self.ctx, self.incident_id, self.group)
            self._first.look()

    def on_mount(self) -> None:
        if self._first is None:
            from tui.screens.home import HomeScreen  # only for the screen shown first

            self.push_screen(HomeScreen(self.ctx, self.group))
        else:  # the home list is built only if the responder goes back to it
            self.push_screen(self._first)

    def go_home(self) -> None:
        """Back to the list of incidents (built now if the player opened on an incident)."""
        from tui.screens.home import HomeScreen

        if len(self.screen_stack) > 2:
            self.pop_screen()
        else:
            self.switch_screen(HomeScreen(self.ctx, self.group))

    def _record_thread(self) -> None:
        worker = get_current_worker()
        self.record.run(lambda: worker.is_cancelled)

    def on_unmount(self) -> None:
        self.record.stop()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker becomes a message to the responder."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        detail = f"{type(error).__name__}: {error}"
        from tui.screens import dialogs  # only when the record's thread stops

        self.push_screen(dialogs.error(STOPPED(self.lang),
                                       LINK_DOWN.format(detail=detail)(self.lang), self.lang))

    def on_record_trouble(self, message: RecordTrouble) -> None:
        self.clear_notifications()
        if message.error is None:
            self.notify(RECOVERED(self.lang), timeout=4, markup=False)
            return
        self.notify(line(RECORD_TROUBLE.format(detail=message.error.text(self.lang))(self.lang)),
                    severity="error", timeout=24 * 3600, markup=False)

    def on_notice(self, message: Notice) -> None:
        self.notify(line(message.text(self.lang)), severity="warning", timeout=12, markup=False)

    def action_command_palette(self) -> None:
        if not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(placeholder=PALETTE(self.lang),
                                            id="--command-palette"))

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        keys: tuple[Key, ...] = getattr(self.screen, "KEYS", ())
        sections: list[tuple[str, tuple[Key, ...]]] = [(SECTION_THIS(self.lang), keys)]
        if keys is INCIDENT_KEYS:
            sections.append((SECTION_TIMELINE(self.lang), TIMELINE_KEYS))
        sections.append((SECTION_LISTS(self.lang), LIST_KEYS))
        if self.screen.query(Searchable):
            sections.append((SECTION_SEARCH(self.lang), SEARCH_KEYS))
        sections.append((SECTION_APP(self.lang), APP_KEYS))
        self.push_screen(HelpScreen(sections, self.lang))


def make_app(workspace: Workspace | None = None, *, incident_id: str | None = None,
             group: str | None = None, poll: float = 0.5,
             new_id: Callable[[], str] | None = None,
             on_ready: Callable[[], None] | None = None, opener: Opener | None = None,
             library: Library | None = None, db_path: Path | None = None,
             lang: Lang | None = None, name: str | None = None,
             clock: Clock | None = None, bell: bool = False) -> RunbookApp:
    """The player on the workspace's database, opened on `incident_id` (and one group's
    steps) if given; `bell`: ring the terminal's bell when another terminal records
    something for the group (`tui.attention`).

    `library`, `db_path`, `lang`, `name` and `clock` say what a workspace says, the way
    callers said it before there was one; give either a workspace or all of them."""
    if workspace is None:
        if library is None or db_path is None or lang is None or name is None:
            raise TypeError("make_app needs a Workspace (or library, db_path, lang and name)")
        known = library
        workspace = Workspace(db_path, lang, Actor(name, group), clock or SystemClock(),
                              load_library=lambda: known)
    return RunbookApp(workspace, incident_id=incident_id, group=group, poll=poll,
                      new_id=new_id, on_ready=on_ready, opener=opener, bell=bell)
