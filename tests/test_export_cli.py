"""`runbook export` and `runbook review` on a real database, through the real entry point.

The incidents are made with the runbook commands themselves on the shipped playbooks, so
these tests read what a responder's terminal would have written.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from store_helpers import raw

import runbook.cli.export_cmds  # noqa: F401  (registers export and review)
from runbook.cli.main import main

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "summary.schema.json"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0), out, err


@pytest.fixture(autouse=True)
def _plain_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RUNBOOK_SETTINGS", "RUNBOOK_DEBUG", "RUNBOOK_TRACE_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RUNBOOK_LANG", "en")
    monkeypatch.setenv("RUNBOOK_DB", str(tmp_path / "runbook.db"))
    monkeypatch.setenv("RUNBOOK_USER", "lin")
    monkeypatch.setenv("RUNBOOK_GROUP", "office")


def ago(minutes: int) -> str:
    return (datetime.now().astimezone() - timedelta(minutes=minutes)).isoformat(
        timespec="seconds")


def incident(capsys: pytest.CaptureFixture[str], *, drill: bool = False) -> str:
    code, out, err = run(["start", "--type", "technical-fault", "--level", "II",
                          "--title", "vendor API down", "--reported-at", ago(20),
                          *(["--drill"] if drill else [])], capsys)
    assert code == 0, err
    incident_id = out.strip()
    for args in (["step", incident_id, "report.verify", "done"],
                 ["report", incident_id, "verified, level II", "--to", "head"],
                 ["note", incident_id, "asked the vendor for an ETA", "--for", "tech"],
                 ["stand-down", incident_id, "--reason", "service restored"]):
        code, _, err = run(args, capsys)
        assert code == 0, err
    return incident_id


def test_export_prints_markdown_with_the_chain_check(
        capsys: pytest.CaptureFixture[str]) -> None:
    incident_id = incident(capsys)
    code, out, err = run(["export", incident_id], capsys)
    assert (code, err) == (0, "")
    assert out.startswith(f"# Post-incident summary: {incident_id}\n")
    assert "**Chain check at export**: 5 records; the hash chain is intact." in out
    code, verify_out, _ = run(["verify", incident_id, "--head", out.split("--head ")[1][:64],
                               "--count", "5"], capsys)
    assert code == 0, verify_out


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_export_writes_a_private_file_and_prints_its_path(
        fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    incident_id = incident(capsys)
    target = tmp_path / f"summary.{fmt}"
    code, out, _ = run(["export", incident_id, "--format", fmt, "-o", str(target),
                        "--lang", "zh"], capsys)
    assert (code, out) == (0, f"{target}\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text(encoding="utf-8")
    assert incident_id in text
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".summary")] == []
    if fmt == "json":
        jsonschema = pytest.importorskip("jsonschema")
        validator = jsonschema.Draft202012Validator
        schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
        validator(schema, format_checker=validator.FORMAT_CHECKER).validate(json.loads(text))
    if fmt == "html":
        assert text.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in text


def test_export_of_an_unknown_incident_says_how_to_find_one(
        capsys: pytest.CaptureFixture[str]) -> None:
    incident(capsys)
    code, out, err = run(["export", "20990101-none"], capsys)
    assert (code, out) == (1, "")
    assert "There is no incident 20990101-none in the database" in err and "runbook list" in err


def test_export_into_a_missing_folder_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    incident_id = incident(capsys)
    code, _, err = run(["export", incident_id, "-o", str(tmp_path / "no" / "x.md")], capsys)
    assert code == 2 and "There is no folder" in err


def test_export_of_a_tampered_record_warns_and_says_where(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    incident_id = incident(capsys)
    with raw(tmp_path / "runbook.db", drop_triggers=True) as conn:
        conn.execute("UPDATE events SET payload = replace(payload, 'ETA', 'eta')"
                     " WHERE incident_id = ? AND seq = 4", (incident_id,))
    code, out, err = run(["export", incident_id, "--format", "json"], capsys)
    assert code == 0
    assert "hash chain is broken" in err and "record 4" in err
    check = json.loads(out)["identification"]["chain_check"]
    assert check["ok"] is False and "record 4" in check["message"]["en"]


def test_the_players_export_of_a_tampered_record_says_the_same(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The player's `x` and `runbook export` run one export: the same verdict, placed."""
    from runbook.loader import load_library
    from store import EventStore
    from tui.exporting import export_summary, warning_for

    incident_id = incident(capsys)
    with raw(tmp_path / "runbook.db", drop_triggers=True) as conn:
        conn.execute("UPDATE events SET payload = replace(payload, 'ETA', 'eta')"
                     " WHERE incident_id = ? AND seq = 4", (incident_id,))
    code, out, _ = run(["export", incident_id, "--format", "json"], capsys)
    assert code == 0
    by_command = json.loads(out)["identification"]["chain_check"]
    with EventStore.open(tmp_path / "runbook.db", read_only=True) as store:
        events = store.events(incident_id)
    path, chain = export_summary(events, load_library(), datetime.now().astimezone(), "json",
                                 "en", folder=tmp_path)
    by_player = json.loads(path.read_text(encoding="utf-8"))["identification"]["chain_check"]
    assert by_player == by_command and "record 4" in by_player["message"]["en"]
    warning = warning_for(chain)
    assert warning is not None and "record 4" in warning.en
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_review_counts_real_incidents_and_drills_apart(
        capsys: pytest.CaptureFixture[str]) -> None:
    incident(capsys)
    incident(capsys, drill=True)
    code, out, err = run(["review", "--json"], capsys)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["incidents"] == {"real": 1, "drills": 1}
    verify = next(s for s in doc["steps"] if s["id"] == "report.verify")
    assert verify["real"]["applied"] == 1 and verify["drills"]["applied"] == 1
    year = datetime.now().astimezone().year
    this_year = next(y for y in doc["drills_per_year"]["years"] if y["year"] == year)
    target = doc["drills_per_year"]["target"]
    assert this_year == {"year": year, "held": 1, "types": ["technical-fault"],
                         "met": target <= 1, "to_date": True, "full_scale": 0,
                         "full_scale_met": False, "not_held": 0}
    assert doc["drills_per_year"]["clause"] == "6.3"


