"""Two stores on one file in one process (EventStore allows one per thread; the player's
tests write as "another terminal" beside the player): opening the second must not drop the
locks the first one's SQLite connection holds.

POSIX locks belong to the process: closing any descriptor of the file releases them all.
Without them, another process that closes the database believes it is the last one,
checkpoints and deletes the -wal under the live connection (sqlite.org/howtocorrupt.html,
2.2), the file the README tells everyone never to delete.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from store import EventStore

READ_AND_CLOSE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("SELECT count(*) FROM events").fetchone()
conn.close()
"""


def test_another_process_closing_leaves_the_wal_of_a_process_with_two_stores(
        tmp_path: Path) -> None:
    path = tmp_path / "two.db"
    with EventStore.open(path) as first:
        first.last_seq("A")
        second = EventStore.open(path, create=False)  # the first one's file is checked
        subprocess.run([sys.executable, "-c", READ_AND_CLOSE, str(path)], check=True)
        assert os.path.exists(f"{path}-wal")  # still in use here: not the last to close
        second.close()
        subprocess.run([sys.executable, "-c", READ_AND_CLOSE, str(path)], check=True)
        assert os.path.exists(f"{path}-wal")
