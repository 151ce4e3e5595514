"""What every screen needs: the library, the clock, the language, who acts, the record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from runbook.actions import Author
from runbook.clock import Clock
from runbook.events import Actor
from runbook.i18n import Lang
from runbook.playbook import Library
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

    def author(self) -> Author:
        return Author(self.actor, self.clock)

    def ready(self) -> None:
        """The first screen with its data has been drawn (benchmarks and tests wait for it)."""
        if not self._ready_sent and self.on_ready is not None:
            self._ready_sent = True
            self.on_ready()
