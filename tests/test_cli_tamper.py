"""Tampering with the database in the sqlite3 shell is caught by `runbook verify`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

RUNBOOK = Path(sys.executable).with_name("runbook")
SQLITE3 = shutil.which("sqlite3")
pytestmark = pytest.mark.skipif(SQLITE3 is None, reason="the sqlite3 shell is not installed")

EDITS = {
    "kind": "kind = 'step_done'",
    "actor_name": "actor_name = actor_name || 'x'",
    "actor_group": "actor_group = 'risk'",
    "occurred_at": "occurred_at = replace(occurred_at, '.', ',')",
    "occurred_offset": "occurred_offset = occurred_offset + 60",
    "recorded_at": "recorded_at = '1999' || substr(recorded_at, 5)",
    "payload": "payload = replace(payload, 'action', 'Action')",
    "prev_hash": "prev_hash = substr(prev_hash, 2) || '0'",
    "hash": "hash = substr(hash, 2) || '0'",
}


def runbook(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(RUNBOOK), *args, "--lang", "en"], capture_output=True,
                          text=True, timeout=60)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("tamper") / "r.db"
    incident = runbook("start", "--type", "technical-fault", "--level", "II",
                       "--db", str(db)).stdout.strip()
    for i in range(4):
        runbook("note", incident, f"action {i}", "--db", str(db))
    assert runbook("verify", incident, "--db", str(db)).returncode == 0
    return db, incident


def shell(db: Path, sql: str) -> None:
    assert SQLITE3 is not None
    done = subprocess.run([SQLITE3, str(db)], input=sql, capture_output=True, text=True,
                          timeout=30)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("column", sorted(EDITS))
def test_editing_any_column_of_an_event_is_named(recorded: tuple[Path, str], column: str,
                                                 tmp_path: Path) -> None:
    original, incident = recorded
    db = tmp_path / "copy.db"
    shutil.copy(original, db)
    shell(db, "DROP TRIGGER IF EXISTS events_no_update;\n"
              f"UPDATE events SET {EDITS[column]} WHERE incident_id = '{incident}' AND seq = 3;\n")
    checked = runbook("verify", incident, "--db", str(db))
    assert checked.returncode == 1
    assert "record 3" in checked.stdout or (column == "hash" and "record 4" in checked.stdout)


def test_deleting_an_event_is_named(recorded: tuple[Path, str], tmp_path: Path) -> None:
    original, incident = recorded
    db = tmp_path / "copy.db"
    shutil.copy(original, db)
    shell(db, "DROP TRIGGER IF EXISTS events_no_delete;\n"
              f"DELETE FROM events WHERE incident_id = '{incident}' AND seq = 2;\n")
    checked = runbook("verify", incident, "--db", str(db))
    assert checked.returncode == 1 and "record 2 is missing" in checked.stdout


def test_the_shell_cannot_edit_while_the_triggers_stand(recorded: tuple[Path, str],
                                                        tmp_path: Path) -> None:
    original, _ = recorded
    db = tmp_path / "copy.db"
    shutil.copy(original, db)
    assert SQLITE3 is not None
    done = subprocess.run([SQLITE3, str(db)], input="UPDATE events SET kind = 'x';\n",
                          capture_output=True, text=True, timeout=30)
    assert "append-only" in done.stderr or done.returncode != 0
