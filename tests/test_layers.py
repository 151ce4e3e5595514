"""The layers hold: the core (runbook/) knows neither storage nor UI; the store knows no UI.

runbook/cli/ is the composition root, the one place allowed to join them. Imports are found
by parsing every module, so an import inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE_FORBIDDEN = ("textual", "sqlite3", "sqlite_utils", "store", "tui")
STORE_FORBIDDEN = ("textual", "tui")


def imported_names(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, dotted module name) of every import, also importlib/__import__ with a literal."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                yield node.lineno, node.module
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if name in ("import_module", "__import__") and isinstance(first, ast.Constant) \
                    and isinstance(first.value, str):
                yield node.lineno, first.value


def violations(package: str, forbidden: tuple[str, ...],
               skip: tuple[str, ...] = ()) -> list[str]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(skip):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        for line, name in imported_names(tree):
            top = name.split(".")[0]
            if top in forbidden:
                found.append(f"{rel}:{line}: imports {name}")
    return found


def test_the_packages_are_where_expected() -> None:
    for package in ("runbook", "runbook/cli", "store"):
        assert (ROOT / package / "__init__.py").is_file(), package


def test_the_core_imports_no_storage_and_no_ui() -> None:
    assert violations("runbook", CORE_FORBIDDEN, skip=("runbook/cli/",)) == []


def test_the_core_does_not_reach_into_the_composition_root() -> None:
    found = [
        v for v in violations("runbook", ("runbook",), skip=("runbook/cli/",))
        if v.split("imports ")[1].startswith("runbook.cli")
    ]
    assert found == []


def test_the_store_imports_no_ui() -> None:
    assert violations("store", STORE_FORBIDDEN) == []


@pytest.mark.parametrize(("source", "expected"), [
    ("import textual", ["textual"]),
    ("import sqlite3 as db", ["sqlite3"]),
    ("from store.eventstore import EventStore", ["store.eventstore"]),
    ("def f():\n    from tui import app\n", ["tui"]),
    ("import importlib\nimportlib.import_module('sqlite_utils')", ["importlib", "sqlite_utils"]),
    ("from . import sibling", []),
])
def test_the_import_finder_sees_imports_anywhere(source: str, expected: list[str]) -> None:
    assert [name for _, name in imported_names(ast.parse(source))] == expected


def test_loading_a_playbook_pulls_in_no_storage_and_no_ui() -> None:
    code = (
        "import runbook.loader, runbook.status, runbook.fold; import sys; "
        "assert 'textual' not in sys.modules and 'sqlite3' not in sys.modules, "
        "sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'sqlite3'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
