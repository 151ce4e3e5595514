"""Shared pieces of the store tests: events, raw tampering, worker processes, faults.

Also runnable as a script: `python store_helpers.py crash-writer DB` is the writer the
crash test kills; pytest is imported only where needed, to keep its start-up short.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from runbook.errors import RefusedAction
from runbook.events import Actor, Event
from runbook.i18n import Msg
from store import EventStore, StoreError

HERE = Path(__file__).resolve()
BASE = datetime(2025, 3, 1, 8, 30, tzinfo=UTC)
# Offsets a responder's machine might have: Beijing, UTC, New York, Kathmandu (+5:45).
OFFSETS = (480, 0, -300, 345)


def moment(i: int) -> datetime:
    offset = timezone(timedelta(minutes=OFFSETS[i % len(OFFSETS)]))
    return (BASE + timedelta(seconds=37 * i, microseconds=i)).astimezone(offset)


def make_event(incident_id: str, i: int, kind: str = "note", **payload: Any) -> Event:
    return Event(
        incident_id=incident_id,
        kind=kind,
        actor=Actor(name=f"值班员 {i}", group="tech" if i % 2 else None),
        occurred_at=moment(i),
        recorded_at=moment(i + 1),
        payload=payload or {"text": f"第 {i} 条 note ✓", "n": i},
    )


def seed(path: Path, incidents: Sequence[str], per_incident: int) -> None:
    """Interleave the incidents' events, so their rows are not contiguous."""
    with EventStore.open(path) as store:
        for i in range(per_incident):
            for incident_id in incidents:
                store.append(make_event(incident_id, i))


@contextmanager
def raw(path: Path, *, drop_triggers: bool = False) -> Iterator[sqlite3.Connection]:
    """A plain connection, as someone with the file and the sqlite3 shell would use."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    # Tampering needs no durability, and skipping fsync keeps hundreds of examples fast.
    conn.execute("PRAGMA synchronous = OFF")
    try:
        if drop_triggers:
            conn.execute("DROP TRIGGER events_no_update")
            conn.execute("DROP TRIGGER events_no_delete")
        yield conn
    finally:
        conn.close()


@dataclass(frozen=True)
class Row:
    id: int
    incident_id: str
    seq: int
    prev_hash: str
    hash: str


def rows(conn: sqlite3.Connection, incident_id: str) -> list[Row]:
    return [
        Row(*row)
        for row in conn.execute(
            "SELECT id, incident_id, seq, prev_hash, hash FROM events"
            " WHERE incident_id = ? ORDER BY seq",
            (incident_id,),
        )
    ]


def shift_seqs(conn: sqlite3.Connection, incident_id: str, from_seq: int, by: int) -> None:
    """Renumber events from `from_seq` on, one row at a time so UNIQUE never trips."""
    ids = conn.execute(
        "SELECT id FROM events WHERE incident_id = ? AND seq >= ? ORDER BY seq "
        + ("DESC" if by > 0 else "ASC"),
        (incident_id, from_seq),
    ).fetchall()
    for (row_id,) in ids:
        conn.execute("UPDATE events SET seq = seq + ? WHERE id = ?", (by, row_id))


# --- worker processes (started with the 'spawn' method, so module-level) ---


def append_worker(path: str, incident_id: str, count: int, worker: int, start: Any) -> list[Any]:
    """Append `count` notes, then try to close the incident once (guarded).

    Returns what was acknowledged: seqs, then ("closed", seq) or ("refused",); or an
    ("error", ...) entry if the store failed.
    """
    start.wait()
    acknowledged: list[Any] = []
    try:
        with EventStore.open(path) as store:
            for i in range(count):
                stored = store.append(make_event(incident_id, i, text=f"w{worker}", n=i))
                acknowledged.append(stored.seq)
            closing = make_event(incident_id, count, "incident_closed", by=worker)
            closed = store.append(closing, refuse_closed)
            acknowledged.append(("closed", closed.seq))
    except RefusedAction:
        acknowledged.append(("refused",))
    except StoreError as error:
        acknowledged.append(("error", type(error).__name__, str(error)))
    return acknowledged


def report_to(queue: Any, *args: Any) -> None:
    queue.put(append_worker(*args))


def refuse_closed(history: Sequence[Event]) -> None:
    """A rule of the core, checked atomically: an incident is closed only once."""
    if any(event.kind == "incident_closed" for event in history):
        raise RefusedAction(Msg(en="The incident is already closed.", zh="该事件已关闭。"))


def crash_writer(path: str) -> None:
    """Append forever; print each seq and hash only once `append` has returned."""
    import sqlite_utils  # noqa: F401  (the first append's import, so kills land among writes)

    with EventStore.open(path) as store:
        print("ready", flush=True)
        i = 0
        while True:
            stored = store.append(make_event("CRASH", i, text="x" * (i % 300)))
            print(stored.seq, stored.hash, flush=True)
            i += 1


# --- faults ---


@contextmanager
def read_only(target: Path) -> Iterator[None]:
    """Make a file or folder read-only for this process, even when running as root."""
    import pytest

    if os.geteuid() != 0:
        mode = target.stat().st_mode
        target.chmod(0o555 if target.is_dir() else 0o444)
        try:
            yield
        finally:
            target.chmod(mode)
        return
    # Permission bits do not stop root: a read-only bind mount does.
    if not _run("mount", "--bind", str(target), str(target)):
        pytest.skip("running as root and cannot bind-mount read-only")
    try:
        if not _run("mount", "-o", "remount,bind,ro", str(target), str(target)):
            pytest.skip("running as root and cannot remount read-only")
        yield
    finally:
        _run("umount", str(target))


@contextmanager
def small_disk(folder: Path, size_kb: int) -> Iterator[Path]:
    """A tiny tmpfs, to fill the disk for real (needs root)."""
    import pytest

    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    folder.mkdir()
    if not _run("mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)):
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        _run("umount", str(folder))


def _run(*command: str) -> bool:
    try:
        return subprocess.run(command, capture_output=True, check=False).returncode == 0
    except OSError:
        return False


def open_error(path: Path, **options: Any) -> StoreError:
    """The StoreError that opening `path` raises (the test fails if it opens)."""
    import pytest

    with pytest.raises(StoreError) as caught:
        EventStore.open(path, **options).close()
    return caught.value


if __name__ == "__main__":
    if sys.argv[1:2] == ["crash-writer"]:
        crash_writer(sys.argv[2])
