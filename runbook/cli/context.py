"""What every incident command needs: the library, the store, who acts, when."""

from __future__ import annotations

import getpass
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from runbook.actions import Author, When, new_incident_id
from runbook.clock import SystemClock
from runbook.errors import NotFound, UsageError
from runbook.events import Actor, Event
from runbook.i18n import Lang, Msg, default_lang
from runbook.library_cache import load_cached
from runbook.playbook import Library
from runbook.state import IncidentState
from runbook.timewindow import is_backdated, outside
from runbook.vocabulary import GROUP_IDS

if TYPE_CHECKING:
    from runbook.guard import Guard
    from store import EventStore

F = TypeVar("F", bound=Callable[..., Any])


def db_option(func: F) -> F:
    return click.option(
        "--db", "db_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
        help="The database file (default: RUNBOOK_DB or the user data folder) / 数据库文件",
    )(func)


def actor_options(func: F) -> F:
    func = click.option(
        "--group", "by_group", type=click.Choice(GROUP_IDS), envvar="RUNBOOK_GROUP",
        default=None, help="The group you act for / 你所代表的小组",
    )(func)
    return click.option(
        "--by", "by_name", envvar="RUNBOOK_USER", default=None,
        help="Your name (default: the login name) / 你的姓名（默认：登录名）",
    )(func)


def at_options(func: F) -> F:
    func = click.option(
        "--at-reason", default=None,
        help="Why the time is given after the fact / 补记时间的原因",
    )(func)
    return click.option(
        "--at", "at_text", default=None,
        help="When it happened, ISO 8601 (default: now) / 发生时间（ISO 8601，默认：现在）",
    )(func)


def parse_at(text: str | None, clock: SystemClock, option: str = "--at") -> datetime | None:
    """The time an option gives, inside the window every record keeps to (`timewindow`)."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(Msg(
            f"{option}: {text!r} is not a time; write ISO 8601, e.g. 2026-11-26T03:15 or "
            "2026-11-26T03:15+08:00.",
            f"{option}：{text!r} 不是有效时间；请用 ISO 8601 格式，例如 2026-11-26T03:15 或 "
            "2026-11-26T03:15+08:00。")) from None
    now = clock.now()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=now.tzinfo)
    problem = outside(moment, now)
    if problem is not None:
        raise UsageError(Msg(f"{option}: ", f"{option}：") + problem)
    return moment


def parse_when(at_text: str | None, at_reason: str | None, clock: SystemClock) -> When:
    """`--at`, and `--at-reason` when that time is before now: a backdated entry says why."""
    at = parse_at(at_text, clock)
    if at is not None and is_backdated(at, clock.now()) and not (at_reason or "").strip():
        raise UsageError(Msg(
            f"--at {at_text} is before now: add --at-reason saying why it is recorded after "
            "the fact (the record marks it as backdated).",
            f"--at {at_text} 早于现在：请用 --at-reason 说明补记原因（记录会将其标为补记）。"))
    return When(at, at_reason)


@dataclass
class Session:
    """One command's view of the world; the store is opened on first use."""

    db_path: Path | None
    settings_path: Path | None = None
    clock: SystemClock = field(default_factory=SystemClock)
    lang: Lang | None = None  # of the warnings the store has for the user
    _library: Library | None = None
    _store: EventStore | None = None
    _guards: dict[str, Guard] = field(default_factory=dict)

    @property
    def library(self) -> Library:
        if self._library is None:
            self._library = load_cached(_cache_dir(), self.settings_path,
                                        warn=lambda m: say(m, default_lang()))
        return self._library

    def store(self, *, write: bool = False, create: bool = False) -> EventStore:
        """The store: read-only unless `write` (then created, if missing, only if `create`:
        `runbook start` and the player create a database, a mistyped --db does not)."""
        if self._store is not None and write and self._store.read_only:
            self._store.close()
            self._store = None
        if self._store is None:
            from store import EventStore, default_db_path

            path = self.db_path or default_db_path()
            self._store = EventStore.open(path, create=create, read_only=not write)
        self._say(self._store.warnings())
        return self._store

    def _say(self, warnings: list[Msg]) -> None:
        for warning in warnings:
            say(warning, self.lang or default_lang())

    def author(self, name: str | None, group: str | None) -> Author:
        return Author(Actor(name or _login(), group), self.clock)

    def new_id(self) -> str:
        return new_incident_id(self.clock.now(), secrets.token_hex(2))

    def append(self, event: Event, *, create: bool = False) -> Event:
        """Record `event`, checked by the rules; `create` the database if there is none."""
        guard = self._guards.get(event.incident_id)
        if guard is None:
            from runbook.guard import Guard  # writes only: the player starts without it

            # One per incident, kept: each event is folded once however many are appended.
            guard = self._guards[event.incident_id] = Guard(self.library)
        store = self.store(write=True, create=create)
        stored: Event = store.append(event, guard(event))
        self._say(store.warnings())
        return stored

    def events(self, incident_id: str) -> list[Event]:
        events: list[Event] = self.store().events(incident_id)
        if not events:
            raise NotFound(Msg(
                f"There is no incident {incident_id!r}. `runbook list` shows them.",
                f"没有事件 {incident_id!r}。可用 `runbook list` 查看。"))
        return events

    def incident(self, incident_id: str) -> IncidentState:
        """The incident, folded (NotFound if there is none)."""
        state = IncidentState(self.library)
        state.sync(self.events(incident_id))
        return state

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def _cache_dir() -> Path | None:
    """RUNBOOK_CACHE names the folder, or `off`; default: the user cache folder."""
    chosen = os.environ.get("RUNBOOK_CACHE")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    from platformdirs import user_cache_path

    return user_cache_path("runbook")


def _login() -> str:
    try:
        return os.environ.get("USER") or getpass.getuser()
    except Exception:
        return "unknown"


def say(message: Msg, lang: Lang) -> None:
    click.echo(message(lang), err=True)
