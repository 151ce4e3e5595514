"""The CLI's tables and JSON show hostile stored text visibly, never raw, never as markup.

The incident is made with the runbook commands themselves, with escape sequences, Rich
markup and bidi overrides in every text a responder can type: the title, notes, reasons,
a rationale, report, vendor and handover texts, the handover name, an evaluation and the
`--by` name.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from display_kit import (
    ERASER,
    FIELDS,
    hostile,
    hostile_incident,
    plain_env,
    raw_found,
    run,
    shown,
)
from store_helpers import raw

from runbook.actions import Author, make_event
from runbook.clock import FrozenClock
from runbook.events import Actor
from store import EventStore


@pytest.fixture(autouse=True)
def _plain_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain_env(tmp_path, monkeypatch)


@pytest.fixture
def incident(capsys: pytest.CaptureFixture[str]) -> str:
    return hostile_incident(capsys)


def test_list_shows_a_bracketed_title_and_no_raw_control(
        capsys: pytest.CaptureFixture[str], incident: str) -> None:
    code, out, err = run(capsys, "start", "--type", "technical-fault", "--level", "III",
                         "--title", "API [/v2] down", "--drill")
    assert code == 0, err
    code, out, err = run(capsys, "list")
    assert code == 0, err
    assert raw_found(out) == []
    assert shown("TITLE") in out
    assert "API [/v2] down [drill]" in out  # the drill mark did not vanish as markup either


def test_timeline_shows_every_field_visibly(capsys: pytest.CaptureFixture[str],
                                            incident: str) -> None:
    code, out, err = run(capsys, "timeline", incident)
    assert code == 0, err
    assert raw_found(out) == []
    for tag in FIELDS:
        assert shown(tag) in out, tag


def test_a_note_cannot_erase_the_rows_above_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "start", "--type", "technical-fault", "--level", "II",
                       "--title", "gateway down")
    iid = out.strip()
    for text in ("we will NOT notify the regulator", ERASER,
                 "logs are under [/var/log/payments]"):
        assert run(capsys, "note", iid, text)[0] == 0
    code, out, err = run(capsys, "timeline", iid)
    assert code == 0, err
    assert "\x1b" not in out
    rows = out.splitlines()
    declared = next(i for i, row in enumerate(rows) if "declared" in row)
    refusal = next(i for i, row in enumerate(rows) if "we will NOT notify" in row)
    eraser = next(i for i, row in enumerate(rows) if "(nothing to see here)" in row)
    assert declared < refusal < eraser
    assert "\\x1b[1A\\x1b[2K\\x1b[1A\\x1b[2K  (nothing to see here)" in rows[eraser]
    assert "logs are under [/var/log/payments]" in out


def test_a_multi_line_note_keeps_its_timeline_row_whole(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "start", "--type", "technical-fault", "--level", "II")
    iid = out.strip()
    assert run(capsys, "note", iid, "first\r\nsecond\rthird\tfourth")[0] == 0
    code, out, err = run(capsys, "timeline", iid)
    assert code == 0, err
    assert "first⏎second⏎third fourth" in out
    assert "\r" not in out


@pytest.mark.parametrize("command", ["list", "status", "timeline"])
def test_json_is_faithful_and_carries_no_raw_control(
        capsys: pytest.CaptureFixture[str], incident: str, command: str) -> None:
    args = [command, "--json"] if command == "list" else [command, incident, "--json"]
    code, out, err = run(capsys, *args)
    assert code == 0, err
    assert raw_found(out) == []
    assert "\\u202e" in out and "\\u009b" in out
    data = json.loads(out)  # the same strings as typed
    if command == "list":
        assert data[0]["title"] == hostile("TITLE")
    elif command == "status":
        assert data["incident"]["title"] == hostile("TITLE")
    else:
        assert data[0]["payload"]["title"] == hostile("TITLE")
        assert data[1]["payload"]["text"] == hostile("NOTE")
        assert data[1]["by"]["name"] == hostile("BY")


def forge(db: Path) -> tuple[str, str]:
    """A record written past the rules (a damaged or forged file): an incident whose id,
    step and option hold hostile text, and one of a type no playbook has."""
    clock = FrozenClock(datetime(2026, 11, 26, 3, 0, tzinfo=timezone(timedelta(hours=8))))
    author = Author(Actor(hostile("WHO"), "office"), clock)
    forged, stray = hostile("ID"), hostile("OTHER")
    with EventStore.open(db, create=True) as store:
        store.append(make_event(author, forged, "incident_declared",
                                {"type": "technical-fault", "level": "II", "title": "t",
                                 "drill": False}))
        store.append(make_event(author, forged, "decision_taken", {
            "step": "report.regulator-decision", "option": hostile("OPTION"),
            "rationale": "r"}))
        store.append(make_event(author, forged, "step_done", {"step": hostile("STEP")}))
        store.append(make_event(author, stray, "incident_declared",
                                {"type": hostile("TYPE"), "level": "II", "title": "t",
                                 "drill": False}))
    return forged, stray


def test_a_forged_record_is_shown_visibly(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    forged, stray = forge(tmp_path / "runbook.db")
    for args, tags in ((["list"], ("ID", "OTHER", "TYPE")),
                       (["status", forged], ("ID",)),
                       (["timeline", forged], ("WHO", "OPTION", "STEP")),
                       (["review", "--json"], ())):
        code, out, err = run(capsys, *args)
        assert code == 0, err
        assert raw_found(out) == [], args
        for tag in tags:
            assert shown(tag, whole=False) in out, (args, tag)
    code, out, _ = run(capsys, "verify", forged, "--count", "99")  # names the incident
    assert code == 1 and raw_found(out) == [] and "ID \\x1b[2J" in out
    with raw(tmp_path / "runbook.db", drop_triggers=True) as conn:
        conn.execute("UPDATE events SET payload = replace(payload, '\"r\"', '\"R\"')"
                     " WHERE incident_id = ? AND seq = 2", (forged,))
    code, out, err = run(capsys, "export", forged)  # warns, naming the incident
    assert code == 0 and "hash chain is broken" in err
    assert raw_found(err) == [] and raw_found(out) == [] and "ID \\x1b[2J" in err
    code, out, _ = run(capsys, "review", "--json")
    assert json.loads(out)["unplayable"] == [stray]
