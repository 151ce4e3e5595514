"""Versions of the plan: the digest of a whole library, the version an incident plays, and
what that version is when the folder has changed since.

An incident is declared with the library in force; its declaration records that library's
digest, and the store keeps the library itself under that digest (written in the same
transaction as the declaration, once per version however many incidents play it). The
incident goes on playing that version until someone switches it to the library in force
(`Kind.VERSION_SWITCHED`, with a reason). Every reader of an incident asks `resolve` (through
`runbook.state.IncidentState`) which library that is.

The digest covers what the responders play: the types, the shared modules and changes as
resolved into steps, the plan's clauses and the settings in force. The roster (contacts,
vendors, resources) is left out on purpose: it is who to call, not what to do, and a
changed phone number must reach every incident at once, not only those declared after it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any, Final

from msgspec import Struct
from msgspec.structs import replace

from runbook.events import Event
from runbook.i18n import Msg
from runbook.incident import Incident
from runbook.playbook import Library
from runbook.roles import Permissions
from runbook.roster import Roster

Versions = Callable[[str], "Library | None"]
"""A stored version by its whole digest (None: not stored); the store's `version`."""

SHORT: Final = 12  # how many hexadecimal characters name a version to people


def body(library: Library) -> dict[str, Any]:
    """The library as stored for a version: plain data, without the roster and without the
    permissions, which say who may act now, not what the plan asks (`resolve` adds today's)."""
    from runbook.library_json import encode

    return encode(replace(library, roster=Roster(),
                          settings=replace(library.settings, permissions=Permissions())))


def body_text(library: Library) -> str:
    """`body` as the one canonical text its digest is taken of."""
    return json.dumps(body(library), ensure_ascii=False, separators=(",", ":"),
                      sort_keys=True)


def text_digest(text: str) -> str:
    """The digest of a version's canonical text: what it is kept under, and what a kept body
    must still hash to (the store's reader and `runbook verify` ask this)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def holds(version: str, body: object) -> bool:
    """Whether `body`, as kept under `version`, is still that version: text that hashes to
    it (one changed behind the store's triggers does not)."""
    return isinstance(body, str) and text_digest(body) == version


def digest(library: Library) -> str:
    """The library's version: SHA-256 of its canonical text (worked out once per library)."""
    found: str | None = library.__dict__.get("_version_digest")
    if found is None:
        found = text_digest(body_text(library))
        library.__dict__["_version_digest"] = found  # a Library keeps a __dict__ for this
    return found


def decode(text: str) -> Library:
    """A stored version back (ValueError if it is not what `body_text` wrote)."""
    from runbook.library_json import decode as decode_library

    return decode_library(json.loads(text))


def named(event: Event) -> str | None:
    """The version of the plan `event` puts an incident on: a declaration's, or the one a
    switch goes to; None for any other event."""
    if event.kind == "incident_declared":
        found = event.payload.get("library_digest")
    elif event.kind == "version_switched":
        found = event.payload.get("to")
    else:
        return None
    return found if isinstance(found, str) and found else None


def named_in(events: Iterable[Event]) -> set[str]:
    """Every version of the plan the events put their incident on, at one time or another."""
    return {v for v in map(named, events) if v is not None}


def kept(event: Event, library: Library) -> tuple[str, str] | None:
    """What the store keeps with `event`, in its transaction: the version of the plan a
    declaration or a switch names, when that is `library` (the one in force)."""
    if named(event) != digest(library):
        return None
    return digest(library), body_text(library)


def short(version: str) -> str:
    return version[:SHORT] if version else "-"


class Played(Struct, frozen=True):
    """The library an incident plays, and where it came from."""

    library: Library
    version: str  # its digest ("" : an incident declared before versions were kept)
    current: bool  # the library in force is this version
    fallback: bool = False  # its own version is not kept: the library in force stands in


def resolve(version: str, current: Library, versions: Versions | None) -> Played:
    """The library of `version`: the one in force if it is that version, else the one
    stored; if neither (declared before versions were kept, or not in this database), the
    one in force, marked as standing in."""
    now = digest(current)
    if version == now:
        return Played(current, version, True)
    stored = versions(version) if versions is not None and version else None
    if stored is not None:  # who to call and who may act are always today's
        return Played(replace(stored, roster=current.roster, settings=replace(
            stored.settings, permissions=current.settings.permissions)), version, False)
    return Played(current, version, False, fallback=True)


def changed_since(played: Played) -> bool:
    """The library has changed since the incident's version (one it really has)."""
    return not played.current and not played.fallback


def notice(incident: Incident, played: Played) -> Msg | None:
    """What a responder is told on an incident not playing the library in force."""
    if played.fallback:
        return FALLBACK.format(id=incident.id)
    if not played.current:
        return CHANGED.format(id=incident.id, version=short(played.version))
    return None


def line(incident: Incident, played: Played | None) -> Msg | None:
    """The player's one line for an incident whose plan changed since its version (short
    enough for 80 columns with the command to see the diff)."""
    if played is None or not changed_since(played):
        return None
    return CHANGED_LINE.format(id=incident.id)


CHANGED_LINE: Final = Msg("Playbooks changed since declared: runbook playbooks --diff {id}",
                          "剧本自宣布以来已变更：runbook playbooks --diff {id}")
CHANGED: Final = Msg(
    "The playbooks changed since this incident's version {version}; it plays {version}. "
    "See: runbook playbooks --diff {id}",
    "剧本自本事件的版本 {version} 以来已变更；本事件仍按 {version} 执行。"
    "查看变更：runbook playbooks --diff {id}")
FALLBACK: Final = Msg(
    "This incident's own version of the playbooks is not kept in this database (declared "
    "before versions were kept, or the copy kept no longer matches its digest): it plays "
    "the playbooks in force.",
    "本事件的剧本版本未保存在此数据库中（宣布时尚未保存版本，或保存的副本与其摘要不符）："
    "按当前剧本执行。")
