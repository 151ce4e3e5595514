"""A terminal that is not UTF-8 (a GBK locale, PYTHONIOENCODING=ascii) gets every command's
output, with what it cannot encode shown as an escape.

Found by the CLI fuzz test: the tables and the JSON were written with the stream's strict
encoder, so `runbook list` on an ASCII stream, or a timeline holding an emoji on a GBK
one, ended in "internal error" (exit 70) half-way through the output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

RUNBOOK = Path(sys.executable).with_name("runbook")
TITLE = "支付网关中断 🔥"


def runbook(tmp_path: Path, *args: str, encoding: str = "utf-8",
            lang: str = "zh") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "RUNBOOK_LANG": lang, "RUNBOOK_DB": str(tmp_path / "r.db"),
           "PYTHONIOENCODING": encoding, "COLUMNS": "200"}
    return subprocess.run([str(RUNBOOK), *args], capture_output=True, env=env, timeout=60,
                          stdin=subprocess.DEVNULL)


@pytest.fixture
def incident(tmp_path: Path) -> str:
    done = runbook(tmp_path, "start", "--type", "technical-fault", "--level", "II",
                   "--title", TITLE)
    assert done.returncode == 0, done.stderr
    return done.stdout.decode().strip()


@pytest.mark.parametrize("encoding", ["ascii", "gbk"])
@pytest.mark.parametrize("command", [["list"], ["timeline", "{id}"], ["status", "{id}"],
                                     ["playbooks"], ["review"]])
def test_tables_reach_a_terminal_that_is_not_utf8(tmp_path: Path, incident: str,
                                                  encoding: str, command: list[str]) -> None:
    done = runbook(tmp_path, *(a.replace("{id}", incident) for a in command),
                   encoding=encoding)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert done.stdout.strip()


@pytest.mark.parametrize("encoding", ["ascii", "gbk"])
def test_an_emoji_shows_as_its_escape_on_gbk(tmp_path: Path, incident: str,
                                             encoding: str) -> None:
    done = runbook(tmp_path, "list", encoding=encoding)
    assert done.returncode == 0
    assert b"\\U0001f525" in done.stdout


@pytest.mark.parametrize("encoding", ["gbk", "latin-1"])
@pytest.mark.parametrize("command", [["list", "--json"], ["timeline", "{id}", "--json"],
                                     ["status", "{id}", "--json"]])
def test_json_stays_json_with_the_same_data(tmp_path: Path, incident: str, encoding: str,
                                            command: list[str]) -> None:
    done = runbook(tmp_path, *(a.replace("{id}", incident) for a in command),
                   encoding=encoding)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert TITLE in json.dumps(json.loads(done.stdout.decode(encoding)), ensure_ascii=False)
