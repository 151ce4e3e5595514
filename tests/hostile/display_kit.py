"""Hostile text for the display tests, and how to tell whether output carries it raw.

Every hostile text starts with a tag naming its field, so a test can say which field leaked
or vanished; then terminal escape sequences (cursor moves, erase, a C1 CSI), Rich markup
that would crash (`[/v2]`), vanish (`[red]`) or hide a link, and bidi overrides and isolates.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from runbook.cli.main import main

# What the issue reported: erases the two timeline rows above it.
ERASER = "\x1b[1A\x1b[2K\x1b[1A\x1b[2K  (nothing to see here)"
HOSTILE_TAIL = ("\x1b[2J[/v2] [red]r[/red] [bold]b[/bold] "
                "[link=https://evil.example]x[/link] \x9b31m\u202etxet\u202c \u2066i\u2069\x7f")
# The tail as shown: each control character as its escape, every bracket as typed.
SHOWN_TAIL = ("\\x1b[2J[/v2] [red]r[/red] [bold]b[/bold] "
              "[link=https://evil.example]x[/link] \\x9b31m\\u202etxet\\u202c \\u2066i\\u2069\\x7f")
# The start of it, for places that cut long text at the edge of a cell.
SHOWN_HEAD = "\\x1b[2J[/v2] [red]r[/red]"

# Raw bytes no display may pass on: C0 (tab and newline are layout), DEL, C1, the bidi
# embeddings, overrides, isolates and marks, the line and paragraph separators.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                 "\u2028\u2029]")


def hostile(tag: str) -> str:
    return f"{tag} {HOSTILE_TAIL}"


def shown(tag: str, *, whole: bool = True) -> str:
    return f"{tag} {SHOWN_TAIL if whole else SHOWN_HEAD}"


def raw_found(text: str) -> list[str]:
    """The raw control characters in `text`, as escapes (empty: none)."""
    return sorted({f"U+{ord(m.group()):04X}" for m in RAW.finditer(text)})


# Every text a responder can type, by the tag its hostile text starts with.
FIELDS = ("TITLE", "BY", "NOTE", "REASON", "RATIONALE", "SKIPPED", "BLOCKED", "REPORT",
          "VENDOR", "HANDNAME", "HANDTEXT", "EVAL", "REOPEN")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The real entry point, as `tests/test_cli_contract.py` runs it."""
    with pytest.raises(SystemExit) as done:
        main(list(args))
    out, err = capsys.readouterr()
    code = done.value.code
    return (code if isinstance(code, int) else 0), out, err


def plain_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """English, a database of the test's own, no colour (so any ESC in the output came from
    the record), and a console wide enough that no table cell wraps."""
    for name in ("RUNBOOK_SETTINGS", "RUNBOOK_DEBUG", "RUNBOOK_TRACE_FILE", "FORCE_COLOR",
                 "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RUNBOOK_LANG", "en")
    monkeypatch.setenv("RUNBOOK_DB", str(tmp_path / "runbook.db"))
    monkeypatch.setenv("RUNBOOK_GROUP", "office")
    monkeypatch.setenv("COLUMNS", "1000")


def hostile_incident(capsys: pytest.CaptureFixture[str]) -> str:
    """An incident made with the commands, hostile text in every field of `FIELDS`."""
    code, out, err = run(capsys, "start", "--type", "technical-fault", "--level", "II",
                         "--title", hostile("TITLE"), "--by", "lin")
    assert code == 0, err
    iid = out.strip()
    for args in (
            ["note", iid, hostile("NOTE"), "--by", hostile("BY")],
            ["level", iid, "I", "--reason", hostile("REASON")],
            ["step", iid, "report.regulator-decision", "done", "--decision", "report",
             "--note", hostile("RATIONALE")],
            ["step", iid, "report.verify", "skip", "--note", hostile("SKIPPED")],
            ["step", iid, "tf.diagnose", "block", "--note", hostile("BLOCKED")],
            ["report", iid, hostile("REPORT"), "--to", "regulator"],
            ["vendor", iid, hostile("VENDOR")],
            ["handover", iid, hostile("HANDTEXT"), "--to", hostile("HANDNAME")],
            ["evaluate", iid, hostile("EVAL"), "--section", "cause"],
            ["close", iid, "--force", "--reason", hostile("CLOSE")],
            ["reopen", iid, "--reason", hostile("REOPEN")]):
        code, _, err = run(capsys, *args, *([] if "--by" in args else ["--by", "lin"]))
        assert code == 0, err
    return iid
