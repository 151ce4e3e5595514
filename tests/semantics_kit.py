"""Scripting an incident through the commands, as a new user would (backdated with --at)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from runbook.cli.main import main


class Script:
    """Commands on one database; times are minutes before now (`ago`)."""

    def __init__(self, capsys: pytest.CaptureFixture[str], db: Path,
                 settings: Path | None = None) -> None:
        self.capsys = capsys
        self.db = db
        self.settings = settings
        self.now = datetime.now().astimezone().replace(second=0, microsecond=0)

    def ago(self, minutes: float) -> str:
        return (self.now - timedelta(minutes=minutes)).isoformat(timespec="seconds")

    def run(self, *args: str) -> tuple[int, str, str]:
        extra = ["--db", str(self.db), "--lang", "en", "--by", "lin", "--group", "office"]
        if self.settings is not None and args[0] not in ("list", "timeline", "verify"):
            extra += ["--settings", str(self.settings)]
        if args[0] in ("list", "status", "timeline", "verify", "export"):
            extra = [e for e in extra if e not in ("--by", "lin", "--group", "office")]
        with pytest.raises(SystemExit) as done:
            main([*args, *extra])
        out, err = self.capsys.readouterr()
        code = done.value.code
        return (code if isinstance(code, int) else 0), out, err

    def ok(self, *args: str) -> str:
        code, out, err = self.run(*args)
        assert code == 0, f"{args}: {err}"
        return out

    def at(self, minutes_ago: float, *args: str) -> str:
        """A command backdated to `minutes_ago` (with its reason)."""
        return self.ok(*args, "--at", self.ago(minutes_ago), "--at-reason", "scripted")

    def start(self, kind: str, level: str, *, td: float | None = None,
              t0: float | None = None) -> str:
        args = ["start", "--type", kind, "--level", level, "--title", "scripted"]
        if td is not None:
            args += ["--reported-at", self.ago(td)]
        if t0 is not None:
            args += ["--at", self.ago(t0), "--at-reason", "declared late"]
        return self.ok(*args).strip()

    def status(self, incident: str) -> dict[str, Any]:
        return json.loads(self.ok("status", incident, "--json"))  # type: ignore[no-any-return]

    def steps(self, incident: str) -> dict[str, dict[str, Any]]:
        return {s["id"]: s for s in self.status(incident)["steps"]}

    def summary(self, incident: str) -> dict[str, Any]:
        return json.loads(self.ok("export", incident, "--format", "json"))  # type: ignore[no-any-return]

    def outcomes(self, incident: str) -> dict[str, dict[str, Any]]:
        return {s["id"]: s for s in self.summary(incident)["steps"]}
