"""Append, read back, guard, polling, schema: the store's everyday contract."""

from __future__ import annotations

import math
import os
import sqlite3
import stat
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace
from sqlite_utils import Database
from store_helpers import make_event, raw, refuse_closed, seed

from runbook.chain import GENESIS, event_hash
from runbook.errors import RefusedAction, UsageError
from runbook.events import Actor, Event, offset_minutes
from store import (
    SCHEMA_VERSION,
    EventStore,
    NewerDatabase,
    StoreClosed,
    StoreError,
    UnstorableEvent,
    WrongProcess,
    schema,
)
from store.schema import APPLICATION_ID, MIGRATIONS, Migration


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "runbook.db"


def assert_same_event(stored: Event, read: Event) -> None:
    assert read == stored
    for name in ("occurred_at", "recorded_at"):
        assert offset_minutes(getattr(read, name)) == offset_minutes(getattr(stored, name))
        assert getattr(read, name).isoformat() == getattr(stored, name).isoformat()


def test_round_trip_keeps_every_field(db: Path) -> None:
    with EventStore.open(db) as store:
        written = [store.append(make_event("INC-1", i)) for i in range(6)]
    with EventStore.open(db) as store:
        read = store.events("INC-1")
    assert len(read) == 6
    for original, stored, back in zip(
        [make_event("INC-1", i) for i in range(6)], written, read, strict=True
    ):
        assert_same_event(stored, back)
        assert back.actor == original.actor
        assert back.payload == original.payload
        assert back.occurred_at == original.occurred_at
        assert offset_minutes(back.occurred_at) == offset_minutes(original.occurred_at)
        assert offset_minutes(back.recorded_at) == offset_minutes(original.recorded_at)
    assert [event.seq for event in read] == [1, 2, 3, 4, 5, 6]


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    payload=st.dictionaries(st.text(max_size=8), json_values, max_size=4),
    name=st.text(min_size=1, max_size=12),
    group=st.none() | st.text(max_size=8),
    occurred=st.datetimes(
        min_value=datetime(1990, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.timezones(),
    ),
)
def test_round_trip_any_payload_and_zone(
    tmp_path_factory: pytest.TempPathFactory,
    payload: dict[str, object],
    name: str,
    group: str | None,
    occurred: datetime,
) -> None:
    path = tmp_path_factory.mktemp("rt") / "r.db"
    event = Event("事件-1", "note", Actor(name, group), occurred, occurred, payload)
    with EventStore.open(path) as store:
        stored = store.append(event)
    with EventStore.open(path) as store:
        (back,) = store.events("事件-1")
        assert store.verify().ok
    assert back == stored
    assert back.payload == payload
    assert back.actor == Actor(name, group)
    # Compared in UTC: Python never calls a time in a DST gap or fold equal to a time in
    # another zone (PEP 495), and the stored zone is a fixed offset.
    assert back.occurred_at.astimezone(UTC) == occurred.astimezone(UTC)
    assert offset_minutes(back.occurred_at) == offset_minutes(occurred)


def test_append_sets_seq_and_chain(db: Path) -> None:
    with EventStore.open(db) as store:
        first = store.append(make_event("A", 0))
        other = store.append(make_event("B", 0))
        second = store.append(make_event("A", 1))
    assert (first.seq, first.prev_hash) == (1, GENESIS)
    assert (other.seq, other.prev_hash) == (1, GENESIS)
    assert (second.seq, second.prev_hash) == (2, first.hash)
    assert first.hash == event_hash(first)
    assert second.hash == event_hash(second)


def test_incoming_seq_and_hashes_are_ignored(db: Path) -> None:
    forged = replace(make_event("A", 0), seq=99, prev_hash="f" * 64, hash="e" * 64)
    with EventStore.open(db) as store:
        stored = store.append(forged)
        assert (stored.seq, stored.prev_hash) == (1, GENESIS)
        assert store.verify().ok


def test_reads(db: Path) -> None:
    seed(db, ["B", "A", "C"], 4)
    with EventStore.open(db) as store:
        assert store.incident_ids() == ["B", "A", "C"]
        assert [event.seq for event in store.events("A", after_seq=2)] == [3, 4]
        assert store.events("A", after_seq=4) == []
        assert store.events("nope") == []
        assert store.last_seq("C") == 4
        assert store.last_seq("nope") == 0
        store.append(make_event("A", 9))
        assert [event.seq for event in store.events("A", after_seq=3)] == [4, 5]


