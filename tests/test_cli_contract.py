"""The CLI contract: exit codes, messages in both languages, help for every command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runbook.cli.main import COMMANDS, main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    out, err = capsys.readouterr()
    code = done.value.code
    return (code if isinstance(code, int) else 0), out, err


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "r.db")


@pytest.fixture
def incident(capsys: pytest.CaptureFixture[str], db: str) -> str:
    code, out, _ = run(capsys, "start", "--type", "technical-fault", "--level", "II",
                       "--title", "gateway down", "--db", db, "--by", "lin", "--group", "office")
    assert code == 0
    return out.strip()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_in_both_languages(capsys: pytest.CaptureFixture[str],
                                                  name: str) -> None:
    code, out, _ = run(capsys, name, "--help")
    assert code == 0
    assert any("\u4e00" <= ch <= "\u9fff" for ch in out), out
    assert any("a" <= ch <= "z" for ch in out)


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], db: str) -> None:
    assert run(capsys, "start", "--type", "technical-fault", "--level", "V", "--db", db)[0] == 2
    assert run(capsys, "level", "x", "I", "--db", db)[0] == 2  # no --reason
    assert run(capsys, "frobnicate")[0] == 2


def test_a_bad_time_is_a_usage_error(capsys: pytest.CaptureFixture[str], db: str,
                                     incident: str) -> None:
    code, _, err = run(capsys, "note", incident, "x", "--at", "yesterday", "--db", db)
    assert code == 2 and "ISO 8601" in err


def test_refusals_exit_1_and_say_why_in_the_chosen_language(
        capsys: pytest.CaptureFixture[str], db: str, incident: str) -> None:
    code, _, err = run(capsys, "step", incident, "resp.l1.tech-repair", "done", "--db", db,
                       "--lang", "zh")
    assert code == 1 and "不适用于二级" in err and "Traceback" not in err
    code, _, err = run(capsys, "step", incident, "report.verfy", "done", "--db", db)
    assert code == 1 and "report.verify" in err


def test_an_unknown_incident_is_named(capsys: pytest.CaptureFixture[str], db: str,
                                      incident: str) -> None:
    code, _, err = run(capsys, "status", "nope", "--db", db, "--lang", "en")
    assert code == 1 and "no incident nope in the database" in err


def test_listing_a_missing_database_creates_nothing(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    path = tmp_path / "none.db"
    code, out, _ = run(capsys, "list", "--json", "--db", str(path))
    assert code == 0 and json.loads(out) == [] and not path.exists()


def test_a_file_that_is_not_a_database_is_refused_untouched(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 10)
    before = path.read_bytes()
    code, _, err = run(capsys, "start", "--type", "technical-fault", "--level", "II",
                       "--db", str(path), "--lang", "en")
    assert code == 1 and str(path.name) in err and "Traceback" not in err
    assert path.read_bytes() == before


def test_status_json_lists_the_steps_that_apply(capsys: pytest.CaptureFixture[str], db: str,
                                                incident: str) -> None:
    code, out, _ = run(capsys, "status", incident, "--json", "--db", db)
    view = json.loads(out)
    assert code == 0 and view["incident"]["level"] == "II"
    assert all(s["applies"] for s in view["steps"])
    assert "resp.l2.tech-locate" in {s["id"] for s in view["steps"]}
    assert "resp.l1.tech-repair" not in {s["id"] for s in view["steps"]}


def test_a_backdated_action_is_marked(capsys: pytest.CaptureFixture[str], db: str,
                                      incident: str) -> None:
    code, out, _ = run(capsys, "list", "--json", "--db", db)
    opened = json.loads(out)[0]["opened"]
    code, _, err = run(capsys, "note", incident, "call from vendor", "--at", opened,
                       "--at-reason", "written up after the call", "--db", db)
    assert code == 0, err
    code, out, _ = run(capsys, "timeline", incident, "--json", "--db", db)
    note = json.loads(out)[-1]
    assert note["payload"]["backdate_reason"] == "written up after the call"
    assert note["occurred_at"] == opened


def test_the_lazy_command_table_names_every_command() -> None:
    import importlib

    from runbook.cli.main import cli

    for module in set(COMMANDS.values()):
        importlib.import_module(f"runbook.cli.{module}")
    assert set(cli.commands) == set(COMMANDS)
