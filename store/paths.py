"""Where the database lives unless the user says otherwise."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

DB_ENV = "RUNBOOK_DB"
DB_NAME = "runbook.db"


def default_db_path(environ: Mapping[str, str] | None = None) -> Path:
    """`RUNBOOK_DB` if set, else the platform's per-user data folder.

    Computing the path creates nothing: the folder is made when the database is.
    """
    env = os.environ if environ is None else environ
    configured = env.get(DB_ENV, "")
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir("runbook", appauthor=False)) / DB_NAME
