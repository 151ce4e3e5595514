"""CACAO v2.0 interchange on the command line: `runbook playbooks --export cacao --type T`
(called from `runbook playbooks`) and `runbook import cacao FILE DIR`. The mapping is the
core's (`runbook.cacao`); here are the files."""

from __future__ import annotations

import json
from pathlib import Path

import click

from runbook.cli.invocation import Invocation
from runbook.cli.main import cli
from runbook.cli.options import emitted, lang_option, settings_option
from runbook.cli.usage import Choice
from runbook.errors import RunbookError, UsageError
from runbook.files import read_limited
from runbook.i18n import Msg
from runbook.playbook import Library
from runbook.safetext import line
from runbook.suggest import closest

MAX_CACAO_BYTES = 20_000_000  # an export of a shipped type is about 0.3 MB


def export_playbook(library: Library, export_format: str | None, type_id: str | None,
                    output: Path | None) -> int:
    """`runbook playbooks --export cacao --type T [-o FILE]`."""
    from runbook.cacao.export import export_cacao

    if export_format is None:
        raise UsageError(Msg("--type and -o go with --export cacao.",
                             "--type 和 -o 需与 --export cacao 一起使用。"))
    types = sorted(library.playbooks)
    if type_id is None:
        raise UsageError(Msg(f"--export needs --type, one of {', '.join(types)}.",
                             f"--export 需要 --type，取值为 {'、'.join(types)} 之一。"))
    if type_id not in library.playbooks:
        raise UsageError(Msg(f"--type: there is no type {type_id!r}; use one of "
                             f"{', '.join(types)}.",
                             f"--type：没有类型 {type_id!r}；请使用 {'、'.join(types)} 之一。")
                         + closest(type_id, types))
    text = json.dumps(export_cacao(library, type_id), ensure_ascii=False, indent=2) + "\n"
    if output is not None:
        _write_new(output, text)
    return emitted(text, output)


def _write_new(path: Path, text: str) -> None:
    """Owner-only, whole or not at all, never over a file that is there."""
    from store.export import SummaryExists, write_private

    try:
        write_private(path, text, replace=False)
    except SummaryExists:
        raise RunbookError(Msg(
            f"{line(str(path))} is there already and was kept; choose another file, or move "
            "that one away first.",
            f"{line(str(path))} 已存在，未覆盖；请另选文件，或先移走该文件。")) from None


@cli.command("import")
@click.argument("fmt", type=Choice(["cacao"]))
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@settings_option
@lang_option
@click.pass_obj
def import_cmd(invocation: Invocation, fmt: str, file: Path, folder: Path) -> int:
    """Make a runbook playbook file in DIR from a CACAO v2.0 playbook of manual steps.

    将由人工步骤组成的 CACAO v2.0 剧本转换为 DIR 中的 runbook 剧本文件。
    """
    from runbook.cacao.import_ import import_cacao
    from runbook.loader import validate

    language = invocation.lang
    shown = line(str(file))
    data = read_limited(file, shown, MAX_CACAO_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RunbookError(Msg(f"{shown}: the file is not UTF-8 text; a CACAO playbook is "
                               "JSON in UTF-8.",
                               f"{shown}：文件不是 UTF-8 文本；CACAO 剧本应为 UTF-8 编码的 "
                               "JSON。")) from None
    # The clauses of the plan in force (the institution's, with --playbooks), as checked
    imported = import_cacao(text, shown, invocation.workspace.library.plan.clauses)
    for part in imported.unimported:
        click.echo(part.render(shown)(language), err=True)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise RunbookError(Msg(
            f"{line(str(folder))}: cannot make the folder ({error.strerror}).",
            f"{line(str(folder))}：无法创建文件夹（{error.strerror}）。")) from None
    target = folder / f"{imported.type_id}.yaml"
    _write_new(target, imported.text)
    click.echo(line(str(target)))
    count = len(imported.unimported)
    invocation.say(Msg(
        f"{imported.steps} step(s) imported; {count} part(s) listed above were not imported "
        "as they were.",
        f"已导入 {imported.steps} 个步骤；上面列出的 {count} 处未按原样导入。"))
    problems = validate([target], invocation.settings_path)
    for problem in problems:
        click.echo(problem.render(language), err=True)
    if problems:
        invocation.say(Msg(f"The file was written, but `runbook validate` finds "
                           f"{len(problems)} problem(s) to fix (above).",
                           f"文件已写入，但 `runbook validate` 发现 {len(problems)} 个问题需修正"
                           "（见上）。"))
        return 1
    return 0