def test_review_since_leaves_earlier_incidents_out(capsys: pytest.CaptureFixture[str]) -> None:
    incident(capsys)
    tomorrow = (datetime.now().astimezone() + timedelta(days=1)).date().isoformat()
    code, out, _ = run(["review", "--json", "--since", tomorrow], capsys)
    assert code == 0 and json.loads(out)["incidents"] == {"real": 0, "drills": 0}
    code, _, err = run(["review", "--since", "last week"], capsys)
    assert code == 2 and "not a date" in err


def test_review_prints_tables_in_either_language(capsys: pytest.CaptureFixture[str]) -> None:
    incident(capsys, drill=True)
    code, out, _ = run(["review"], capsys)
    assert code == 0 and "Drills held per year" in out and "report.verify" in out
    code, out, _ = run(["review", "--lang", "zh"], capsys)
    assert code == 0 and "每年演练次数" in out


def test_review_of_an_empty_database_is_empty(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["review", "--json"], capsys)
    assert code == 0 and json.loads(out)["incidents"] == {"real": 0, "drills": 0}


@pytest.mark.parametrize("command", ["export", "review"])
def test_the_commands_have_help_in_both_languages(
        command: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([command, "--help"], capsys)
    assert code == 0 and "Usage:" in out
    assert any("\u4e00" <= ch <= "\u9fff" for ch in out)


def test_export_file_is_not_left_half_written(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    incident_id = incident(capsys)
    target = tmp_path / "summary.md"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o644)
    code, _, _ = run(["export", incident_id, "-o", str(target)], capsys)
    assert code == 0 and target.read_text(encoding="utf-8").startswith("# Post-incident")
