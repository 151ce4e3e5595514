"""The link's state kept beside the database while `runbook sync` runs, so that `runbook
sites` (another process) and the player can show it: JSON, written whole under a new name and
renamed into place (a reader never sees half of it), about once a second.

A state older than `STALE_S` means the sync process is not running (or hangs): readers say
so rather than show an old "up".
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from sync.link import LinkView

STALE_S: Final = 10.0


def path_for(db: Path) -> Path:
    return db.with_name(db.name + ".sync.json")


def encode(view: LinkView, *, site: str, server: str, written_at: datetime,
           stopped: bool = False) -> dict[str, Any]:
    def moment(value: datetime | None) -> str | None:
        return value.isoformat(timespec="seconds") if value is not None else None

    return {
        "site": site, "server": server, "written_at": moment(written_at), "pid": os.getpid(),
        "stopped": stopped,
        "up": view.up, "since": moment(view.since), "failures": view.failures,
        "last_error": None if view.last_error is None else {
            "en": view.last_error.en, "zh": view.last_error.zh},
        "peers": [{"site": p.site, "lag": p.lag, "last": None if p.last is None else {
            "incident": p.last.incident, "seq": p.last.seq, "hash": p.last.hash,
            "at": moment(p.last.at)}} for p in view.peers],
        "refused": [{"subject": r.subject, "at": moment(r.at),
                     "message": {"en": r.message.en, "zh": r.message.zh}}
                    for r in view.reports[-20:]],
    }


def write(path: Path, state: dict[str, Any]) -> None:
    """Best effort: a state that cannot be written is no reason to stop syncing. Readable by
    its owner only, like the database it sits beside; written under a new name (O_EXCL,
    never a file someone placed there) and renamed into place."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(state, ensure_ascii=False, indent=1))
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def running(state: Mapping[str, Any], now: datetime) -> bool:
    """Whether the process that wrote `state` still syncs: not stopped, and written within
    `STALE_S` of `now` (else it has ended or hangs, and its "up" is old news)."""
    if state.get("stopped"):
        return False
    try:
        written = datetime.fromisoformat(str(state.get("written_at")))
        return (now - written).total_seconds() <= STALE_S
    except (ValueError, TypeError):  # unreadable, or without an offset
        return False


def read(path: Path) -> dict[str, Any] | None:
    """The last state written, None if there is none (sync never ran here) or it is not of
    the shape `encode` writes (hand-edited, another program's): readers then say nothing of
    a link rather than fail on it."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return found if well_formed(found) else None


def _texts(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(value.get(k), str) for k in ("en", "zh"))


def well_formed(state: Any) -> bool:
    """Whether `state` has the fields and types `encode` writes (what its readers use)."""
    if not isinstance(state, dict):
        return False
    if not all(isinstance(state.get(k), str) for k in ("site", "written_at")) \
            or type(state.get("up")) is not bool or type(state.get("failures", 0)) is not int:
        return False
    if not (state.get("since") is None or isinstance(state["since"], str)) \
            or not (state.get("last_error") is None or _texts(state["last_error"])):
        return False
    peers, refused = state.get("peers", []), state.get("refused", [])
    if not isinstance(peers, list) or not isinstance(refused, list):
        return False
    for peer in peers:
        last = peer.get("last") if isinstance(peer, dict) else 0
        if not isinstance(peer, dict) or not isinstance(peer.get("site"), str) \
                or type(peer.get("lag", 0)) is not int:
            return False
        if last is not None and not (isinstance(last, dict) and all(
                isinstance(last.get(k), str) for k in ("incident", "hash", "at"))
                and type(last.get("seq")) is int):
            return False
    return all(isinstance(r, dict) and isinstance(r.get("subject"), str)
               and _texts(r.get("message")) for r in refused)
