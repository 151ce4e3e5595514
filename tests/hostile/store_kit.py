"""Shared pieces of the hostile-input tests of the store: the CLI run in this process or as
a child, incidents made with the real commands, and damage done to the file.

Also runnable as a script: `python store_kit.py wal-writer DB` is the long-lived writer
the deleted-WAL test drives.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve()
TESTS = HERE.parent.parent
if str(TESTS) not in sys.path:  # run as a script
    sys.path.insert(0, str(TESTS))

RUNBOOK = Path(sys.executable).with_name("runbook")


def cli(capsys: object, *args: str) -> tuple[int, str, str]:
    """`runbook ARGS --lang en` in this process: (exit code, stdout, stderr)."""
    import pytest

    from runbook.cli.main import main

    assert isinstance(capsys, pytest.CaptureFixture)
    with pytest.raises(SystemExit) as done:
        main([*args, "--lang", "en"])
    out, err = capsys.readouterr()
    code = done.value.code
    return (code if isinstance(code, int) else 0), out, err


def child(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`runbook ARGS --lang en` as its own process (the timeout only stops a hang)."""
    env = {**os.environ, "RUNBOOK_LANG": "en"}
    return subprocess.run([str(RUNBOOK), *args, "--lang", "en"], capture_output=True,
                          text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL)


def start(capsys: object, db: Path, *notes: str) -> str:
    """Declare an incident in `db` with the CLI, add `notes`; its id."""
    code, out, err = cli(capsys, "start", "--type", "technical-fault", "--level", "II",
                         "--title", "gateway down", "--db", str(db), "--by", "lin",
                         "--group", "office")
    assert code == 0, err
    incident = out.strip()
    for text in notes:
        code, _, err = cli(capsys, "note", incident, text, "--db", str(db), "--by", "lin")
        assert code == 0, err
    return incident


def checkpoint(db: Path) -> None:
    """Move everything from the -wal into the main file, as the last writer closing does."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def page_of(db: Path, name: str) -> tuple[int, int]:
    """(offset, page size) of the root page of table or index `name` in the main file."""
    conn = sqlite3.connect(db)
    try:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                            (name,)).fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    return (root - 1) * size, size


def wal_writer(path: str) -> None:
    """Append 50 notes, wait for a line on stdin, append one, wait for a line, append 49
    more, then wait to be killed.

    Prints `acked SEQ` only after `append` returned, and `refused MESSAGE` for an append
    the store would not acknowledge (tried up to three times)."""
    from store_helpers import make_event

    from store import EventStore, StoreError

    with EventStore.open(path) as store:
        for i in range(100):
            if i in (50, 51):
                print("waiting", flush=True)
                sys.stdin.readline()
            for _ in range(3):
                try:
                    stored = store.append(make_event("WAL", i))
                except StoreError as error:
                    print("refused", str(error).replace("\n", " "), flush=True)
                    continue
                print("acked", stored.seq, flush=True)
                break
        print("done", flush=True)
        sys.stdin.readline()


if __name__ == "__main__":
    if sys.argv[1:2] == ["wal-writer"]:
        wal_writer(sys.argv[2])
