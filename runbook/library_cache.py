"""The checked library, kept between runs so starting the player skips parsing and checking.

The key is a hash of every byte the library is built from (the playbook folder, the override
file) and of the file status of the core's own modules, which define and check what is
cached, so any change to them makes a fresh load; a cache file that cannot be read is
ignored and rebuilt. Importing this module costs nothing heavy: the YAML reader, pydantic
and the checks are imported only on a miss.

The cache is plain JSON data (`runbook.library_json`), which cannot run code when read,
in a folder only its owner can write: a folder writable by others, or someone else's, is
not used at all. Files are read without following symlinks and written under a new name
(O_EXCL, O_NOFOLLOW), then renamed into place.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from runbook.files import read_limited
from runbook.i18n import Msg
from runbook.library_files import shipped_root, yaml_files
from runbook.playbook import Library
from runbook.problems import ProblemList

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

MAX_CACHE_BYTES: Final = 16_000_000
KEPT: Final = 4  # libraries kept: an institution's real and drill folders, the shipped one


def load_cached(cache_dir: Path | None, override: Path | None = None,
                root: Traversable | None = None,
                warn: Callable[[Msg], None] | None = None) -> Library:
    """The library, from the cache when its sources are unchanged; checked otherwise.

    A cache folder another user could write to is not used; `warn` is told why."""
    from_root = root or shipped_root()
    key = _key(from_root, override, shipped=root is None)
    if cache_dir is not None:
        why = unsafe_folder(cache_dir)
        if why is not None:
            if warn is not None:
                warn(UNSAFE.format(folder=cache_dir, why=why))
            cache_dir = None
    cached = _read(cache_dir, key) if cache_dir is not None else None
    if cached is not None:
        return cached
    from runbook.loader import load_library

    library = load_library(from_root, override)  # raises ProblemList: nothing is cached
    if cache_dir is not None:
        _write(cache_dir, key, library)
    return library


def _key(root: Traversable, override: Path | None, shipped: bool = True) -> str:
    """An institution's folder keys on its own files and on the shipped ones, which fill in
    what it leaves out (the plan, the settings, the facts; the types of a folder of changes)."""
    digest = hashlib.sha256(_code())
    sources = _sources(root)
    if not shipped:
        sources = [(f"./{name}", data) for name, data in sources]
        sources += [(f"shipped/{name}", data) for name, data in _sources(shipped_root())]
    for name, data in sorted(sources):
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    if override is not None:
        digest.update(b"override\0" + _bytes(override))
    return digest.hexdigest()


def _bytes(entry: Traversable | Path) -> bytes:
    """What a source file holds, read safely; a file that cannot be read (not a regular
    file, too big) keys as unreadable, and the loader then says what is wrong with it."""
    try:
        if isinstance(entry, os.PathLike):
            return read_limited(Path(entry), str(entry))
        return entry.read_bytes()
    except (ProblemList, OSError):
        return b"-unreadable"


def _sources(root: Traversable) -> list[tuple[str, bytes]]:
    return [(name, _bytes(entry)) for name, entry in yaml_files(root)]


def _code(folder: Path = Path(__file__).parent) -> bytes:
    """The core's modules: a changed loader or model must not meet an old cache file.

    Keyed on each module's file status, not its bytes (reading and hashing them all took
    3 ms of every start): a module written again, by an edit, a checkout or an install,
    gets a new change time (`st_ctime_ns`, which no program can set back) and usually a
    new inode, size and modification time. Stricter than the package's version number,
    which does not change while the code is being worked on."""
    digest = hashlib.sha256()
    for module in sorted(folder.glob("*.py")):
        try:
            s = module.stat()
        except OSError:
            continue
        digest.update(f"{module.name}\0{s.st_ino}:{s.st_size}:{s.st_mtime_ns}:"
                      f"{s.st_ctime_ns}\0".encode())
    return digest.digest()


def _read(cache_dir: Path, key: str) -> Library | None:
    path = cache_dir / f"library-{key[:32]}.json"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _private(info):
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read(MAX_CACHE_BYTES + 1)
        if len(raw) > MAX_CACHE_BYTES:
            return None
        from runbook.library_json import decode

        return decode(json.loads(raw))
    except (OSError, ValueError, RecursionError):
        return None  # unreadable or not what we write: rebuilt
    finally:
        os.close(fd)


def _write(cache_dir: Path, key: str, library: Library) -> None:
    """Best effort, atomic, owner-only: a cache that cannot be written is no error."""
    from runbook.library_json import encode

    try:
        _make_folder(cache_dir)
        if unsafe_folder(cache_dir) is not None:
            return
        _forget_old(cache_dir)
        data = json.dumps(encode(library), ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")
        tmp = cache_dir / f".library-{os.getpid()}-{secrets.token_hex(4)}.tmp"
        # A new name only: never follows or reuses a file someone placed there.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, cache_dir / f"library-{key[:32]}.json")
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError:
        return


def _forget_old(cache_dir: Path) -> None:
    """Make room for one more: the newest `KEPT - 1` libraries stay (so playing two folders
    in turn reads both from the cache), older ones and any pickle of an old version go."""
    found = []
    for path in cache_dir.glob("library-*.json"):
        with contextlib.suppress(OSError):  # removed meanwhile by another runbook
            found.append((path.stat().st_mtime, path))
    found.sort(reverse=True)
    for _, path in found[KEPT - 1:]:
        path.unlink(missing_ok=True)
    for path in cache_dir.glob("library-*.pickle"):
        path.unlink(missing_ok=True)


def _make_folder(folder: Path) -> None:
    """The folder and any missing parents, each readable by its owner only."""
    missing = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by another runbook
            os.mkdir(path, 0o700)


def _private(info: os.stat_result) -> bool:
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def unsafe_folder(folder: Path) -> Msg | None:
    """Why the cache folder must not be used (another user could place a file there), or
    None. A folder that does not exist yet is safe: it is made private."""
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        return None
    except OSError as error:
        return Msg(f"cannot be checked ({error.strerror or error})",
                   f"无法检查（{error.strerror or error}）")
    if not stat.S_ISDIR(info.st_mode):
        return Msg("is not a folder", "不是文件夹")
    if info.st_uid != os.getuid():
        return Msg("belongs to another user", "属于其他用户")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return Msg("can be written by other users", "其他用户可写")
    return None


UNSAFE: Final = Msg(
    "Warning: the library cache folder {folder} {why}; it is not used (the playbooks are "
    "read and checked afresh). Make it yours and private (chmod 700), or set RUNBOOK_CACHE.",
    "警告：剧本缓存文件夹 {folder}{why}；已不使用（剧本将重新读取和检查）。"
    "请确保它属于你且仅你可访问（chmod 700），或设置 RUNBOOK_CACHE。")
