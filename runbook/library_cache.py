"""The checked library, kept between runs so starting the player skips parsing and checking.

The key is a hash of every byte the library is built from (the playbook folder, the override
file, the core's own modules, which define and check what is pickled), so any change to them
makes a fresh load; a cache file that cannot be read is ignored and rebuilt. Importing this
module costs nothing heavy: the YAML reader, pydantic and the checks are imported only on a
miss.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from runbook.files import read_limited
from runbook.playbook import Library
from runbook.problems import ProblemList


def load_cached(cache_dir: Path | None, override: Path | None = None,
                root: Traversable | None = None) -> Library:
    """The library, from the cache when its sources are unchanged; checked otherwise."""
    from_root = root or files("playbooks")
    key = _key(from_root, override)
    cached = _read(cache_dir, key) if cache_dir is not None else None
    if cached is not None:
        return cached
    from runbook.loader import load_library

    library = load_library(from_root, override)  # raises ProblemList: nothing is cached
    if cache_dir is not None:
        _write(cache_dir, key, library)
    return library


def _key(root: Traversable, override: Path | None) -> str:
    digest = hashlib.sha256(_code())
    for name, data in sorted(_sources(root)):
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


def _sources(root: Traversable, prefix: str = "") -> list[tuple[str, bytes]]:
    found = []
    for entry in root.iterdir():
        if entry.is_dir():
            found.extend(_sources(entry, f"{prefix}{entry.name}/"))
        elif entry.name.endswith(".yaml"):
            found.append((prefix + entry.name, _bytes(entry)))
    return found


def _code() -> bytes:
    """The core's modules: a changed loader or model must not meet an old pickle.
    (Cheaper than asking the package metadata for a version, and stricter.)"""
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.digest()


def _read(cache_dir: Path, key: str) -> Library | None:
    path = cache_dir / f"library-{key[:32]}.pickle"
    try:
        with path.open("rb") as f:
            library = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            TypeError, ValueError):
        return None
    return library if isinstance(library, Library) else None


def _write(cache_dir: Path, key: str, library: Library) -> None:
    """Best effort, atomic, owner-only: a cache that cannot be written is no error."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        for old in cache_dir.glob("library-*.pickle"):
            old.unlink(missing_ok=True)
        tmp = cache_dir / f".library-{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            pickle.dump(library, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache_dir / f"library-{key[:32]}.pickle")
    except OSError:
        return
