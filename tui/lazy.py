"""Modules the player needs only when a responder opens them (a dialog, the full timeline,
a reader), loaded then rather than at launch: the first frame does not wait for them.

The standard library's `importlib.util.LazyLoader` does the deferring; this module only
names it once. A lazily loaded module runs at its first attribute access, so it is used
only for screens and dialogs, which the UI thread alone touches (in Python 3.11 two threads
touching a lazy module for the first time at once could both start running it).
Callers import the real module under `TYPE_CHECKING`, so strict mypy still checks every use.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy(name: str) -> ModuleType:
    """The module `name`, run at its first use (at once if it has been imported already)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:  # a packaging fault: say so now, not at use
        raise ImportError(f"runbook's player module {name} is missing", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
