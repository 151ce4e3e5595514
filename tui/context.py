"""What every screen needs: the library, the clock, the language, who acts, the record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from runbook.actions import Author
from runbook.clock import Clock
from runbook.errors import RunbookError
from runbook.events import Actor
from runbook.i18n import Lang
from runbook.playbook import Library
from store import EventStore
from tui.link import StoreLink
from tui.recorder import Recorder


@dataclass
class Context:
    library: Library
    clock: Clock
    lang: Lang
    actor: Actor
    db_path: Path
    link: StoreLink
    recorder: Recorder
    new_id: Callable[[], str]
    on_ready: Callable[[], None] | None = None
    go_home: Callable[[], None] | None = None
    _ready_sent: bool = field(default=False, repr=False)
    _reader: EventStore | None = field(default=None, repr=False)

    def author(self) -> Author:
        return Author(self.actor, self.clock)

    def reader(self) -> EventStore | None:
        """A connection of the screens' own thread for reading pages of a long record
        (writes and polling stay with the store thread); None while the file cannot be
        opened, which the store thread reports."""
        if self._reader is None:
            try:
                self._reader = EventStore.open(self.db_path, create=False)
            except RunbookError:
                return None
        return self._reader

    def close_reader(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def ready(self) -> None:
        """The first screen with its data has been drawn (benchmarks and tests wait for it)."""
        if not self._ready_sent and self.on_ready is not None:
            self._ready_sent = True
            self.on_ready()
