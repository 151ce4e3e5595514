"""`runbook checklist`: a printable checklist of one type and level (and group), for when
the terminal is down."""

from __future__ import annotations

from pathlib import Path

import click

from runbook.cli.invocation import Invocation
from runbook.cli.main import cli
from runbook.cli.options import (
    PlaybookTypeOption,
    emitted,
    kept_unless_replaced,
    lang_option,
    settings_option,
)
from runbook.cli.usage import Choice
from runbook.vocabulary import GROUP_IDS, LEVEL_IDS

FORMATS = ("html", "md")  # as runbook.checklist.CHECKLIST_FORMATS, kept here to import lazily


@cli.command("checklist")
@click.option("--type", "type_id", required=True, metavar="TYPE", cls=PlaybookTypeOption,
              help="Incident type / 事件类型")
@click.option("--level", type=Choice(LEVEL_IDS, any_case=True), required=True,
              help="Warning level / 预警级别")
@click.option("--group", "only_group", type=Choice(GROUP_IDS), default=None,
              help="Only this group's steps / 仅该小组的步骤")
@click.option("--format", "fmt", type=Choice(FORMATS), default="html", show_default=True,
              help="html to print (A4), md / html 用于打印（A4），或 md")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write to this file, never over one that is there unless --replace / "
                   "输出文件（已存在时不覆盖，除非 --replace）")
@click.option("--replace", is_flag=True, default=False,
              help="Replace the -o file if it is there / 覆盖已存在的 -o 文件")
@settings_option
@lang_option
@click.pass_obj
def checklist_cmd(invocation: Invocation, type_id: str, level: str, only_group: str | None,
                  fmt: str, output: Path | None, replace: bool) -> int:
    """A printable checklist of a type at a level (and of one group), for when the terminal
    is down: every step in deadline order, with boxes to tick.

    打印用应急处置检查单（按类型和级别，可按小组）：终端不可用时按时限逐项勾选。
    """
    from runbook.checklist import build_checklist, render_checklist

    workspace = invocation.workspace
    checklist = build_checklist(workspace.library, type_id, level, only_group)
    text = render_checklist(checklist, fmt, workspace.lang, workspace.library.roster)
    if output is not None:
        from store.export import write_private

        with kept_unless_replaced():
            write_private(output, text, replace=replace)
    return emitted(text, output)