def test_events_sees_other_writers(db: Path) -> None:
    with EventStore.open(db) as reader, EventStore.open(db) as writer:
        writer.append(make_event("A", 0))
        assert len(reader.events("A")) == 1
        writer.append(make_event("A", 1))
        assert [event.seq for event in reader.events("A")] == [1, 2]
        third = reader.append(make_event("A", 2))
        assert third.seq == 3
        assert writer.append(make_event("A", 3)).prev_hash == third.hash


def test_changed_reports_other_connections_only(db: Path) -> None:
    with EventStore.open(db) as reader, EventStore.open(db) as writer:
        assert not reader.changed()
        reader.append(make_event("A", 0))
        assert not reader.changed()
        before = reader.data_version()
        writer.append(make_event("A", 1))
        assert reader.data_version() != before
        assert reader.changed()
        assert not reader.changed()


def test_guard_sees_history_inside_the_transaction(db: Path) -> None:
    seen: list[list[int]] = []

    def guard(history: Sequence[Event]) -> None:
        seen.append([event.seq for event in history])

    with EventStore.open(db) as store:
        store.append(make_event("A", 0), guard)
        store.append(make_event("A", 1), guard)
        store.append(make_event("B", 0), guard)
    assert seen == [[], [1], []]


def test_guard_history_is_a_fixed_read_only_view(db: Path) -> None:
    kept: list[Sequence[Event]] = []
    with EventStore.open(db) as store:
        for i in range(5):
            store.append(make_event("A", i))
        store.append(make_event("A", 5), kept.append)
        store.append(make_event("A", 6))
    (history,) = kept
    # Later appends do not show through the view the guard was given.
    assert len(history) == 5
    assert [event.seq for event in history] == [1, 2, 3, 4, 5]
    assert [event.seq for event in reversed(history)] == [5, 4, 3, 2, 1]
    assert (history[0].seq, history[-1].seq, history[-5].seq) == (1, 5, 1)
    assert [event.seq for event in history[3:]] == [4, 5]
    assert [event.seq for event in history[::-2]] == [5, 3, 1]
    assert history[10:] == []
    for index in (5, -6):
        with pytest.raises(IndexError):
            history[index]
    assert history.index(history[2]) == 2
    assert not hasattr(history, "append")


def test_guard_refusal_rolls_back(db: Path) -> None:
    with EventStore.open(db) as store:
        store.append(make_event("A", 0, "incident_closed"))
        version = store.data_version()
        with pytest.raises(RefusedAction) as refused:
            store.append(make_event("A", 1, "incident_closed"), refuse_closed)
        assert refused.value.text("zh") == "该事件已关闭。"
        assert store.last_seq("A") == 1
        assert store.data_version() == version
        # The refused attempt left no lock behind, and the next seq is still 2.
        assert store.append(make_event("A", 2)).seq == 2
    with raw(db) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone() == (2,)


def test_guard_bug_also_rolls_back(db: Path) -> None:
    def broken(history: Sequence[Event]) -> None:
        raise KeyError("bug")

    with EventStore.open(db) as store:
        with pytest.raises(KeyError):
            store.append(make_event("A", 0), broken)
        assert store.last_seq("A") == 0
        assert store.append(make_event("A", 0)).seq == 1


def test_triggers_forbid_update_and_delete(db: Path) -> None:
    seed(db, ["A"], 2)
    with raw(db) as conn:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE events SET kind = 'x' WHERE seq = 1")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM events WHERE seq = 2")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM events")
        assert conn.execute("SELECT count(*) FROM events").fetchone() == (2,)


def test_unique_incident_seq(db: Path) -> None:
    seed(db, ["A"], 1)
    with raw(db) as conn, pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        conn.execute("INSERT INTO events SELECT * FROM events")


@pytest.mark.parametrize(
    "payload",
    [{"x": math.nan}, {"x": object()}, {"x": {1, 2}}],
    ids=["nan", "object", "set"],
)
def test_unstorable_payload_is_refused(db: Path, payload: dict[str, object]) -> None:
    with EventStore.open(db) as store:
        with pytest.raises(UnstorableEvent) as caught:
            store.append(replace(make_event("A", 0), payload=payload))
        assert "未被保存" in caught.value.text("zh")
        assert store.last_seq("A") == 0


