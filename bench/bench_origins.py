"""The fold of an incident recorded on two sites against one recorded on one (run by hand).

    python bench/bench_origins.py [N]

Builds N events in memory, once as one origin's chain and once alternating between two
origins (each event knowing the other's before it), and prints, as ratios to the fold of
one origin measured in the same run: the fold of two origins, the merge (`runbook.merge.
order`) alone, and one more event folded on.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from msgspec.structs import replace

from runbook.actions import Author, declaration, make_event
from runbook.clock import FrozenClock
from runbook.events import Actor, Event
from runbook.loader import load_library
from runbook.merge import order
from runbook.state import IncidentState

START = datetime(2026, 11, 26, 3, 0, tzinfo=timezone(timedelta(hours=8)))
MINI = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "mini"


def best(run: Callable[[], object], times: int = 3) -> float:
    found = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        run()
        found = min(found, time.perf_counter() - started)
    return found


def main(count: int) -> None:
    library = load_library(MINI)
    clock = FrozenClock(START)
    author = Author(Actor("lin", "office"), clock)
    declared = declaration(author, library, "X", type_id="fault", level="II", title="t",
                           drill=False)
    one: list[Event] = [replace(declared, seq=1, origin_seq=1, hash="h1")]
    for i in range(2, count + 1):
        clock.moment = START + timedelta(seconds=i)
        one.append(replace(make_event(author, "X", "note", {"text": str(i)}), seq=i,
                           origin_seq=i, hash=f"h{i}"))
    two: list[Event] = []
    held = {"dc1": 0, "dc2": 0}
    for i, event in enumerate(one, 1):
        origin = "dc1" if i == 1 or i % 2 else "dc2"
        other = "dc2" if origin == "dc1" else "dc1"
        held[origin] += 1
        two.append(replace(event, origin=origin, origin_seq=held[origin],
                           seen={other: held[other]} if held[other] else {}))
    floor = best(lambda: IncidentState(library).sync(one))
    merged = best(lambda: IncidentState(library).sync(two))
    merge_only = best(lambda: order(two))
    state = IncidentState(library)
    state.sync(two[:-1])
    started = time.perf_counter()
    state.sync(two)
    one_more = time.perf_counter() - started
    print(f"{count} events, fold of one origin: {floor * 1000:.0f} ms (the floor)")
    print(f"  two origins: {merged / floor:.2f}x; the merge alone: {merge_only / floor:.2f}x; "
          f"one more event folded on: {one_more / floor:.4f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
