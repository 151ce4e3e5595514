"""Signed checkpoints: when one is written, what it says, and whether the chain still
matches it.

A checkpoint is an event (kind `checkpoint`) whose payload `note` is a C2SP signed note
(`runbook.signed_note`) with a body in the C2SP tlog-checkpoint shape:

    <incident id>
    <number of records sealed>
    <base64 of the 32-byte hash of the last record sealed>

The hash is the chain's SHA-256 event hash (`runbook.chain`), which covers every record
before it; so a checkpoint by a key the institution lists proves the whole history up to it,
even to someone who can rewrite the database file and recompute every hash.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import Final

from msgspec import Struct

from runbook.events import Event
from runbook.i18n import Msg
from runbook.kinds import SPECS, Kind
from runbook.signed_note import NoteError, Signer, Verifier, parse, sign
from runbook.sites import chain_name

Sealer = Callable[[Sequence[Event]], Event | None]
"""Shown an incident's events after each append (the newest last): a checkpoint to append
after it, or None (`store.EventStore.seal_with`)."""

DEFAULT_EVERY: Final = 50  # the settings' `checkpoint_every_events` when none is loaded
SETTING: Final = "checkpoint_every_events"
SEALING: Final = frozenset(kind for kind, spec in SPECS.items() if spec.seals)


def body(incident_id: str, size: int, head: str) -> str:
    """The statement signed: origin, size, root hash (the tlog-checkpoint shape)."""
    return f"{incident_id}\n{size}\n{base64.b64encode(bytes.fromhex(head)).decode()}\n"


def due(history: Sequence[Event], every: int) -> bool:
    """Whether the newest event should be sealed now: it is one that seals (declaration,
    level change, stand-down, sign-off, close), or `every` events came since the last
    checkpoint."""
    if not history or history[-1].kind == Kind.CHECKPOINT:
        return False
    if history[-1].kind in SEALING:
        return True
    since = 0
    for event in reversed(history):
        if event.kind == Kind.CHECKPOINT:
            break
        since += 1
    return since >= every


def checkpoint(sealed: Event, signer: Signer) -> Event:
    """The checkpoint event that seals `sealed` (as stored: its seq and hash set) and
    everything before it in its origin's chain; the store appends it right after, in the
    same transaction. A site's checkpoint names its chain `<incident>/<site>` and counts
    that chain's records (`runbook.sites.chain_name`); with no site, as before."""
    name = chain_name(sealed.incident_id, sealed.origin)
    note = sign(body(name, sealed.position, sealed.hash), [signer])
    return Event(sealed.incident_id, Kind.CHECKPOINT, sealed.actor, sealed.recorded_at,
                 sealed.recorded_at, {"note": note}, origin=sealed.origin)


class Sealed(Struct, frozen=True):
    """What one checkpoint says."""

    origin: str
    size: int
    head: str  # hex, as the chain stores hashes
    signers: tuple[str, ...]


def read(event: Event) -> Sealed:
    """The checkpoint's statement; NoteError if its note is not one runbook writes."""
    note = parse(str(event.payload.get("note", "")))
    lines = note.body.split("\n")[:-1]
    if len(lines) < 3 or not lines[1].isdigit():
        raise NoteError("the body is not origin, size, hash")
    try:
        root = base64.b64decode(lines[2], validate=True)
    except (binascii.Error, ValueError) as error:
        raise NoteError("the hash is not base64") from error
    return Sealed(lines[0], int(lines[1]), root.hex(), tuple(s.name for s in note.signatures))


