"""The file named by --db: a damaged schema, a named pipe, a typo, a truncated copy, loose
permissions. Each gets a clear answer from every command, and nothing is written to it."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_kit import checkpoint, child, cli, start

READS = ("list", "status {id}", "timeline {id}", "verify", "verify {id}", "export {id}",
         "review")
WRITES = ("note {id} hello", "level {id} III --reason worse", "close {id}",
          "step {id} report.verify start")
START = ("start --type technical-fault --level II",)


def commands(*groups: tuple[str, ...], incident: str = "20260101-dead") -> Iterator[list[str]]:
    for group in groups:
        for command in group:
            yield command.format(id=incident).split()


@pytest.fixture(autouse=True)
def _user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNBOOK_USER", "lin")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "runbook.db"


@pytest.fixture
def closed(capsys: pytest.CaptureFixture[str], db: Path) -> tuple[Path, str]:
    """An incident with some notes, its database closed (no -wal left)."""
    incident = start(capsys, db, *(f"note {i}" for i in range(40)))
    checkpoint(db)
    assert not Path(f"{db}-wal").exists()
    return db, incident


def test_a_damaged_schema_text_is_called_damaged_by_every_command(
        capsys: pytest.CaptureFixture[str], closed: tuple[Path, str]) -> None:
    db, incident = closed
    data = bytearray(db.read_bytes())
    at = data.index(b"CREATE TRIGGER events_no_update")
    data[at + 9] = 0xFF  # inside the trigger's SQL text
    db.write_bytes(bytes(data))
    for command in commands(READS, WRITES, START, incident=incident):
        code, _, err = cli(capsys, *command, "--db", str(db))
        assert code == 1, (command, err)
        assert "damaged" in err, command
    assert db.read_bytes() == bytes(data)


def test_a_named_pipe_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "runbook.db"
    os.mkfifo(fifo)
    for command in commands(("list", "verify", "note {id} hello"), START):
        done = child(*command, "--db", str(fifo))
        assert done.returncode == 1, (command, done.stderr)
        assert "not a regular file" in done.stderr, command
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_only_start_creates_a_database(capsys: pytest.CaptureFixture[str], db: Path,
                                       tmp_path: Path) -> None:
    incident = start(capsys, db)
    typo = tmp_path / "runbok.db"
    for command in commands(WRITES, READS, incident=incident):
        code, _, err = cli(capsys, *command, "--db", str(typo))
        # Listing a database that is not there lists no incidents, and says why.
        assert code == (0 if command[0] in ("list", "review") else 1), (command, err)
        assert "There is no runbook database" in err, command
    assert sorted(path.name for path in tmp_path.iterdir()) == ["runbook.db"]


def test_a_dangling_link_is_missing_not_read_only(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    link = tmp_path / "runbook.db"
    link.symlink_to(tmp_path / "gone" / "runbook.db")
    for command in commands(WRITES, READS):
        code, _, err = cli(capsys, *command, "--db", str(link))
        assert code == (0 if command[0] in ("list", "review") else 1), (command, err)
        assert "There is no runbook database" in err and "read-only" not in err, command
        assert "gone" in err, command
    assert not (tmp_path / "gone").exists()
    code, _, err = cli(capsys, *START[0].split(), "--db", str(link))
    assert code == 0, err
    assert (tmp_path / "gone" / "runbook.db").is_file()


@pytest.mark.parametrize("cut_off", [1000, 4096, 0.5])
def test_a_truncated_database_is_not_written_by_any_command(
        capsys: pytest.CaptureFixture[str], closed: tuple[Path, str], cut_off: float) -> None:
    db, incident = closed
    whole = db.read_bytes()
    cut = whole[: len(whole) - int(cut_off if cut_off >= 1 else len(whole) * cut_off)]
    db.write_bytes(cut)
    for command in commands(START, WRITES, READS, incident=incident):
        code, _, err = cli(capsys, *command, "--db", str(db))
        assert code == 1, (command, err)
        assert "damaged" in err, command
        assert db.read_bytes() == cut, command


@pytest.fixture
def no_umask() -> Iterator[None]:
    saved = os.umask(0)
    try:
        yield
    finally:
        os.umask(saved)


def test_folders_made_for_the_database_are_private(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path, no_umask: None) -> None:
    db = tmp_path / "a" / "b" / "c" / "runbook.db"
    code, _, err = cli(capsys, *START[0].split(), "--db", str(db))
    assert code == 0, err
    for folder in (tmp_path / "a", tmp_path / "a" / "b", db.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_a_database_readable_by_others_is_warned_about(capsys: pytest.CaptureFixture[str],
                                                       db: Path) -> None:
    incident = start(capsys, db)
    db.chmod(0o644)
    code, _, err = cli(capsys, "note", incident, "hello", "--db", str(db))
    assert code == 0
    assert "other users" in err and "chmod 600" in err
    db.chmod(0o600)
    code, _, err = cli(capsys, "note", incident, "again", "--db", str(db))
    assert code == 0 and "other users" not in err
