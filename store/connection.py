"""Opening the SQLite file safely, and the one way this package writes: BEGIN IMMEDIATE.

SQLite itself never refuses to open a file: it fails later, on the first read or write,
and it would happily turn an empty path into a new database. So the file is checked and
created here, before SQLite sees it, and every SQLite failure becomes a StoreError.
"""

from __future__ import annotations

import errno
import os
import random
import sqlite3
import stat
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Final

from runbook.i18n import Msg
from store.errors import (
    DatabaseDamaged,
    DatabaseMissing,
    NotADatabase,
    NotARegularFile,
    ReadOnlyCopyIncomplete,
    ReadOnlyDatabase,
    StoreError,
    StoreIOError,
    from_sqlite,
    from_unicode,
)
from store.paths import make_private_folder

SQLITE_HEADER: Final = b"SQLite format 3\x00"
HEADER_SIZE: Final = 100
PAGE_SIZES: Final = frozenset(2**n for n in range(9, 17))
CUT_SHORT: Final = Msg(
    en="the file is {size} bytes but its header says {expected}: it was cut short",
    zh="文件只有 {size} 字节，而文件头记载为 {expected} 字节：文件被截断了",
)
DEFAULT_TIMEOUT: Final = 10.0
MAX_RETRY_SLEEP: Final = 0.004
READ_ONLY_ERRNOS: Final = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


# Files this process has SQLite connections to. POSIX locks belong to the process, so
# closing any descriptor of ours on such a file drops the locks its SQLite connections
# hold; another process, then seeing no one else, checkpoints and deletes the WAL under
# them when it closes (tests/test_store_one_process.py). The player keeps one connection,
# but a process may open several stores on one file (one per thread; the tests write as
# another terminal beside the player).
_IN_USE: Counter[str] = Counter()
_IN_USE_LOCK = threading.Lock()


def _key(path: Path) -> str:
    return os.path.realpath(path)


def hold(path: Path) -> None:
    """A connection of this process now has `path` open (until `release`)."""
    with _IN_USE_LOCK:
        _IN_USE[_key(path)] += 1


def release(path: Path) -> None:
    with _IN_USE_LOCK:
        key = _key(path)
        _IN_USE[key] -= 1
        if _IN_USE[key] <= 0:
            del _IN_USE[key]


def prepare_file(path: Path, *, create: bool) -> os.stat_result | None:
    """Make sure SQLite will open a regular SQLite file (or an empty one), never anything
    else, and none cut short. Returns the file's status; None if it was just created, or
    is open in this process already (and was checked then).

    The type is checked before the file is opened: opening a named pipe for reading waits
    for a writer, which never comes.
    """
    with _IN_USE_LOCK:  # no connection of ours may take its locks while we look
        if _IN_USE[_key(path)] > 0:
            return None  # open here already, so a database; and see _IN_USE for why not to look
        try:
            status = os.stat(path)
        except FileNotFoundError:
            if os.path.islink(path):
                if not create:
                    raise DatabaseMissing(path, os.readlink(path)) from None
                _create_private(Path(os.path.realpath(path)))  # where the link points
                return None
            if not create:
                raise DatabaseMissing(path) from None
            _create_private(path)
            return None
        except NotADirectoryError as error:  # a file where a folder of the path should be
            if create:
                raise StoreIOError(path, error.strerror or str(error)) from error
            raise DatabaseMissing(path) from None
        except OSError as error:
            raise StoreIOError(path, error.strerror or str(error)) from error
        _check_regular(path, status)
        head, size = _read_head(path)
    _check_head(path, head, size)
    return status


def _check_regular(path: Path, status: os.stat_result) -> None:
    mode = status.st_mode
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        kind = Msg("a folder", "文件夹")
    elif stat.S_ISFIFO(mode):
        kind = Msg("a named pipe", "命名管道")
    elif stat.S_ISSOCK(mode):
        kind = Msg("a socket", "套接字")
    else:
        kind = Msg("a device", "设备")
    raise NotARegularFile(path, kind)


def _read_head(path: Path) -> tuple[bytes, int]:
    """The first bytes of the file and its size, read without waiting on anything."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise StoreIOError(path, error.strerror or str(error)) from error
    try:
        status = os.fstat(fd)
        _check_regular(path, status)  # replaced since it was looked at
        return os.read(fd, HEADER_SIZE), status.st_size
    except OSError as error:
        raise StoreIOError(path, error.strerror or str(error)) from error
    finally:
        os.close(fd)


def _check_head(path: Path, head: bytes, size: int) -> None:
    """An SQLite header, and a file as long as the header says (when that can be told).

    The header's page count is exact when its "valid-for" number equals the change
    counter (SQLite has kept both since 3.7.0). A -wal that holds data may be the only
    copy of pages a checkpoint had not yet written, so then the file may be shorter.
    """
    if not head:
        # An empty file is what `_create_private` leaves if the first open died before
        # the schema was written; SQLite initialises it like a new file.
        return
    if len(head) < HEADER_SIZE or not head.startswith(SQLITE_HEADER):
        raise NotADatabase(path)
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    counted = head[24:28] == head[92:96]
    expected = pages * page_size
    if counted and pages and page_size in PAGE_SIZES and size < expected and not _wal_holds(path):
        raise DatabaseDamaged(path, CUT_SHORT.format(size=size, expected=expected))


def wal_path(path: Path) -> str:
    """Where SQLite keeps the database's -wal: beside the file itself, not beside a link."""
    return f"{os.path.realpath(path)}-wal"


