"""The library cache cannot run code, and is used only from a folder its owner alone can
write: a pickle placed in RUNBOOK_CACHE used to be executed by every later command."""

from __future__ import annotations

import json
import os
import pickle
import stat
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

from runbook import library_cache
from runbook.library_cache import load_cached
from runbook.library_json import decode, encode
from runbook.loader import load_library

RUNBOOK = Path(sys.executable).with_name("runbook")


class Planted:
    """What an attacker would leave: unpickling it runs a command."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"id > {self.marker}",))


def runbook(cache: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RUNBOOK_CACHE": str(cache), "RUNBOOK_LANG": "en",
           "RUNBOOK_DB": str(tmp_path / "r.db")}
    env.pop("RUNBOOK_SETTINGS", None)
    return subprocess.run([str(RUNBOOK), *args], capture_output=True, text=True, env=env,
                          timeout=60, stdin=subprocess.DEVNULL)


def key() -> str:
    return library_cache._key(files("playbooks"), None)


def test_a_planted_pickle_is_never_run(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    marker = tmp_path / "ran"
    for name in (f"library-{key()[:32]}.pickle", f"library-{key()[:32]}.json"):
        (cache / name).write_bytes(pickle.dumps(Planted(marker)))
    done = runbook(cache, tmp_path, "review", "--json")
    assert done.returncode == 0, done.stderr
    assert not marker.exists()
    done = runbook(cache, tmp_path, "review", "--json")  # and from the cache it wrote
    assert done.returncode == 0 and not marker.exists()
    written = list(cache.glob("library-*"))
    assert [p.suffix for p in written] == [".json"]
    assert stat.S_IMODE(written[0].stat().st_mode) == 0o600


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o702])
def test_a_folder_others_can_write_is_not_used(tmp_path: Path, mode: int) -> None:
    cache = tmp_path / "shared"
    cache.mkdir()
    cache.chmod(mode)
    marker = tmp_path / "ran"
    (cache / f"library-{key()[:32]}.json").write_text("{}", encoding="utf-8")
    (cache / f"library-{key()[:32]}.pickle").write_bytes(pickle.dumps(Planted(marker)))
    done = runbook(cache, tmp_path, "review", "--json")
    assert done.returncode == 0, done.stderr
    assert "not used" in done.stderr and str(cache) in done.stderr
    assert not marker.exists()
    assert sorted(p.suffix for p in cache.iterdir()) == [".json", ".pickle"]  # untouched
    assert (cache / f"library-{key()[:32]}.json").read_text(encoding="utf-8") == "{}"


@pytest.mark.skipif(os.getuid() != 0, reason="only root can give a folder to another user")
def test_a_folder_of_another_user_is_not_used(tmp_path: Path) -> None:
    cache = tmp_path / "theirs"
    cache.mkdir(mode=0o700)
    os.chown(cache, 65534, 65534)
    messages: list[str] = []
    library = load_cached(cache, warn=lambda m: messages.append(m.en))
    assert library.playbooks and "another user" in messages[0]
    assert list(cache.iterdir()) == []


def test_a_symlink_in_the_folder_is_not_followed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (cache / f"library-{key()[:32]}.json").symlink_to(victim)
    library = load_cached(cache)
    assert library.playbooks
    assert victim.read_text(encoding="utf-8") == "keep me"
    cached = cache / f"library-{key()[:32]}.json"
    assert not cached.is_symlink() and cached.is_file()
    assert load_cached(cache) == library


def test_the_folder_and_its_parents_are_made_private(tmp_path: Path) -> None:
    cache = tmp_path / "a" / "b" / "c"
    before = os.umask(0o022)
    try:
        load_cached(cache)
    finally:
        os.umask(before)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", cache):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert list(cache.glob("library-*.json"))


def test_the_library_reads_back_whole() -> None:
    library = load_library()
    back = decode(encode(library))
    assert back == library
    # Steps of shared modules stay shared, as the loader builds them.
    ids = {id(s) for b in back.playbooks.values() for s in b.steps}
    assert len(ids) < sum(len(b.steps) for b in back.playbooks.values())


@pytest.mark.parametrize("doctored", [
    pytest.param(b"", id="empty"), pytest.param(b"[]", id="a-list"),
    pytest.param(b'{"format": 1}', id="no-fields"),
    pytest.param(b'{"format": 1, "plan": [], "settings": [[], 5], "playbooks": [],'
                 b' "steps": []}', id="wrong-type"),
    pytest.param(b"\xff\xfe", id="not-utf8"),
    pytest.param(b"[" * 100_000, id="deeply-nested")])
def test_a_doctored_cache_file_is_a_miss(tmp_path: Path, doctored: bytes) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    (cache / f"library-{key()[:32]}.json").write_bytes(doctored)
    assert load_cached(cache) == load_library()
    (rebuilt,) = cache.glob("library-*")  # rewritten whole, as JSON data
    assert json.loads(rebuilt.read_bytes()) == encode(load_library())
