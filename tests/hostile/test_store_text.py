"""Text that is not UTF-8 in one record: that record is named, the rest stays readable."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from store_kit import cli, start


@pytest.fixture
def broken(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> tuple[Path, str, str]:
    """Two incidents; record 2 of the first has a payload that is not UTF-8."""
    db = tmp_path / "runbook.db"
    bad = start(capsys, db, "hello", "after")
    good = start(capsys, db, "fine")
    conn = sqlite3.connect(db)
    try:
        conn.execute("DROP TRIGGER events_no_update")
        conn.execute("UPDATE events SET payload = CAST(? AS TEXT)"
                     " WHERE incident_id = ? AND seq = 2", (b'{"text":"h\xc3\xffllo"}', bad))
        conn.commit()
    finally:
        conn.close()
    return db, bad, good


def test_a_record_that_is_not_utf8_is_named_and_the_rest_reads(
        capsys: pytest.CaptureFixture[str], broken: tuple[Path, str, str]) -> None:
    db, bad, good = broken
    named = f"incident {bad} record 2"
    # The listing itself succeeds: the broken incident is listed as unreadable, with why.
    code, out, err = cli(capsys, "list", "--db", str(db))
    assert code == 0 and good in out and "cannot be read" in err
    code, out, err = cli(capsys, "list", "--json", "--db", str(db))
    row = next(r for r in json.loads(out) if r["id"] == bad)
    assert row["state"] == "unreadable" and named in row["problem"]["en"]
    code, out, err = cli(capsys, "verify", good, "--db", str(db))
    assert code == 0 and "intact" in out
    code, _, err = cli(capsys, "timeline", good, "--db", str(db))
    assert code == 0
    for command in (["verify", bad], ["verify"]):
        code, out, err = cli(capsys, *command, "--db", str(db))
        assert code == 1, command
        assert f"Incident {bad}, record 2" in out + err, command
    for command in (["status", bad], ["timeline", bad], ["export", bad]):
        code, _, err = cli(capsys, *command, "--db", str(db))
        assert code == 1, command
        assert named in err and "not valid UTF-8" in err, command
        assert "Check the disk" not in err, command
