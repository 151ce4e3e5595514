"""A clean-up that deletes `runbook.db-wal` under a long-lived writer loses nothing acknowledged."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from store_kit import HERE

from store import EventStore


@pytest.mark.parametrize("folder", ["busy", "settled"])
def test_acknowledged_events_survive_a_deleted_wal_and_a_kill(tmp_path: Path,
                                                               folder: str) -> None:
    """A writer acknowledges 50 events, a clean-up deletes the -wal, it acknowledges 50
    more and is killed. (The store looks at a folder that has not changed for a while
    more cheaply: "settled" backdates the folder's time to take that path.)"""
    db = tmp_path / "runbook.db"
    writer = subprocess.Popen([sys.executable, str(HERE), "wal-writer", str(db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert writer.stdin is not None and writer.stdout is not None
    lines: list[str] = []
    waits = 0
    try:
        for line in writer.stdout:
            lines.append(line.strip())
            if line.startswith("waiting"):
                waits += 1
                if waits == 1 and folder == "settled":
                    past = time.time() - 60
                    os.utime(tmp_path, (past, past))
                if waits == 2:
                    Path(f"{db}-wal").unlink()  # the clean-up
                writer.stdin.write("\n")
                writer.stdin.flush()
            if line.startswith("done"):
                break
    finally:
        writer.kill()
        writer.wait()
    acknowledged = [int(line.split()[1]) for line in lines if line.startswith("acked")]
    assert len(acknowledged) == 100, lines
    with EventStore.open(db, create=False) as store:
        assert [event.seq for event in store.events("WAL")] == list(range(1, 101))
        report = store.verify("WAL")
        assert report.ok and report.events == 100
