"""The console script: its first lines run before click, the store or Textual is imported."""

from __future__ import annotations

from runbook.startup import starting


def run() -> None:
    starting()
    from runbook.cli.main import main

    main()
