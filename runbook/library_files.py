"""Which files a playbook folder's library is made of: every YAML file in it and in its
sub-folders, with its path inside the folder. Folders named `_…` or `.…` are not the library
(the shipped package's `__pycache__`, a `.git` beside an institution's own files).

The library cache keys on these files and `runbook init` copies them; the loader reads the
ones it knows by name and says what is wrong with a folder it cannot read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


def shipped_root() -> Path:
    """The bundled playbooks: the `playbooks` package's folder. Asked of the package itself,
    not of `importlib.resources.files`, which imports `zipfile` (3 ms of every start) for
    installs from a zip archive, which pip never makes."""
    import playbooks

    return Path(playbooks.__file__).parent


def yaml_files(root: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    """The folder's YAML files in name order; what cannot be listed is left out."""
    found: list[tuple[str, Traversable]] = []
    try:
        entries = sorted(root.iterdir(), key=lambda e: e.name) if root.is_dir() else []
    except OSError:
        return found
    for entry in entries:
        if entry.is_dir():
            if not entry.name.startswith(("_", ".")):
                found.extend(yaml_files(entry, f"{prefix}{entry.name}/"))
        elif entry.name.endswith(".yaml"):
            found.append((prefix + entry.name, entry))
    return found
