"""The layers hold: the core (runbook/) knows neither storage nor UI nor the CLI; the store
knows neither the player nor the CLI; the player never reaches back into the CLI.

The rules are import-linter contracts in pyproject.toml (`[tool.importlinter]`); this runs
them. An import inside a function counts as much as one at the top.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_every_import_contract_is_kept(capsys: pytest.CaptureFixture[str]) -> None:
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True,
                        no_logo=True)
    assert code == 0, capsys.readouterr().out


def test_loading_a_playbook_pulls_in_no_storage_and_no_ui() -> None:
    """What the contracts cannot see: a module imported by name at run time."""
    code = (
        "import runbook.loader, runbook.status, runbook.fold; import sys; "
        "assert 'textual' not in sys.modules and 'sqlite3' not in sys.modules, "
        "sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'sqlite3'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
