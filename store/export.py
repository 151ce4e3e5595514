"""An incident's post-incident summary, from the record to a file: the one export that
`runbook export` and the player's `x` both run.

It certifies nothing from a damaged file (SQLite's integrity check comes first: a damaged
index hides records), reads the incident's events, checks their hash chain (when it is
broken, the store says where and how, and the summary states it), builds and renders the
summary, and writes it readable by its owner only, whole or not at all (the record is
confidential). Here rather than in the core, which does no I/O; below both the CLI and
the player, which only say what it found.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from msgspec import Struct

from runbook.errors import RunbookError, UsageError
from runbook.events import Event
from runbook.i18n import Lang, Msg
from runbook.playbook import Library
from runbook.state import played_library
from runbook.summary import FORMATS, ChainCheck, build_summary, render
from runbook.summary.chain import chain_intact, intact
from store.codec import COLUMNS, payload_text, to_row
from store.errors import UnknownIncident

if TYPE_CHECKING:
    from store.eventstore import EventStore

__all__ = ["FORMATS", "Exported", "SummaryExists", "chain_of", "export_events",
           "export_incident", "file_name", "read_checked", "warning_for", "write_private"]

BROKEN: Final = Msg("Warning: the record's hash chain is broken; the summary says where. ",
                    "警告：记录的哈希链已损坏；报告中注明了位置。")
UNPLACED: Final = Msg("The hash chain of the record does not verify; run `runbook verify` "
                      "for where and how.",
                      "记录的哈希链校验未通过；请运行 `runbook verify` 查看位置和原因。")


class SummaryExists(RunbookError):
    """The file a summary was to go to is there already, and was not to be replaced."""

    def __init__(self, path: Path) -> None:
        super().__init__(Msg(f"{path} exists already; nothing was written.",
                             f"{path} 已存在；未写入任何内容。"))
        self.path = path


class Exported(Struct, frozen=True):
    text: str
    chain: ChainCheck  # the verdict on the incident's hash chain, as the summary states it
    path: Path | None = None  # where it was written, if it was

    @property
    def warning(self) -> Msg | None:
        return warning_for(self.chain)


def warning_for(chain: ChainCheck) -> Msg | None:
    """What to tell whoever exported a summary whose chain is broken: that, and where."""
    return None if chain.ok else BROKEN + chain.message


def export_incident(store: EventStore, incident_id: str, library: Library, now: datetime,
                    fmt: str, lang: Lang, target: Path | None = None) -> Exported:
    """The summary of `incident_id` as of `now`, written to `target` if given.

    Raises DatabaseDamaged for a file SQLite finds damaged, UnknownIncident for an incident
    with no record, and what `write_private` raises."""
    events, chain = read_checked(store, incident_id)
    library = played_library(events, library, store.version)  # the incident's own version
    return _finish(events, chain, library, now, fmt, lang, target)


def read_checked(store: EventStore, incident_id: str) -> tuple[list[Event], ChainCheck]:
    """The incident's events and the verdict on their chain, from a file SQLite finds
    whole (DatabaseDamaged otherwise; UnknownIncident for an incident with no record)."""
    store.check_integrity()
    events = store.events(incident_id)
    if not events:
        raise UnknownIncident(store.path, incident_id)
    if chain_intact(events):
        return events, intact(len(events))
    report = store.verify(incident_id)  # reads the rows as stored, names the first to blame
    return events, ChainCheck(report.ok, report.message)


def chain_of(events: Sequence[Event]) -> ChainCheck:
    """The verdict on the chain of events already read (at least one)."""
    return intact(len(events)) if chain_intact(events) else _placed(events)


def export_events(events: Sequence[Event], library: Library, now: datetime, fmt: str,
                  lang: Lang, target: Path | None = None, *, replace: bool = True) -> Exported:
    """The same, from the events of one incident already read (at least one), for a caller
    that holds them but not the file: a broken chain is placed from those events. Unless
    `replace`, a file already at `target` is kept (SummaryExists)."""
    return _finish(events, chain_of(events), library, now, fmt, lang, target, replace)


def file_name(incident_id: str, fmt: str, number: int = 1) -> str:
    """The name the player gives a summary (`number` > 1: the next free name beside it)."""
    suffix = f"-{number}" if number > 1 else ""
    return f"{incident_id}-summary{suffix}.{fmt}"


def _finish(events: Sequence[Event], chain: ChainCheck, library: Library, now: datetime,
            fmt: str, lang: Lang, target: Path | None, replace: bool = True) -> Exported:
    text = render(build_summary(events, library, now, chain), fmt, lang)
    return written(text, chain, target, replace)


def written(text: str, chain: ChainCheck, target: Path | None, replace: bool) -> Exported:
    """`text` (a summary or a draft) written to `target`, if there is one, privately."""
    if target is not None:
        write_private(target, text, replace=replace)
    return Exported(text, chain, target)


def _placed(events: Sequence[Event]) -> ChainCheck:
    """Where the chain of `events` breaks, as `runbook verify` would say it of their rows."""
    from store.verify import check_chain  # only for a broken chain

    rows = [tuple(to_row(e, payload_text(e.payload))[c] for c in COLUMNS) for e in events]
    problem = check_chain(events[0].incident_id, rows)
    return ChainCheck(False, UNPLACED if problem is None else problem.message)


def write_private(path: Path, text: str, *, replace: bool = True) -> None:
    """Write all or nothing, readable by the owner only (the record is confidential); unless
    `replace`, never over a file that is there (SummaryExists), even one that appears while
    this writes.

    A device or a FIFO (`-o /dev/stdout`, `-o /dev/null`, a named pipe) is written into: the
    atomic rename would replace it with a regular file, and as root replace /dev's own."""
    try:
        mode = path.stat().st_mode  # follows a symlink to what it names
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise _cannot_write(path, error) from error
    if mode is not None and not replace:
        raise SummaryExists(path)
    if mode is not None and not stat.S_ISREG(mode):
        _write_into(path, text)
        return
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(Msg(f"There is no folder {folder}; create it or choose another -o.",
                             f"文件夹 {folder} 不存在；请先创建或另选 -o。"))
    try:
        handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            if replace:
                os.replace(temp, path)
            else:
                _put_new(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise _cannot_write(path, error) from error


# A file system without hard links (FAT, some network shares) says so with one of these.
NO_LINKS: Final = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                             errno.EMLINK, errno.ENOSYS})


