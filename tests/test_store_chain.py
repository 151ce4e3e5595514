"""Tampering with the file behind the store's back is detected, and located.

Each example copies a pristine database, changes it through a plain sqlite3 connection
(triggers dropped, as anyone holding the file could), then verifies. "First bad event"
means the lowest seq at which the stored chain no longer matches what was written.
"""

from __future__ import annotations

import itertools
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace
from store_helpers import Row, make_event, raw, rows, seed, shift_seqs

from runbook.chain import GENESIS, event_hash
from runbook.events import utc_text
from store import EventStore, UnknownIncident
from store.codec import COLUMNS, payload_text, to_row
from store.verify import VerifyReport

INCIDENTS = ("INC-A", "INC-B", "INC-C")
PER_INCIDENT = 7
TARGET = "INC-B"
SQLITE_INTEGERS = st.integers(-(2**63), 2**63 - 1)
_copies = itertools.count()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pristine") / "runbook.db"
    seed(path, INCIDENTS, PER_INCIDENT)
    return path


@pytest.fixture(scope="module")
def heads(pristine: Path) -> dict[str, str]:
    with EventStore.open(pristine) as store:
        report = store.verify()
    assert report.ok
    return dict(report.heads)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tampered")


def copy_of(pristine: Path, scratch: Path) -> Path:
    target = scratch / f"copy{next(_copies)}.db"
    shutil.copyfile(pristine, target)
    return target


def verify(path: Path, heads: dict[str, str]) -> VerifyReport:
    """The target incident checked against the head and count noted before tampering."""
    with EventStore.open(path) as store:
        return store.verify(TARGET, expected_head=heads[TARGET], expected_count=PER_INCIDENT)


def forged(seq: int, prev_hash: str, *, valid: bool) -> dict[str, Any]:
    event = replace(make_event(TARGET, 100, text="一条伪造的记录"), seq=seq, prev_hash=prev_hash)
    event = replace(event, hash=event_hash(event) if valid else "d" * 64)
    return to_row(event, payload_text(event.payload))


def other_value(column: str, current: Any, data: st.DataObject) -> Any:
    """A value of the column's type that differs from `current`."""
    if column in ("occurred_offset", "recorded_offset"):
        strategy: st.SearchStrategy[Any] = st.integers(-1439, 1439) | SQLITE_INTEGERS
    elif column in ("occurred_at", "recorded_at"):
        strategy = st.datetimes().map(lambda moment: utc_text(moment)) | st.text()
    elif column == "payload":
        strategy = st.dictionaries(st.text(max_size=3), st.integers(), max_size=2).map(
            payload_text
        ) | st.sampled_from([current.replace('", "', '","'), current + " ", "[]", "{"])
    elif column in ("hash", "prev_hash"):
        strategy = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64) | st.text()
    elif column == "actor_group":
        strategy = st.none() | st.text()
    elif column == "origin_seq":
        strategy = SQLITE_INTEGERS
    elif column == "seen":
        strategy = st.sampled_from(["{}", '{"dc2":1}']) | st.text()
    else:
        strategy = st.text()
    return data.draw(strategy.filter(lambda value: value != current), label=column)


Expectation = tuple[int, set[str]]  # the first bad seq, and what verify may call it


def edit(conn: sqlite3.Connection, chain: list[Row], data: st.DataObject) -> Expectation:
    column = data.draw(st.sampled_from(COLUMNS), label="column")
    k = data.draw(st.integers(1, PER_INCIDENT), label="k")
    row_id = chain[k - 1].id
    if column == "seq":
        value: Any = data.draw(
            SQLITE_INTEGERS.filter(lambda seq: seq < 1 or seq > PER_INCIDENT), label="seq"
        )
        # Below 1 it sorts first, an intact event out of place; above, a gap is left at k.
        expected = (value, {"reordered"}) if value < 1 else (k, {"removed"})
    elif column == "incident_id":
        # A new incident, so UNIQUE(incident_id, seq) cannot refuse the move.
        value = "X" + data.draw(st.text(), label="incident")
        expected = (k, {"removed"})
    else:
        current = conn.execute(f"SELECT {column} FROM events WHERE id = ?", (row_id,))
        value = other_value(column, current.fetchone()[0], data)
        expected = (k, {"altered"})
    conn.execute(f"UPDATE events SET {column} = ? WHERE id = ?", (value, row_id))
    return expected


