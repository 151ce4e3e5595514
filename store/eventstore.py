"""The event store: append-only, hash-chained, one SQLite transaction per event."""

from __future__ import annotations

import os
import sqlite3
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import attrgetter
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from runbook.chain import GENESIS, event_hash
from runbook.errors import UsageError
from runbook.events import Event, utc_text
from runbook.i18n import Msg
from runbook.sites import check_site
from store import schema
from store.codec import (
    COLUMNS,
    HASH_AT,
    SEQ_AT,
    Row,
    Undecodable,
    as_stored,
    from_row,
    marking_undecodable,
    payload_text,
    to_row,
)
from store.connection import (
    DEFAULT_TIMEOUT,
    WalWatch,
    check_writable,
    connect,
    connect_read_only,
    hold,
    prepare_file,
    release,
    save_wal,
    translated,
    use_wal,
    write_transaction,
)
from store.errors import (
    DatabaseDamaged,
    ReadOnlyDatabase,
    SharedIncident,
    StoreClosed,
    UnknownIncident,
    UnreadableRecord,
    UnstorableEvent,
    WalReplaced,
    WrongProcess,
    not_utf8,
    shown,
)
from store.history import History
from store.paths import exposure
from store.received import Accepted, Receipt, Refused, refusal

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.db import Table

    from runbook.checkpoints import Sealer
    from runbook.playbook import Library
    from runbook.signed_note import Verifier
    from store.verify import VerifyReport

# A payload field as the core reads it (`Event.step`): its text, or NULL if it is not text.
_TEXT_AT = "(CASE json_type(payload, '$.{key}') WHEN 'text' THEN payload ->> '$.{key}' END)"

Guard = Callable[[Sequence[Event]], None]
"""Sees an incident's events so far, inside the write transaction; raises to refuse.

A guard that also has a `catch_up(history)` method is handed the history read before the
write lock is taken, so that inside the lock it has only the few newer events to look at.
"""



class Head(Struct, frozen=True):
    """One origin's chain of an incident as held here: its length and newest hash."""

    count: int
    hash: str


FULL_HASH = 64
# How many of the newest events a sealer is shown (it counts back to the last checkpoint):
# a copy of a long history for every append would cost more than the append.
_SEAL_LOOKBACK = 1000
WHOLE_HASH = Msg(
    en="--head takes the whole head hash as the export prints it (64 hexadecimal "
    "characters, 0-9 and a-f); ",
    zh="--head 需要导出报告中打印的完整链头哈希（64 位十六进制字符，即 0-9 和 a-f）；",
)
HASH_LENGTH = WHOLE_HASH + Msg(
    en="{head!r} has {length} characters. A shortened hash cannot prove the record; copy "
    "it whole.",
    zh="{head!r} 有 {length} 个字符。截短的哈希无法证明记录完整；请完整复制。",
)
HASH_FORM = WHOLE_HASH + Msg(
    en="{head!r} holds {chars}, which a hash does not. Copy the hash alone, as printed.",
    zh="{head!r} 含有哈希中不会出现的字符 {chars}。请只复制打印出的哈希本身。",
)
COUNT_NOT_POSITIVE = Msg(
    en="--count is the number of records noted earlier, 1 or more; {count} is not.",
    zh="--count 是之前记下的记录数，至少为 1；{count} 不符合。",
)
INTEGRITY = Msg(en="SQLite's integrity check says: {found}", zh="SQLite 完整性检查结果：{found}")
UNDECODABLE = Msg(en="a stored value is not in the form runbook writes ({error})",
                  zh="某个已存值不是 runbook 写入的格式（{error}）")
TEXT_NOT_UTF8 = Msg(en="its {column} is not valid UTF-8 text",
                    zh="其 {column} 字段不是有效的 UTF-8 文本")
WAL_SAVED = Msg(
    en="Warning: something deleted or replaced {path}-wal while runbook was writing to it. "
    "The records it held were saved into {path}, and runbook goes on with a new -wal. "
    "Stop whatever deletes -wal files: it loses records.",
    zh="警告：在 runbook 写入期间，{path}-wal 被删除或替换。其中的记录已保存到 {path}，"
    "runbook 已改用新的 -wal 文件继续。请停止删除 -wal 文件的程序：它会导致记录丢失。",
)


