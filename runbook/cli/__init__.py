"""The `runbook` command: the composition root, the one place that joins core, store and UI.

Commands import the store and the TUI lazily, inside the command, so that `runbook validate`
and friends start fast and the core stays free of them.

The console script is `runbook.cli.entry:run`; nothing is imported here, so that its first
lines run before anything heavy (see `runbook.cli.entry.collect_less`).
"""
