"""Why the database cannot be used, told to a responder in both languages.

Every failure of SQLite or of the file system leaves this package as a `StoreError`
subclass; callers never see a raw `sqlite3` exception.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from runbook.errors import NotFound, RefusedAction, StoreError
from runbook.i18n import Msg

__all__ = [
    "DatabaseBusy",
    "DatabaseDamaged",
    "DatabaseMissing",
    "DiskFull",
    "ForeignDatabase",
    "NewerDatabase",
    "NotADatabase",
    "NotARegularFile",
    "ReadOnlyCopyIncomplete",
    "ReadOnlyDatabase",
    "StoreClosed",
    "StoreError",
    "StoreIOError",
    "UnknownIncident",
    "UnreadableRecord",
    "UnstorableEvent",
    "WalReplaced",
    "WrongProcess",
    "from_sqlite",
]

def fill(template: Msg, **fields: object) -> Msg:
    """`template` with its fields filled in each language: a field that is itself a Msg
    gives its English to the English text and its Chinese to the Chinese (`Msg.format`)."""
    return template.format(**fields)


NOTHING_CHANGED = Msg(en=" Nothing was changed.", zh="未做任何更改。")
NOT_RECORDED = Msg(en=" The event was NOT recorded.", zh="该记录未被保存。")


class DatabaseMissing(StoreError):
    """Asked to open an existing database, and there is none (or only a link to none)."""

    def __init__(self, path: Path, link_to: str | None = None) -> None:
        message = Msg(
            en="There is no runbook database at {path}. Check the --db path or RUNBOOK_DB; "
            "`runbook start` creates one.",
            zh="{path} 处没有 runbook 数据库。请检查 --db 路径或 RUNBOOK_DB；"
            "`runbook start` 会新建数据库。",
        ).format(path=path)
        if link_to is not None:
            message += Msg(
                en=" ({path} is a link to {target}, which does not exist.)",
                zh="（{path} 是指向 {target} 的链接，而该文件不存在。）",
            ).format(path=path, target=link_to)
        super().__init__(message)
        self.path = path


class NotADatabase(StoreError):
    """The file is not SQLite at all (wrong file, or its header was overwritten)."""

    def __init__(self, path: Path, message: Msg | None = None) -> None:
        super().__init__(
            message
            or Msg(
                en="{path} is not a runbook database: it is not an SQLite file, or its "
                "first bytes were overwritten. Check the --db path or RUNBOOK_DB; if it is "
                "the right file, restore it from a backup.",
                zh="{path} 不是 runbook 数据库：它不是 SQLite 文件，或文件开头已被覆盖。"
                "请检查 --db 路径或 RUNBOOK_DB；如果文件无误，请从备份恢复。",
            ).format(path=path)
            + NOTHING_CHANGED
        )
        self.path = path


class NotARegularFile(NotADatabase):
    """A named pipe, a device, a socket or a folder: SQLite would hang on some of them."""

    def __init__(self, path: Path, kind: Msg) -> None:
        super().__init__(path, fill(
            Msg(
                en="{path} is not a regular file ({kind}); a runbook database is a file. "
                "Check the --db path or RUNBOOK_DB.",
                zh="{path} 不是普通文件（{kind}）；runbook 数据库是一个文件。"
                "请检查 --db 路径或 RUNBOOK_DB。",
            ),
            path=path, kind=kind,
        ) + NOTHING_CHANGED)


class DatabaseDamaged(StoreError):
    """SQLite recognises the file but reports it as damaged (truncated, bad pages)."""

    def __init__(self, path: Path, detail: str | Msg) -> None:
        super().__init__(fill(
            Msg(
                en="The database {path} is damaged ({detail}). Keep a copy of the file as "
                "it is and restore the database from a backup.",
                zh="数据库 {path} 已损坏（{detail}）。请原样保留该文件的副本，并从备份恢复数据库。",
            ),
            path=path, detail=detail,
        ) + NOTHING_CHANGED)
        self.path = path


class UnreadableRecord(DatabaseDamaged):
    """One stored record cannot be read; the incident's other records and other incidents
    may be fine."""

    def __init__(self, path: Path, incident_id: str, seq: int, why: Msg) -> None:
        super().__init__(path, fill(
            Msg(
                en="incident {incident} record {seq} cannot be read: {why}",
                zh="事件 {incident} 第 {seq} 条记录无法读取：{why}",
            ),
            incident=incident_id, seq=seq, why=why,
        ))
        self.incident_id = incident_id
        self.seq = seq


class UnknownIncident(StoreError, NotFound):
    """Asked about an incident that has no record in the database."""

    def __init__(self, path: Path, incident_id: str) -> None:
        super().__init__(
            Msg(
                en="There is no incident {incident} in the database {path}; `runbook list` "
                "shows those there are. If it was there before, it has been deleted or "
                "renamed: compare with a backup.",
                zh="数据库 {path} 中没有事件 {incident}；可用 `runbook list` 查看现有事件。"
                "如果它以前存在，说明已被删除或改名：请与备份比对。",
            ).format(path=path, incident=incident_id)
        )
        self.path = path
        self.incident_id = incident_id


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


class ReadOnlyCopyIncomplete(StoreError):
    """A read-only copy whose -wal holds records that SQLite cannot read without a -shm."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            Msg(
                en="The read-only copy {path} cannot be read completely: its {path}-wal file "
                "holds records not yet in the main file, and without its {path}-shm file "
                "SQLite can read them only from a writable folder. Copy {path} and "
                "{path}-wal together into a writable folder and open that copy.",
                zh="只读副本 {path} 无法完整读取：其 {path}-wal 文件中有尚未写入主文件的记录，"
                "而缺少 {path}-shm 文件时，SQLite 只能在可写的文件夹中读取这些记录。"
                "请把 {path} 和 {path}-wal 一起复制到可写的文件夹，再打开该副本。",
            ).format(path=path)
            + NOTHING_CHANGED
        )
        self.path = path


