"""The player needs a terminal: without one (a script, a pipe, cron) `runbook open`,
`runbook` alone and `runbook -` used to start it anyway, hang and write escape codes into
the redirected output. Now they say so and exit 2 (`runbook -`: there is no command `-`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

RUNBOOK = Path(sys.executable).with_name("runbook")


def runbook(tmp_path: Path, args: list[str], lang: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RUNBOOK_LANG": lang, "RUNBOOK_DB": str(tmp_path / "r.db")}
    try:
        return subprocess.run([str(RUNBOOK), *args], capture_output=True, text=True, env=env,
                              timeout=30, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail(f"runbook {' '.join(args)} started the player without a terminal")


@pytest.mark.parametrize("args", [["open"], [], ["--lang", "{lang}"], ["open", "x"],
                                  ["--db", "other.db"], ["--by", "lin", "--group", "tech"]])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_without_a_terminal_the_player_says_so(tmp_path: Path, args: list[str],
                                               lang: str) -> None:
    done = runbook(tmp_path, [a.replace("{lang}", lang) for a in args], lang)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""  # no escape codes in the redirected output
    assert "runbook list" in done.stderr
    assert ("needs a terminal" in done.stderr) if lang == "en" else ("终端" in done.stderr)
    assert not (tmp_path / "r.db").exists()


@pytest.mark.parametrize("word", ["-", "lsit"])
def test_a_word_that_is_no_command_is_a_usage_error_not_the_player(tmp_path: Path,
                                                                  word: str) -> None:
    done = runbook(tmp_path, ["--db", str(tmp_path / "other.db"), word], "en")
    assert done.returncode == 2 and done.stdout == ""
    assert f"No such command '{word}'" in done.stderr
    assert not (tmp_path / "other.db").exists()


def test_help_still_works_without_a_terminal(tmp_path: Path) -> None:
    for args in (["--help"], ["open", "--help"], ["-h"]):
        done = runbook(tmp_path, args, "en")
        assert done.returncode == 0 and "Usage" in done.stdout, done.stderr
    done = runbook(tmp_path, ["list", "--json"], "en")
    assert done.returncode == 0 and done.stdout.strip() == "[]"
    done = runbook(tmp_path, ["open"], "en")
    assert done.returncode == 2


def _close_stdin() -> None:
    os.close(0)


@pytest.mark.parametrize("args", [["open"], [], ["open", "x", "--group", "tech"]])
def test_with_standard_input_closed_the_player_says_so(tmp_path: Path,
                                                       args: list[str]) -> None:
    """Found by the CLI fuzz test: `runbook <&-` (a daemon, a cron job with its input
    closed) has no sys.stdin at all, and ended in an internal error (exit 70)."""
    env = {**os.environ, "RUNBOOK_LANG": "en", "RUNBOOK_DB": str(tmp_path / "r.db")}
    done = subprocess.run([str(RUNBOOK), *args], capture_output=True, text=True, env=env,
                          timeout=30, preexec_fn=_close_stdin)
    assert done.returncode == 2, done.stderr
    assert "needs a terminal" in done.stderr
