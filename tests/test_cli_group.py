"""The `runbook` group: the workspace options (--db, --lang, --settings, --by, --group) work
before the command or after it (after it, they win); `runbook --version`; the store a
command opens is closed however the command ends."""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import pytest

from runbook.cli.main import main
from store.connection import _IN_USE, _key


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
    code, out, err = run(capsys, "start", "--type", "technical-fault", "--level", "II",
                         "--db", db, "--by", "lin", "--group", "office")
    assert code == 0, err
    return out.strip()


@pytest.mark.parametrize("args", [
    ["--db", "{db}", "list", "--json"],
    ["list", "--json", "--db", "{db}"],
    ["--lang", "zh", "list", "--json", "--db", "{db}"],
    ["--db", "{db}", "--lang", "en", "list", "--json"],
])
def test_the_workspace_options_work_before_or_after_the_command(
        capsys: pytest.CaptureFixture[str], db: str, incident: str, args: list[str]) -> None:
    code, out, err = run(capsys, *(a.replace("{db}", db) for a in args))
    assert code == 0, err
    assert [row["id"] for row in json.loads(out)] == [incident]


def test_given_after_the_command_an_option_wins(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path, db: str,
                                                incident: str) -> None:
    other = str(tmp_path / "other.db")
    code, out, err = run(capsys, "--db", other, "list", "--json", "--db", db)
    assert code == 0, err
    assert [row["id"] for row in json.loads(out)] == [incident]
    code, _, err = run(capsys, "--by", "ann", "--group", "tech", "note", incident, "on it",
                       "--by", "bo", "--db", db)
    assert code == 0, err
    code, out, _ = run(capsys, "timeline", incident, "--json", "--db", db)
    by = json.loads(out)[-1]["by"]
    assert (by["name"], by["group"]) == ("bo", "tech")


@pytest.mark.parametrize(("args", "expected"), [
    (["--lang", "zh", "status", "nope"], "没有事件"),
    (["status", "nope", "--lang", "zh"], "没有事件"),
    (["--lang", "zh", "status", "nope", "--lang", "en"], "There is no incident"),
])
def test_errors_speak_the_language_chosen_before_or_after_the_command(
        capsys: pytest.CaptureFixture[str], db: str, incident: str, args: list[str],
        expected: str) -> None:
    code, _, err = run(capsys, "--db", db, *args)
    assert code == 1 and expected in err, err


def test_version_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--version")
    assert (code, out) == (0, f"runbook {version('runbook')}\n"), err


def test_help_lists_the_commands_and_the_options_that_apply_to_them_all(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for word in ("open", "list", "export", "--db", "--lang", "--settings", "--by", "--group",
                 "--version"):
        assert word in out


def test_the_store_is_closed_however_the_command_ends(capsys: pytest.CaptureFixture[str],
                                                      db: str, incident: str) -> None:
    assert run(capsys, "status", "nope", "--db", db)[0] == 1  # fails with the store open
    assert run(capsys, "status", incident, "--db", db)[0] == 0
    assert run(capsys, "note", incident, "x", "--db", db, "--by", "lin")[0] == 0
    assert _key(Path(db)) not in _IN_USE


def test_a_bad_group_in_the_environment_is_a_usage_error(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: str,
        incident: str) -> None:
    monkeypatch.setenv("RUNBOOK_GROUP", "sales")
    code, _, err = run(capsys, "note", incident, "x", "--db", db, "--lang", "en")
    assert code == 2 and "RUNBOOK_GROUP='sales' is not a group" in err, err
    assert run(capsys, "note", incident, "x", "--db", db, "--group", "tech")[0] == 0
