"""Bytes that are not UTF-8 on the command line are a usage error naming the argument.

Python hands such bytes over as lone surrogates; they used to reach SQLite or the
terminal and end in "internal error" (exit 70).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_kit import run

BAD = b"caf\xe9 \xff".decode("utf-8", "surrogateescape")  # Latin-1 typed into a UTF-8 CLI
RUNBOOK = Path(sys.executable).with_name("runbook")


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "r.db")


@pytest.fixture
def incident(capsys: pytest.CaptureFixture[str], db: str) -> str:
    code, out, err = run(capsys, "start", "--type", "technical-fault", "--level", "II",
                         "--db", db)
    assert code == 0, err
    return out.strip()


CASES = [
    (["note", "{id}", BAD], 3),
    (["note", "{id}", "ok", "--by", BAD], 5),
    (["note", "{id}", f"--by={BAD}", "ok"], 3),
    (["start", "--type", "technical-fault", "--level", "II", "--title", BAD], 7),
    (["report", "{id}", BAD, "--to", "head"], 3),
    (["vendor", "{id}", BAD], 3),
    (["handover", "{id}", BAD, "--to", "wang"], 3),
    (["handover", "{id}", "shift", "--to", BAD], 5),
    (["evaluate", "{id}", BAD, "--section", "cause"], 3),
    (["step", "{id}", "report.verify", "skip", "--note", BAD], 6),
    (["note", BAD, "text"], 2),
    (["status", BAD], 2),
    (["timeline", BAD], 2),
    (["verify", BAD], 2),
    (["export", BAD], 2),
]


@pytest.mark.parametrize(("args", "position"), CASES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_non_utf8_argument_is_named(capsys: pytest.CaptureFixture[str], db: str,
                                      incident: str, args: list[str], position: int,
                                      lang: str) -> None:
    argv = [a.replace("{id}", incident) for a in args] + ["--db", db, "--lang", lang]
    code, out, err = run(capsys, *argv)
    assert code == 2, err
    assert "internal error" not in err and "内部错误" not in err
    assert str(position) in err and "UTF-8" in err
    assert "\\xe9" in err  # the bytes shown, escaped
    if argv[position - 2].startswith("--"):
        assert argv[position - 2] in err
    code, out, _ = run(capsys, "timeline", incident, "--json", "--db", db)
    assert out.count('"seq"') == 1  # nothing was recorded


def test_a_non_utf8_environment_variable_is_named(capsys: pytest.CaptureFixture[str],
                                                  db: str, incident: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNBOOK_USER", BAD)
    code, _, err = run(capsys, "note", incident, "x", "--db", db, "--lang", "en")
    assert code == 2 and "RUNBOOK_USER" in err


def test_from_a_real_terminal_too(tmp_path: Path) -> None:
    env = {**os.environ, "RUNBOOK_LANG": "en", "RUNBOOK_DB": str(tmp_path / "r.db")}
    done = subprocess.run([os.fsencode(RUNBOOK), b"start", b"--type", b"technical-fault",
                           b"--level", b"II", b"--title", b"caf\xe9"],
                          capture_output=True, env=env, timeout=60)
    assert done.returncode == 2, done.stderr
    assert b"argument 7" in done.stderr.lower() and b"--title" in done.stderr
