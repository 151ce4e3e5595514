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
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Final

from store.errors import (
    DatabaseMissing,
    NotADatabase,
    ReadOnlyDatabase,
    StoreIOError,
    from_sqlite,
)

SQLITE_HEADER: Final = b"SQLite format 3\x00"
HEADER_SIZE: Final = 100
DEFAULT_TIMEOUT: Final = 10.0
MAX_RETRY_SLEEP: Final = 0.004
READ_ONLY_ERRNOS: Final = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


# Files this process has SQLite connections to. POSIX locks belong to the process, so
# closing any descriptor of ours on such a file drops the locks its SQLite connections
# hold; another process, then seeing no one else, may checkpoint and delete the WAL,
# leaving our connections on a stale copy that never sees a new write.
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


def prepare_file(path: Path, *, create: bool) -> None:
    """Make sure SQLite will open an SQLite file (or an empty one), never anything else."""
    with _IN_USE_LOCK:  # no connection of ours may take its locks while we look
        if _IN_USE[_key(path)] > 0:
            return  # open here already, so a database; and see _IN_USE for why not to look
        try:
            with path.open("rb") as file:
                head = file.read(HEADER_SIZE)
        except FileNotFoundError:
            if not create:
                raise DatabaseMissing(path) from None
            _create_private(path)
            return
        except IsADirectoryError:
            raise NotADatabase(path) from None
        except OSError as error:
            raise StoreIOError(path, error.strerror or str(error)) from error
    # An empty file is what `_create_private` leaves if the first open died before the
    # schema was written; SQLite initialises it like a new file.
    if head and (len(head) < HEADER_SIZE or not head.startswith(SQLITE_HEADER)):
        raise NotADatabase(path)


def _create_private(path: Path) -> None:
    """Create the file 0600 (in a 0700 folder if new) so only its owner can read incidents.

    SQLite creates the -wal and -shm files with the database's own permissions.
    """
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
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
    uri = path.absolute().as_uri() + "?mode=rw"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=timeout)
    except sqlite3.Error as error:
        raise from_sqlite(error, path, timeout) from error
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        # FULL syncs the WAL on every commit: an acknowledged event survives power loss,
        # not only a crash. fullfsync matters on macOS, where fsync alone does not flush.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA fullfsync = ON")
    except sqlite3.Error as error:
        conn.close()
        raise from_sqlite(error, path, timeout) from error
    return conn


def use_wal(conn: sqlite3.Connection, path: Path, timeout: float) -> None:
    """Readers and one writer at a time, without blocking each other."""
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    except sqlite3.Error as error:
        raise from_sqlite(error, path, timeout) from error
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
        if isinstance(error, sqlite3.Error):
            raise from_sqlite(error, path, timeout) from error
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
    except sqlite3.Error as error:
        raise from_sqlite(error, path, timeout) from error
    finally:
        with suppress(sqlite3.Error):
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
    with suppress(sqlite3.Error):
        conn.execute("ROLLBACK")


@contextmanager
def translated(path: Path, timeout: float) -> Iterator[None]:
    """Run a read, turning SQLite failures into StoreErrors."""
    try:
        yield
    except sqlite3.Error as error:
        raise from_sqlite(error, path, timeout) from error
