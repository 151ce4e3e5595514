"""Export time for an incident of 10,000 events in each format (run by hand; prints figures).

    python bench/bench_export.py [--events N]

Builds a busy technical-fault incident on the shipped playbooks (two days of repeating
updates, notes, reports, vendor contacts, blocks and level changes), chained as the store
chains it, then times: building the summary, and building plus rendering each format
(Markdown, HTML, JSON), as `runbook export` does after reading the events. Target: under
2 s a format for 10,000 events. Then the same through a real database: read, verify the
chain (rehashing the events read; the store's full verification only when that fails),
build and render, as the command runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from msgspec.structs import replace

from runbook.actions import Author, declaration, make_event, step_action
from runbook.chain import chained
from runbook.clock import FrozenClock
from runbook.events import Actor, Event
from runbook.loader import load_library
from runbook.playbook import Library
from runbook.summary import build_summary, render_html, render_json, render_md
from runbook.summary.chain import chain_intact

START = datetime(2026, 11, 26, 3, 0, tzinfo=timezone(timedelta(hours=8)))
TYPE = "technical-fault"
TARGET_S = 2.0


def build(library: Library, n: int) -> list[Event]:
    clock = FrozenClock(START, timedelta(seconds=15))
    author = Author(Actor("bench", "office"), clock)
    book = library.playbook(TYPE)
    assert book is not None
    plain = [s for s in book.steps if s.applies_at("II") and s.decision is None]
    repeating = [s for s in plain if s.repeat is not None] or plain
    events = [declaration(author, library, "bench", type_id=TYPE, level="II",
                          title="bench", drill=True, reported_at=START)]
    level = "II"
    i = 0
    while len(events) < n - 2:
        k = i % 10
        step = plain[i % len(plain)]
        if k in (0, 5):
            events.append(step_action(author, "bench", repeating[i % len(repeating)].id, "done"))
        elif k in (1, 6):
            events.append(make_event(author, "bench", "note", {"text": f"note {i}"}))
        elif k == 2:
            to = "head" if i % 20 else "regulator"
            events.append(make_event(author, "bench", "report_sent",
                                     {"to": to, "text": f"progress {i}"}))
        elif k == 3:
            events.append(make_event(author, "bench", "vendor_contacted", {"text": f"call {i}"}))
        elif k == 4:
            verb = "block" if i % 20 == 4 else "start"
            events.append(step_action(author, "bench", step.id, verb, note=f"waiting {i}"))
        elif k == 7 and i % 400 == 7:
            level = "I" if level == "II" else "II"
            events.append(make_event(author, "bench", "level_changed",
                                     {"level": level, "reason": f"change {i}"}))
        elif k == 8:
            events.append(make_event(author, "bench", "shift_handed_over",
                                     {"to": f"duty {i % 3}", "text": "handover"}))
        else:
            events.append(step_action(author, "bench", step.id, "done", note=f"done {i}"))
        i += 1
    events.append(make_event(author, "bench", "stand_down", {"reason": "service restored"}))
    events.append(make_event(author, "bench", "incident_closed",
                             {"force": True, "reason": "bench"}))
    return chained(events[:n])


def timed(label: str, func: Callable[[], object], repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        runs.append(time.perf_counter() - started)
    median = statistics.median(runs)
    verdict = "ok" if median < TARGET_S else "OVER TARGET"
    print(f"  {label:<44} median {median * 1000:8.1f} ms "
          f"(min {min(runs) * 1000:.1f}, max {max(runs) * 1000:.1f})  {verdict}")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    args = parser.parse_args()
    library = load_library()
    events = build(library, args.events)
    moment = START + timedelta(days=10)
    print(f"{len(events):,} events, {TYPE}, {len(library.playbooks[TYPE].steps)} steps")
    timed("build the summary", lambda: build_summary(events, library, moment))
    sizes = {}
    for name, render in (
            ("md (en)", lambda s: render_md(s, "en")),
            ("md (zh)", lambda s: render_md(s, "zh")),
            ("html (zh)", lambda s: render_html(s, "zh")),
            ("json", render_json)):
        timed(f"build + render {name}",
              lambda render=render: render(build_summary(events, library, moment)))  # type: ignore[misc]
        sizes[name] = len(render(build_summary(events, library, moment)).encode())
    for name, size in sizes.items():
        print(f"  size {name:<39} {size / 1024:8.0f} KiB")
    try:
        from store import EventStore
    except ImportError:
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        with EventStore.open(path) as store:
            for e in events:
                store.append(replace(e, seq=0, prev_hash="", hash=""))

        def whole(fmt: str) -> None:
            with EventStore.open(path) as store:
                stored = store.events("bench")
                if not chain_intact(stored):
                    store.verify("bench")
            summary = build_summary(stored, library, moment)
            if fmt == "html":
                render_html(summary, "zh")
            elif fmt == "json":
                render_json(summary)
            else:
                render_md(summary, "zh")

        for fmt in ("md", "html", "json"):
            timed(f"read + check chain + build + render {fmt}",
                  lambda fmt=fmt: whole(fmt), repeat=3)  # type: ignore[misc]
    sys.stdout.flush()


if __name__ == "__main__":
    main()
