"""`runbook init DIR`: a copy of the shipped library as an institution's starting point."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

import click

from runbook.cli.invocation import Invocation
from runbook.cli.main import cli
from runbook.cli.options import lang_option
from runbook.errors import RefusedAction
from runbook.i18n import Msg
from runbook.library_files import shipped_root, yaml_files

NOT_EMPTY: Final = Msg(
    "{folder} already holds {what}; runbook init writes only into a new or empty folder, "
    "so nothing there is overwritten. Choose another folder, or move those files away.",
    "{folder} 中已有 {what}；runbook init 只写入新的或空的文件夹，不覆盖任何已有文件。"
    "请换一个文件夹，或先移走这些文件。")
NOT_FOLDER: Final = Msg(
    "{folder} is a file, not a folder; give the path of a new folder.",
    "{folder} 是文件，不是文件夹；请给出一个新文件夹的路径。")
CANNOT_WRITE: Final = Msg(
    "cannot write {path}: {why}. Choose a folder you can write to.",
    "无法写入 {path}：{why}。请选择一个你有写权限的文件夹。")
WROTE: Final = Msg(
    "Wrote {count} files into {folder}. Edit them, check them with `runbook validate "
    "{folder}`, print the checklists with `runbook checklist --playbooks {folder}`, and play "
    "them with `runbook --playbooks {folder}` (or set RUNBOOK_PLAYBOOKS={folder}).",
    "已在 {folder} 写入 {count} 个文件。请修改这些文件，用 `runbook validate {folder}` 检查，"
    "用 `runbook checklist --playbooks {folder}` 打印检查单，用 `runbook --playbooks {folder}` "
    "（或设置 RUNBOOK_PLAYBOOKS={folder}）使用它们。")

README: Final = """\
# Our playbooks / 本机构剧本

Written by `runbook init` from the playbooks runbook ships: the institution's own copy, to
edit. 由 `runbook init` 从 runbook 内置剧本复制而来，供本机构修改。

- `<type>.yaml`: one playbook per incident type / 每类事件一个剧本
- `shared/*.yaml`: step modules the types include / 各类型共用的步骤模块
- `plan.yaml`: the plan's clauses steps cite / 预案条款
- `settings.yaml`: every `[X]` blank of the plan, with its default / 预案参数及默认值
- `facts.yaml`: the facts an incident records / 事件记录的事实项
- `roster.yaml`: contacts per group, vendors, emergency resources /
  各小组联系人、外包服务提供商、应急资源
- `changes/*.yaml` (optional): steps added to or replaced in a type or module /
  （可选）对某类型或模块增加、替换步骤

1. Edit / 修改: the format is described in runbook's `playbooks/README.md` (格式说明).
2. Check / 检查: `runbook validate {folder}` (every problem as file:line:column /
   每个问题标明文件:行:列).
3. Print / 打印: `runbook checklist --playbooks {folder} --type T --level L`.
4. Use / 使用: `runbook --playbooks {folder}`, or `RUNBOOK_PLAYBOOKS={folder}`, or put the
   folder at `playbooks` in runbook's user config folder (e.g. `~/.config/runbook/playbooks`).
"""


@cli.command("init")
@click.argument("folder", type=click.Path(path_type=Path))
@lang_option
@click.pass_obj
def init_cmd(invocation: Invocation, folder: Path) -> int:
    """Write a copy of the shipped playbooks into FOLDER, to edit as the institution's own
    (never over existing files).

    将内置剧本复制到 FOLDER，作为本机构剧本的起点（不覆盖已有文件）。
    """

    _check_empty(folder)
    count = 0
    for relative, entry in yaml_files(shipped_root()):
        _write_new(folder / relative, entry.read_bytes())
        count += 1
    _write_new(folder / "README.md", README.format(folder=folder).encode("utf-8"))
    invocation.say(WROTE.format(count=count + 1, folder=str(folder)))
    return 0


def _check_empty(folder: Path) -> None:
    try:
        if folder.is_file():
            raise RefusedAction(NOT_FOLDER.format(folder=str(folder)))
        present = sorted(e.name for e in folder.iterdir()) if folder.is_dir() else []
    except OSError as error:
        raise RefusedAction(CANNOT_WRITE.format(
            path=str(folder), why=error.strerror or str(error))) from None
    if present:
        more = len(present) > 5
        raise RefusedAction(Msg(
            NOT_EMPTY.en.format(folder=folder, what=", ".join(present[:5]) + (
                ", …" if more else "")),
            NOT_EMPTY.zh.format(folder=folder, what="、".join(present[:5]) + (
                "等" if more else ""))))


def _write_new(path: Path, data: bytes) -> None:
    """A new file, never one that is there (O_EXCL): another program may write meanwhile."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o644)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
    except FileExistsError:
        raise RefusedAction(Msg(
            NOT_EMPTY.en.format(folder=path.parent, what=path.name),
            NOT_EMPTY.zh.format(folder=path.parent, what=path.name))) from None
    except OSError as error:
        raise RefusedAction(CANNOT_WRITE.format(
            path=str(path), why=error.strerror or str(error))) from None
