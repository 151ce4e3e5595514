"""Starting a player in a fresh process and timing it to its first frame: what
`bench_tui.py` and `bench_launch_compare.py` both measure. Standard library only, so it
serves an install of any version."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time

# As installed (`pip install .` compiles every module): with PYTHONDONTWRITEBYTECODE set, as
# on some development machines, our modules would be compiled afresh at every start while
# Textual's come compiled from its wheel, and the comparison would measure the compiler.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def spawn_until_ready(args: list[str]) -> float:
    """Seconds from starting `args` until it prints `ready` (its first frame is drawn)."""
    start = time.perf_counter()
    # From a neutral folder: run in the repository, `-c` would import its sources instead
    # of the installed package.
    with subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=CHILD_ENV,
                          cwd=tempfile.gettempdir()) as child:
        assert child.stdout is not None
        for line in child.stdout:
            if line.strip() == "ready":
                elapsed = time.perf_counter() - start
                break
        else:
            raise RuntimeError(f"{args[:3]} never drew its first frame")
        child.wait(timeout=30)
    return elapsed
