"""What the CLI tests share: running a command as a script would, and incidents declared
with ids the test chooses (written as a copy of a record is, then acted on with commands)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import pytest

from runbook import actions
from runbook.actions import Author
from runbook.chain import chained
from runbook.cli.main import main
from runbook.clock import FrozenClock
from runbook.events import Actor
from runbook.loader import load_library
from runbook.playbook import Library
from store.bulk import bulk_load


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`runbook ARGS`: its exit code, standard output and standard error."""
    with pytest.raises(SystemExit) as done:
        main(list(args))
    out, err = capsys.readouterr()
    code = done.value.code
    return (code if isinstance(code, int) else 0), out, err


@cache
def library() -> Library:
    return load_library()


def now() -> datetime:
    return datetime.now().astimezone()


def declare(db: Path, *ids: str, type_id: str = "technical-fault", level: str = "II",
            title: str = "gateway down", ago: timedelta = timedelta(minutes=30)) -> None:
    """Incidents with these ids, declared `ago` (their deadlines run from then)."""
    at = now() - ago
    author = Author(Actor("lin", "office"), FrozenClock(at))
    events = []
    for incident_id in ids:
        events += chained([actions.declaration(author, library(), incident_id, type_id=type_id,
                                               level=level, title=title, drill=False)])
    bulk_load(db, events)


ELLIPSIS = "…"


def lines_of(out: str) -> list[str]:
    return out.rstrip("\n").split("\n")


def widest(out: str) -> int:
    from rich.cells import cell_len

    return max(cell_len(line) for line in lines_of(out))


def tokens(out: str) -> set[str]:
    """Every word printed (split at spaces)."""
    return set(re.split(r"\s+", out))