def delete(conn: sqlite3.Connection, chain: list[Row], data: st.DataObject) -> Expectation:
    k = data.draw(st.integers(1, PER_INCIDENT), label="k")
    conn.execute("DELETE FROM events WHERE id = ?", (chain[k - 1].id,))
    return k, {"removed"}


def insert(conn: sqlite3.Connection, chain: list[Row], data: st.DataObject) -> Expectation:
    valid = data.draw(st.booleans(), label="valid hash")
    # A well-forged event after the head looks like a legitimate later event: only a
    # signature could tell. Anywhere else, or with a wrong hash, it is caught.
    k = data.draw(st.integers(1, PER_INCIDENT if valid else PER_INCIDENT + 1), label="k")
    shift_seqs(conn, TARGET, k, +1)
    record = forged(k, chain[k - 2].hash if k > 1 else GENESIS, valid=valid)
    conn.execute(
        f"INSERT INTO events ({', '.join(record)}) VALUES ({', '.join('?' for _ in record)})",
        list(record.values()),
    )
    return k, {"inserted"} if valid else {"altered"}


def reorder(conn: sqlite3.Connection, chain: list[Row], data: st.DataObject) -> Expectation:
    pair = data.draw(st.sets(st.integers(1, PER_INCIDENT), min_size=2, max_size=2), label="ij")
    i, j = sorted(pair)
    first, second = chain[i - 1].id, chain[j - 1].id
    conn.execute("UPDATE events SET seq = -1 WHERE id = ?", (first,))
    conn.execute("UPDATE events SET seq = ? WHERE id = ?", (i, second))
    conn.execute("UPDATE events SET seq = ? WHERE id = ?", (j, first))
    return i, {"reordered"}


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_any_single_tampering_is_found(
    pristine: Path, heads: dict[str, str], scratch: Path, data: st.DataObject
) -> None:
    path = copy_of(pristine, scratch)
    tamper = data.draw(st.sampled_from([edit, delete, insert, reorder]), label="tampering")
    with raw(path, drop_triggers=True) as conn:
        expected, what = tamper(conn, rows(conn, TARGET), data)

    report = verify(path, heads)
    assert not report.ok
    assert report.problem is not None
    assert report.problem.incident_id == TARGET
    assert report.problem.seq == expected, report.problem
    assert report.problem.what in what, report.problem
    assert TARGET in report.problem.message("en")
    assert TARGET in report.problem.message("zh")
    with EventStore.open(path) as store:
        whole = store.verify()
    # Without the noted head, only the loss of the newest event goes unseen.
    newest_deleted = tamper is delete and expected == PER_INCIDENT
    assert whole.ok == newest_deleted


def test_pristine_copy_verifies(pristine: Path, heads: dict[str, str], scratch: Path) -> None:
    report = verify(copy_of(pristine, scratch), heads)
    assert report.ok
    with EventStore.open(pristine) as store:
        whole = store.verify()
    assert (whole.incidents, whole.events) == (len(INCIDENTS), len(INCIDENTS) * PER_INCIDENT)
    assert whole.counts == dict.fromkeys(INCIDENTS, PER_INCIDENT)
    assert "every hash chain is intact" in whole.message("en")
    assert "所有哈希链完好" in whole.message("zh")


@pytest.mark.parametrize("cut", [1, 3, PER_INCIDENT])
def test_truncated_tail_needs_the_noted_head(
    pristine: Path, heads: dict[str, str], scratch: Path, cut: int
) -> None:
    path = copy_of(pristine, scratch)
    with raw(path, drop_triggers=True) as conn:
        conn.execute(
            "DELETE FROM events WHERE incident_id = ? AND seq > ?", (TARGET, PER_INCIDENT - cut)
        )
    first_missing = PER_INCIDENT - cut + 1
    with EventStore.open(path) as store:
        # A chain alone cannot see that its newest events are gone (all gone: there is no
        # such incident)...
        if cut < PER_INCIDENT:
            assert store.verify(TARGET).ok
        else:
            with pytest.raises(UnknownIncident):
                store.verify(TARGET)
        # ...the head and count noted earlier can.
        for expectations in (
            {"expected_count": PER_INCIDENT},
            {"expected_head": heads[TARGET]},
            {"expected_head": heads[TARGET], "expected_count": PER_INCIDENT},
        ):
            report = store.verify(TARGET, **expectations)
            assert report.problem is not None, expectations
            assert (report.problem.seq, report.problem.what) == (first_missing, "removed")
            assert "removed" in report.problem.message("en")


