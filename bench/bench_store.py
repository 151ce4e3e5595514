"""How much the event store costs over plain sqlite3 at the same durability, and how long an
append holds the write lock when the rules' guard checks a long incident.

Run by hand: `python bench/bench_store.py [--events N] [--dir PATH] [--sizes 1000,10000]
[--cli-writers 16]`. Prints figures, asserts nothing. Both sides of the first part use WAL,
synchronous=FULL and one transaction per event, so the difference is the store's own work:
the hash chain, the guard's history, sqlite-utils. The second part appends notes with the
rules' `Guard` to incidents of 1,000, 10,000 and 100,000 events: from one long-lived session,
from a fresh session per note (what a `runbook note` does), and from concurrent `runbook note`
processes; the lock is held from BEGIN IMMEDIATE until COMMIT returns.

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
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from msgspec.structs import replace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_fold import START, build

import store.eventstore
from runbook.actions import Author, make_event
from runbook.checkpoints import DEFAULT_EVERY, checkpoint
from runbook.cli.invocation import Given, Invocation
from runbook.cli.keys import make_sealer
from runbook.clock import FrozenClock
from runbook.events import Actor, Event, utc_text
from runbook.signed_note import Signer
from store import EventStore
from store.bulk import bulk_load
from store.connection import WalWatch, prepare_file

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


def sealed_writer(every: int) -> Callable[[str, str, int], Callable[[int], None]]:
    """The store with checkpoints signed every `every` events, as a command writes them."""

    def make(path: str, incident_id: str, count: int) -> Callable[[int], None]:
        store = EventStore.open(path)
        store.seal_with(make_sealer(SIGNER, every))

        def write(i: int) -> None:
            store.append(event(incident_id, i), guard=lambda history: None)

        return write

    return make


SIGNER = Signer.generate("bench")
WRITERS = {"store": store_writer, "plain": plain_writer,
           "sealed": sealed_writer(DEFAULT_EVERY), "sealed-1": sealed_writer(1)}


def signing_cost(samples: int = 2000) -> float:
    """The median time to make one checkpoint (format the note, sign it with Ed25519)."""
    sealed = replace(event("INC-1", 1), seq=1, hash="ab" * 32)
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        checkpoint(sealed, SIGNER)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


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


# --- the write lock with the rules' guard on long incidents ------------------------------

HOLDS: list[float] = []  # how long each append held the write lock, seconds


@contextmanager
def _timed_transaction(conn: sqlite3.Connection, path: Path, timeout: float) -> Iterator[None]:
    with WRITE_TRANSACTION(conn, path, timeout):
        began = time.perf_counter()
        yield
    HOLDS.append(time.perf_counter() - began)  # COMMIT included


WRITE_TRANSACTION = store.eventstore.write_transaction


def incident_of(folder: Path, n: int) -> Path:
    """A database holding one incident of `n` events (bench_fold's), id "bench"."""
    path = folder / f"guard-{n}.db"
    bulk_load(path, build(n))
    return path


def note_maker(n: int) -> Callable[[int], Event]:
    """Notes dated after the incident's last event (bench_fold's clock ticks 1 s an event)."""
    author = Author(Actor("bench", "office"), FrozenClock(START + timedelta(seconds=n + 60),
                                                          timedelta(seconds=1)))
    return lambda i: make_event(author, "bench", "note", {"text": f"note {i}"})


FLOOR: list[float] = []  # median of a plain sqlite3 append, BEGIN IMMEDIATE to COMMIT


def summary(label: str, values: list[float]) -> str:
    ordered = sorted(values)
    median = statistics.median(ordered)
    return (f"{label} median {ms(median)} ({median / FLOOR[0]:.1f}x floor), "
            f"max {ms(ordered[-1])}")


def long_lived(path: Path, n: int, appends: int) -> None:
    """One writer appending note after note, as a script or a long-lived tool would."""
    note = note_maker(n)
    latencies: list[float] = []
    HOLDS.clear()
    with Invocation(given=Given(db_path=path)) as writer:
        for i in range(appends):
            started = time.perf_counter()
            writer.append(note(i))
            latencies.append(time.perf_counter() - started)
    print(f"    one session, {appends} notes: first {ms(latencies[0])}; then "
          f"{summary('latency', latencies[1:])}; {summary('lock', HOLDS[1:])}")


def fresh_sessions(path: Path, n: int, appends: int) -> None:
    """A new writer (open, read, fold, append, close) per note: a `runbook note` in-process."""
    note = note_maker(n)
    latencies: list[float] = []
    HOLDS.clear()
    for i in range(appends):
        started = time.perf_counter()
        with Invocation(given=Given(db_path=path)) as writer:
            writer.append(note(i))
        latencies.append(time.perf_counter() - started)
    print(f"    a fresh session per note, {appends} notes: {summary('latency', latencies)}; "
          f"{summary('lock', HOLDS)}")


def cli_writers(path: Path, writers: int, notes: int) -> None:
    """`writers` shells, each running `runbook note` `notes` times, all at once."""
    command = [sys.executable, "-c", "from runbook.cli.entry import run; run()"]

    def shell(worker: int) -> list[tuple[int, float, str]]:
        done = []
        for i in range(notes):
            started = time.perf_counter()
            result = subprocess.run(
                [*command, "note", "bench", f"w{worker} n{i}", "--db", str(path),
                 "--by", f"w{worker}", "--group", "tech", "--lang", "en"],
                capture_output=True, text=True, check=False)
            done.append((result.returncode, time.perf_counter() - started, result.stderr))
        return done

    with ThreadPoolExecutor(writers) as pool:
        results = [r for rs in pool.map(shell, range(writers)) for r in rs]
    refused = [err for code, _, err in results if code != 0]
    busy = sum("Another runbook holds" in err for err in refused)
    print(f"    {writers} `runbook note` processes x {notes}: {len(results) - len(refused)} "
          f"recorded, {len(refused)} refused ({busy} as busy); "
          f"{summary('latency', [t for _, t, _ in results])}")
    for err in sorted(set(refused))[:3]:
        print(f"      {err.strip()[:160]}")


def median_of(func: Callable[[], object], times: int) -> float:
    runs = []
    for _ in range(times):
        started = time.perf_counter()
        func()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def checks(path: Path) -> None:
    """What the checks made before trusting the file cost: at each open (the header and
    the file's size), and before verify or export certify anything (integrity_check)."""

    def header_only() -> None:  # the floor: what opening checked before
        with path.open("rb") as file:
            file.read(100)

    floor = median_of(header_only, 2000)
    checked = median_of(lambda: prepare_file(path, create=False), 2000)
    opened = median_of(lambda: EventStore.open(path, read_only=True).close(), 200)
    print(f"    at open: header, type and size checked {ms(checked)} (reading the header "
          f"alone {ms(floor)}, {checked / floor:.1f}x); a read-only open and close {ms(opened)}")
    def read_all() -> None:
        with EventStore.open(path, read_only=True) as fresh:
            fresh.events("bench")

    with EventStore.open(path, read_only=True) as reader:
        integrity = median_of(reader.check_integrity, 5)
        verified = median_of(lambda: reader.verify("bench"), 3)
    read = median_of(read_all, 3)
    print(f"    integrity_check {ms(integrity)}; verify of the incident (with it) "
          f"{ms(verified)}, {integrity / verified:.0%} of it; reading the incident {ms(read)}")


def guard_section(folder: Path, sizes: list[int], appends: int, writers: int) -> None:
    print("\nAppends checked by the rules' Guard on one incident of n events "
          "(lock: BEGIN IMMEDIATE to COMMIT)")
    os.environ["RUNBOOK_CACHE"] = str(folder / "cache")  # not the user's cache folder
    FLOOR[:] = [statistics.median(timed_writes("plain", str(folder / "floor.db"), "F", 500))]
    print(f"  floor: a plain sqlite3 append (one INSERT, WAL, FULL), median {ms(FLOOR[0])}")
    store.eventstore.write_transaction = _timed_transaction  # type: ignore[assignment]
    try:
        for n in sizes:
            print(f"  n = {n:,}")
            path = incident_of(folder, n)
            long_lived(path, n, appends)
            fresh_sessions(path, n + appends, max(3, min(appends, 200_000 // n)))
            checks(path)
            if writers and n == max(sizes):
                cli_writers(path, writers, 3)
    finally:
        store.eventstore.write_transaction = WRITE_TRANSACTION  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000, help="appends per measurement")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement")
    parser.add_argument("--dir", type=Path, default=None, help="folder on the disk to test")
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="incident sizes for the guard's part (comma-separated; empty: skip)")
    parser.add_argument("--guarded", type=int, default=200,
                        help="notes appended per incident size in the guard's part")
    parser.add_argument("--cli-writers", type=int, default=0,
                        help="also run this many concurrent `runbook note` processes (3 notes "
                        "each) on the largest incident")
    parser.add_argument("--skip-plain", action="store_true",
                        help="skip the comparison with plain sqlite3")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size]
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        print(f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}, "
              f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}, folder {folder}")  # fmt: skip
        if not args.skip_plain:
            plain_section(folder, args.events, args.repeat)
        if sizes:
            guard_section(folder, sizes, args.guarded, args.cli_writers)


