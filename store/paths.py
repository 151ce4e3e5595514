"""Keeping the database private where it lives (the CLI says where: `runbook.cli.environment`)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from runbook.i18n import Msg


def make_private_folder(folder: Path) -> None:
    """Create `folder` and its missing parents, each 0700 whatever the umask; folders that
    exist already are left as they are.

    `Path.mkdir(mode, parents=True)` gives the parents the umask's default (0777 under
    umask 000) and applies the umask to `mode` as well, hence this.
    """
    missing: list[Path] = []
    current = folder
    while not os.path.lexists(current) and current != current.parent:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, PRIVATE_FOLDER)
        except FileExistsError:
            continue  # made by someone else a moment ago: not ours to change
        os.chmod(path, PRIVATE_FOLDER)  # the umask may have taken bits we need


PRIVATE_FOLDER = 0o700
OTHERS = stat.S_IRWXG | stat.S_IRWXO
READABLE_BY_OTHERS = Msg(
    en="Warning: the database {path} can be read by other users of this machine (mode "
    "{mode:o}), and SQLite gives its -wal and -shm files the same mode. Make it private: "
    "chmod 600 {path}",
    zh="警告：本机其他用户可以读取数据库 {path}（权限 {mode:o}），SQLite 也会让其 -wal 和 -shm "
    "文件使用相同权限。请将其设为私有：chmod 600 {path}",
)


def exposure(path: Path, mode: int) -> Msg | None:
    """A warning if a database file of mode `mode` can be read or written by others."""
    if mode & OTHERS:
        return READABLE_BY_OTHERS.format(path=path, mode=stat.S_IMODE(mode))
    return None
