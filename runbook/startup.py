"""Start-up of the `runbook` command: the cycle collector waits until it is over.

Starting the player creates a few hundred thousand long-lived objects (modules, classes,
styles); Python's cycle collector would walk them again and again while they are made,
about a tenth of the time to the first frame. So collection waits until the start-up is
over: the player's first frame, or the start of any other command. Then `gc.freeze` sets
those objects aside for good and collection resumes as usual.
"""

from __future__ import annotations

import gc


def starting() -> None:
    """Called first, before anything heavy is imported (`runbook.cli.entry`)."""
    gc.disable()


def started() -> None:
    """Start-up is over: collect as usual from now on (idempotent)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
