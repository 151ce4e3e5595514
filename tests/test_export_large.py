"""An incident of 10,000 events exports whole, in every format, with the right chain verdict.

The log is built through the rules (MemLog) on the shipped playbooks, so it is one a real
store could hold: two days of repeating updates, notes, reports, vendor contacts, blocks and
level changes. It is exported by the real command from a real database, as an investigator
would; then one record in the middle is altered, and the export must say so and where.
How fast this goes is measured by bench/bench_export.py, not here.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from memlog import START, MemLog
from store_helpers import raw

import runbook.cli.export_cmds  # noqa: F401  (registers export)
from runbook.cli.main import main
from runbook.events import Event
from runbook.loader import load_library
from store.bulk import bulk_load

SIZE = 10_000
TYPE = "technical-fault"
REPEATING = "comms.vendor-liaison"  # repeats; applies at every level
WORKED = "res.check-reserve"  # started and blocked over and over, at levels I and II
AFTER = "eval.compile-record"  # starts at the stand-down
TAMPERED = 5_003
ID = "20261126-large"


def busy_incident(size: int) -> list[Event]:
    log = MemLog(load_library(), incident_id=ID)
    log.declare("II", type_id=TYPE, reported_at=START)
    minute = 0.0
    level = "II"
    i = 0
    while len(log.events) < size - 3:
        minute += 0.25 + (45 if i % 997 == 500 else 0)  # now and then a quiet stretch
        log.at(minute)
        k = i % 10
        if k in (0, 5):
            log.step(REPEATING, "done")
        elif k in (1, 6):
            log.event("note", text=f"note {i}: vendor status checked", group="tech")
        elif k == 2:
            log.event("report_sent", to="head" if i % 20 else "regulator", text=f"progress {i}")
        elif k == 3:
            log.event("vendor_contacted", text=f"call {i}")
        elif k == 4:
            log.step(WORKED, "block" if i % 20 == 4 else "start", note=f"waiting {i}")
        elif k == 7 and i % 400 == 7:
            level = "I" if level == "II" else "II"
            log.event("level_changed", level=level, reason=f"change {i}")
        elif k == 8:
            log.event("shift_handed_over", to=f"duty {i % 3}", text="handover")
        else:
            log.event("evaluation_recorded", section="coordination", text=f"remark {i}")
        i += 1
    log.at(minute + 1)
    log.event("stand_down", reason="service restored")
    log.at(minute + 2)
    log.step(AFTER, "done")
    log.at(minute + 3)
    log.event("incident_closed", force=True, reason="test: closed with work open")
    assert len(log.events) == size  # the fixture is what the tests below speak of
    return log.events


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return busy_incident(SIZE)


@pytest.fixture(scope="module")
def database(events: list[Event], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("large") / "runbook.db"
    bulk_load(path, events)
    return path


@pytest.fixture(scope="module")
def tampered(database: Path) -> Path:
    """A copy of the database in which one record's text was changed behind runbook's back."""
    path = database.parent / "tampered" / "runbook.db"
    path.parent.mkdir()
    shutil.copy(database, path)
    with raw(path, drop_triggers=True) as conn:
        changed = conn.execute(
            "UPDATE events SET payload = replace(payload, 'vendor status', 'all fine')"
            " WHERE seq = ?", (TAMPERED,)).rowcount
    assert changed == 1
    return path


@pytest.fixture(autouse=True)
def _plain_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RUNBOOK_SETTINGS", "RUNBOOK_DEBUG", "RUNBOOK_TRACE_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RUNBOOK_LANG", "en")


def export(db: Path, fmt: str, lang: str, capsys: pytest.CaptureFixture[str]
           ) -> tuple[str, str]:
    with pytest.raises(SystemExit) as exited:
        main(["export", ID, "--format", fmt, "--db", str(db), "--lang", lang])
    out, err = capsys.readouterr()
    assert exited.value.code in (0, None), err
    return out, err


INTACT = f"{SIZE} records; the hash chain is intact."


def test_markdown_holds_every_event_and_the_chain_verdict(
        database: Path, events: list[Event], capsys: pytest.CaptureFixture[str]) -> None:
    md, err = export(database, "md", "en", capsys)
    assert err == ""
    rows = re.findall(r"^\| (\d+) \| ", md, flags=re.M)
    assert [int(r) for r in rows] == [e.seq for e in events]
    assert f"**Chain check at export**: {INTACT}" in md
    assert f"runbook verify {ID} --head {events[-1].hash} --count {SIZE}" in md


def test_json_holds_every_event_and_the_chain_verdict(
        database: Path, events: list[Event], capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(export(database, "json", "en", capsys)[0])
    assert [r["hash"] for r in doc["timeline"]] == [e.hash for e in events]
    identification = doc["identification"]
    assert identification["head_hash"] == events[-1].hash
    assert identification["chain_check"]["ok"] is True
    assert identification["chain_check"]["message"]["en"] == INTACT
    assert doc["evaluation"]["facts"]["gaps"], "the quiet stretches are found"


def test_html_holds_every_event_and_a_bounded_chart(
        database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    html = export(database, "html", "zh", capsys)[0]
    body = html.split('<table class="timeline">', 1)[1].split("</table>", 1)[0]
    assert body.count("<tr>") == SIZE + 1  # the header row too
    chart = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert chart.count("<rect") < 6 * 5 * 500, "marks are binned, not one per event"
    assert "哈希链完好" in html


def test_one_altered_record_among_ten_thousand_is_named(
        tampered: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, err = export(tampered, "json", "en", capsys)
    assert "hash chain is broken" in err and f"record {TAMPERED}" in err
    check = json.loads(out)["identification"]["chain_check"]
    assert check["ok"] is False and f"record {TAMPERED}" in check["message"]["en"]
    assert len(json.loads(out)["timeline"]) == SIZE  # still every event, as stored
