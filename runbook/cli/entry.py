"""The console script: its first lines run before click, the store or Textual is imported."""

from __future__ import annotations

import gc

YOUNG_OBJECTS = 100_000  # Python's default is 700


def collect_less() -> None:
    """The process's one policy for Python's cycle collector: look for cycles less often.

    The collector walks the young objects each time 700 more have been made than freed.
    Starting runbook (modules, classes, styles) and reading a long record (a million
    objects for 100,000 events, none in a cycle) make that many again and again, and each
    walk is waste. Measured (CPU time, bench/bench_tui.py's incident of 1,000 events):
    launch to the first frame costs 20-30 ms more at 700 than with no collection at all,
    nothing measurable at 100,000; reading and folding 100,000 events, a tenth more. Set
    once, here, for the whole process; cycles are still collected.
    """
    gc.set_threshold(YOUNG_OBJECTS)


def run() -> None:
    collect_less()
    from runbook.cli.main import main

    main()
