"""An investigator's write-protected copy is read and verified as it is; only a write is refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from store_helpers import make_event, read_only
from store_kit import cli, start

from store import EventStore

READS = {  # each command, and what it shows of the record
    "list": "{id}",
    "status {id} --json": "{id}",
    "timeline {id} --json": "second note",
    "verify": "3 record(s)",
    "verify {id} --count 3": "every hash chain is intact",
    "export {id}": "second note",
}


def reads_work(capsys: pytest.CaptureFixture[str], db: Path, incident: str) -> None:
    for command, shows in READS.items():
        args = command.format(id=incident).split()
        code, out, err = cli(capsys, *args, "--db", str(db))
        assert code == 0, (command, err)
        assert "read-only" not in err, command
        assert shows.format(id=incident) in out, command


def write_is_refused(capsys: pytest.CaptureFixture[str], db: Path, incident: str) -> None:
    code, _, err = cli(capsys, "note", incident, "late", "--db", str(db))
    assert code == 1 and "read-only" in err


@pytest.fixture
def evidence(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "evidence"
    folder.mkdir()
    db = folder / "runbook.db"
    return db, start(capsys, db, "first note", "second note")


def test_a_read_only_folder_is_read_and_verified(capsys: pytest.CaptureFixture[str],
                                                 evidence: tuple[Path, str]) -> None:
    db, incident = evidence
    before = db.read_bytes()
    with read_only(db.parent):
        reads_work(capsys, db, incident)
        write_is_refused(capsys, db, incident)
    assert db.read_bytes() == before
    assert sorted(path.name for path in db.parent.iterdir()) == ["runbook.db"]


def test_a_read_only_file_is_read_and_verified(capsys: pytest.CaptureFixture[str],
                                               evidence: tuple[Path, str]) -> None:
    db, incident = evidence
    before = db.read_bytes()
    with read_only(db):
        reads_work(capsys, db, incident)
        write_is_refused(capsys, db, incident)
    assert db.read_bytes() == before


def copy_while_open(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                    keep: tuple[str, ...]) -> tuple[Path, str]:
    """A copy taken while a writer had events in its -wal (a live system's files)."""
    db = tmp_path / "live" / "runbook.db"
    db.parent.mkdir()
    incident = start(capsys, db)
    copy = tmp_path / "copy" / "runbook.db"
    copy.parent.mkdir()
    with EventStore.open(db) as store:
        for i in range(3):
            store.append(make_event(incident, i, text=f"in the wal {i}"))
        assert Path(f"{db}-wal").stat().st_size > 0
        for suffix in keep:
            shutil.copy(f"{db}{suffix}", f"{copy}{suffix}")
    return copy, incident


def test_a_read_only_copy_with_its_wal_reads_every_event(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    copy, incident = copy_while_open(capsys, tmp_path, ("", "-wal", "-shm"))
    with read_only(copy.parent):
        code, out, err = cli(capsys, "verify", incident, "--count", "4", "--db", str(copy))
        assert code == 0, err
        assert "4 record(s)" in out
        code, out, _ = cli(capsys, "timeline", incident, "--json", "--db", str(copy))
        assert code == 0 and "in the wal 2" in out


def test_a_read_only_copy_missing_its_shm_is_not_read_in_part(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    copy, incident = copy_while_open(capsys, tmp_path, ("", "-wal"))
    with read_only(copy.parent):
        for command in (["verify", incident], ["timeline", incident], ["list"]):
            code, out, err = cli(capsys, *command, "--db", str(copy))
            assert code == 1, command
            assert "-wal" in err and "-shm" in err and "writable" in err, command
            assert "intact" not in out, command
