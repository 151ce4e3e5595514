"""`runbook open` (and `runbook` alone): the player, started with as little as it needs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from runbook.cli.context import Session, db_option
from runbook.cli.main import cli
from runbook.cli.options import lang_option, resolve_lang, settings_option
from runbook.errors import UsageError
from runbook.i18n import Msg
from runbook.vocabulary import GROUP_IDS

NEEDS_TERMINAL = Msg(
    "The player needs a terminal; use the commands (runbook list, status, timeline, "
    "step…) in scripts.",
    "播放器需要在终端中运行；脚本中请使用各命令（runbook list、status、timeline、step 等）。")


@cli.command("open")
@click.argument("incident_id", required=False)
@click.option("--group", "focus_group", type=click.Choice(GROUP_IDS), envvar="RUNBOOK_GROUP",
              default=None, help="Your group: shows its steps, acts for it / 你的小组")
@click.option("--by", "by_name", envvar="RUNBOOK_USER", default=None,
              help="Your name (default: the login name) / 你的姓名（默认：登录名）")
@db_option
@settings_option
@lang_option
def open_app(incident_id: str | None = None, focus_group: str | None = None,
             by_name: str | None = None, db_path: Path | None = None,
             settings_path: Path | None = None, lang: str | None = None) -> int:
    """Open the player (on an incident, if given). / 打开播放器（可直接打开某事件）。"""
    if not all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout)):
        # Textual would start anyway, wait for keys that never come and write its escape
        # codes into whatever the output was redirected to. (A stream that was closed
        # before runbook started is None.)
        raise UsageError(NEEDS_TERMINAL)
    from tui.launch import launch

    session = Session(db_path, settings_path)
    code: int = launch(session, incident_id=incident_id, group=focus_group, name=by_name,
                       lang=resolve_lang(lang))
    return code
