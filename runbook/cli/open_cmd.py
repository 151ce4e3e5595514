"""`runbook open` (and `runbook` alone): the player, started with as little as it needs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from runbook.cli.invocation import Invocation
from runbook.cli.main import cli
from runbook.cli.options import workspace_options
from runbook.errors import UsageError
from runbook.i18n import Msg

NEEDS_TERMINAL = Msg(
    "The player needs a terminal; use the commands (runbook list, status, timeline, "
    "step…) in scripts.",
    "播放器需要在终端中运行；脚本中请使用各命令（runbook list、status、timeline、step 等）。")


@cli.command("open")
@click.argument("incident_id", required=False)
@workspace_options(group_help="Your group: shows its steps, acts for it (default: "
                              "RUNBOOK_GROUP) / 你的小组")
@click.option("--nats", "server", default=None, metavar="URL",
              help="Also run `runbook sync` for this site (--site) through this NATS server "
                   "while the player runs / "
                   "播放器运行期间同时通过该 NATS 服务器同步本站点（需 --site）")
@click.option("--creds", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              default=None, help="A NATS credentials file, with --nats / NATS 凭据文件")
@click.option("--bell", is_flag=True,
              help="Ring the terminal's bell when another terminal records a note for your "
                   "group or acts on its steps / 其他终端为你的小组添加备注或操作其步骤时响铃")
@click.pass_obj
def open_app(invocation: Invocation, incident_id: str | None = None, bell: bool = False,
             server: str | None = None, creds: Path | None = None) -> int:
    """Open the player (on an incident, if given). / 打开播放器（可直接打开某事件）。"""
    if not all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout)):
        # Textual would start anyway, wait for keys that never come and write its escape
        # codes into whatever the output was redirected to. (A stream that was closed
        # before runbook started is None.)
        raise UsageError(NEEDS_TERMINAL)
    if incident_id is not None:
        incident_id = invocation.incident_id(incident_id)
        invocation.close()  # the player opens its own store
    from tui.launch import launch

    workspace = invocation.workspace
    if workspace.identified:  # the roster says who acts: said (or refused) before the screen
        workspace.actor = workspace.acting()
        workspace.actor_given = True
    if server is None:
        code: int = launch(workspace, incident_id=incident_id, bell=bell)
        return code
    from runbook.cli.sync_cmds import sync_beside

    with sync_beside(invocation, server, creds):
        code = launch(workspace, incident_id=incident_id, bell=bell)
    return code
