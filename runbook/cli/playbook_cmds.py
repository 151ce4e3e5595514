"""`runbook validate` and `runbook playbooks`: the playbook files, checked and summarised."""

from __future__ import annotations

from pathlib import Path

import click

from runbook.cli.invocation import Invocation
from runbook.cli.main import cli
from runbook.cli.options import (
    db_option,
    echo_json,
    json_option,
    lang_option,
    settings_option,
)
from runbook.cli.usage import Choice
from runbook.errors import UsageError
from runbook.i18n import Msg
from runbook.loader import validate
from runbook.playbook_overview import playbook_overview
from runbook.playbook_table import overview_table


@cli.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@settings_option
@lang_option
@click.pass_obj
def validate_cmd(invocation: Invocation, paths: tuple[Path, ...]) -> int:
    """Check playbook files or folders (the playbooks in use by default).

    检查剧本文件或文件夹（默认检查当前使用的剧本）。
    """
    language = invocation.lang
    problems = validate(list(paths), invocation.settings_path, invocation.playbooks_dir)
    if invocation.roster_path is not None:  # in place of the folder's roster.yaml
        from runbook.loader import roster_problems

        problems += roster_problems(invocation.roster_path)[1]
    for problem in problems:
        click.echo(problem.render(language))
    if problems:
        click.echo(Msg(f"{len(problems)} problem(s) found.", f"发现 {len(problems)} 个问题。")(
            language), err=True)
        return 1
    click.echo(Msg("All playbooks are valid.", "所有剧本均有效。")(language), err=True)
    return 0


@cli.command("playbooks")
@json_option
@click.option("--export", "export_format", type=Choice(["cacao"]), default=None,
              help="Export one type's playbook (with --type) as a CACAO v2.0 JSON playbook / "
                   "将一个类型的剧本（配合 --type）导出为 CACAO v2.0 JSON 剧本")
@click.option("--type", "type_id", default=None, metavar="TYPE",
              help="The incident type to export / 要导出的事件类型")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the export to this file, never over one that is there "
                   "(default: standard output) / 导出到该文件（已存在时不覆盖；默认标准输出）")
@click.option("--diff", "diff_ref", default=None, metavar="VERSION",
              help="What changed in the playbooks since a version: an incident's (its id, or "
                   "its start) or a kept one's digest (or its start) / 自某版本以来剧本的变更："
                   "事件的版本（事件编号或其开头）或已保存版本的摘要（或其开头）")
@db_option
@settings_option
@lang_option
@click.pass_obj
def playbooks_cmd(invocation: Invocation, as_json: bool, export_format: str | None,
                  type_id: str | None, output: Path | None, diff_ref: str | None) -> int:
    """List incident types × levels with step counts per group; or export one type; or
    (--diff) show what changed since an incident's version of the plan.

    列出事件类型 × 预警级别，以及各小组的步骤数；或导出一个类型的剧本；
    或（--diff）显示自某事件的剧本版本以来的变更。
    """
    library = invocation.workspace.library
    if diff_ref is not None:
        if export_format is not None or type_id is not None or output is not None:
            raise UsageError(Msg(
                "--diff compares versions; --export writes one type: give one of them.",
                "--diff 比较版本，--export 导出类型：请只选其一。"))
        from runbook.cli.version_cmds import print_diff

        return print_diff(invocation, diff_ref, as_json)
    if export_format is not None or type_id is not None or output is not None:
        from runbook.cli.cacao_cmds import export_playbook

        if as_json:
            raise UsageError(Msg("--json lists the playbooks; --export writes one: give one "
                                 "of them.", "--json 列出剧本，--export 导出剧本：请只选其一。"))
        return export_playbook(library, export_format, type_id, output)
    overview = playbook_overview(library)
    if as_json:
        echo_json(overview)
    else:
        from rich.console import Console

        Console().print(overview_table(overview, invocation.lang))
    return 0
