"""Why the database cannot be used, told to a responder in both languages.

Every failure of SQLite or of the file system leaves this package as a `StoreError`
subclass; callers never see a raw `sqlite3` exception.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from runbook.errors import StoreError
from runbook.i18n import Msg

__all__ = [
    "DatabaseBusy",
    "DatabaseDamaged",
    "DatabaseMissing",
    "DiskFull",
    "ForeignDatabase",
    "NewerDatabase",
    "NotADatabase",
    "ReadOnlyDatabase",
    "StoreClosed",
    "StoreError",
    "StoreIOError",
    "UnstorableEvent",
    "WrongProcess",
    "from_sqlite",
]

NOTHING_CHANGED = Msg(en=" Nothing was changed.", zh="未做任何更改。")
NOT_RECORDED = Msg(en=" The event was NOT recorded.", zh="该记录未被保存。")


class DatabaseMissing(StoreError):
    """Asked to open an existing database, and there is none."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            Msg(
                en="There is no runbook database at {path}. Check the --db path or RUNBOOK_DB.",
                zh="{path} 处没有 runbook 数据库。请检查 --db 路径或 RUNBOOK_DB。",
            ).format(path=path)
        )
        self.path = path


class NotADatabase(StoreError):
    """The file is not SQLite at all (wrong file, or its header was overwritten)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            Msg(
                en="{path} is not a runbook database: it is not an SQLite file, or its "
                "first bytes were overwritten. Check the --db path or RUNBOOK_DB; if it is "
                "the right file, restore it from a backup.",
                zh="{path} 不是 runbook 数据库：它不是 SQLite 文件，或文件开头已被覆盖。"
                "请检查 --db 路径或 RUNBOOK_DB；如果文件无误，请从备份恢复。",
            ).format(path=path)
            + NOTHING_CHANGED
        )
        self.path = path


class DatabaseDamaged(StoreError):
    """SQLite recognises the file but reports it as damaged (truncated, bad pages)."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            Msg(
                en="The database {path} is damaged ({detail}). Keep a copy of the file as "
                "it is and restore the database from a backup.",
                zh="数据库 {path} 已损坏（{detail}）。请原样保留该文件的副本，并从备份恢复数据库。",
            ).format(path=path, detail=detail)
            + NOTHING_CHANGED
        )
        self.path = path


class ForeignDatabase(StoreError):
    """An SQLite file that belongs to another program."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            Msg(
                en="{path} is an SQLite database of another program, not of runbook. "
                "Choose another file with --db or RUNBOOK_DB.",
                zh="{path} 是其他程序的 SQLite 数据库，不属于 runbook。"
                "请用 --db 或 RUNBOOK_DB 选择其他文件。",
            ).format(path=path)
            + NOTHING_CHANGED
        )
        self.path = path


class NewerDatabase(StoreError):
    """The schema is newer than this code knows: reading it could misread the record."""

    def __init__(self, path: Path, found: int, known: int) -> None:
        super().__init__(
            Msg(
                en="The database {path} was made by a newer runbook (schema {found}; this "
                "runbook knows up to {known}). Upgrade runbook; nothing was changed.",
                zh="数据库 {path} 由更新版本的 runbook 创建（结构版本 {found}；本程序最高支持 "
                "{known}）。请升级 runbook；未做任何更改。",
            ).format(path=path, found=found, known=known)
        )
        self.path = path
        self.found = found
        self.known = known


class ReadOnlyDatabase(StoreError):
    """The file, its folder or its file system cannot be written."""

    def __init__(self, path: Path, where: Path | None = None) -> None:
        target = path if where is None else where
        super().__init__(
            Msg(
                en="Cannot write to the database {path}: {target} is read-only. Make it "
                "writable, or choose another path with --db or RUNBOOK_DB.",
                zh="无法写入数据库 {path}：{target} 是只读的。请将其设为可写，"
                "或用 --db 或 RUNBOOK_DB 选择其他路径。",
            ).format(path=path, target=target)
            + NOTHING_CHANGED
        )
        self.path = path


class DatabaseBusy(StoreError):
    """Another writer kept the database locked past the busy timeout."""

    def __init__(self, path: Path, seconds: float) -> None:
        super().__init__(
            Msg(
                en="Another runbook holds the database {path} and did not release it within "
                "{seconds:g} s. Nothing was written. Try again; if this keeps happening, "
                "close the other runbook windows.",
                zh="另一个 runbook 正占用数据库 {path}，{seconds:g} 秒内未释放。未写入任何内容。"
                "请重试；若反复出现，请关闭其他 runbook 窗口。",
            ).format(path=path, seconds=seconds)
        )
        self.path = path


class DiskFull(StoreError):
    """SQLITE_FULL: the write did not fit, and the transaction was rolled back."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            Msg(
                en="The disk holding the database {path} is full. Free some space and "
                "record it again.",
                zh="数据库 {path} 所在的磁盘已满。请释放空间后重新记录。",
            ).format(path=path)
            + NOT_RECORDED
        )
        self.path = path


class StoreIOError(StoreError):
    """The operating system failed a read or write; the outcome of a write is unknown."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            Msg(
                en="Could not read or write the database {path} ({detail}). Check the disk, "
                "then look at the record before repeating the last action.",
                zh="无法读写数据库 {path}（{detail}）。请检查磁盘，"
                "然后先查看记录，再决定是否重复上一步操作。",
            ).format(path=path, detail=detail)
        )
        self.path = path


class UnstorableEvent(StoreError):
    """The event itself cannot be written faithfully (a programming error upstream)."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            Msg(
                en="This event cannot be stored ({detail}).",
                zh="无法保存此记录（{detail}）。",
            ).format(detail=detail)
            + NOT_RECORDED
        )


class StoreClosed(StoreError):
    """The store was used after `close()`."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            Msg(
                en="The database {path} was already closed; open it again.",
                zh="数据库 {path} 已关闭；请重新打开。",
            ).format(path=path)
        )
        self.path = path


class WrongProcess(StoreError):
    """The store was used after fork(): an SQLite connection must not cross processes."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            Msg(
                en="The database {path} was opened in another process; open it again in this one.",
                zh="数据库 {path} 是在另一个进程中打开的；请在本进程中重新打开。",
            ).format(path=path)
        )
        self.path = path


def from_sqlite(error: sqlite3.Error, path: Path, timeout: float) -> StoreError:
    """The StoreError that explains `error`, by SQLite's primary result code."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    detail = str(error)
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return DatabaseBusy(path, timeout)
    if primary == sqlite3.SQLITE_FULL:
        return DiskFull(path)
    if primary == sqlite3.SQLITE_READONLY:
        return ReadOnlyDatabase(path)
    if primary == sqlite3.SQLITE_NOTADB:
        return NotADatabase(path)
    if primary == sqlite3.SQLITE_CORRUPT:
        return DatabaseDamaged(path, detail)
    # SQLite cannot create the -wal or -shm file next to the database.
    if primary == sqlite3.SQLITE_CANTOPEN and not os.access(path.parent, os.W_OK):
        return ReadOnlyDatabase(path, path.parent)
    return StoreIOError(path, detail)
