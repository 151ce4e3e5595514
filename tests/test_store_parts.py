"""A long history read a part at a time (`events(..., until_seq=)`), as the player reads one
between its other reads: the same events as one read, each read once, the guard's history
whole afterwards."""

from __future__ import annotations

from pathlib import Path

from store_helpers import make_event

from store import EventStore


class Counting(EventStore):
    statements = 0

    def _rows(self, sql: str, args: object, conn: object = None) -> list[tuple[object, ...]]:
        Counting.statements += 1
        return super()._rows(sql, args, conn)  # type: ignore[arg-type]


def test_a_history_read_in_parts_is_the_history(tmp_path: Path) -> None:
    path = tmp_path / "parts.db"
    with EventStore.open(path) as writer:
        written = [writer.append(make_event("A", i)) for i in range(10)]
        writer.append(make_event("B", 0))
    with Counting.open(path, create=False) as store:
        parts = [store.events("A", after_seq=0, until_seq=4),
                 store.events("A", after_seq=4, until_seq=8),
                 store.events("A", after_seq=8, until_seq=12)]
        assert [e.seq for e in parts[0]] == [1, 2, 3, 4]
        assert [e.seq for e in parts[1]] == [5, 6, 7, 8]
        assert [e.seq for e in parts[2]] == [9, 10]
        before = Counting.statements
        assert store.events("A", until_seq=6) == written[:6]  # read already: not again
        assert Counting.statements == before
        assert store.events("A") == written
        added = store.append(make_event("A", 10))  # the history its write checks is whole
        assert added.seq == 11 and added.prev_hash == written[-1].hash
