"""Keep the tests off the machine's own runbook folders."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The library cache and any default database go to a temporary folder; signing is off
    (RUNBOOK_KEYS=off) except in the tests of checkpoints, which give a key folder."""
    saved = {k: os.environ.get(k) for k in ("RUNBOOK_CACHE", "RUNBOOK_DB", "RUNBOOK_SETTINGS",
                                            "RUNBOOK_PLAYBOOKS", "RUNBOOK_KEYS",
                                            "RUNBOOK_ROSTER")}
    os.environ["RUNBOOK_KEYS"] = "off"
    os.environ["RUNBOOK_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    os.environ["RUNBOOK_DB"] = str(tmp_path_factory.mktemp("data") / "runbook.db")
    os.environ.pop("RUNBOOK_SETTINGS", None)
    os.environ.pop("RUNBOOK_PLAYBOOKS", None)
    os.environ.pop("RUNBOOK_ROSTER", None)
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
