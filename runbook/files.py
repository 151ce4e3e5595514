"""Reading a file someone names (`--settings`, a playbook folder): only a regular file,
never blocking, never more than a limit.

`Path.read_bytes` reads `/dev/zero` until memory runs out, waits forever on a FIFO with no
writer, and raises from `/proc/self/mem`. Here the path is checked with `stat` before it
is opened (a device is never opened), opened without blocking (in case it was swapped for
a FIFO since), checked again, and read to at most one byte past the limit. The standard
library has no such call; this is the few lines it takes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Final

from runbook.errors import RunbookError
from runbook.i18n import Msg
from runbook.problems import Problem, ProblemList

MAX_BYTES: Final = 1_000_000  # a playbook, module, plan or settings file
KINDS: Final = (
    (stat.S_ISDIR, Msg("a folder", "文件夹")),
    (stat.S_ISFIFO, Msg("a named pipe (FIFO)", "命名管道（FIFO）")),
    (stat.S_ISCHR, Msg("a character device", "字符设备")),
    (stat.S_ISBLK, Msg("a block device", "块设备")),
    (stat.S_ISSOCK, Msg("a socket", "套接字")),
)
NOT_REGULAR: Final = Msg(
    "not a regular file ({kind}); give the path of a YAML file.",
    "不是普通文件（{kind}）；请给出 YAML 文件的路径。")
TOO_BIG: Final = Msg(
    "the file is {size} bytes; a playbook file may be at most {limit:,}. "
    "Split it into shared modules.",
    "文件有 {size} 字节，超过上限 {limit:,}。请拆分为共享模块。")
CANNOT_READ: Final = Msg("cannot read the file: {why}.", "无法读取文件：{why}。")
_FLAGS: Final = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(
    os, "O_CLOEXEC", 0)


def _not_regular(mode: int) -> Msg:
    kind = next((name for test, name in KINDS if test(mode)), Msg("not a file", "非文件"))
    return NOT_REGULAR.format(kind=kind)


def too_big(label: str, size: str, size_zh: str, limit: int = MAX_BYTES) -> ProblemList:
    return ProblemList([Problem(label, 1, 1,
                                TOO_BIG.format(size=Msg(size, size_zh), limit=limit))])


class FileRefused(RunbookError):
    """A file that is not a playbook (a key, an allowed-signers or credentials file, sync's
    state) and is not read: why, in words that fit any such file."""


NOT_SMALL_FILE: Final = Msg("not a regular file of at most {limit:,} bytes",
                            "不是不超过 {limit:,} 字节的普通文件")


class _NotRegular(Exception):
    def __init__(self, mode: int) -> None:
        self.mode = mode


class _TooBig(Exception):
    def __init__(self, size: int) -> None:
        self.size = size


def _read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them; _NotRegular, _TooBig
    or the OSError otherwise."""
    before = os.stat(path)
    if not stat.S_ISREG(before.st_mode):
        raise _NotRegular(before.st_mode)
    fd = os.open(path, _FLAGS)
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):  # swapped since the stat
            raise _NotRegular(opened.st_mode)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise _TooBig(opened.st_size)
    return data


def read_limited(path: Path, label: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file `path`; ProblemList placed at `label`:1:1 otherwise.

    The file may hold at most `limit` bytes."""

    def problem(message: Msg) -> ProblemList:
        return ProblemList([Problem(label, 1, 1, message)])

    try:
        return _read_regular(path, limit)
    except _NotRegular as refused:
        raise problem(_not_regular(refused.mode)) from None
    except _TooBig as refused:
        size = f"{refused.size:,}" if refused.size > limit else f"more than {limit:,}"
        size_zh = f"{refused.size:,}" if refused.size > limit else f"超过 {limit:,}"
        raise too_big(label, size, size_zh, limit) from None
    except OSError as error:
        why = error.strerror or str(error)
        raise problem(CANNOT_READ.format(why=why)) from None


def read_small(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file `path`, read as `read_limited` reads a playbook file;
    FileRefused otherwise, saying why: not such a file, or the operating system's reason."""
    try:
        return _read_regular(path, limit)
    except (_NotRegular, _TooBig):
        raise FileRefused(NOT_SMALL_FILE.format(limit=limit)) from None
    except OSError as error:
        why = error.strerror or str(error)
        raise FileRefused(Msg(why, why)) from None
