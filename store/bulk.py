"""Events chained elsewhere, written in one transaction: a copy of a record, or a benchmark's
synthetic one. Only INSERTs, like every write; `verify` checks these rows like any other."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from runbook.events import Event
from store.codec import COLUMNS, payload_text, to_row
from store.connection import DEFAULT_TIMEOUT, connect, translated, write_transaction
from store.eventstore import EventStore


def bulk_load(path: Path, events: Sequence[Event], timeout: float = DEFAULT_TIMEOUT) -> None:
    """Append `events` (seq and hashes already set, as `runbook.chain.chained` gives them)."""
    EventStore.open(path, create=True).close()
    rows = [tuple(to_row(e, payload_text(e.payload))[c] for c in COLUMNS) for e in events]
    conn = connect(path, timeout)
    try:
        with translated(path, timeout), write_transaction(conn, path, timeout):
            conn.executemany(
                f"INSERT INTO events ({', '.join(COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(COLUMNS))})", rows)
    finally:
        conn.close()
