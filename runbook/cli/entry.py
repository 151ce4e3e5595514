"""The console script: its first lines run before click, the store or Textual is imported."""

from __future__ import annotations

from runbook import collector


def run() -> None:
    collector.hold()
    from runbook.cli.main import main

    main()
