"""`verify` and `export` certify only what is there: no incident, a short hash, a damaged index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_kit import checkpoint, cli, page_of, start


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "runbook.db"


def test_verify_of_an_incident_that_does_not_exist_is_an_error(
        capsys: pytest.CaptureFixture[str], db: Path) -> None:
    start(capsys, db, "one note")
    code, out, err = cli(capsys, "verify", "no-such-id", "--db", str(db))
    assert code == 1
    assert "no-such-id" in err and "runbook list" in err
    assert "intact" not in out + err


def test_verify_count_must_be_positive(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    incident = start(capsys, db)
    for count in ("0", "-3"):
        code, out, err = cli(capsys, "verify", incident, "--count", count, "--db", str(db))
        assert code == 2, (out, err)
        assert "--count" in err and "intact" not in out


def test_a_short_head_hash_is_refused_not_called_tampering(
        capsys: pytest.CaptureFixture[str], db: Path) -> None:
    incident = start(capsys, db, "one note")
    code, out, _ = cli(capsys, "timeline", incident, "--json", "--db", str(db))
    head = json.loads(out)[-1]["hash"]
    assert len(head) == 64
    code, out, err = cli(capsys, "verify", incident, "--head", head[:12], "--db", str(db))
    assert code == 2
    assert "has 12 characters" in err and "64" in err
    assert "removed" not in out + err and "rewritten" not in out + err
    code, out, _ = cli(capsys, "verify", incident, "--head", head.upper(), "--count", "2",
                       "--db", str(db))
    assert code == 0 and "intact" in out


def test_a_damaged_index_is_not_certified(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    incident = start(capsys, db, *(f"note {i}" for i in range(60)))
    checkpoint(db)
    offset, _ = page_of(db, "events_incident_seq")
    with db.open("r+b") as file:  # the index's only page now claims 4 entries
        file.seek(offset + 3)
        file.write((4).to_bytes(2, "big"))
    for command in (["verify", incident], ["verify"], ["export", incident]):
        code, out, err = cli(capsys, *command, "--db", str(db))
        assert code == 1, command
        assert "damaged" in err, command
        assert "intact" not in out + err and "--count 4" not in out + err, command
