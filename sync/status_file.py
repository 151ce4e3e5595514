"""The link's state kept beside the database while `runbook sync` runs, so that `runbook
sites` (another process) and the player can show it: JSON, written whole under a new name and
renamed into place (a reader never sees half of it), about once a second.

`LinkStatus` is that file's shape, in one place: `encode` makes one from the link's view,
`write` puts it in the file, `read` decodes and validates the file back into one (or None),
and `as_json` gives its JSON form (the file's, and `runbook sites --json`'s). Readers ask the
record; nothing else checks the file's types.

A state older than `STALE_S` means the sync process is not running (or hangs): readers say
so rather than show an old "up".
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Final

import msgspec
from msgspec import Meta, Struct

from runbook.files import FileRefused, read_small
from runbook.i18n import Msg
from sync.link import LinkView

STALE_S: Final = 10.0
# What `write` puts there is a few kilobytes (at most 20 refused messages); far more is not
# a state sync wrote.
MAX_BYTES: Final = 1_000_000

# A moment in the file: ISO 8601 with its offset (`isoformat(timespec="seconds")`). One
# without an offset is refused on reading: it cannot be compared with the clock's now.
Moment = Annotated[datetime, Meta(tz=True)]


class LastSeen(Struct, frozen=True, kw_only=True):
    """The last event seen from another site."""

    incident: str
    seq: int
    hash: str
    at: Moment


class PeerStatus(Struct, frozen=True, kw_only=True):
    """Another site: the last event seen from it (None: none yet) and how many of its events
    the stream holds that this site does not hold yet."""

    site: str
    lag: int = 0
    last: LastSeen | None = None


class Refusal(Struct, frozen=True, kw_only=True):
    """A message sync refused, and why."""

    subject: str
    at: Moment | None = None
    message: Msg


class LinkStatus(Struct, frozen=True, kw_only=True):
    """The state file, field for field in the order `write` puts them (the order of
    `runbook sites --json`). Fields the first reader did not require have defaults, so a
    file it accepted is still read."""

    site: str
    server: str = ""  # without any password
    written_at: Moment
    pid: int = 0
    stopped: bool = False  # the last state written, as sync stopped
    up: bool
    since: Moment | None = None
    failures: int = 0  # failed connections (or lost links) since it was last up
    last_error: Msg | None = None
    peers: tuple[PeerStatus, ...] = ()
    refused: tuple[Refusal, ...] = ()


def path_for(db: Path) -> Path:
    return db.with_name(db.name + ".sync.json")


def encode(view: LinkView, *, site: str, server: str, written_at: datetime,
           stopped: bool = False) -> LinkStatus:
    return LinkStatus(
        site=site, server=server, written_at=written_at, pid=os.getpid(), stopped=stopped,
        up=view.up, since=view.since, failures=view.failures, last_error=view.last_error,
        peers=tuple(PeerStatus(site=p.site, lag=p.lag, last=None if p.last is None else
                               LastSeen(incident=p.last.incident, seq=p.last.seq,
                                        hash=p.last.hash, at=p.last.at))
                    for p in view.peers),
        refused=tuple(Refusal(subject=r.subject, at=r.at, message=r.message)
                      for r in view.reports[-20:]))


def as_json(status: LinkStatus) -> dict[str, Any]:
    """`status` as plain JSON values, as the file holds it."""
    plain: dict[str, Any] = _moments(msgspec.to_builtins(status, builtin_types=(datetime,)))
    return plain


def _moments(value: Any) -> Any:
    # By hand: msgspec writes a UTC moment as "...Z" and keeps fractions of a second, where
    # the file has always held `isoformat(timespec="seconds")` ("...+00:00"), which
    # `runbook sites --json` shows unchanged.
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dict):
        return {key: _moments(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):  # to_builtins keeps a tuple a tuple
        return [_moments(item) for item in value]
    return value


def write(path: Path, status: LinkStatus) -> None:
    """Best effort: a state that cannot be written is no reason to stop syncing. Readable by
    its owner only, like the database it sits beside; written under a new name (O_EXCL,
    never a file someone placed there) and renamed into place."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(as_json(status), ensure_ascii=False, indent=1))
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def running(status: LinkStatus, now: datetime) -> bool:
    """Whether the process that wrote `status` still syncs: not stopped, and written within
    `STALE_S` of `now` (else it has ended or hangs, and its "up" is old news)."""
    return not status.stopped and (now - status.written_at).total_seconds() <= STALE_S


def read(path: Path) -> LinkStatus | None:
    """The last state written, None if there is none (sync never ran here) or it is not of
    the shape `encode` writes (hand-edited, another program's: not JSON, a field missing or
    of another type, a moment without an offset): readers then say nothing of a link rather
    than fail on it."""
    try:  # a regular file of at most MAX_BYTES: a named pipe would block the reader for good
        return msgspec.json.decode(read_small(path, MAX_BYTES), type=LinkStatus)
    except (FileRefused, ValueError, RecursionError):  # msgspec.DecodeError is a ValueError
        return None