def _put_new(temp: str, path: Path) -> None:
    """Give the whole file `temp` the name `path` only if nothing has it: a hard link fails
    on a name that exists, atomically; without hard links, the name is claimed first."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise SummaryExists(path) from None
    except OSError as error:
        if error.errno not in NO_LINKS:
            raise
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise SummaryExists(path) from None
        os.replace(temp, path)
        return
    Path(temp).unlink(missing_ok=True)


def _write_into(path: Path, text: str) -> None:
    """Into a device or FIFO, without waiting for ever for a reader that is not there."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as error:
        if error.errno == errno.ENXIO:  # a FIFO (or socket) that nothing reads
            raise RunbookError(Msg(
                f"Nothing is reading from {path}; start the program that reads it first, "
                "or choose a file for -o.",
                f"没有程序在读取 {path}；请先启动读取它的程序，或为 -o 另选一个文件。")) from error
        raise _cannot_write(path, error) from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            os.set_blocking(handle, True)
            stream.write(text)
    except OSError as error:
        raise _cannot_write(path, error) from error


def _cannot_write(path: Path, error: OSError) -> RunbookError:
    return RunbookError(Msg(f"Cannot write {path}: {error.strerror or error}.",
                            f"无法写入 {path}：{error.strerror or error}。"))
