"""End to end: the real `runbook` command in a real terminal (tmux), two processes at once."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
RUNBOOK = Path(sys.executable).with_name("runbook")

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (CI installs it)")


class Terminal:
    def __init__(self, name: str) -> None:
        self.name = name

    def tmux(self, *args: str) -> str:
        assert TMUX is not None
        done = subprocess.run([TMUX, *args], capture_output=True, text=True, check=False)
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.name, key)
            time.sleep(0.05)

    def text(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.name, "-l", text)

    def wait_for(self, text: str, timeout: float = 15.0) -> float:
        """Seconds until `text` shows on the screen."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if text in self.screen():
                return time.monotonic() - start
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never showed; the screen:\n{self.screen()}")

    def alive(self) -> bool:
        assert TMUX is not None
        return subprocess.run([TMUX, "has-session", "-t", self.name],
                              capture_output=True, check=False).returncode == 0


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[tuple[Terminal, dict[str, str]]]:
    if not RUNBOOK.exists():
        pytest.skip(f"no runbook command next to {sys.executable}")
    env = {
        "RUNBOOK_DB": str(tmp_path / "e2e.db"),
        "RUNBOOK_LANG": "en",
        "RUNBOOK_USER": "lin",
        "TERM": "tmux-256color",
        "TEXTUAL_ANIMATIONS": "none",
    }
    term = Terminal(f"runbook-e2e-{uuid.uuid4().hex[:8]}")
    args = [f"{key}={value}" for key, value in env.items()]
    # COLUMNS and LINES (pytest sets them) would pin the size Textual sees: drop them.
    term.tmux("new-session", "-d", "-s", term.name, "-x", "100", "-y", "30",
              *[item for pair in (("-e", a) for a in args) for item in pair],
              f"env -u COLUMNS -u LINES {shlex.quote(str(RUNBOOK))}")
    term.tmux("set-option", "-s", "escape-time", "10")
    # Keep 100x30 whatever other tmux clients on this server do.
    term.tmux("set-option", "-t", term.name, "window-size", "manual")
    term.tmux("resize-window", "-t", term.name, "-x", "100", "-y", "30")
    try:
        yield term, env
    finally:
        if term.alive():
            term.tmux("kill-session", "-t", term.name)


def runbook(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(RUNBOOK), *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=30, check=True)
    return done.stdout


def test_declare_act_see_another_terminal_and_close(
        terminal: tuple[Terminal, dict[str, str]]) -> None:
    term, env = terminal
    term.wait_for("No incidents yet")
    term.keys("n", "Enter", "Enter")  # typed ahead, as fast as a responder types
    term.text("e2e gateway down")
    term.keys("Enter")
    term.wait_for("Declare this incident?")
    term.keys("Enter")
    term.wait_for("Level II (orange)")
    term.wait_for("e2e gateway down")
    incident_id = json.loads(runbook(env, "list", "--json"))[0]["id"]
    term.keys("d", "t")
    term.wait_for("step done")  # the timeline on its own (the steps have 100 columns)
    runbook(env, "note", incident_id, "hello from ops", "--by", "wang", "--group", "ops")
    assert term.wait_for("hello from ops", timeout=5) < 2.0  # another process's write
    term.keys("Escape")
    term.wait_for("Level II (orange)")  # back on the steps (the timeline names steps too)
    term.keys("c")  # post-incident steps are open: closing anyway asks why
    term.wait_for("Close the incident")
    term.text("e2e: closed with post-incident work open")
    term.keys("Enter")
    term.wait_for("y: close the incident")  # asked once more, by a key of its own
    term.keys("y")
    term.wait_for("CLOSED")
    term.keys("C-q")
    deadline = time.monotonic() + 10
    while term.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not term.alive()
    rows = json.loads(runbook(env, "list", "--json"))
    assert rows[0]["state"] == "closed" and rows[0]["events"] == 4
