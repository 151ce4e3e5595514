"""What every screen shares: the workspace (where and as whom), the record, a few callbacks.

The settings (database, language, who acts, clock, library) live in the `Workspace` the
command built, and only there; the record is the one data service (`tui.service`), which
alone talks to the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from runbook.workspace import Workspace
from tui.service import RecordService


@dataclass
class Context:
    workspace: Workspace
    record: RecordService
    new_id: Callable[[], str]
    on_ready: Callable[[], None] | None = None
    go_home: Callable[[], None] | None = None
    bell: bool = False  # ring when another terminal records something for my group
    _ready_sent: bool = field(default=False, repr=False)

    def ready(self) -> None:
        """The first screen with its data has been drawn (benchmarks and tests wait for it)."""
        if not self._ready_sent and self.on_ready is not None:
            self._ready_sent = True
            self.on_ready()