MISMATCH: Final = Msg(
    en="Incident {incident}, checkpoint #{seq} (signed by {signer}) no longer matches the "
    "chain: it sealed {size} records ending in hash {sealed}, but record {size} now has hash "
    "{actual}. The history before it was rewritten after it was signed.",
    zh="事件 {incident} 第 {seq} 条记录（检查点，签名人 {signer}）与哈希链不再相符：它封存了 "
    "{size} 条记录，末条哈希为 {sealed}，但第 {size} 条记录现在的哈希是 {actual}。"
    "签名之后，之前的记录被改写过。",
)
FOREIGN: Final = Msg(
    en="Incident {incident}, checkpoint #{seq}: signed only by {names}, with no key in the "
    "allowed signers; it is refused. It is a forgery, or its signer is not listed: an "
    "administrator adds their `runbook keys export` line to the allowed-signers file.",
    zh="事件 {incident} 第 {seq} 条记录（检查点）：仅由 {names} 签名，其密钥不在允许签名人名单中，"
    "不予认可。它是伪造的，或签名人尚未登记：请管理员将其 `runbook keys export` 输出的一行加入"
    "允许签名人文件。",
)
BAD: Final = Msg(
    en="Incident {incident}, checkpoint #{seq}: the signature by {name} does not verify "
    "with {name}'s allowed key; the checkpoint was damaged or forged.",
    zh="事件 {incident} 第 {seq} 条记录（检查点）：{name} 的签名无法用其登记的密钥验证，"
    "检查点已损坏或被伪造。",
)
MALFORMED: Final = Msg(
    en="Incident {incident}, checkpoint #{seq} is not a signed checkpoint runbook can read "
    "({error}).",
    zh="事件 {incident} 第 {seq} 条记录（检查点）不是 runbook 能读取的签名检查点（{error}）。",
)
ELSEWHERE: Final = Msg(
    en="Incident {incident}, checkpoint #{seq} seals incident {origin} or a record not "
    "before it; it was copied or forged.",
    zh="事件 {incident} 第 {seq} 条记录（检查点）封存的是事件 {origin} 或并非其之前的记录；"
    "它是被复制或伪造的。",
)


class SealProblem(Struct, frozen=True):
    incident_id: str
    seq: int
    message: Msg


class Seals(Struct, frozen=True):
    """One incident's checkpoints as checked against its (intact) chain."""

    incident_id: str
    checkpoints: int
    sealed: int  # records covered by the last good checkpoint (0: none)
    unsealed: int  # records (checkpoints aside) after the last one sealed: not yet sealed
    problem: SealProblem | None = None
    # Of those, the ones that seal (a declaration, level change ...) with no checkpoint
    # after them: signing was unavailable then, or checkpoints were removed.
    missed: int = 0


def check(incident_id: str, events: Sequence[Event], verifiers: Sequence[Verifier]) -> Seals:
    """Every checkpoint in `events` (one chain, already found intact, in its order; named
    `incident_id`, or `<incident>/<site>` for a site's chain): signed by an allowed key, and
    matching the chain at its position. The first that is not is the problem."""
    count = 0
    sealed = 0
    for index, event in enumerate(events):
        if event.kind != Kind.CHECKPOINT:
            continue
        count += 1
        wrong = _wrong(incident_id, events, index, verifiers)
        if wrong is not None:
            found = SealProblem(incident_id, event.seq, wrong)
            return Seals(incident_id, count, sealed, _after(events, sealed), found)
        sealed = read(event).size
    return Seals(incident_id, count, sealed, _after(events, sealed), None,
                 _missed(events, sealed))


def _wrong(incident_id: str, events: Sequence[Event], index: int,
           verifiers: Sequence[Verifier]) -> Msg | None:
    """What is wrong with the checkpoint `events[index]`, or None."""
    event = events[index]
    where = {"incident": incident_id, "seq": event.seq}
    try:
        statement = read(event)
        note = parse(str(event.payload["note"]))
    except NoteError as error:
        return MALFORMED.format(error=str(error), **where)
    verdicts = note.verdicts(verifiers)
    bad = [sig.name for sig, verdict in verdicts if verdict == "bad"]
    if bad:
        return BAD.format(name=bad[0], **where)
    good = [sig.name for sig, verdict in verdicts if verdict == "verified"]
    if not good:
        return FOREIGN.format(names=", ".join(statement.signers), **where)
    if statement.origin != incident_id or not 0 < statement.size <= index:
        return ELSEWHERE.format(origin=statement.origin, **where)
    actual = events[statement.size - 1].hash
    if actual != statement.head:
        return MISMATCH.format(signer=good[0], size=statement.size,
                               sealed=statement.head[:12], actual=actual[:12], **where)
    return None


def _after(events: Sequence[Event], sealed: int) -> int:
    return sum(1 for e in events[sealed:] if e.kind != Kind.CHECKPOINT)


def _missed(events: Sequence[Event], sealed: int) -> int:
    later = events[sealed:]
    return sum(1 for index, e in enumerate(later)
               if e.kind in SEALING and (index + 1 == len(later)
                                         or later[index + 1].kind != Kind.CHECKPOINT))