def _wal_holds(path: Path) -> bool:
    try:
        return os.stat(wal_path(path)).st_size > 0
    except OSError:
        return False


def _create_private(path: Path) -> None:
    """Create the file 0600 (in 0700 folders if new) so only its owner can read incidents.

    SQLite creates the -wal and -shm files with the database's own permissions.
    """
    try:
        make_private_folder(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        # Another runbook created it a moment ago; opening it is just as good.
        return
    except OSError as error:
        if error.errno in READ_ONLY_ERRNOS:
            raise ReadOnlyDatabase(path, _first_existing(path.parent)) from None
        raise StoreIOError(path, error.strerror or str(error)) from error
    os.close(fd)


def _first_existing(folder: Path) -> Path:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def check_writable(path: Path) -> None:
    """Refuse early and clearly: SQLite would open read-only silently and fail on the first
    write, or fail to create the -wal file in a read-only folder."""
    if not os.access(path, os.W_OK):
        raise ReadOnlyDatabase(path)
    if not os.access(path.parent, os.W_OK):
        raise ReadOnlyDatabase(path, path.parent)


def connect(path: Path, timeout: float) -> sqlite3.Connection:
    """A connection in autocommit mode with the durability settings, not yet in WAL mode.

    Setting WAL is a write; it waits until the schema version is known to be ours.
    """
    # mode=rw: never let SQLite create a file that `prepare_file` did not.
    conn = _connect(path, "?mode=rw", timeout)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        # FULL syncs the WAL on every commit: an acknowledged event survives power loss,
        # not only a crash. fullfsync matters on macOS, where fsync alone does not flush.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA fullfsync = ON")
    except (sqlite3.Error, UnicodeDecodeError) as error:
        conn.close()
        raise _translate(error, path, timeout) from error
    return conn


def connect_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    """A connection that cannot write, for a file that may be read-only or on read-only
    media: it reads the -wal as any reader does, and never checkpoints or deletes it.

    SQLite needs a -shm file to read a WAL database; where it can neither open nor create
    one (a read-only folder or mount), the file is opened `immutable` instead, which reads
    the main file alone, without locks. That is complete only if no -wal holds data, and
    safe only because nothing can write there.
    """
    conn = _connect(path, "?mode=ro", timeout)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        conn.execute("PRAGMA application_id").fetchone()  # the first read opens the -wal
        return conn
    except (sqlite3.Error, UnicodeDecodeError) as error:
        conn.close()
        if not _no_shm(error):
            raise _translate(error, path, timeout) from error
    if _wal_holds(path):
        raise ReadOnlyCopyIncomplete(path)
    return _connect(path, "?mode=ro&immutable=1", timeout)


def _no_shm(error: BaseException) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in (sqlite3.SQLITE_CANTOPEN,
                                                      sqlite3.SQLITE_READONLY)


def _connect(path: Path, query: str, timeout: float) -> sqlite3.Connection:
    uri = path.absolute().as_uri() + query
    try:
        return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=timeout)
    except (sqlite3.Error, UnicodeDecodeError) as error:
        raise _translate(error, path, timeout) from error


def _translate(error: sqlite3.Error | UnicodeDecodeError, path: Path,
               timeout: float) -> StoreError:
    if isinstance(error, UnicodeDecodeError):
        return from_unicode(path)
    return from_sqlite(error, path, timeout)


