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

from runbook.actions import Author, new_incident_id
from runbook.clock import SystemClock
from runbook.errors import NotFound, UsageError
from runbook.events import Actor, Event
from runbook.fold import fold
from runbook.i18n import Lang, Msg, default_lang
from runbook.incident import Incident
from runbook.library_cache import load_cached
from runbook.playbook import Library, Playbook
from runbook.timewindow import is_backdated, outside
from runbook.vocabulary import GROUP_IDS

if TYPE_CHECKING:
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


def parse_when(at_text: str | None, at_reason: str | None,
               clock: SystemClock) -> datetime | None:
    """`--at`, and `--at-reason` when that time is before now: a backdated entry says why."""
    at = parse_at(at_text, clock)
    if at is not None and is_backdated(at, clock.now()) and not (at_reason or "").strip():
        raise UsageError(Msg(
            f"--at {at_text} is before now: add --at-reason saying why it is recorded after "
            "the fact (the record marks it as backdated).",
            f"--at {at_text} 早于现在：请用 --at-reason 说明补记原因（记录会将其标为补记）。"))
    return at


@dataclass
class Session:
    """One command's view of the world; the store is opened on first use."""

    db_path: Path | None
    settings_path: Path | None = None
    clock: SystemClock = field(default_factory=SystemClock)
    _library: Library | None = None
    _store: EventStore | None = None

    @property
    def library(self) -> Library:
        if self._library is None:
            self._library = load_cached(_cache_dir(), self.settings_path,
                                        warn=lambda m: say(m, default_lang()))
        return self._library

    def store(self, *, create: bool = True) -> EventStore:
        if self._store is None:
            from store import EventStore, default_db_path

            path = self.db_path or default_db_path()
            self._store = EventStore.open(path, create=create)
        return self._store

    def author(self, name: str | None, group: str | None) -> Author:
        return Author(Actor(name or _login(), group), self.clock)

    def new_id(self) -> str:
        return new_incident_id(self.clock.now(), secrets.token_hex(2))

    def append(self, event: Event) -> Event:
        from runbook.rules import Guard  # writes only: the player starts without it

        stored: Event = self.store().append(event, Guard(self.library)(event))
        return stored

    def events(self, incident_id: str) -> list[Event]:
        events: list[Event] = self.store(create=False).events(incident_id)
        if not events:
            raise NotFound(Msg(
                f"There is no incident {incident_id!r}. `runbook list` shows them.",
                f"没有事件 {incident_id!r}。可用 `runbook list` 查看。"))
        return events

    def incident(self, incident_id: str) -> tuple[Incident, Playbook]:
        incident = fold(self.events(incident_id))
        book = self.library.playbook(incident.type)
        if book is None:
            raise NotFound(Msg(f"The playbook {incident.type!r} is not installed.",
                               f"剧本 {incident.type!r} 未安装。"))
        return incident, book

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
    """A word on standard error; what it quotes (a path, an id) shown, never obeyed."""
    from runbook.safetext import block

    click.echo(block(message(lang)), err=True)
