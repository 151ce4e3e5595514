"""When Python's cycle collector may run.

The collector walks every tracked object each time enough new ones have been made. Two
moments make a great many objects that all live on and hold no cycles, and there the walks
are pure waste:

- start-up (modules, classes, styles): it waits until the player's first frame, or the
  start of any other command; then `gc.freeze` sets those objects aside for good;
- reading and folding a long record (a million objects for 100,000 events): a third of the
  time or more.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def hold() -> None:
    """Start-up begins (called first, before anything heavy is imported)."""
    gc.disable()


def release() -> None:
    """Start-up is over: collect as usual from now on (idempotent)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    """No collection while a long record is read or folded (nor in other threads)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