class EventStore:
    """An incident log in one SQLite file, shared safely by several runbook processes.

    Open one store per process and per thread (SQLite connections are neither fork- nor
    thread-safe). Events are never updated or deleted; history is corrected by appending.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, timeout: float, *,
                 read_only: bool = False, warnings: Sequence[Msg] = (),
                 origin: str = "") -> None:
        """Use `EventStore.open`; this takes a connection already checked and migrated."""
        self._conn = conn
        self._table: Table | None = None
        self._path = path
        self._timeout = timeout
        self._read_only = read_only
        self._pid = os.getpid()
        self._closed = False
        self._warnings = list(warnings)
        # Per incident, every event read so far in seq order. Events are immutable, so
        # the cache only ever grows at the end; `_history` checks its tail against the
        # file before trusting it.
        self._cache: dict[str, list[Event]] = {}
        self._versions: dict[str, Library | None] = {}  # versions of the plan, read
        # The -wal this connection writes: if the one at its path is another, someone
        # deleted or replaced ours, and what we commit would vanish with the process.
        self._wal = None if read_only else WalWatch(path)
        self._select = schema.select_columns(conn)
        self._has_origins = schema.has_origins(conn)
        self._seen_version = self.data_version()
        self._appended_version = self._seen_version  # see _before_lock
        self._sealer: Sealer | None = None
        # The origin this store appends as ("" with no site set), and per incident the
        # newest event of each origin in its cached history, kept up with the history.
        self._origin = origin
        self._heads: dict[str, tuple[list[Event], int, dict[str, Event]]] = {}

    def seal_with(self, sealer: Sealer | None) -> None:
        """Have every append offer the history to `sealer`, inside the write transaction,
        and append what it returns in the same transaction (the composition root installs
        the signing of checkpoints). It holds the lock while it runs: it must be quick."""
        self._sealer = sealer

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        read_only: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        origin: str = "",
    ) -> EventStore:
        """Open the database for reading and writing, creating it (0600) if `create`; or,
        if `read_only`, only for reading, as it is (a write-protected copy, a read-only
        mount), never creating, migrating or checkpointing anything.

        Raises a StoreError subclass, having written nothing, when the file is missing
        (and not `create`), not a regular file, not SQLite, cut short, damaged, another
        program's, made by a newer runbook, read-only (unless `read_only`), or locked by
        another writer past `timeout` seconds.
        """
        file = Path(path).absolute()
        create = create and not read_only
        status = prepare_file(file, create=create)
        if not read_only:
            check_writable(file)
        hold(file)  # before the first statement takes a lock: see connection._IN_USE
        try:
            conn = connect_read_only(file, timeout) if read_only else connect(file, timeout)
        except BaseException:
            release(file)
            raise
        try:
            with translated(file, timeout):
                version = schema.check_stamp(conn, file, create=create)
            if version < schema.READABLE_FROM and read_only:
                raise ReadOnlyDatabase(file)  # an older schema must be migrated: a write
            if not read_only:
                use_wal(conn, file, timeout)
            if version < schema.SCHEMA_VERSION and not read_only:
                # Only then take the write lock: opening an up-to-date database never
                # waits for another writer.
                schema.migrate(_wrapped(conn), file, timeout)
            exposed = None if status is None or read_only else exposure(file, status.st_mode)
            with translated(file, timeout):
                return cls(conn, file, timeout, read_only=read_only,
                           warnings=[exposed] if exposed else [],
                           origin=check_site(origin) if origin else "")
        except BaseException:
            conn.close()
            release(file)
            raise

    @property
    def path(self) -> Path:
        return self._path

    @property
    def origin(self) -> str:
        """The origin this store appends its own events as ("" with no site set)."""
        return self._origin

    @property
    def read_only(self) -> bool:
        return self._read_only

    def warnings(self) -> list[Msg]:
        """What the user should know about the file, said once: the warnings since the
        last call (a database readable by others; a -wal deleted and recovered from)."""
        said, self._warnings = self._warnings, []
        return said

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._cache.clear()
        if os.getpid() == self._pid:
            # A forked child leaves the parent's connection alone: closing it could
            # checkpoint or unlink files the parent is still using.
            self._conn.close()
            release(self._path)

    def __enter__(self) -> EventStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def append(self, event: Event, guard: Guard | None = None,
               version: tuple[str, str] | None = None) -> Event:
        """Store `event` as the incident's next one and return it with seq and hashes set.

        Returns only after COMMIT with synchronous=FULL, into the -wal that is on disk: a
        returned event survives a crash or power loss. `guard` runs inside the write
        transaction, so no other writer can add an event between its check and this
        append; it holds the lock while it runs, so it must be quick. If it raises,
        nothing is written and its exception propagates. `version` (digest, body) is a
        version of the plan the event names (a declaration, a switch), kept in the same
        transaction if it is not kept already (`runbook.versions`).

        The incident's history is read (and, if the guard can `catch_up`, folded) before
        the lock is taken; inside it only what other writers added since is read.
        """
        if self._read_only:
            raise ReadOnlyDatabase(self._path)
        payload = payload_text(event.payload)
        # As it will be read back, so the caller holds what every reader sees.
        prepared = as_stored(event, payload)
        conn = self._live()
        with translated(self._path, self._timeout):
            history = self._before_lock(event.incident_id, conn)
        catch_up: Callable[[Sequence[Event]], object] | None = getattr(guard, "catch_up", None)
        if catch_up is not None:
            catch_up(History(history))
        table = self._events()  # sqlite-utils is imported outside the lock
        with write_transaction(conn, self._path, self._timeout):
            history = self._history(event.incident_id)
            if guard is not None:
                guard(History(history))
            stored = self._placed(prepared, history)
            table.insert(to_row(stored, payload))
            if version is not None:
                conn.execute(
                    "INSERT OR IGNORE INTO plan_versions (digest, body, stored_at)"
                    " VALUES (?, ?, ?)", (version[0], version[1], utc_text(stored.recorded_at)))
            after = self._seal(table, history, stored)
        history.append(stored)
        history.extend(after)
        # Deleted while we wrote? Then it is saved into the main file before we say so.
        self._keep_wal()
        return stored

    def _placed(self, prepared: Event, history: list[Event]) -> Event:
        """`prepared` as this store's next own event of its incident: the next local seq,
        linked to the head of this store's origin's chain, knowing the other origins held."""
        heads = self._origin_heads(prepared.incident_id, history)
        own = self._origin
        if not own and any(heads):
            # Origin "" is numbered by seq, so its events must come before any site's.
            raise SharedIncident(self._path, prepared.incident_id, sorted(o for o in heads if o))
        mine = heads.get(own)
        last = history[-1] if history else None
        placed = replace(
            prepared,
            seq=last.seq + 1 if last else 1,
            origin=own,
            origin_seq=mine.origin_seq + 1 if mine else 1,
            seen={o: e.origin_seq for o, e in sorted(heads.items()) if o and o != own}
            if own else {},
            prev_hash=mine.hash if mine else GENESIS,
            hash="",
        )
        if not own:
            placed = replace(placed, origin_seq=placed.seq)
        return replace(placed, hash=event_hash(placed))

    def _origin_heads(self, incident_id: str, history: list[Event]) -> dict[str, Event]:
        """The newest event of each origin in `history` (the incident's cached history),
        read on from where it was last read."""
        known = self._heads.get(incident_id)
        if known is None or known[0] is not history or known[1] > len(history):
            known = (history, 0, {})
        _, read, heads = known
        for event in history[read:]:
            heads[event.origin] = event
        self._heads[incident_id] = (history, len(history), heads)
        return heads

    def _seal(self, table: Table, history: list[Event], stored: Event) -> list[Event]:
        """The checkpoint the sealer asks for after `stored`, inserted (still inside the
        transaction: it commits with the event it seals, or neither does). The sealer sees
        this store's own origin's chain only: a site seals its own chain."""
        if self._sealer is None:
            return []
        recent = history[-_SEAL_LOOKBACK:]
        if any(e.origin != stored.origin for e in recent):
            recent = [e for e in recent if e.origin == stored.origin]
        sealing = self._sealer(History([*recent, stored]))
        return [] if sealing is None else [self._insert_after(table, stored, sealing)]

    @staticmethod
    def _insert_after(table: Table, last: Event, event: Event) -> Event:
        payload = payload_text(event.payload)
        placed = replace(as_stored(event, payload), seq=last.seq + 1, origin=last.origin,
                         origin_seq=last.origin_seq + 1, seen=last.seen,
                         prev_hash=last.hash, hash="")
        stored = replace(placed, hash=event_hash(placed))
        table.insert(to_row(stored, payload))
        return stored

    def receive(self, event: Event) -> Receipt:
        """Store another site's event, as the next of its origin's chain here, in one
        write transaction (the player picks it up like another terminal's write).

        The rules do not refuse it: it already happened on its site. Refused (with a
        reason naming incident, site and place) is what does not verify: its hash, its
        link to that origin's head here, its place (a gap, a fork), its origin (none), or
        events of a third site it followed that are not here yet (`retry`). An event
        already held is Accepted as a duplicate, stored once. This store's own origin is
        received too (a store emptied or restored gets its own chain back, checked).
        """
        if self._read_only:
            raise ReadOnlyDatabase(self._path)
        try:
            payload = payload_text(event.payload)
            prepared = as_stored(event, payload)
        except UnstorableEvent as error:
            return Refused(error.message)
        conn = self._live()
        table = self._events()
        with write_transaction(conn, self._path, self._timeout):
            history = self._history(event.incident_id)
            heads = self._origin_heads(event.incident_id, history)
            head = heads.get(event.origin)
            held = None
            if head is not None and 0 < event.origin_seq <= head.origin_seq:
                held = next((e for e in reversed(history) if e.origin == event.origin
                             and e.origin_seq == event.origin_seq), None)
            counts = {o: e.origin_seq for o, e in heads.items()}
            refused = refusal(prepared, head, held, counts)
            if refused is not None:
                return refused
            if held is not None:
                return Accepted(held, duplicate=True)
            last = history[-1] if history else None
            stored = replace(prepared, seq=last.seq + 1 if last else 1)
            table.insert(to_row(stored, payload))
        history.append(stored)
        self._keep_wal()
        return Accepted(stored)

    def heads(self) -> dict[tuple[str, str], Head]:
        """Per (incident, origin): how many events of that origin's chain are held, and
        the hash of its newest."""
        with translated(self._path, self._timeout):
            # `hash` beside max(): SQLite takes a bare column from the row holding the max,
            # so this is the hash of each chain's newest event, in one pass.
            if self._has_origins:
                query = ("SELECT incident_id, origin, count(*), max(coalesce(origin_seq, seq)),"
                         " hash FROM events GROUP BY incident_id, origin")
            else:  # a read-only file of before origins: only its own events, origin ""
                query = ("SELECT incident_id, '', count(*), max(seq), hash FROM events"
                         " GROUP BY incident_id")
            rows = self._current().execute(query).fetchall()
        return {(str(i), str(o)): Head(int(n), str(h)) for i, o, n, _, h in rows}

    def own_events_after(self, incident_id: str, origin: str, count: int) -> list[Event]:
        """The events of `origin`'s chain of the incident after its first `count`, in
        chain order (what a publisher sends on from where the other side stopped)."""
        where, args = (("origin = ? AND origin_seq > ? ORDER BY origin_seq", (origin, count))
                       if origin else ("origin = '' AND seq > ? ORDER BY seq", (count,)))
        with translated(self._path, self._timeout):
            rows = self._rows(
                f"SELECT {self._select} FROM events WHERE incident_id = ? AND {where}",
                (incident_id, *args), self._current(),
            )
            return [self._decode(row) for row in rows]

    def events(self, incident_id: str, after_seq: int = 0,
               until_seq: int | None = None) -> list[Event]:
        """The incident's events with `after_seq < seq <= until_seq` (to the newest if
        `until_seq` is None), in seq order.

        Cheap to call repeatedly: only events not read before are read, so a long history
        can be read a part at a time (the player does, between its other reads). The
        events are shared with the store's cache, so never mutate their payloads.
        """
        with translated(self._path, self._timeout):
            self._current()
            history = self._history(incident_id, until_seq)
        start = bisect_right(history, after_seq, key=attrgetter("seq"))
        if until_seq is None:
            return history[start:]
        return history[start:bisect_right(history, until_seq, key=attrgetter("seq"))]

    def page(self, incident_id: str, first_seq: int, last_seq: int) -> list[Event]:
        """The incident's events with `first_seq <= seq <= last_seq`, read from the file
        without filling the cache: a long timeline reads only the pages it shows."""
        with translated(self._path, self._timeout):
            rows = self._rows(
                f"SELECT {self._select} FROM events"
                " WHERE incident_id = ? AND seq BETWEEN ? AND ? ORDER BY seq",
                (incident_id, first_seq, last_seq), self._current(),
            )
            return [self._decode(row) for row in rows]

    def matching(self, incident_id: str, *, kind: str | None = None,
                 group: str | None = None, steps: Collection[str] = (),
                 after_seq: int = 0) -> list[int]:
        """The seqs (> `after_seq`, in order) of the events of `kind` that concern `group`:
        done by someone of the group, about one of its `steps`, or addressed to it. Asked of
        SQLite, not of decoded events: filtering 100,000 events this way takes a tenth of
        what reading them takes."""
        where = ["incident_id = ?", "seq > ?"]
        args: list[object] = [incident_id, after_seq]
        if kind is not None:
            where.append("kind = ?")
            args.append(kind)
        if group is not None:
            marks = ", ".join("?" * len(steps))
            where.append(f"(actor_group = ? OR {_TEXT_AT.format(key='group')} = ?"
                         f" OR {_TEXT_AT.format(key='step')} IN ({marks}))")
            args.extend([group, group, *steps])
        with translated(self._path, self._timeout):
            rows = self._current().execute(
                f"SELECT seq FROM events WHERE {' AND '.join(where)} ORDER BY seq", args
            ).fetchall()
        return [row[0] for row in rows]

    def incident_ids(self) -> list[str]:
        """Every incident with at least one event, in the order their first event came."""
        with translated(self._path, self._timeout):
            rows = (
                self._current()
                .execute("SELECT incident_id FROM events GROUP BY incident_id ORDER BY min(id)")
                .fetchall()
            )
        return [str(row[0]) for row in rows]

    def version(self, digest: str) -> Library | None:
        """The version of the plan kept under `digest`, None if none is (or what is kept
        there is not what runbook writes: the incident then plays the library in force,
        and says so). Read once per store."""
        if digest in self._versions:
            return self._versions[digest]
        from runbook.versions import decode, holds

        if not self._keeps_versions():
            return None
        with translated(self._path, self._timeout):
            row = self._current().execute(
                "SELECT body FROM plan_versions WHERE digest = ?", (digest,)).fetchone()
        found: Library | None = None
        # Kept under its digest: a body that does not hash to it was altered, and is not
        # played (the incident plays the library in force, and says so).
        if row is not None and holds(digest, row[0]):
            try:
                found = decode(row[0])
            except (ValueError, RecursionError):
                found = None
        self._versions[digest] = found
        return found

    def version_digests(self) -> list[str]:
        """The digests of every kept version of the plan, oldest first."""
        if not self._keeps_versions():
            return []
        with translated(self._path, self._timeout):
            rows = self._current().execute(
                "SELECT digest FROM plan_versions ORDER BY stored_at, digest").fetchall()
        return [str(row[0]) for row in rows]

    def kept_versions(self, among: Iterable[str] | None = None) -> dict[str, Library]:
        """The versions of the plan kept whole (each one's text still hashes to its digest,
        and reads back: `version`), by digest; one lost or altered is not among them. Of
        `among` only, if given (each is read and decoded: ask for those that are played)."""
        wanted = self.version_digests() if among is None else sorted(set(among))
        found = {digest: self.version(digest) for digest in wanted}
        return {digest: library for digest, library in found.items() if library is not None}

    def _keeps_versions(self) -> bool:
        """Whether the file has the table of versions (one read as it is, older, has not)."""
        with translated(self._path, self._timeout):
            return schema.keeps_versions(self._current())

    def last_seq(self, incident_id: str) -> int:
        """The incident's highest seq, 0 if it has no events."""
        with translated(self._path, self._timeout):
            row = (
                self._current()
                .execute("SELECT max(seq) FROM events WHERE incident_id = ?", (incident_id,))
                .fetchone()
            )
        return int(row[0]) if row[0] is not None else 0

    def data_version(self) -> int:
        """A number that changes when another connection commits: cheap to poll."""
        with translated(self._path, self._timeout):
            return int(self._current().execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """Whether another connection committed since the last call (or since open)."""
        version = self.data_version()
        changed = version != self._seen_version
        self._seen_version = version
        return changed

    def verify(
        self,
        incident_id: str | None = None,
        *,
        expected_head: str | None = None,
        expected_count: int | None = None,
        verifiers: Sequence[Verifier] | None = None,
    ) -> VerifyReport:
        """Check the file's integrity, then the hash chains of one incident or of all.

        `expected_head` (the whole hash) and `expected_count` (1 or more), noted earlier
        (the export prints them), reveal removed newest events, which a chain alone
        cannot. With `verifiers` (the allowed signers), the signed checkpoints are checked
        too: each signed by an allowed key and matching the chain. Raises DatabaseDamaged
        if SQLite finds the file damaged, UnknownIncident for an incident with no record
        (and nothing noted to compare with), UsageError for a shortened hash or a count
        below 1.
        """
        from store.verify import NEEDS_INCIDENT, verify_database  # only when asked

        if incident_id is None and (expected_head is not None or expected_count is not None):
            raise UsageError(NEEDS_INCIDENT)
        head = _full_hash(expected_head)
        if expected_count is not None and expected_count < 1:
            raise UsageError(COUNT_NOT_POSITIVE.format(count=expected_count))
        # Nothing is certified from a file SQLite finds damaged: a damaged index would
        # hand the chain check a record cut short that still links up.
        self.check_integrity()
        conn = self._current()
        with translated(self._path, self._timeout):
            ids = self.incident_ids() if incident_id is None else [incident_id]
            try:
                report = verify_database(conn, ids, expected_head=head,
                                         expected_count=expected_count, verifiers=verifiers)
            except sqlite3.OperationalError as error:
                if not not_utf8(error):
                    raise
                # Read again with the text that is not UTF-8 marked, which no chain
                # accepts, so that the record holding it is named.
                with _marking(conn):
                    report = verify_database(conn, ids, expected_head=head,
                                             expected_count=expected_count,
                                             verifiers=verifiers)
        if incident_id is not None and incident_id not in report.counts and report.ok:
            # Not "intact": an incident deleted outright or renamed has no chain to check.
            # (Against a noted head or count, the report says its records were removed.)
            raise UnknownIncident(self._path, incident_id)
        return report

    def prepare_writes(self, incident_id: str | None = None) -> None:
        """Load what the first append needs (sqlite-utils, and the incident's history for
        the guard): call when idle, so that the first decision recorded is acknowledged as
        fast as the next."""
        with translated(self._path, self._timeout):
            self._current()
            self._events()
            if incident_id is not None:
                self._history(incident_id)

    def _events(self) -> Table:
        if self._table is None:
            self._table = _wrapped(self._conn).table("events")
        return self._table

    def _live(self) -> sqlite3.Connection:
        if self._closed:
            raise StoreClosed(self._path)
        if os.getpid() != self._pid:
            raise WrongProcess(self._path)
        return self._conn

    def _current(self) -> sqlite3.Connection:
        """The connection, on the -wal that is on disk: what a read starts with. (An append
        checks after its COMMIT, which is enough for what it acknowledges.)"""
        self._live()
        self._keep_wal()
        return self._conn

    def _keep_wal(self) -> None:
        """If the -wal at its path is no longer the one this connection writes (a clean-up
        deleted it: SQLite goes on writing into the deleted file, which vanishes with the
        process), save what that file holds into the main file while we still can, and
        reconnect to write a -wal that is on disk. Raises WalReplaced if it cannot."""
        if self._wal is None or self._wal.same():
            return
        if not save_wal(self._conn):
            raise WalReplaced(self._path)
        self._reconnect()
        self._warnings.append(WAL_SAVED.format(path=self._path))

    def _reconnect(self) -> None:
        """A new connection, which opens the -wal now at the path (or creates it). The new
        one is opened first: closing the last connection would delete that -wal."""
        fresh = connect(self._path, self._timeout)
        try:
            use_wal(fresh, self._path, self._timeout)
            with translated(self._path, self._timeout):
                schema.stamp(fresh)  # a first read, which opens the -wal
                self._seen_version = int(fresh.execute("PRAGMA data_version").fetchone()[0])
                self._appended_version = -1  # another connection's numbers: read again
        except BaseException:
            fresh.close()
            raise
        old, self._conn, self._table = self._conn, fresh, None
        old.close()
        self._wal = WalWatch(self._path)

    def _before_lock(self, incident_id: str, conn: sqlite3.Connection) -> list[Event]:
        """The incident's history as far as it is known without the write lock: read from
        the file if it was never read or if another connection committed since the last
        append (one PRAGMA tells), else the cache as it is. Inside the lock, `_history`
        then reads only what is newer."""
        version = int(conn.execute("PRAGMA data_version").fetchone()[0])
        cached = self._cache.get(incident_id)
        if cached is None or version != self._appended_version:
            cached = self._history(incident_id)
        self._appended_version = version
        return cached

    def _history(self, incident_id: str, until_seq: int | None = None) -> list[Event]:
        """The incident's events, the cache brought up to date (up to `until_seq`, if
        given) in one statement."""
        conn = self._live()
        cached = self._cache.get(incident_id)
        upto, bound = ("", ()) if until_seq is None else (" AND seq <= ?", (until_seq,))
        if cached:
            tail = cached[-1]
            if until_seq is not None and tail.seq >= until_seq:
                return cached  # read already; the tail is checked when the rest is read
            rows = self._rows(
                f"SELECT {self._select} FROM events"
                f" WHERE incident_id = ? AND seq >= ?{upto} ORDER BY seq",
                (incident_id, tail.seq, *bound), conn,
            )
            if rows and rows[0][SEQ_AT] == tail.seq and rows[0][HASH_AT] == tail.hash:
                cached.extend(self._decode(row) for row in rows[1:])
                return cached
        # First read, or the file no longer holds what was cached (restored from a
        # backup, or tampered with): start again from the file.
        rows = self._rows(
            f"SELECT {self._select} FROM events WHERE incident_id = ?{upto} ORDER BY seq",
            (incident_id, *bound), conn,
        )
        fresh = [self._decode(row) for row in rows]
        self._cache[incident_id] = fresh
        return fresh

    def _rows(self, sql: str, args: Sequence[object],
              conn: sqlite3.Connection | None = None) -> list[Row]:
        """The rows of a SELECT of SELECT_COLUMNS; if a text value in them is not UTF-8,
        UnreadableRecord naming the first such record."""
        # Plain sqlite3 rather than sqlite-utils' `rows_where`/`query` on this hot path:
        # the 100,000 rows of one incident come in 0.38-0.40 s as tuples, 0.57-0.69 s as
        # sqlite-utils' dicts (measured on the 100k-event benchmark database), and
        # `from_row` reads them by position. Writes and the schema go through sqlite-utils.
        conn = conn or self._live()
        try:
            return conn.execute(sql, args).fetchall()
        except sqlite3.OperationalError as error:
            if not not_utf8(error):
                raise
            with _marking(conn):
                rows = conn.execute(sql, args).fetchall()
            for row in rows:
                for column, value in zip(COLUMNS, row, strict=True):
                    if isinstance(value, Undecodable):
                        raise UnreadableRecord(self._path, shown(str(row[0])), row[SEQ_AT],
                                               TEXT_NOT_UTF8.format(column=column)) from None
            raise

    def _decode(self, row: Row) -> Event:
        try:
            return from_row(row)
        except (ValueError, TypeError, OverflowError) as error:
            raise UnreadableRecord(self._path, shown(str(row[0])), row[SEQ_AT],
                                   UNDECODABLE.format(error=shown(str(error)))) from error

    def check_integrity(self) -> None:
        """Raise DatabaseDamaged unless SQLite finds the whole file sound: every page, and
        every index entry matching its row (an index that lost entries would hide records
        from every read that uses it). About 60 ms at 100,000 events (bench_store)."""
        with translated(self._path, self._timeout):
            rows = self._current().execute("PRAGMA integrity_check").fetchall()
        if [tuple(row) for row in rows] != [("ok",)]:
            found = "; ".join(str(row[0]) for row in rows[:3])
            raise DatabaseDamaged(self._path, INTEGRITY.format(found=shown(found)))


@contextmanager
def _marking(conn: sqlite3.Connection) -> Iterator[None]:
    """Read text that is not UTF-8 as `Undecodable` values instead of failing the read."""
    saved = conn.text_factory
    conn.text_factory = marking_undecodable
    try:
        yield
    finally:
        conn.text_factory = saved


def _full_hash(head: str | None) -> str | None:
    """A noted head hash as stored (lower-case hex), or UsageError if it is not whole."""
    if head is None:
        return None
    text = head.strip().lower()
    wrong = [c for c in dict.fromkeys(text) if c not in "0123456789abcdef"]
    if wrong:
        raise UsageError(HASH_FORM.format(head=head, chars=", ".join(repr(c) for c in wrong)))
    if len(text) != FULL_HASH:
        raise UsageError(HASH_LENGTH.format(head=head, length=len(text)))
    return text


def _wrapped(conn: sqlite3.Connection) -> Database:
    """sqlite-utils over our connection, imported on the first write or migration only:
    a reader (the player's first frame, `status`) never pays for its import."""
    from sqlite_utils import Database

    return Database(conn, execute_plugins=False, recursive_triggers=False)
