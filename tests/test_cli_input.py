"""What a responder types under stress is understood, or refused saying why (issue 12 item 16):
an id's first characters, levels in any case, the valid values in --help, one message for an
incident that is not there, --at-reason only with --at, a missing database said as such, a
--head hash of the wrong length or form named as such."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_kit import declare, run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "r.db"


def events_of(capsys: pytest.CaptureFixture[str], db: Path, incident_id: str) -> list[dict]:
    code, out, err = run(capsys, "timeline", incident_id, "--json", "--db", str(db))
    assert code == 0, err
    rows: list[dict] = json.loads(out)
    return rows


# --- --at-reason without --at ------------------------------------------------------------------


def test_an_at_reason_without_at_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                                  db: Path) -> None:
    declare(db, "20261201-ea83")
    code, _, err = run(capsys, "note", "20261201-ea83", "vendor called", "--at-reason",
                       "written up later", "--db", str(db), "--lang", "en")
    assert code == 2 and "--at-reason" in err and "--at " in err, err
    code, _, err = run(capsys, "note", "20261201-ea83", "vendor called", "--at-reason",
                       "written up later", "--db", str(db), "--lang", "zh")
    assert code == 2 and "--at-reason" in err and "补记" in err, err
    assert len(events_of(capsys, db, "20261201-ea83")) == 1  # nothing recorded
