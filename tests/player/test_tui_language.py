"""Every word the player shows exists in both languages; the layers stay apart."""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import tui.app
from runbook.i18n import Msg
from tui.keys import (
    APP_KEYS,
    HOME_KEYS,
    INCIDENT_KEYS,
    LIST_KEYS,
    TIMELINE_KEYS,
    TIMELINE_SCREEN_KEYS,
)

ROOT = Path(__file__).resolve().parents[2]
# Not `tui.__path__`: with an editable install and tests/ on sys.path, `tui` can resolve to
# this test folder as a namespace package; the modules themselves are found correctly.
PACKAGE = Path(tui.app.__file__).parent
WORDS = re.compile(r"[A-Za-z]{3,}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def messages() -> list[tuple[str, Msg]]:
    found: list[tuple[str, Msg]] = []
    for info in pkgutil.walk_packages([str(PACKAGE)], "tui."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, Msg):
                found.append((f"{info.name}.{name}", value))
            elif isinstance(value, tuple):
                found.extend((f"{info.name}.{name}", v[1]) for v in value
                             if isinstance(v, tuple) and len(v) == 2 and isinstance(v[1], Msg))
    return found


def test_every_message_is_written_in_both_languages() -> None:
    found = messages()
    assert len(found) > 100
    for where, msg in found:
        assert msg.en.strip() and msg.zh.strip(), where
        english = WORDS.findall(re.sub(r"\{[a-z_]+\}", "", msg.en))
        if english and msg.en != msg.zh:
            assert CJK.search(msg.zh), f"{where}: {msg.zh!r} is not Chinese"


def test_every_key_has_a_label_and_help_in_both_languages() -> None:
    keys = (*APP_KEYS, *HOME_KEYS, *INCIDENT_KEYS, *TIMELINE_KEYS, *TIMELINE_SCREEN_KEYS,
            *LIST_KEYS)
    ids = [k.id for k in keys]
    assert len(ids) == len(set(ids))
    for key in keys:
        assert key.label.en and key.label.zh and key.help.en and key.help.zh, key.id
        assert CJK.search(key.help.zh), key.id


def test_the_command_line_does_not_load_textual() -> None:
    code = "import sys, runbook.cli; print('textual' in sys.modules, 'tui.app' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]


def test_the_core_and_the_store_never_import_the_player() -> None:
    """Only the command line (the composition root) starts the player, lazily."""
    pattern = re.compile(r"^\s*(from|import)\s+(tui|textual)\b", re.MULTILINE)
    for folder in ("runbook", "store"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.parent.name == "cli":
                continue
            assert not pattern.search(path.read_text(encoding="utf-8")), path
