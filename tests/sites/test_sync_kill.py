"""kill -9 of a sync process at random moments loses and duplicates nothing.

Site hq's sync runs in a subprocess over a JSON-lines store (tests/sites/jsonl_site.py); site
dc runs in this process and keeps recording throughout. ROUNDS kills (20; set
RUNBOOK_SYNC_KILL_ROUNDS to change it), each at a random moment of start-up, catch-up or
idle; between rounds hq records too. At the end both hold the same events, each once, and the
stream holds each site's chain once.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from jsonl_site import append, heal, read
from natskit import NatsServer, SiteThread, subject_count, wait_until

from sync.memory import MemoryLocal, make
from sync.subjects import subject
from sync.wire import GENESIS

ROUNDS = int(os.environ.get("RUNBOOK_SYNC_KILL_ROUNDS", "20"))
SITE_SCRIPT = Path(__file__).with_name("jsonl_site.py")


def record_own(path: Path, count: int) -> None:
    """hq records `count` events while its sync process is down."""
    heal(path)
    chain = [w for w in read(path) if w.origin == "hq"]
    prev = chain[-1].hash if chain else GENESIS
    for _ in range(count):
        wire = make("INC-1", "hq", len(chain) + 1, prev, {"note": f"hq {len(chain) + 1}"})
        append(path, wire)
        chain.append(wire)
        prev = wire.hash


def start_hq(path: Path, url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(SITE_SCRIPT), str(path), url, "hq"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_kill_9_at_random_moments_loses_and_duplicates_nothing(
        nats_server: NatsServer, tmp_path: Path) -> None:
    rng = random.Random(16)
    path = tmp_path / "hq.jsonl"
    record_own(path, 20)
    dc = MemoryLocal("dc")
    for n in range(20):
        dc.append("INC-1", {"note": f"dc {n}"})
    feeding = threading.Event()

    def feed() -> None:  # dc keeps recording while hq is killed and restarted
        while not feeding.wait(0.01):
            dc.append("INC-1", {"note": "dc, meanwhile"})

    tdc = SiteThread(dc, nats_server.url, "dc").start()
    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    try:
        for _ in range(ROUNDS):
            hq = start_hq(path, nats_server.url)
            time.sleep(rng.uniform(0.05, 0.6))  # the random moment, not a timing check
            hq.send_signal(signal.SIGKILL)
            _, err = hq.communicate()
            assert hq.returncode == -signal.SIGKILL, err.decode()  # killed, not crashed
            record_own(path, rng.randint(0, 5))
        feeding.set()
        feeder.join()
        hq = start_hq(path, nats_server.url)
        try:
            def same() -> bool:
                assert hq.poll() is None, hq.communicate()[1].decode()
                return {w.hash for w in read(path)} == dc.event_set()
            wait_until(same, "hq and dc hold the same events", deadline_s=20)
        finally:
            hq.send_signal(signal.SIGKILL)
            hq.wait()
    finally:
        feeding.set()
        tdc.stop()
    held = read(path)
    keys = [(w.incident, w.origin, w.seq) for w in held]
    assert len(keys) == len(set(keys)), "an event stored twice"
    for origin in ("hq", "dc"):
        chain = sorted(w.seq for w in held if w.origin == origin)
        assert chain == list(range(1, len(chain) + 1))
        assert subject_count(nats_server.url, subject("INC-1", origin)) == len(chain)
    assert dc.refused == []