def test_events_added_after_the_note_are_fine(
    pristine: Path, heads: dict[str, str], scratch: Path
) -> None:
    path = copy_of(pristine, scratch)
    with EventStore.open(path) as store:
        store.append(make_event(TARGET, 50))
        report = store.verify(TARGET, expected_head=heads[TARGET], expected_count=PER_INCIDENT)
    assert report.ok
    assert report.counts[TARGET] == PER_INCIDENT + 1


def test_a_rewritten_chain_is_caught_by_the_noted_head(
    pristine: Path, heads: dict[str, str], scratch: Path
) -> None:
    """Whoever recomputes every hash after an edit fools the chain, not the noted head."""
    path = copy_of(pristine, scratch)
    with EventStore.open(path) as store:
        events = store.events(TARGET)
    with raw(path, drop_triggers=True) as conn:
        conn.execute("DELETE FROM events WHERE incident_id = ?", (TARGET,))
        prev = GENESIS
        for event in events:
            payload = dict(event.payload, text="rewritten") if event.seq == 3 else event.payload
            fake = replace(event, payload=payload, prev_hash=prev, hash="")
            fake = replace(fake, hash=event_hash(fake))
            record = to_row(fake, payload_text(fake.payload))
            conn.execute(
                f"INSERT INTO events ({', '.join(record)}) VALUES "
                f"({', '.join('?' for _ in record)})",
                list(record.values()),
            )
            prev = fake.hash
    with EventStore.open(path) as store:
        assert store.verify(TARGET).ok
        report = store.verify(TARGET, expected_head=heads[TARGET], expected_count=PER_INCIDENT)
        assert report.problem is not None
        assert (report.problem.seq, report.problem.what) == (PER_INCIDENT, "altered")
        report = store.verify(TARGET, expected_head=heads[TARGET])
        assert report.problem is not None
        assert report.problem.what == "removed"


def test_examples_name_the_event_in_both_languages(
    pristine: Path, heads: dict[str, str], scratch: Path
) -> None:
    path = copy_of(pristine, scratch)
    with raw(path, drop_triggers=True) as conn:
        conn.execute(
            'UPDATE events SET payload = \'{"text": "edited"}\' WHERE incident_id = ? AND seq = 4',
            (TARGET,),
        )
    report = verify(path, heads)
    assert report.problem is not None
    assert report.problem.message("en") == (
        "Incident INC-B, record 4: its content does not match its hash; it was changed "
        "after it was recorded."
    )
    assert (
        report.problem.message("zh") == "事件 INC-B 第 4 条记录：内容与哈希不符，记录后被改动过。"
    )
    assert report.message == report.problem.message


def test_reordering_names_the_original_position(
    pristine: Path, heads: dict[str, str], scratch: Path
) -> None:
    path = copy_of(pristine, scratch)
    with raw(path, drop_triggers=True) as conn:
        chain = rows(conn, TARGET)
        conn.execute("UPDATE events SET seq = -1 WHERE id = ?", (chain[1].id,))
        conn.execute("UPDATE events SET seq = 2 WHERE id = ?", (chain[2].id,))
        conn.execute("UPDATE events SET seq = 3 WHERE id = ?", (chain[1].id,))
    report = verify(path, heads)
    assert report.problem is not None
    assert "belongs at position 3" in report.problem.message("en")
    assert "原本是第 3 条" in report.problem.message("zh")


def test_verify_reads_a_tampered_row_without_crashing(
    pristine: Path, heads: dict[str, str], scratch: Path
) -> None:
    path = copy_of(pristine, scratch)
    with raw(path, drop_triggers=True) as conn:
        conn.execute(
            "UPDATE events SET occurred_at = 'yesterday' WHERE incident_id = ? AND seq = 2",
            (TARGET,),
        )
    with EventStore.open(path) as store:
        report = store.verify()
        assert report.problem is not None
        assert (report.problem.incident_id, report.problem.seq) == (TARGET, 2)
        # Reading the damaged incident is refused with a StoreError, not a traceback.
        from store import DatabaseDamaged

        with pytest.raises(DatabaseDamaged, match="INC-B record 2"):
            store.events(TARGET)
        assert len(store.events("INC-A")) == PER_INCIDENT
