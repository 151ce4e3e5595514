"""An incident of 10,000 events exports in every format, whole, in reasonable time.

The log is built through the rules (MemLog), so it is one a real store could hold: two days
of repeating updates, notes, reports, vendor contacts, blocks and level changes.
"""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta

import pytest
from memlog import START, MemLog, mini_library

from runbook.events import Event
from runbook.summary import Summary, build_summary, render_html, render_json, render_md

SIZE = 10_000
GENEROUS = 15.0  # seconds; bench/bench_export.py measures (target < 2 s a format)


def busy_incident(size: int) -> list[Event]:
    log = MemLog(mini_library())
    log.declare("II", reported_at=START)
    minute = 0.0
    level = "II"
    i = 0
    while len(log.events) < size - 3:
        minute += 0.25 + (45 if i % 997 == 500 else 0)  # now and then a quiet stretch
        log.at(minute)
        k = i % 10
        if k in (0, 5):
            log.step("update", "done")
        elif k in (1, 6):
            log.event("note", text=f"note {i}: vendor status checked", group="tech")
        elif k == 2:
            log.event("report_sent", to="head" if i % 20 else "regulator", text=f"progress {i}")
        elif k == 3:
            log.event("vendor_contacted", text=f"call {i}")
        elif k == 4:
            log.step("locate", "block" if i % 20 == 4 else "start", note=f"waiting {i}")
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
    log.step("evaluate", "done")
    log.at(minute + 3)
    log.event("incident_closed", force=True, reason="test: closed with work open")
    return log.events


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return busy_incident(SIZE)


@pytest.fixture(scope="module")
def summary(events: list[Event]) -> Summary:
    library = mini_library()
    return build_summary(events, library, START + timedelta(days=10))


def test_the_log_has_ten_thousand_events(events: list[Event]) -> None:
    assert len(events) == SIZE


def test_markdown_holds_every_event(summary: Summary, events: list[Event]) -> None:
    started = time.perf_counter()
    md = render_md(summary, "zh")
    assert time.perf_counter() - started < GENEROUS
    rows = re.findall(r"^\| (\d+) \| ", md, flags=re.M)
    assert [int(r) for r in rows] == [e.seq for e in events]
    assert summary.identification.verify_command in md


def test_json_holds_every_event(summary: Summary, events: list[Event]) -> None:
    started = time.perf_counter()
    doc = json.loads(render_json(summary))
    assert time.perf_counter() - started < GENEROUS
    assert [r["hash"] for r in doc["timeline"]] == [e.hash for e in events]
    assert doc["identification"]["head_hash"] == events[-1].hash
    assert doc["evaluation"]["facts"]["gaps"], "the quiet stretches are found"


def test_html_holds_every_event_and_a_bounded_chart(summary: Summary) -> None:
    started = time.perf_counter()
    html = render_html(summary, "en")
    assert time.perf_counter() - started < GENEROUS
    body = html.split('<table class="timeline">', 1)[1].split("</table>", 1)[0]
    assert body.count("<tr>") == SIZE + 1  # the header row too
    chart = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert chart.count("<rect") < 6 * 5 * 500, "marks are binned, not one per event"


def test_building_the_summary_is_quick(events: list[Event]) -> None:
    library = mini_library()
    started = time.perf_counter()
    build_summary(events, library, START + timedelta(days=10))
    assert time.perf_counter() - started < GENEROUS
