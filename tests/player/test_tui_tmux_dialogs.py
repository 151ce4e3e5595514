"""End to end, in a real terminal (tmux): what is typed and pasted into a dialog reaches the
record whole, as tmux delivers it (a paste's line breaks as CR, Ctrl+J as LF)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from test_tui_tmux import TMUX, Terminal, pytestmark, runbook, terminal

__all__ = ["pytestmark", "terminal"]  # the fixture and the skip, shared with the other test


def paste(term: Terminal, text: str, folder: Path) -> None:
    """A bracketed paste, as a terminal sends one (tmux turns each LF into CR)."""
    assert TMUX is not None
    buffer = folder / "paste.txt"
    buffer.write_text(text, encoding="utf-8")
    name = f"{term.name}-paste"
    term.tmux("load-buffer", "-b", name, str(buffer))
    term.tmux("paste-buffer", "-p", "-d", "-b", name, "-t", term.name)


def events_of(env: dict[str, str], incident_id: str) -> list[dict[str, object]]:
    found: list[dict[str, object]] = json.loads(runbook(env, "timeline", incident_id,
                                                        "--json"))
    return found


def wait_events(env: dict[str, str], incident_id: str, count: int) -> list[dict[str, object]]:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        found = events_of(env, incident_id)
        if len(found) >= count:
            return found
        time.sleep(0.1)
    raise AssertionError(f"never {count} events: {events_of(env, incident_id)}")


def test_tab_paste_and_ctrl_j_in_a_real_terminal(
        terminal: tuple[Terminal, dict[str, str]], tmp_path: Path) -> None:
    term, env = terminal
    incident_id = runbook(env, "start", "--type", "technical-fault", "--level", "II",
                          "--title", "e2e dialogs").strip()
    runbook(env, "step", incident_id, "report.verify", "done")  # the regulator decision opens
    term.wait_for("e2e dialogs")
    term.keys("Enter")
    term.wait_for("Level II (orange)")
    term.keys("D")
    term.wait_for("Rationale")
    term.text("class-1 event, ")
    term.keys("Tab")  # to the option list, visibly
    term.wait_for("▸ Option")
    term.text("outage over 2 h")  # still lands in the rationale
    term.keys("C-j")
    term.text("regulator informed by phone")
    term.wait_for("regulator informed by phone")
    term.keys("Enter")
    decided = wait_events(env, incident_id, 3)[-1]
    assert decided["payload"] == {  # type: ignore[comparison-overlap]
        "step": "report.regulator-decision", "option": "report",
        "rationale": "class-1 event, outage over 2 h\nregulator informed by phone"}
    term.keys("n")
    term.wait_for("Add a note")
    paste(term, "Vendor statement:\nthe failover finished at 03:10\nno card data exposed",
          tmp_path)
    term.wait_for("no card data exposed")
    term.keys("Enter")
    noted = wait_events(env, incident_id, 4)[-1]
    assert noted["payload"] == {  # type: ignore[comparison-overlap]
        "text": "Vendor statement:\nthe failover finished at 03:10\nno card data exposed"}
