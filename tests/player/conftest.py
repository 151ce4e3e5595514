"""The player's tests: a fixed playbook library, a temporary database, a frozen clock,
English unless a test says otherwise, no animations, a fresh event loop after each test."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from tuikit import BOOK, START, Writer

from runbook.clock import FrozenClock
from runbook.loader import load_library
from runbook.playbook import Library

# Read by the `runbook` processes the tmux test starts (this process's apps are set directly).
os.environ["TEXTUAL_ANIMATIONS"] = "none"


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library(BOOK)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # the home screen shows the path relative to here
    return tmp_path / "runbook.db"


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
def writer(library: Library, db: Path) -> Iterator[Writer]:
    """Another terminal: its own connection, its own clock, the same rules."""
    with Writer.open(library, db) as w:
        yield w


@pytest.fixture(autouse=True)
def fresh_loop() -> Iterator[None]:
    # After a test runs asyncio.run(), snap_compare needs a current loop (textual#5788).
    yield
    asyncio.set_event_loop(asyncio.new_event_loop())