class WalWatch:
    """Tells whether the -wal file at its path is still the one a connection writes.

    SQLite keeps its -wal open: if a clean-up deletes (or replaces) the file, SQLite goes
    on writing into the deleted one, and every commit since the last checkpoint vanishes
    with the process. The file at the path is compared with the one first seen there,
    by device and inode.

    Looking at the -wal itself right after a commit costs about 60 µs here (ext4: the next
    commit's fsync takes that much longer), a sixth of an append, so the folder is looked
    at first: deleting, renaming or creating the -wal changes the folder's modification
    time. That time is trusted only once it is older than the file system's clock tick
    (two changes within one tick would leave it the same): 50 ms where times carry
    sub-millisecond parts (ext4, xfs, btrfs, tmpfs, APFS; the kernel's tick is at most
    10 ms), 3 s where they do not (FAT keeps 2 s, HFS+ 1 s).
    """

    SETTLED_NS: Final = 50_000_000
    SETTLED_COARSE_NS: Final = 3_000_000_000

    def __init__(self, path: Path) -> None:
        self._wal = wal_path(path)
        self._folder = os.path.dirname(self._wal)
        self._file = self._identity()
        self._folder_seen: tuple[int, int] | None = None

    def same(self) -> bool:
        """Whether the -wal at the path is the one first seen (if none was, the one seen
        now becomes it)."""
        folder = self._folder_now()
        if folder is not None and folder == self._folder_seen:
            return True
        current = self._identity()
        if self._file is None:
            self._file = current
        if current != self._file:
            return False
        self._folder_seen = folder if folder is not None and _settled(folder[1]) else None
        return True

    def _identity(self) -> tuple[int, int] | None:
        try:
            status = os.stat(self._wal)
        except OSError:
            return None
        return status.st_dev, status.st_ino

    def _folder_now(self) -> tuple[int, int] | None:
        try:
            status = os.stat(self._folder)
        except OSError:
            return None
        return status.st_ino, status.st_mtime_ns


def _settled(mtime_ns: int) -> bool:
    """Whether a modification time is older than any tick of the clock that stamped it."""
    tick = WalWatch.SETTLED_NS if mtime_ns % 1_000_000 else WalWatch.SETTLED_COARSE_NS
    return abs(time.time_ns() - mtime_ns) > tick


def save_wal(conn: sqlite3.Connection) -> bool:
    """Copy every frame of the -wal this connection has open into the main file and sync
    it. Whether all of them were copied (a reader of an older snapshot may prevent it)."""
    try:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except (sqlite3.Error, UnicodeDecodeError):
        return False
    return int(busy) == 0


def use_wal(conn: sqlite3.Connection, path: Path, timeout: float) -> None:
    """Readers and one writer at a time, without blocking each other."""
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    except (sqlite3.Error, UnicodeDecodeError) as error:
        raise _translate(error, path, timeout) from error
    if str(mode).lower() != "wal":
        # WAL needs shared memory, which network file systems do not offer.
        raise StoreIOError(path, f"journal mode stays {mode}; is it on a network drive?")


@contextmanager
def write_transaction(conn: sqlite3.Connection, path: Path, timeout: float) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception.

    IMMEDIATE takes the write lock before the first read, so the reads inside (the last
    seq and hash) cannot be overtaken by another writer; a deferred BEGIN that upgrades
    to a write would get SQLITE_BUSY at once instead of waiting. The block is committed
    only when it exits normally: the caller acknowledges after that.
    """
    begin_immediate(conn, path, timeout)
    try:
        yield
        conn.execute("COMMIT")
    except BaseException as error:
        rollback(conn)
        if isinstance(error, sqlite3.Error | UnicodeDecodeError):
            raise _translate(error, path, timeout) from error
        raise


def begin_immediate(conn: sqlite3.Connection, path: Path, timeout: float) -> None:
    """Take the write lock, retrying after short random sleeps for up to `timeout` s.

    SQLite's busy handler sleeps longer and longer (up to 100 ms a time), so a waiting
    writer often sleeps on while the lock is free and another takes it: with four
    writers the slowest append waited about twice as long as with this loop
    (bench/bench_store.py). Reads keep SQLite's handler.
    """
    deadline = time.monotonic() + timeout
    attempt = 0
    try:
        conn.execute("PRAGMA busy_timeout = 0")
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                remaining = deadline - time.monotonic()
                if not _busy(error) or remaining <= 0:
                    raise
            attempt += 1
            # Random, so waiting writers do not wake in step; capped, so none oversleeps.
            time.sleep(min(remaining, random.uniform(0, MAX_RETRY_SLEEP * min(attempt, 8) / 8)))
    except (sqlite3.Error, UnicodeDecodeError) as error:
        raise _translate(error, path, timeout) from error
    finally:
        with suppress(sqlite3.Error, UnicodeDecodeError):
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")


def _busy(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def rollback(conn: sqlite3.Connection) -> None:
    if not conn.in_transaction:
        # SQLite already rolled back (it does so itself on SQLITE_FULL and I/O errors).
        return
    # The error that made us roll back is the one the caller must see; a failed
    # ROLLBACK leaves nothing committed either.
    with suppress(sqlite3.Error, UnicodeDecodeError):
        conn.execute("ROLLBACK")


@contextmanager
def translated(path: Path, timeout: float) -> Iterator[None]:
    """Run a read, turning SQLite failures into StoreErrors.

    SQLite's messages quote the text they choke on: when that text is not UTF-8 (bytes
    changed in a schema statement), Python fails to decode the message itself.
    """
    try:
        yield
    except (sqlite3.Error, UnicodeDecodeError) as error:
        raise _translate(error, path, timeout) from error