@pytest.mark.parametrize(
    ("moment", "why"),
    [
        (datetime(2025, 1, 1, 8, 0), "has no time zone"),
        (datetime(999, 12, 31, 23, 0, tzinfo=UTC), "out of range"),
        (datetime(1, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=1))), "out of range"),
    ],
    ids=["naive", "year-999", "before-year-1-in-utc"],
)
def test_unstorable_time_is_refused(db: Path, moment: datetime, why: str) -> None:
    event = make_event("A", 0)
    with EventStore.open(db) as store:
        for wrong in (replace(event, occurred_at=moment), replace(event, recorded_at=moment)):
            with pytest.raises(UnstorableEvent, match=why):
                store.append(wrong)
        assert store.last_seq("A") == 0


def test_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "runbook.db"
    with EventStore.open(path) as store:
        store.append(make_event("A", 0))
        for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            assert stat.S_IMODE(name.stat().st_mode) == 0o600, name
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_file_is_private_despite_a_lax_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        EventStore.open(tmp_path / "r.db").close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.db").stat().st_mode) == 0o600


def test_schema_is_versioned(db: Path) -> None:
    EventStore.open(db).close()
    with raw(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        applied = conn.execute("SELECT id, name FROM migrations ORDER BY id").fetchall()
    assert applied == [(m.id, m.name) for m in MIGRATIONS]
    assert [m.id for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))


def test_reopening_does_not_migrate_again(db: Path) -> None:
    EventStore.open(db).close()
    EventStore.open(db).close()
    with raw(db) as conn:
        assert conn.execute("SELECT count(*) FROM migrations").fetchone() == (len(MIGRATIONS),)


def with_second_migration(
    monkeypatch: pytest.MonkeyPatch, apply: Callable[[Database], None]
) -> None:
    migrations = (*MIGRATIONS, Migration(len(MIGRATIONS) + 1, "second", apply))
    monkeypatch.setattr(schema, "MIGRATIONS", migrations)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", migrations[-1].id)


def test_opening_applies_pending_migrations(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(db, ["A"], 2)

    def add_index(database: Database) -> None:
        database.table("events").create_index(["kind"], index_name="events_kind")

    with_second_migration(monkeypatch, add_index)
    with EventStore.open(db) as store:
        assert store.verify().ok
    with raw(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS) + 1,)
        names = conn.execute("SELECT name FROM migrations ORDER BY id").fetchall()
        assert names[-1] == ("second",)
        indexes = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        assert ("events_kind",) in indexes.fetchall()
    monkeypatch.undo()
    # The older code now meets a newer database, and leaves it alone.
    with pytest.raises(NewerDatabase):
        EventStore.open(db)


def test_a_failing_migration_changes_nothing(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(db, ["A"], 2)

    def half_done(database: Database) -> None:
        database.execute("CREATE TABLE half (x INTEGER)")
        database.execute("INSERT INTO nowhere VALUES (1)")

    with_second_migration(monkeypatch, half_done)
    with pytest.raises(StoreError, match="no such table: nowhere"):
        EventStore.open(db)
    with raw(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),)
        tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        assert ("half",) not in tables.fetchall()


def test_an_empty_file_becomes_a_database(db: Path) -> None:
    db.touch()
    with EventStore.open(db) as store:
        assert store.append(make_event("A", 0)).seq == 1


def test_closed_store_refuses(db: Path) -> None:
    store = EventStore.open(db)
    store.close()
    store.close()
    with pytest.raises(StoreClosed):
        store.events("A")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_store_is_not_used_across_fork(db: Path) -> None:
    with EventStore.open(db) as store:
        store.append(make_event("A", 0))
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child reports through its exit code
            code = 1
            try:
                store.events("A")
            except WrongProcess:
                code = 0
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert store.append(make_event("A", 1)).seq == 2


def test_verify_needs_an_incident_for_expectations(db: Path) -> None:
    with EventStore.open(db) as store, pytest.raises(UsageError):
        store.verify(expected_count=3)
