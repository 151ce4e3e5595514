"""The `runbook` command: the composition root, the one place that joins core, store and UI.

Commands import the store and the TUI lazily, inside the command, so that `runbook validate`
and friends start fast and the core stays free of them.
"""

from runbook.cli.main import cli, main

__all__ = ["cli", "main"]