def plain_section(folder: Path, events: int, repeat: int) -> None:
    print(f"\nLatency of one acknowledged append, 1 writer, {repeat} x {events} "
          "events (WAL, synchronous=FULL, one transaction each)")  # fmt: skip
    # "store": the database held open by another connection (as the player holds a
    # responder's), in a folder that has not changed for a while: the store then checks
    # that its -wal is still on disk by a look at the folder (store.connection.WalWatch).
    # "fresh": a new database in a new folder, as this benchmark always measured.
    # "sealed": the store signing a checkpoint every DEFAULT_EVERY events (the default
    # setting); "sealed-1": a checkpoint after every event (the worst case).
    samples: dict[str, list[float]] = {"plain": [], "store": [], "fresh": [], "sealed": [],
                                       "sealed-1": []}
    held = folder / "held"
    held.mkdir()
    holders = []
    for run in range(repeat):
        for kind in ("plain", "store", "sealed", "sealed-1"):
            path = held / f"lat-{kind}-{run}.db"
            if kind != "plain":
                EventStore.open(path).close()
            else:
                plain_connect(str(path)).close()
            holder = sqlite3.connect(path)
            holder.execute("SELECT count(*) FROM sqlite_master").fetchone()
            holders.append(holder)
    time.sleep(WalWatch.SETTLED_COARSE_NS / 1e9 + 0.5)
    # Alternated, so a busy moment of the machine does not land on one side only.
    for run in range(repeat):
        for kind in samples:
            if kind == "fresh":
                path = folder / f"lat-fresh-{run}.db"
            else:
                path = held / f"lat-{kind}-{run}.db"
            writer = "store" if kind == "fresh" else kind
            samples[kind] += timed_writes(writer, str(path), "INC-1", events)
    for holder in holders:
        holder.close()
    for kind, latencies in samples.items():
        latencies.sort()
        p99 = latencies[int(len(latencies) * 0.99) - 1]
        print(f"  {kind:6} median {ms(statistics.median(latencies))}   p99 {ms(p99)}"
              f"   max {ms(latencies[-1])}")  # fmt: skip
    floor = statistics.median(samples["plain"])
    for kind in ("store", "fresh", "sealed", "sealed-1"):
        ratio = statistics.median(samples[kind]) / floor
        mean = statistics.fmean(samples[kind]) / statistics.fmean(samples["plain"])
        print(f"  {kind} / plain: medians {ratio:.2f}x, means {mean:.2f}x")
    signing = signing_cost()
    print(f"  one checkpoint made and signed (Ed25519, no I/O): median {ms(signing)}, "
          f"{signing / floor:.2f}x the plain append")
    for writers in (1, 4):
        per_writer = events // writers
        print(f"\nThroughput, {writers} writer process(es) x {per_writer} events, one "
              f"incident, median of {repeat} runs")  # fmt: skip
        runs: dict[str, list[tuple[float, float]]] = {"plain": [], "store": []}
        for run in range(repeat):
            for kind in runs:
                runs[kind].append(throughput(kind, folder / str(run), writers, per_writer))
        for kind, results in runs.items():
            rates = sorted(rate for rate, _ in results)
            worst = max(worst for _, worst in results)
            print(f"  {kind:6} {statistics.median(rates):8.0f} events/s "
                  f"({rates[0]:.0f}-{rates[-1]:.0f})   worst write {ms(worst)}")  # fmt: skip


if __name__ == "__main__":
    main()
