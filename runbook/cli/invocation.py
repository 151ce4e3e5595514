"""One `runbook` command's context object (`ctx.obj`): the options given and the
environment, the workspace they make, and the store it opens, closed however the command
ends (the group makes this object a resource of its click context)."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import click
from msgspec import Struct, field
from msgspec.structs import replace

from runbook.cli.environment import Environment
from runbook.clock import Clock, SystemClock
from runbook.i18n import Lang, Msg

if TYPE_CHECKING:  # imported when first used: `runbook --help` needs none of them
    from runbook.checkpoints import Sealer
    from runbook.events import Event
    from runbook.guard import Guard
    from runbook.playbook import Library, Playbook
    from runbook.state import IncidentState
    from runbook.workspace import Workspace
    from store import EventStore


class Given(Struct, frozen=True):
    """The workspace options given on the command line (None: not given). They may come
    before the subcommand (the group's) or after it (the subcommand's, parsed later, so
    they win)."""

    db_path: Path | None = None
    lang: Lang | None = None
    settings_path: Path | None = None
    playbooks_dir: Path | None = None
    by_name: str | None = None
    by_group: str | None = None
    roster_path: Path | None = None
    override: str | None = None
    site: str | None = None


class Invocation(Struct):
    env: Environment = field(default_factory=Environment.read)
    given: Given = field(default_factory=Given)
    clock: Clock = field(default_factory=SystemClock)
    _workspace: Workspace | None = None
    _store: EventStore | None = None
    _guards: dict[str, Guard] = field(default_factory=dict)

    def give(self, name: str, value: Any) -> None:
        """An option's value, as click parses it (the options come before the command runs,
        and so before the workspace is made)."""
        if self._workspace is not None:
            raise RuntimeError(f"--{name} given after the workspace was made")
        self.given = replace(self.given, **{name: value})

    @property
    def lang(self) -> Lang:
        """The language of what runbook says (known before the workspace: errors use it)."""
        return self.given.lang or self.env.lang

    @property
    def settings_path(self) -> Path | None:
        return self.given.settings_path or self.env.settings_path

    @property
    def roster_path(self) -> Path | None:
        """A roster file in place of the playbooks folder's roster.yaml (None: that one)."""
        return self.given.roster_path or self.env.roster_path

    @property
    def playbooks_dir(self) -> Path | None:
        """The institution's playbooks folder (None: the shipped playbooks)."""
        return self.given.playbooks_dir or self.env.playbooks_dir

    @property
    def workspace(self) -> Workspace:
        """Where and as whom this command works: made once, from the options given (the
        subcommand's over the group's) and the environment."""
        if self._workspace is None:
            from runbook.events import Actor
            from runbook.sites import check_site
            from runbook.workspace import Workspace

            settings = self.settings_path
            folder = self.playbooks_dir
            cache = self.env.cache_dir
            roster = self.roster_path

            def library() -> Library:
                from runbook.library_cache import load_cached

                loaded = load_cached(cache, settings, root=folder, warn=self.say)
                if roster is None:
                    return loaded
                from msgspec.structs import replace as with_

                from runbook.loader import load_roster_file

                return with_(loaded, roster=load_roster_file(roster))

            name = self.given.by_name or self.env.user
            group = self.given.by_group or self.env.group
            self._workspace = Workspace(
                db_path=self.given.db_path or self.env.db_path,
                lang=self.lang,
                actor=Actor(name or self.env.login, group),
                clock=self.clock,
                load_library=library,
                actor_given=bool(name or group),
                find_exports=lambda: self.env.exports_dir,
                find_sealer=self._find_sealer,
                login=self.env.os_login(),
                claimed_name=name,
                site=check_site(self.given.site) if self.given.site else self.env.site,
            )
        return self._workspace

    def say(self, message: Msg) -> None:
        """A word on standard error; what it quotes (a path, an id) shown, never obeyed."""
        from runbook.safetext import block

        click.echo(block(message(self.lang)), err=True)

    def store(self, *, write: bool = False, create: bool = False) -> EventStore:
        """The store: read-only unless `write` (then created, if missing, only if `create`:
        `runbook start` and the player create a database, a mistyped --db does not)."""
        if self._store is not None and write and self._store.read_only:
            self._store.close()
            self._store = None
        if self._store is None:
            from store import EventStore

            self._store = EventStore.open(self.workspace.db_path, create=create,
                                          read_only=not write, origin=self.workspace.site)
        self._say_all(self._store.warnings())
        return self._store

    def _guard(self, incident_id: str) -> Guard:
        """The incident's guard: one per incident, kept, so that each event is folded once
        however often the command reads the incident and appends to it."""
        guard = self._guards.get(incident_id)
        if guard is None:
            from runbook.guard import Guard  # the player starts without it

            guard = self._guards[incident_id] = Guard(self.workspace.library, self.version)
        return guard

    def version(self, digest: str) -> Library | None:
        """A version of the plan kept in the database (`runbook.versions`)."""
        found: Library | None = self.store().version(digest)
        return found

    def append(self, event: Event, *, create: bool = False) -> Event:
        """Record `event`, checked by the rules; `create` the database if there is none."""
        from runbook.versions import kept

        guard = self._guard(event.incident_id)
        if self.given.override is not None:
            from runbook.permissions import overridden

            event = overridden(event, self.given.override, self.workspace.library)
        store = self.store(write=True, create=create)
        store.seal_with(self.workspace.sealer())
        trouble = self.workspace.sealing_trouble()
        if trouble is not None:
            self.say(trouble)
        stored: Event = store.append(event, guard(event), kept(event, self.workspace.library))
        self._say_all(store.warnings())
        return stored

    def _find_sealer(self) -> Sealer | Msg | None:
        """The login's key (made on first use) signing a checkpoint every so many events
        (the settings' `checkpoint_every_events`); None if signing is off; why, if no key
        can be used (the writer says it)."""
        from runbook.checkpoints import DEFAULT_EVERY, SETTING
        from runbook.cli.keys import CANNOT_SIGN, KeyUnavailable, load_or_create, make_sealer

        folder = self.env.keys_dir
        if folder is None:
            return None
        try:
            signer = load_or_create(folder, Environment.os_login())
        except KeyUnavailable as error:
            return CANNOT_SIGN.format(why=error.why)
        parameter = self.workspace.library.settings.parameters.get(SETTING)
        every = parameter.value if parameter is not None else DEFAULT_EVERY
        return make_sealer(signer, every if isinstance(every, int) and every > 0
                           else DEFAULT_EVERY)

    def incident_id(self, given: str) -> str:
        """The incident `given` names: its whole id, or an unambiguous start of it (see
        `runbook.incident_ref`). UnknownIncident if none, AmbiguousIncident if several."""
        from runbook.incident_ref import AmbiguousIncident, candidates
        from store import UnknownIncident

        store = self.store()
        if store.last_seq(given) > 0:
            return given
        found = candidates(given, store.incident_ids())
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousIncident(given, found)
        raise UnknownIncident(store.path, given)

    def playbook_of(self, incident_id: str) -> Playbook | None:
        """The playbook of an incident this command wrote to, as its guard folded it before
        the last write (None if it has none installed, or nothing was written)."""
        guard = self._guards.get(incident_id)
        incident = guard.state.incident if guard is not None else None
        return guard.state.library.playbook(incident.type) if guard and incident else None

    def labels_for(self, events: list[Event]) -> Playbook | None:
        """The playbook that names a record's steps and options (the version of the plan
        the incident plays), for commands that only read the record: None when it is not
        installed or the playbooks do not load (the record is shown with its ids then;
        `runbook check` says what is wrong). UnreadableEvent if the record does not fold."""
        from runbook.problems import ProblemList
        from runbook.state import IncidentState

        try:
            library = self.workspace.library
        except ProblemList:
            library = None
        state = IncidentState(library, self.version) if library is not None else None
        if state is None:
            from runbook.fold import fold

            fold(events)  # what cannot be read is said even without the playbooks
            return None
        incident = state.sync(events)
        return state.library.playbook(incident.type) if incident is not None else None

    def events(self, incident_id: str) -> list[Event]:
        """The incident's events (UnknownIncident if it has none)."""
        from store import UnknownIncident

        store = self.store()
        events: list[Event] = store.events(incident_id)
        if not events:
            raise UnknownIncident(store.path, incident_id)
        return events

    def incident(self, incident_id: str) -> IncidentState:
        """The incident, folded (by its guard: a write that follows folds nothing again)."""
        guard = self._guard(incident_id)
        guard.catch_up(self.events(incident_id))
        return guard.state

    def _say_all(self, warnings: list[Msg]) -> None:
        for warning in warnings:
            self.say(warning)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Invocation:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
