"""Where and as whom runbook works: the one object the composition root builds (from its
options and the environment) and hands to the commands and the player.

It carries the database path, the language, who acts, the clock, and the playbook library,
loaded on first use (a command that only lists incidents never reads the playbooks). It
reads nothing itself: no environment, no file; `runbook.cli` decides every value.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from runbook.actions import Author
from runbook.clock import Clock
from runbook.events import Actor
from runbook.i18n import Lang, Msg
from runbook.playbook import Library

if TYPE_CHECKING:
    from runbook.checkpoints import Sealer


class Workspace(Struct):
    db_path: Path
    lang: Lang
    actor: Actor  # the name (the login by default) and the group given, if any
    clock: Clock
    load_library: Callable[[], Library]
    # Whether who acts was said (a name or a group, by an option or the environment), or
    # only guessed from the login: the player then asks at the first write.
    actor_given: bool = True
    # Where the player offers to write summaries, asked when first needed (the CLI says: the
    # user data folder's `exports`); None: an `exports` folder beside the database.
    find_exports: Callable[[], Path] | None = None
    # What signs checkpoints after each write, asked once, at the first write (the CLI says:
    # the login's key and the settings' interval); None from it: nothing is signed; a
    # message: nothing can be signed, and why (said once by whoever writes).
    find_sealer: Callable[[], Sealer | Msg | None] | None = None
    # The operating-system login of the process (the real user, by uid): recorded with
    # every event; with a roster that lists people, it says who acts.
    login: str | None = None
    # The name given (--by, RUNBOOK_USER), checked against the roster; None if none was.
    claimed_name: str | None = None
    # The site it records as (`runbook.sites`; the CLI says: --site or RUNBOOK_SITE); "":
    # a single site, as before. Its events' origin, and part of the incident ids it makes.
    site: str = ""
    _library: Library | None = None
    _sealer: tuple[Sealer | None] | None = None
    _sealing_trouble: Msg | None = None

    @property
    def library(self) -> Library:
        """The checked playbook library (ProblemList if it has problems)."""
        if self._library is None:
            self._library = self.load_library()
        return self._library

    @property
    def export_folder(self) -> Path:
        if self.find_exports is not None:
            return self.find_exports()
        return self.db_path.parent / "exports"

    def sealer(self) -> Sealer | None:
        if self._sealer is None:
            found = self.find_sealer() if self.find_sealer is not None else None
            if isinstance(found, Msg):
                self._sealing_trouble, found = found, None
            self._sealer = (found,)
        return self._sealer[0]

    def sealing_trouble(self) -> Msg | None:
        """Why checkpoints cannot be signed, the first time it is asked (then None): the CLI
        says it on stderr, the player as a notice; the records are written all the same."""
        trouble, self._sealing_trouble = self._sealing_trouble, None
        return trouble

    @property
    def identified(self) -> bool:
        """Whether the roster says who acts (it lists people): nobody is asked then."""
        return self.library.roster.has_people

    def acting(self) -> Actor:
        """Who acts: by the roster when it lists people (RefusedAction if the login is not
        in it or the name or group given disagrees), else as given; with the login."""
        if self.identified:
            from runbook.identity import identify

            return identify(self.library.roster, self.login, self.actor, self.claimed_name)
        return replace(self.actor, login=self.login)

    def author(self) -> Author:
        return Author(self.acting(), self.clock)
