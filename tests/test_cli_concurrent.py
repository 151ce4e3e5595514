"""200 CLI actions from 4 processes on one incident: all recorded once, chain intact."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from runbook.events import Actor, Event
from runbook.fold import fold
from runbook.gates import gates
from runbook.json_views import status_view
from runbook.loader import load_library
from runbook.status import view_of
from runbook.versions import resolve

WORKER = Path(__file__).with_name("cli_worker.py")
RUNBOOK = Path(sys.executable).with_name("runbook")
# Steps that apply at level II, need no decision and belong to no other worker.
STEPS = [
    "resp.l2.tech-locate", "resp.l2.tech-solution", "resp.l2.ops-adjust",
    "resp.l2.ops-customers", "resp.l2.risk-impact", "resp.l2.risk-reputation",
    "resp.l2.security-monitoring", "res.check-reserve",
]


def runbook(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(RUNBOOK), *args, "--lang", "en"], capture_output=True,
                          text=True, timeout=120)


def test_four_writers_leave_exactly_the_events_they_were_told_were_recorded(
        tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    started = runbook("start", "--type", "technical-fault", "--level", "II", "--db", db,
                      "--by", "lead", "--group", "office")
    assert started.returncode == 0, started.stderr
    incident = started.stdout.strip()
    counts = [50, 50, 50, 49]  # with the declaration: 200 actions
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), db, incident, str(w), str(n), *STEPS[w * 2: w * 2 + 2]],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for w, n in enumerate(counts)
    ]
    expected: dict[str, str] = {}
    for proc in workers:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "locked" not in err
        expected.update(json.loads(out.strip().splitlines()[-1]))

    timeline = json.loads(runbook("timeline", incident, "--json", "--db", db).stdout)
    assert [e["seq"] for e in timeline] == list(range(1, 201))
    verified = runbook("verify", incident, "--db", db)
    assert verified.returncode == 0, verified.stdout + verified.stderr

    status = json.loads(runbook("status", incident, "--json", "--db", db).stdout)
    states = {s["id"]: s["state"] for s in status["steps"]}
    assert {s: states[s] for s in STEPS} == expected
    # The CLI's view is the engine's fold of the recorded events.
    library = load_library()
    events = [_event(incident, e) for e in timeline]
    book = library.playbook("technical-fault")
    assert book is not None
    now = datetime.fromisoformat(status["now"])
    incident = fold(events, library)
    again = status_view(view_of(incident, book, library.settings, now), None,
                        gates(incident, book, library.settings, now),
                        resolve(incident.version, library, None))
    assert again == status


def _event(incident: str, row: dict[str, object]) -> Event:
    by = row["by"]
    assert isinstance(by, dict)
    return Event(
        incident_id=incident, kind=str(row["kind"]), actor=Actor(by["name"], by["group"]),
        occurred_at=datetime.fromisoformat(str(row["occurred_at"])),
        recorded_at=datetime.fromisoformat(str(row["recorded_at"])),
        payload=dict(row["payload"]),  # type: ignore[call-overload]
        seq=int(str(row["seq"])), prev_hash=str(row["prev_hash"]), hash=str(row["hash"]),
    )