class WalReplaced(StoreError):
    """The -wal file this store writes was deleted or replaced on disk, and what it held
    could not be saved into the main file."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            Msg(
                en="Something deleted or replaced {path}-wal while runbook was writing to it, "
                "and the records it holds could not yet be saved into {path}: another "
                "program is reading the database. Keep this runbook open, close the other "
                "runbook windows and try again; look at the record before repeating the last "
                "action. Stop whatever deletes -wal files: it loses records.",
                zh="在 runbook 写入期间，{path}-wal 被删除或替换，其中的记录尚未能保存到 {path}："
                "另一个程序正在读取该数据库。请保持本 runbook 打开，关闭其他 runbook 窗口后重试；"
                "重复上一步操作前请先查看记录。请停止删除 -wal 文件的程序：它会导致记录丢失。",
            ).format(path=path)
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


class SharedIncident(StoreError, RefusedAction):
    """An event without a site for an incident that sites share (origin "" is numbered by
    the store's own seq, so it can only come before every site's events)."""

    def __init__(self, path: Path, incident_id: str, origins: list[str]) -> None:
        super().__init__(
            Msg(
                en="Incident {incident} in {path} is shared with other sites ({sites}): "
                "record on it as a site, with --site NAME or RUNBOOK_SITE.",
                zh="数据库 {path} 中的事件 {incident} 与其他站点（{sites}）共享："
                "请以站点身份记录（--site 名称 或环境变量 RUNBOOK_SITE）。",
            ).format(path=path, incident=incident_id, sites=", ".join(origins))
            + NOT_RECORDED
        )
        self.path = path
        self.incident_id = incident_id


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


NOT_UTF8 = Msg(en="some stored text is not valid UTF-8", zh="部分已存文本不是有效的 UTF-8")
# What Python's sqlite3 raises when a TEXT value it reads is not UTF-8.
UNDECODABLE_PREFIX = "Could not decode to UTF-8"


def not_utf8(error: BaseException) -> bool:
    """Whether `error` is sqlite3's failure to decode a stored text value."""
    return isinstance(error, sqlite3.OperationalError) and str(error).startswith(
        UNDECODABLE_PREFIX)


def shown(detail: str, limit: int = 300) -> str:
    """SQLite's own words for a message: one line, no control characters, not too long
    (its messages quote text from the file, which may hold anything)."""
    text = "".join(ch if ch.isprintable() else " " for ch in detail.replace("\n", "; "))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def from_unicode(path: Path) -> StoreError:
    """SQLite's error message itself was not UTF-8: it quoted damaged text from the file
    (a schema statement with altered bytes)."""
    return DatabaseDamaged(path, NOT_UTF8)


def from_sqlite(error: sqlite3.Error, path: Path, timeout: float) -> StoreError:
    """The StoreError that explains `error`, by SQLite's primary result code."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    detail = shown(str(error))
    if not_utf8(error):
        return DatabaseDamaged(path, NOT_UTF8)
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
