"""What a responder types under stress is understood, or refused saying why (issue 12 item 16):
an id's first characters, levels in any case, the valid values in --help, one message for an
incident that is not there, --at-reason only with --at, a missing database said as such, a
--head hash of the wrong length or form named as such."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_kit import declare, library, run

from runbook.vocabulary import EVALUATION_SECTIONS, RECIPIENT_IDS


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


# --- levels in any case ------------------------------------------------------------------------


def test_levels_are_taken_in_any_case(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, err = run(capsys, "start", "--type", "technical-fault", "--level", "ii",
                         "--db", str(db), "--by", "lin", "--group", "office")
    assert code == 0, err
    incident_id = out.strip()
    code, _, err = run(capsys, "level", incident_id, "i", "--reason", "full outage",
                       "--db", str(db), "--by", "wang", "--group", "command")
    assert code == 0, err
    code, out, _ = run(capsys, "list", "--json", "--db", str(db))
    assert json.loads(out)[0]["level"] == "I"
    levels = [e["payload"]["level"] for e in events_of(capsys, db, incident_id)]
    assert levels == ["II", "I"]  # stored as the plan writes them


# --- the valid values in --help; an unknown one suggests the closest ----------------------------


def test_help_lists_the_valid_values(capsys: pytest.CaptureFixture[str]) -> None:
    for command, option, values in (
            ("start", "--type", list(library().playbooks)),
            ("evaluate", "--section", list(EVALUATION_SECTIONS)),
            ("report", "--to", list(RECIPIENT_IDS))):
        code, out, _ = run(capsys, command, "--help")
        assert code == 0
        flat = " ".join(out.split())
        missing = [v for v in values if v not in flat]
        assert not missing, (command, option, missing)


@pytest.mark.parametrize("args, closest", [
    (("evaluate", "ID", "x", "--section", "caus"), "'cause'"),
    (("start", "--type", "technical-falt", "--level", "II"), "'technical-fault'"),
    (("correct", "ID", "type", "data-leek", "--reason", "r"), "'data-leak'"),
    (("report", "ID", "x", "--to", "regulater"), "'regulator'"),
])
@pytest.mark.parametrize("lang, words", [("en", "Did you mean"), ("zh", "是否想写")])
def test_an_unknown_value_suggests_the_closest(capsys: pytest.CaptureFixture[str], db: Path,
                                               args: tuple[str, ...], closest: str, lang: str,
                                               words: str) -> None:
    declare(db, "20261201-ea83")
    code, _, err = run(capsys, *(a.replace("ID", "20261201-ea83") for a in args),
                       "--db", str(db), "--lang", lang)
    assert code == 2, err
    assert words in err and closest in err, err
    assert len(events_of(capsys, db, "20261201-ea83")) == 1
