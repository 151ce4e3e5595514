"""Several processes writing one incident, and writers killed mid-append."""

from __future__ import annotations

import multiprocessing
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from store_helpers import HERE, report_to

from store import EventStore

WRITERS = 4
PER_WRITER = 50


def test_four_writer_processes_share_one_chain(tmp_path: Path) -> None:
    # No database yet: the four also race to create and migrate it.
    path = tmp_path / "data" / "runbook.db"
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    results_queue = context.Queue()
    writers = [
        context.Process(
            target=report_to,
            args=(results_queue, str(path), "INC-1", PER_WRITER, worker, start),
        )
        for worker in range(WRITERS)
    ]
    for writer in writers:
        writer.start()
    # All four contend for the lock from their first append.
    start.set()
    results: list[list[Any]] = [results_queue.get(timeout=60) for _ in writers]
    for writer in writers:
        writer.join(timeout=10)
        assert writer.exitcode == 0

    entries = [entry for result in results for entry in result]
    errors = [entry for entry in entries if isinstance(entry, tuple) and entry[0] == "error"]
    assert errors == []
    seqs = [entry for entry in entries if isinstance(entry, int)]
    closes = [entry for entry in entries if isinstance(entry, tuple) and entry[0] == "closed"]
    refusals = [entry for entry in entries if entry == ("refused",)]
    # The guard ran atomically: exactly one writer closed the incident.
    assert (len(closes), len(refusals)) == (1, WRITERS - 1)
    assert len(seqs) == WRITERS * PER_WRITER
    total = WRITERS * PER_WRITER + 1
    assert sorted([*seqs, closes[0][1]]) == list(range(1, total + 1))
    for result in results:
        mine = [entry for entry in result if isinstance(entry, int)]
        assert mine == sorted(mine)

    with EventStore.open(path) as store:
        events = store.events("INC-1")
        report = store.verify()
    assert [event.seq for event in events] == list(range(1, total + 1))
    assert report.ok
    assert (report.incidents, report.events) == (1, total)
    authors = Counter(event.payload.get("text") for event in events if event.kind == "note")
    assert authors == {f"w{worker}": PER_WRITER for worker in range(WRITERS)}


ROUNDS = 20


def test_acknowledged_events_survive_kill_9(tmp_path: Path) -> None:
    path = tmp_path / "runbook.db"
    EventStore.open(path).close()
    chance = random.Random(20250301)
    acknowledged: dict[int, str] = {}
    for _ in range(ROUNDS):
        writer = subprocess.Popen(
            [sys.executable, str(HERE), "crash-writer", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None
        assert writer.stdout.readline() == "ready\n"
        time.sleep(chance.uniform(0.0, 0.12))
        writer.send_signal(signal.SIGKILL)
        out, err = writer.communicate(timeout=10)
        assert writer.returncode == -signal.SIGKILL, err
        # Only whole lines count: one cut short by the kill was never acknowledged.
        for line in out.split("\n")[:-1]:
            seq, digest = line.split(" ")
            acknowledged[int(seq)] = digest

        with EventStore.open(path) as store:
            stored = {event.seq: event.hash for event in store.events("CRASH")}
            report = store.verify()
        assert report.ok, report.problem
        assert acknowledged.items() <= stored.items()
        assert sorted(stored) == list(range(1, len(stored) + 1))

    assert len(acknowledged) > ROUNDS


WRITE_ONE = """
import sys
sys.path.insert(0, sys.argv[2])
from store import EventStore
from store_helpers import make_event
with EventStore.open(sys.argv[1]) as store:
    store.append(make_event("inc", int(sys.argv[3])))
"""


def test_a_second_store_in_one_process_keeps_seeing_other_processes(tmp_path: Path) -> None:
    """The player holds two connections (its store thread's and its screens'). Opening the
    second must not drop the first one's locks, or another process, closing, deletes the
    WAL under it and it never sees a write again."""
    path = tmp_path / "two.db"
    first = EventStore.open(path)
    second = EventStore.open(path, create=False)
    tests = str(HERE.parent)
    for i in range(3):
        subprocess.run([sys.executable, "-c", WRITE_ONE, str(path), tests, str(i)], check=True)
        assert first.last_seq("inc") == i + 1
        assert second.last_seq("inc") == i + 1
    second.close()
    subprocess.run([sys.executable, "-c", WRITE_ONE, str(path), tests, "3"], check=True)
    assert first.last_seq("inc") == 4
    first.close()
