"""Commands on incidents (filled in with the engine and the store)."""

from __future__ import annotations

import click

from runbook.cli.main import cli


@cli.command("open-app", hidden=True)
def open_app() -> int:
    click.echo("The player is not built yet. / 播放器尚未完成。", err=True)
    return 1
