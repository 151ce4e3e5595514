"""What every screen shares: the workspace (where and as whom), the record, a few callbacks.

Who acts is the workspace's actor; when nobody said who (a shared account: the login name,
no group), the first write asks (`ask_who`), and the answer holds for the session.

The settings (database, language, who acts, clock, library) live in the `Workspace` the
command built, and only there; the record is the one data service (`tui.service`), which
alone talks to the database.
"""

from __future__ import annotations

from collections.abc import Callable

from msgspec import Struct

from runbook.events import Actor
from runbook.workspace import Workspace
from tui.service import RecordService


class Context(Struct):
    workspace: Workspace
    record: RecordService
    new_id: Callable[[], str]
    on_ready: Callable[[], None] | None = None
    go_home: Callable[[], None] | None = None
    bell: bool = False  # ring when another terminal records something for my group
    _ready_sent: bool = False

    @property
    def ask_who(self) -> bool:
        """Whether to ask who acts before the first write: nobody said (neither a name nor a
        group was given, so the record would carry the login name and no group), and no
        roster says who the login is."""
        return not (self.workspace.actor_given or self.workspace.identified)

    def act_as(self, actor: Actor) -> None:
        """Who acts from now on in this player (until it quits): what the record carries."""
        self.workspace.actor = actor
        self.workspace.actor_given = True
        self.workspace.claimed_name = actor.name  # with a roster, checked against it

    def ready(self) -> None:
        """The first screen with its data has been drawn (benchmarks and tests wait for it)."""
        if not self._ready_sent and self.on_ready is not None:
            self._ready_sent = True
            self.on_ready()
