"""How much the event store costs over plain sqlite3 at the same durability.

Run by hand: `python bench/bench_store.py [--events N] [--dir PATH]`. Prints figures,
asserts nothing. Both sides use WAL, synchronous=FULL and one transaction per event, so
the difference is the store's own work: the hash chain, the guard's history, sqlite-utils.

The disk matters more than the code: run it on the disk the database will live on
(`--dir`), and note that a virtual machine's disk may acknowledge fsync early.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from runbook.events import Actor, Event, utc_text
from store import EventStore

CST = timezone(timedelta(hours=8))
PLAIN_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY, incident_id TEXT NOT NULL, seq INTEGER NOT NULL,
    kind TEXT NOT NULL, actor_name TEXT NOT NULL, actor_group TEXT,
    occurred_at TEXT NOT NULL, occurred_offset INTEGER NOT NULL,
    recorded_at TEXT NOT NULL, recorded_offset INTEGER NOT NULL,
    payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL
) STRICT;
"""


def event(incident_id: str, i: int) -> Event:
    moment = datetime(2025, 3, 1, 8, 30, tzinfo=CST) + timedelta(seconds=i)
    return Event(
        incident_id=incident_id,
        kind="note",
        actor=Actor("值班员", "tech"),
        occurred_at=moment,
        recorded_at=moment,
        payload={"text": f"第 {i} 条记录：核心系统响应缓慢，已联系供应商。"},
    )


def plain_row(incident_id: str, i: int, seq: int) -> tuple[Any, ...]:
    e = event(incident_id, i)
    stamp = utc_text(e.occurred_at)
    payload = json.dumps(dict(e.payload), sort_keys=True, ensure_ascii=False)
    return (incident_id, seq, e.kind, e.actor.name, e.actor.group, stamp, 480, stamp, 480,
            payload, "0" * 64, "f" * 64)  # fmt: skip


def plain_connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=10)
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(PLAIN_SCHEMA)
    return conn


def plain_writer(path: str, incident_id: str, count: int) -> Callable[[int], None]:
    conn = plain_connect(path)

    def write(i: int) -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO events (incident_id, seq, kind, actor_name, actor_group,"
            " occurred_at, occurred_offset, recorded_at, recorded_offset, payload,"
            " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            plain_row(incident_id, i, i + 1),
        )
        conn.execute("COMMIT")

    return write


def store_writer(path: str, incident_id: str, count: int) -> Callable[[int], None]:
    store = EventStore.open(path)

    def write(i: int) -> None:
        store.append(event(incident_id, i), guard=lambda history: None)

    return write


WRITERS = {"store": store_writer, "plain": plain_writer}


def timed_writes(kind: str, path: str, incident_id: str, count: int) -> list[float]:
    write = WRITERS[kind](path, incident_id, count)
    latencies = []
    for i in range(count):
        started = time.perf_counter()
        write(i)
        latencies.append(time.perf_counter() - started)
    return latencies


def worker(kind: str, path: str, count: int, start: Any, out: Any) -> None:
    write = WRITERS[kind](path, "INC-1", count)
    start.wait()
    worst = 0.0
    for i in range(count):
        started = time.perf_counter()
        write(i)
        worst = max(worst, time.perf_counter() - started)
    out.put((time.perf_counter(), worst))


def throughput(kind: str, folder: Path, writers: int, per_writer: int) -> tuple[float, float]:
    """Events per second over all writers, and the worst single write (seconds)."""
    folder.mkdir(exist_ok=True)
    path = str(folder / f"{kind}-{writers}.db")
    if kind == "store":
        EventStore.open(path).close()
    else:
        plain_connect(path).close()
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    out = context.Queue()
    processes = [
        context.Process(target=worker, args=(kind, path, per_writer, start, out))
        for _ in range(writers)
    ]
    for process in processes:
        process.start()
    time.sleep(1.5)  # let every writer import and open before the clock starts
    began = time.perf_counter()
    start.set()
    results = [out.get(timeout=600) for _ in processes]
    for process in processes:
        process.join()
    ended = max(finish for finish, _ in results)
    return writers * per_writer / (ended - began), max(worst for _, worst in results)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.3f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000, help="appends per measurement")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement")
    parser.add_argument("--dir", type=Path, default=None, help="folder on the disk to test")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        print(f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}, "
              f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}, folder {folder}")  # fmt: skip
        print(f"\nLatency of one acknowledged append, 1 writer, {args.repeat} x {args.events} "
              "events (WAL, synchronous=FULL, one transaction each)")  # fmt: skip
        samples: dict[str, list[float]] = {"plain": [], "store": []}
        # Alternated, so a busy moment of the machine does not land on one side only.
        for run in range(args.repeat):
            for kind in samples:
                path = str(folder / f"lat-{kind}-{run}.db")
                samples[kind] += timed_writes(kind, path, "INC-1", args.events)
        for kind, latencies in samples.items():
            latencies.sort()
            p99 = latencies[int(len(latencies) * 0.99) - 1]
            print(f"  {kind:6} median {ms(statistics.median(latencies))}   p99 {ms(p99)}"
                  f"   max {ms(latencies[-1])}")  # fmt: skip
        for writers in (1, 4):
            per_writer = args.events // writers
            print(f"\nThroughput, {writers} writer process(es) x {per_writer} events, one "
                  f"incident, median of {args.repeat} runs")  # fmt: skip
            runs: dict[str, list[tuple[float, float]]] = {"plain": [], "store": []}
            for run in range(args.repeat):
                for kind in runs:
                    runs[kind].append(throughput(kind, folder / str(run), writers, per_writer))
            for kind, results in runs.items():
                rates = sorted(rate for rate, _ in results)
                worst = max(worst for _, worst in results)
                print(f"  {kind:6} {statistics.median(rates):8.0f} events/s "
                      f"({rates[0]:.0f}-{rates[-1]:.0f})   worst write {ms(worst)}")  # fmt: skip


if __name__ == "__main__":
    main()
