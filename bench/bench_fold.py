"""Fold time for incidents of 10,000 and 100,000 events (run by hand; prints figures).

    python bench/bench_fold.py [--db PATH]

Builds the events in memory (rules checked, chain hashed, as the store does), then times
`fold` alone and `fold` + `statuses`, and, with the store, reading them back and folding.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from functools import partial
from pathlib import Path

from runbook.actions import Author, declaration, make_event, step_action
from runbook.chain import chained
from runbook.clock import FrozenClock
from runbook.events import Actor, Event
from runbook.fold import fold
from runbook.loader import load_library
from runbook.playbook import Playbook
from runbook.status import statuses
from store.bulk import bulk_load

START = datetime(2026, 11, 26, 3, 0, tzinfo=timezone(timedelta(hours=8)))


def build(n: int, incident_id: str = "bench") -> list[Event]:
    """A Level II technical fault of `n` events, chained: steps done and reopened in turn,
    a note every seventh event."""
    library = load_library()
    clock = FrozenClock(START, timedelta(seconds=1))
    author = Author(Actor("bench", "office"), clock)
    book = library.playbook("technical-fault")
    assert book is not None
    steps = [s for s in book.steps if s.applies_at("II") and s.decision is None]
    events = [declaration(author, library, incident_id, type_id="technical-fault",
                          level="II", title="bench", drill=True)]
    i = 0
    while len(events) < n:
        step = steps[i % len(steps)]
        verb = "done" if (i // len(steps)) % 2 == 0 else "reopen"
        if i % 7 == 0:
            events.append(make_event(author, incident_id, "note", {"text": f"note {i}"}))
        else:
            events.append(step_action(author, incident_id, step.id, verb, note="bench"))
        i += 1
    return chained(events[:n])


def fold_and_status(events: list[Event], book: Playbook) -> None:
    statuses(fold(events), book, START)


def read_and_fold(path: Path) -> None:
    from store import EventStore

    with EventStore.open(path) as store:
        fold(store.events("bench"))


def timed(label: str, func: object, repeat: int = 5) -> None:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        func()  # type: ignore[operator]
        runs.append(time.perf_counter() - t)
    print(f"  {label:<40} median {statistics.median(runs) * 1000:8.1f} ms "
          f"(min {min(runs) * 1000:.1f}, max {max(runs) * 1000:.1f})")


def main() -> None:
    library = load_library()
    book = library.playbook("technical-fault")
    assert book is not None
    for n in (10_000, 100_000):
        events = build(n)
        print(f"{n:,} events")
        incident = fold(events)
        timed("fold", partial(fold, events))
        timed("fold + statuses", partial(fold_and_status, events, book))
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.db"
            bulk_load(path, events)
            timed("read from SQLite + fold (new store)", partial(read_and_fold, path),
                  repeat=3)
        assert incident.event_count == n
    sys.stdout.flush()


if __name__ == "__main__":
    main()
