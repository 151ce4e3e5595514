"""`runbook validate` and `runbook playbooks`: the playbook files, checked and summarised."""

from __future__ import annotations

from pathlib import Path

import click

from runbook.cli.invocation import Invocation
from runbook.cli.main import cli
from runbook.cli.options import echo_json, json_option, lang_option, settings_option
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
@settings_option
@lang_option
@click.pass_obj
def playbooks_cmd(invocation: Invocation, as_json: bool) -> int:
    """List incident types × levels with step counts per group.

    列出事件类型 × 预警级别，以及各小组的步骤数。
    """
    library = invocation.workspace.library
    overview = playbook_overview(library)
    if as_json:
        echo_json(overview)
    else:
        from rich.console import Console

        Console().print(overview_table(overview, invocation.lang))
    return 0
