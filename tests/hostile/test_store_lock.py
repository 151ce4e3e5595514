"""A writer reads and folds the history before it takes the write lock, and folds each event
once however many it appends: other terminals are not kept waiting by a long record."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from msgspec.structs import replace
from store_helpers import make_event
from store_kit import start

import runbook.guard
import runbook.state
from runbook.actions import make_event as note_of
from runbook.cli.invocation import Given, Invocation
from runbook.events import Event
from runbook.fold import advance, fold
from runbook.incident import Incident
from runbook.playbook import Library
from store import EventStore


@pytest.fixture
def db(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> tuple[Path, str]:
    """An incident of 100 events."""
    path = tmp_path / "runbook.db"
    incident = start(capsys, path)
    with EventStore.open(path) as store:
        for i in range(99):
            store.append(make_event(incident, i))
    return path, incident


class Folds:
    """Counts the rules' folding steps, and those taken while the write lock is held."""

    def __init__(self, path: Path) -> None:
        self.total = 0
        self.locked = 0
        self._probe = sqlite3.connect(path, timeout=0, isolation_level=None)

    def lock_held(self) -> bool:
        try:
            self._probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return True
        self._probe.execute("ROLLBACK")
        return False

    def advance(self, incident: Incident | None, event: Event,
                library: Library | None = None) -> Incident:
        self.total += 1
        self.locked += self.lock_held()
        return advance(incident, event, library)

    def close(self) -> None:
        self._probe.close()


@pytest.fixture
def folds(db: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[Folds]:
    counter = Folds(db[0])
    monkeypatch.setattr(runbook.state, "advance", counter.advance)
    yield counter
    counter.close()


def writer(path: Path) -> Invocation:
    """What one `runbook` command works with (one per command; a script may keep one)."""
    return Invocation(given=Given(db_path=path, by_name="lin", by_group="office"))


def note(invocation: Invocation, incident: str, text: str) -> Event:
    return note_of(invocation.workspace.author(), incident, "note", {"text": text})


def test_a_writer_folds_the_history_before_taking_the_lock(db: tuple[Path, str],
                                                          folds: Folds) -> None:
    path, incident = db
    with writer(path) as invocation:
        assert invocation.append(note(invocation, incident, "late")).seq == 101
    assert folds.total == 100
    assert folds.locked == 0


def test_a_long_lived_writer_folds_each_event_once(db: tuple[Path, str],
                                                   folds: Folds) -> None:
    path, incident = db
    with writer(path) as invocation:
        for i in range(20):
            invocation.append(note(invocation, incident, f"note {i}"))
    assert folds.total == 100 + 19
    assert folds.locked == 0


def test_the_guard_starts_again_when_the_history_is_not_the_one_it_folded(
        db: tuple[Path, str]) -> None:
    path, incident = db
    with EventStore.open(path) as store:
        events = store.events(incident)
    guard = runbook.guard.Guard(writer(path).workspace.library)
    guard.catch_up(events)
    other = [*events[:-1], replace(events[-1], payload={"text": "other"}, hash="f" * 64)]
    assert guard.catch_up(other) == fold(other, guard.library)
