"""Damaged, foreign, newer, read-only, full and locked databases: a clear StoreError,
and the file left exactly as it was."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_helpers import make_event, open_error, raw, read_only, seed, small_disk

from runbook.errors import StoreError
from store import (
    SCHEMA_VERSION,
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseMissing,
    DiskFull,
    EventStore,
    ForeignDatabase,
    NewerDatabase,
    NotADatabase,
    ReadOnlyDatabase,
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "runbook.db"


@pytest.fixture
def seeded(db: Path) -> Path:
    seed(db, ["A", "B"], 40)
    return db


def assert_names_file(error: StoreError, path: Path) -> None:
    assert str(path) in error.text("en")
    assert str(path) in error.text("zh")


def test_newer_database_is_refused_untouched(seeded: Path) -> None:
    with raw(seeded) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = seeded.read_bytes()
    for create in (True, False):
        error = open_error(seeded, create=create)
        assert isinstance(error, NewerDatabase)
        assert "newer runbook" in error.text("en")
        assert "Upgrade runbook; nothing was changed." in error.text("en")
        assert "请升级 runbook；未做任何更改。" in error.text("zh")
        assert_names_file(error, seeded)
    assert seeded.read_bytes() == before
    with raw(seeded) as conn:
        assert conn.execute("SELECT count(*) FROM migrations").fetchone() == (SCHEMA_VERSION,)


@pytest.mark.parametrize(
    "content",
    [
        b"incident,step,done\nINC-1,verify,yes\n" * 50,
        b"SQLite format 3\x00",
        b"\x00" * 4096,
        "这不是数据库".encode() * 100,
    ],
    ids=["csv", "bare-magic", "zeros", "utf8-text"],
)
def test_non_sqlite_file_is_refused_untouched(db: Path, content: bytes) -> None:
    db.write_bytes(content)
    error = open_error(db)
    assert isinstance(error, NotADatabase)
    assert_names_file(error, db)
    assert "not an SQLite file" in error.text("en")
    assert db.read_bytes() == content
    assert not Path(f"{db}-wal").exists()


@pytest.mark.parametrize("keep", [0.5, 0.1, 4096, 50])
def test_truncated_file_is_refused_untouched(seeded: Path, keep: float) -> None:
    whole = seeded.read_bytes()
    assert not Path(f"{seeded}-wal").exists()
    size = int(len(whole) * keep) if keep < 1 else int(keep)
    seeded.write_bytes(whole[:size])
    error = open_error(seeded)
    assert isinstance(error, DatabaseDamaged | NotADatabase)
    assert_names_file(error, seeded)
    assert "Nothing was changed" in error.text("en")
    assert seeded.read_bytes() == whole[:size]


@pytest.mark.parametrize(
    ("offset", "garbage"),
    [(0, b"PK\x03\x04" + b"\x00" * 96), (0, b"\xff" * 16), (16, b"\x00\x03"), (18, b"\x07\x07")],
    ids=["zip-header", "magic", "page-size", "format-version"],
)
def test_overwritten_header_is_refused_untouched(seeded: Path, offset: int, garbage: bytes) -> None:
    with seeded.open("r+b") as file:
        file.seek(offset)
        file.write(garbage)
    before = seeded.read_bytes()
    error = open_error(seeded)
    assert isinstance(error, NotADatabase | DatabaseDamaged)
    assert_names_file(error, seeded)
    assert seeded.read_bytes() == before


def test_damaged_page_is_reported_by_verify(seeded: Path) -> None:
    with raw(seeded) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'")
        page = root.fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    with seeded.open("r+b") as file:
        file.seek((page - 1) * page_size)
        file.write(b"\x42" * 12)
    before = seeded.read_bytes()
    with pytest.raises(DatabaseDamaged) as caught, EventStore.open(seeded) as store:
        store.verify()
    assert_names_file(caught.value, seeded)
    assert "restore" in caught.value.text("en")
    assert seeded.read_bytes() == before


def test_foreign_sqlite_database_is_refused_untouched(db: Path) -> None:
    with raw(db) as conn:
        conn.execute("CREATE TABLE payments (id INTEGER PRIMARY KEY, amount INTEGER)")
        conn.execute("INSERT INTO payments (amount) VALUES (100)")
    before = db.read_bytes()
    error = open_error(db)
    assert isinstance(error, ForeignDatabase)
    assert_names_file(error, db)
    assert db.read_bytes() == before
    with raw(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_missing_database_is_not_created_unless_asked(db: Path) -> None:
    assert isinstance(open_error(db, create=False), DatabaseMissing)
    assert not db.exists()
    db.touch()
    assert isinstance(open_error(db, create=False), DatabaseMissing)
    assert db.read_bytes() == b""


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    assert isinstance(open_error(tmp_path), NotADatabase)


def test_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "evidence"
    folder.mkdir()
    existing = folder / "runbook.db"
    seed(existing, ["A"], 3)
    before = existing.read_bytes()
    with read_only(folder):
        error = open_error(existing)
        assert isinstance(error, ReadOnlyDatabase)
        assert "read-only" in error.text("en")
        assert "只读" in error.text("zh")
        assert_names_file(error, existing)
        error = open_error(folder / "new.db")
        assert isinstance(error, ReadOnlyDatabase)
        error = open_error(folder / "sub" / "new.db")
        assert isinstance(error, ReadOnlyDatabase)
    assert existing.read_bytes() == before
    assert sorted(path.name for path in folder.iterdir()) == ["runbook.db"]


def test_read_only_file(seeded: Path) -> None:
    before = seeded.read_bytes()
    with read_only(seeded):
        error = open_error(seeded)
        assert isinstance(error, ReadOnlyDatabase)
        assert_names_file(error, seeded)
    assert seeded.read_bytes() == before


@pytest.fixture
def write_lock(seeded: Path) -> Iterator[sqlite3.Connection]:
    """Another writer in the middle of a transaction."""
    with raw(seeded) as conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO events SELECT NULL, 'OTHER', seq, kind, actor_name, actor_group,"
            " occurred_at, occurred_offset, recorded_at, recorded_offset, payload,"
            " prev_hash, hash, actor_login, origin, origin_seq, seen"
            " FROM events WHERE incident_id = 'A' AND seq = 1"
        )
        yield conn
        conn.execute("ROLLBACK")


def test_locked_past_the_timeout(seeded: Path, write_lock: sqlite3.Connection) -> None:
    # Opening and reading do not wait for the writer: WAL readers see the last commit.
    with EventStore.open(seeded, timeout=0.3) as store:
        assert store.last_seq("A") == 40
        started = time.monotonic()
        with pytest.raises(DatabaseBusy) as caught:
            store.append(make_event("A", 99))
        waited = time.monotonic() - started
        assert 0.25 <= waited < 3
        assert "Another runbook holds the database" in caught.value.text("en")
        assert "另一个 runbook 正占用数据库" in caught.value.text("zh")
        assert_names_file(caught.value, seeded)
        write_lock.execute("ROLLBACK")
        write_lock.execute("BEGIN")
        assert store.append(make_event("A", 99)).seq == 41
        assert store.verify().ok


def test_waits_for_a_short_lock(seeded: Path, write_lock: sqlite3.Connection) -> None:
    def release() -> None:
        time.sleep(0.2)
        write_lock.execute("COMMIT")
        write_lock.execute("BEGIN")

    with EventStore.open(seeded, timeout=5) as store:
        thread = threading.Thread(target=release)
        thread.start()
        try:
            assert store.append(make_event("OTHER", 2)).seq == 2
        finally:
            thread.join()


def test_disk_full_is_not_acknowledged(seeded: Path) -> None:
    with EventStore.open(seeded) as store:
        # SQLite's own limit on the file's size gives the same SQLITE_FULL as a full disk.
        pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
        store._conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(DiskFull) as caught:
            for i in range(1000):
                store.append(make_event("A", 100 + i, text="x" * 3000))
        assert "NOT recorded" in caught.value.text("en")
        assert "未被保存" in caught.value.text("zh")
        last = store.last_seq("A")
        assert [event.seq for event in store.events("A")] == list(range(1, last + 1))
        store._conn.execute(f"PRAGMA max_page_count = {pages * 100}")
        assert store.append(make_event("A", 7)).seq == last + 1
        assert store.verify().ok


def test_real_disk_full(tmp_path: Path) -> None:
    with small_disk(tmp_path / "small", 256) as folder:
        path = folder / "runbook.db"
        acknowledged: list[int] = []
        with EventStore.open(path) as store:
            with pytest.raises(DiskFull):
                for i in range(10_000):
                    acknowledged.append(store.append(make_event("A", i, text="y" * 2000)).seq)
            assert acknowledged
        with EventStore.open(path) as store:
            report = store.verify("A")
            assert report.ok
            assert [event.seq for event in store.events("A")] == acknowledged
