"""The event store: append-only, hash-chained, one SQLite transaction per event."""

from __future__ import annotations

import os
import sqlite3
from bisect import bisect_right
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from operator import attrgetter
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from runbook import collector
from runbook.chain import GENESIS, event_hash
from runbook.errors import UsageError
from runbook.events import Event
from store import schema
from store.codec import (
    HASH_AT,
    SELECT_COLUMNS,
    SEQ_AT,
    Row,
    as_stored,
    from_row,
    payload_text,
    to_row,
)
from store.connection import (
    DEFAULT_TIMEOUT,
    check_writable,
    connect,
    hold,
    prepare_file,
    release,
    translated,
    use_wal,
    write_transaction,
)
from store.errors import DatabaseDamaged, StoreClosed, WrongProcess
from store.history import History

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.db import Table

    from store.verify import VerifyReport

# A payload field as the core reads it (`Event.step`): its text, or NULL if it is not text.
_TEXT_AT = "(CASE json_type(payload, '$.{key}') WHEN 'text' THEN payload ->> '$.{key}' END)"

Guard = Callable[[Sequence[Event]], None]
"""Sees an incident's events so far, inside the write transaction; raises to refuse."""


class EventStore:
    """An incident log in one SQLite file, shared safely by several runbook processes.

    Open one store per process and per thread (SQLite connections are neither fork- nor
    thread-safe). Events are never updated or deleted; history is corrected by appending.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, timeout: float) -> None:
        """Use `EventStore.open`; this takes a connection already checked and migrated."""
        self._conn = conn
        self._table: Table | None = None
        self._path = path
        self._timeout = timeout
        self._pid = os.getpid()
        self._closed = False
        # Per incident, every event read so far in seq order. Events are immutable, so
        # the cache only ever grows at the end; `_history` checks its tail against the
        # file before trusting it.
        self._cache: dict[str, list[Event]] = {}
        self._seen_version = self.data_version()

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> EventStore:
        """Open the database for reading and writing, creating it (0600) if `create`.

        Raises a StoreError subclass, having written nothing, when the file is missing
        (and not `create`), not SQLite, damaged, another program's, made by a newer
        runbook, read-only, or locked by another writer past `timeout` seconds.
        """
        file = Path(path).absolute()
        prepare_file(file, create=create)
        check_writable(file)
        hold(file)  # before the first statement takes a lock: see connection._IN_USE
        try:
            conn = connect(file, timeout)
        except BaseException:
            release(file)
            raise
        try:
            with translated(file, timeout):
                version = schema.check_stamp(conn, file, create=create)
            use_wal(conn, file, timeout)
            if version < schema.SCHEMA_VERSION:
                # Only then take the write lock: opening an up-to-date database never
                # waits for another writer.
                schema.migrate(_wrapped(conn), file, timeout)
            with translated(file, timeout):
                return cls(conn, file, timeout)
        except BaseException:
            conn.close()
            release(file)
            raise

    @property
    def path(self) -> Path:
        return self._path

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

    def append(self, event: Event, guard: Guard | None = None) -> Event:
        """Store `event` as the incident's next one and return it with seq and hashes set.

        Returns only after COMMIT with synchronous=FULL: a returned event survives a
        crash or power loss. `guard` runs inside the write transaction, so no other
        writer can add an event between its check and this append; it holds the lock
        while it runs, so it must be quick. If it raises, nothing is written and its
        exception propagates.
        """
        payload = payload_text(event.payload)
        # As it will be read back, so the caller holds what every reader sees.
        prepared = as_stored(event, payload)
        conn = self._live()
        with write_transaction(conn, self._path, self._timeout):
            history = self._history(event.incident_id)
            if guard is not None:
                guard(History(history))
            last = history[-1] if history else None
            placed = replace(
                prepared,
                seq=last.seq + 1 if last else 1,
                prev_hash=last.hash if last else GENESIS,
                hash="",
            )
            stored = replace(placed, hash=event_hash(placed))
            self._events().insert(to_row(stored, payload))
        history.append(stored)
        return stored

    def events(self, incident_id: str, after_seq: int = 0) -> list[Event]:
        """The incident's events with seq > `after_seq`, in seq order.

        Cheap to call repeatedly: only events new since the last call are read. The
        events are shared with the store's cache, so never mutate their payloads.
        """
        with translated(self._path, self._timeout):
            history = self._history(incident_id)
        return history[bisect_right(history, after_seq, key=attrgetter("seq")) :]

    def page(self, incident_id: str, first_seq: int, last_seq: int) -> list[Event]:
        """The incident's events with `first_seq <= seq <= last_seq`, read from the file
        without filling the cache: a long timeline reads only the pages it shows."""
        with translated(self._path, self._timeout):
            rows = self._live().execute(
                f"SELECT {SELECT_COLUMNS} FROM events"
                " WHERE incident_id = ? AND seq BETWEEN ? AND ? ORDER BY seq",
                (incident_id, first_seq, last_seq),
            ).fetchall()
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
            rows = self._live().execute(
                f"SELECT seq FROM events WHERE {' AND '.join(where)} ORDER BY seq", args
            ).fetchall()
        return [row[0] for row in rows]

    def incident_ids(self) -> list[str]:
        """Every incident with at least one event, in the order their first event came."""
        with translated(self._path, self._timeout):
            rows = (
                self._live()
                .execute("SELECT incident_id FROM events GROUP BY incident_id ORDER BY min(id)")
                .fetchall()
            )
        return [str(row[0]) for row in rows]

    def last_seq(self, incident_id: str) -> int:
        """The incident's highest seq, 0 if it has no events."""
        with translated(self._path, self._timeout):
            row = (
                self._live()
                .execute("SELECT max(seq) FROM events WHERE incident_id = ?", (incident_id,))
                .fetchone()
            )
        return int(row[0]) if row[0] is not None else 0

    def data_version(self) -> int:
        """A number that changes when another connection commits: cheap to poll."""
        with translated(self._path, self._timeout):
            return int(self._live().execute("PRAGMA data_version").fetchone()[0])

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
    ) -> VerifyReport:
        """Check the hash chains of one incident, or of all and the file's structure.

        `expected_head` and `expected_count`, noted earlier (the export prints them),
        reveal removed newest events, which a chain alone cannot.
        """
        from store.verify import NEEDS_INCIDENT, verify_database  # only when asked

        if incident_id is None and (expected_head is not None or expected_count is not None):
            raise UsageError(NEEDS_INCIDENT)
        conn = self._live()
        with translated(self._path, self._timeout):
            if incident_id is None:
                self._check_integrity(conn)
                ids = self.incident_ids()
            else:
                ids = [incident_id]
            return verify_database(
                conn, ids, expected_head=expected_head, expected_count=expected_count
            )

    def prepare_writes(self, incident_id: str | None = None) -> None:
        """Load what the first append needs (sqlite-utils, and the incident's history for
        the guard): call when idle, so that the first decision recorded is acknowledged as
        fast as the next."""
        self._events()
        if incident_id is not None:
            with translated(self._path, self._timeout):
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

    def _history(self, incident_id: str) -> list[Event]:
        """The incident's events, the cache brought up to date in one statement."""
        conn = self._live()
        cached = self._cache.get(incident_id)
        if cached:
            tail = cached[-1]
            rows = conn.execute(
                f"SELECT {SELECT_COLUMNS} FROM events"
                " WHERE incident_id = ? AND seq >= ? ORDER BY seq",
                (incident_id, tail.seq),
            ).fetchall()
            if rows and rows[0][SEQ_AT] == tail.seq and rows[0][HASH_AT] == tail.hash:
                cached.extend(self._decode(row) for row in rows[1:])
                return cached
        # First read, or the file no longer holds what was cached (restored from a
        # backup, or tampered with): start again from the file.
        with collector.paused():
            rows = conn.execute(
                f"SELECT {SELECT_COLUMNS} FROM events WHERE incident_id = ? ORDER BY seq",
                (incident_id,),
            ).fetchall()
            fresh = [self._decode(row) for row in rows]
        self._cache[incident_id] = fresh
        return fresh

    def _decode(self, row: Row) -> Event:
        try:
            return from_row(row)
        except (ValueError, TypeError, OverflowError) as error:
            raise DatabaseDamaged(
                self._path, f"incident {row[0]} record {row[SEQ_AT]} cannot be read: {error}"
            ) from error

    def _check_integrity(self, conn: sqlite3.Connection) -> None:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if [tuple(row) for row in rows] != [("ok",)]:
            raise DatabaseDamaged(self._path, str(rows[0][0]))


def _wrapped(conn: sqlite3.Connection) -> Database:
    """sqlite-utils over our connection, imported on the first write or migration only:
    a reader (the player's first frame, `status`) never pays for its import."""
    from sqlite_utils import Database

    return Database(conn, execute_plugins=False, recursive_triggers=False)
