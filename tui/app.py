"""The player application, and its one factory (used by the CLI, the tests, the benchmarks)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Final

from textual.app import App
from textual.command import CommandPalette
from textual.worker import Worker, WorkerState, get_current_worker

from runbook import collector
from runbook.actions import new_incident_id
from runbook.clock import Clock, SystemClock
from runbook.events import Actor
from runbook.i18n import Lang, Msg
from runbook.playbook import Library
from runbook.safetext import line
from tui.commands import ActionCommands
from tui.context import Context
from tui.keys import APP_KEYS, INCIDENT_KEYS, LIST_KEYS, TIMELINE_KEYS, Key, bindings, localise
from tui.link import Opener, Stop, StoreLink, open_store
from tui.messages import RecordTrouble
from tui.recorder import Recorder
from tui.screens import dialogs
from tui.screens.incident import IncidentScreen
from tui.texts import LINK_DOWN, RECORD_TROUBLE

PALETTE: Final = Msg("Type an action: done, note, level…", "输入操作名称：完成、备注、级别……")
STOPPED: Final = Msg("The record stopped", "记录连接中断")
RECOVERED: Final = Msg("The record can be read again.", "记录已恢复可读。")
SECTION_THIS: Final = Msg("This screen", "本屏幕")
SECTION_TIMELINE: Final = Msg("Timeline (when it has the focus)", "时间线（获得焦点时）")
SECTION_LISTS: Final = Msg("Moving in lists", "在列表中移动")
SECTION_APP: Final = Msg("Everywhere", "任何位置")


@dataclass(frozen=True)
class AppConfig:
    library: Library
    db_path: Path
    lang: Lang
    clock: Clock
    actor: Actor
    incident_id: str | None = None
    group: str | None = None
    poll: float = 0.5
    new_id: Callable[[], str] | None = None
    on_ready: Callable[[], None] | None = None
    opener: Opener = open_store


class RunbookApp(App[int]):
    # Every screen's styles, read once at start: a screen bringing its own makes Textual
    # parse all the styles again when it is first shown (15 ms on the incident screen).
    CSS_PATH: ClassVar = ["app.tcss", *(f"screens/{name}.tcss" for name in (
        "incident", "home", "timeline", "form", "reader", "help"))]
    TITLE = "runbook"
    KEYS: ClassVar = APP_KEYS
    BINDINGS: ClassVar = bindings(APP_KEYS)
    COMMANDS: ClassVar = {ActionCommands}

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        self.config = config
        self.lang = config.lang
        clock = config.clock
        self.link = StoreLink(config.db_path, config.library, clock, self, poll=config.poll,
                              opener=config.opener)
        self.ctx = Context(
            library=config.library, clock=clock, lang=config.lang, actor=config.actor,
            db_path=config.db_path, link=self.link, recorder=Recorder(self.link),
            new_id=config.new_id or (lambda: new_incident_id(clock.now(), secrets.token_hex(2))),
            on_ready=config.on_ready, go_home=self.go_home)
        localise(self, APP_KEYS, self.lang)

    def on_mount(self) -> None:
        if self.config.incident_id is None:
            from tui.screens.home import HomeScreen  # only for the screen shown first

            self._start_store_thread()  # the home list comes from it
            self.push_screen(HomeScreen(self.ctx, self.config.group))
        else:  # the home list is built only if the responder goes back to it
            self.push_screen(IncidentScreen(self.ctx, self.config.incident_id,
                                            self.config.group))
            # The screen reads its first frame itself; the thread then watches for more.
            self.call_after_refresh(self._start_store_thread)
        self.call_after_refresh(collector.release)  # the first frame is drawn

    def _start_store_thread(self) -> None:
        self.run_worker(self._store_thread, thread=True, name="store", group="store",
                        exit_on_error=False)

    def go_home(self) -> None:
        """Back to the list of incidents (built now if the player opened on an incident)."""
        from tui.screens.home import HomeScreen

        if len(self.screen_stack) > 2:
            self.pop_screen()
        else:
            self.switch_screen(HomeScreen(self.ctx, self.config.group))

    def _store_thread(self) -> None:
        worker = get_current_worker()
        self.link.run(lambda: worker.is_cancelled)

    def on_unmount(self) -> None:
        self.link.submit(Stop())
        self.ctx.close_reader()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker becomes a message to the responder."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        detail = f"{type(error).__name__}: {error}"
        self.push_screen(dialogs.error(STOPPED(self.lang),
                                       LINK_DOWN.format(detail=detail)(self.lang), self.lang))

    def on_record_trouble(self, message: RecordTrouble) -> None:
        self.clear_notifications()
        if message.error is None:
            self.notify(RECOVERED(self.lang), timeout=4, markup=False)
            return
        self.notify(line(RECORD_TROUBLE.format(detail=message.error.text(self.lang))(self.lang)),
                    severity="error", timeout=24 * 3600, markup=False)

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
        sections.append((SECTION_APP(self.lang), APP_KEYS))
        self.push_screen(HelpScreen(sections, self.lang))


def make_app(*, library: Library, db_path: Path, lang: Lang, name: str,
             group: str | None = None, clock: Clock | None = None,
             incident_id: str | None = None, poll: float = 0.5,
             new_id: Callable[[], str] | None = None,
             on_ready: Callable[[], None] | None = None,
             opener: Opener = open_store) -> RunbookApp:
    """The player on `db_path`, opened on `incident_id` (and one group's steps) if given."""
    return RunbookApp(AppConfig(
        library=library, db_path=db_path, lang=lang, clock=clock or SystemClock(),
        actor=Actor(name, group), incident_id=incident_id, group=group, poll=poll,
        new_id=new_id, on_ready=on_ready, opener=opener))
