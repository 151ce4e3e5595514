"""A site whose local store is a JSON-lines file, and its sync process (for kill -9 tests).

    python tests/sites/jsonl_site.py FILE NATS_URL SITE

One line per stored event, written and fsynced before the event is acknowledged to NATS. A
line cut short by a kill is dropped when the file is opened (it was never acknowledged).
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from runbook.i18n import Msg
from sync.local import Accepted, Heads, Outcome, Refused
from sync.memory import content_hash, verdict
from sync.runner import Options, run
from sync.wire import Wire, from_bytes


def read(path: Path) -> list[Wire]:
    """The whole lines of the file (a torn last line is not an event yet)."""
    if not path.exists():
        return []
    data = path.read_bytes()
    whole = data[: data.rfind(b"\n") + 1]
    return [from_bytes(line) for line in whole.splitlines() if line]


def heal(path: Path) -> None:
    """Cut a torn last line so the next append starts on a fresh line."""
    if path.exists():
        data = path.read_bytes()
        if data and not data.endswith(b"\n"):
            with path.open("r+b") as file:
                file.truncate(data.rfind(b"\n") + 1)


def append(path: Path, wire: Wire) -> None:
    with path.open("ab") as file:
        file.write(wire.to_bytes() + b"\n")
        file.flush()
        os.fsync(file.fileno())


class JsonlLocal:
    def __init__(self, path: Path, site: str) -> None:
        self.path, self.site = path, site
        heal(path)
        self.chains: dict[tuple[str, str], list[Wire]] = {}
        for wire in read(path):
            self.chains.setdefault((wire.incident, wire.origin), []).append(wire)
        self.refused: list[Msg] = []

    def incidents(self) -> list[str]:
        return sorted({incident for incident, _ in self.chains})

    def own_events_after(self, incident: str, site: str, count: int) -> list[Wire]:
        return list(self.chains.get((incident, site), [])[count:])

    def receive(self, wire: Wire) -> Outcome:
        chain = self.chains.get((wire.incident, wire.origin), [])
        outcome = verdict(chain, wire, content_hash)
        if isinstance(outcome, Accepted) and not outcome.duplicate:
            append(self.path, wire)
            self.chains.setdefault((wire.incident, wire.origin), []).append(wire)
        elif isinstance(outcome, Refused):
            self.refused.append(outcome.reason)
        return outcome

    def heads(self) -> Heads:
        return {key: (len(chain), chain[-1].hash) for key, chain in self.chains.items() if chain}


def main() -> None:
    path, url, site = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    asyncio.run(run(JsonlLocal(path, site), url, site,
                    options=Options(fetch_s=0.2, backoff_max_s=0.5)))


if __name__ == "__main__":
    main()
