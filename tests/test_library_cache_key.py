"""The library cache's key follows the core's modules by their file status: a module written
again (an edit, a checkout, an install) must never meet a cache file of the old code."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from runbook import library_cache


def core_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "core"
    folder.mkdir()
    for module in ("playbook.py", "loader.py", "library_json.py"):
        shutil.copy2(Path(library_cache.__file__).with_name(module), folder / module)
    return folder


def test_an_untouched_core_keeps_its_key(tmp_path: Path) -> None:
    folder = core_copy(tmp_path)
    assert library_cache._code(folder) == library_cache._code(folder)


def test_a_module_written_again_with_the_same_bytes_changes_the_key(tmp_path: Path) -> None:
    folder = core_copy(tmp_path)
    before = library_cache._code(folder)
    module = folder / "loader.py"
    data, times = module.read_bytes(), module.stat()
    time.sleep(0.05)  # past the file system's clock tick (a few ms), as any real rewrite is
    module.unlink()
    module.write_bytes(data)  # as an install writes it: a new file, the same bytes
    os.utime(module, ns=(times.st_atime_ns, times.st_mtime_ns))  # even its old date
    assert library_cache._code(folder) != before


def test_a_module_edited_in_place_changes_the_key(tmp_path: Path) -> None:
    folder = core_copy(tmp_path)
    before = library_cache._code(folder)
    module = folder / "playbook.py"
    with module.open("ab") as f:
        f.write(b"\n# changed\n")
    assert library_cache._code(folder) != before


def test_a_new_module_changes_the_key(tmp_path: Path) -> None:
    folder = core_copy(tmp_path)
    before = library_cache._code(folder)
    (folder / "new_rule.py").write_text("RULE = 1\n")
    assert library_cache._code(folder) != before
