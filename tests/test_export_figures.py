"""Golden files for the summary's figures, on the shipped playbooks: a scripted Level I data
leak (1.2 million people) and a Level II technical fault. Their impact, recovery (RTO),
vendor and notice sections hold the recorded figures, a fact not recorded is shown as
missing, and a corrected figure shows its latest value and the one it replaced.

Only the figures' sections are kept byte for byte (the rest of the summary has its own
golden files), so that a change to a shipped step does not touch these. Regenerate with

    RUNBOOK_UPDATE_GOLDEN=1 pytest tests/test_export_figures.py
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from memlog import CST, START, MemLog

from runbook import fact_values
from runbook.actions import Author
from runbook.events import Actor, Event
from runbook.i18n import Lang
from runbook.loader import load_library
from runbook.playbook import Library
from runbook.summary import Summary, build_summary, render_json
from runbook.summary import compose_figures as cf
from runbook.summary.render_md import block

GOLDEN = Path(__file__).parent / "golden" / "figures"
SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "summary.schema.json"
UPDATE = os.environ.get("RUNBOOK_UPDATE_GOLDEN") == "1"
EXPORTED_AT = datetime(2026, 11, 29, 10, 0, tzinfo=CST)
WANG = Actor("wang", "command")
ZHAO = Actor("zhao", "security")


def m(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


class Story:
    def __init__(self, library: Library, type_id: str, level: str) -> None:
        self.log = MemLog(library, incident_id=f"20261126-{type_id[:4]}")
        self.book = library.playbooks[type_id]
        self.log.at(5)
        self.log.declare(level, type_id=type_id, reported_at=START)

    def by(self, actor: Actor) -> None:
        self.log.author = Author(actor, self.log.clock)

    def fact(self, minutes: float, name: str, value: str) -> None:
        self.log.at(minutes)
        fact = self.book.fact(name)
        assert fact is not None, name
        self.log.event("fact_recorded", fact=name,
                       value=fact_values.parse(fact, value, self.log.clock.moment))

    def report(self, minutes: float, to: str, stage: str | None = None) -> None:
        self.log.at(minutes)
        extra = {"stage": stage} if stage else {}
        self.log.event("report_sent", to=to, text=f"report to {to}", **extra)

    def decide(self, minutes: float) -> None:
        self.log.at(minutes)
        self.log.event("decision_taken", step="report.regulator-decision", option="report",
                       rationale="over the thresholds")


def iso(minutes: float) -> str:
    return m(minutes).isoformat(timespec="minutes")


def data_leak(library: Library) -> list[Event]:
    return data_leak_story(library).log.events


def data_leak_story(library: Library) -> Story:
    """The leak as a story, for tests that record more of it (the drafts)."""
    s = Story(library, "data-leak", "I")
    s.fact(6, "occurred-at", iso(-40))
    s.fact(6, "discovered-at", iso(-10))
    s.report(8, "head")
    s.by(WANG)
    s.decide(12)
    s.report(25, "pboc", "brief")
    s.report(70, "cac")
    s.report(110, "data-authority")
    s.by(ZHAO)
    s.fact(30, "people-affected", "1000000")
    s.fact(90, "people-affected", "1,200,000")  # corrected
    s.fact(30, "records-affected", "3400000")
    s.fact(40, "data-categories", "identity,contact,account")
    s.fact(40, "payment-credentials", "no")
    s.fact(45, "customers-affected", "1200000")
    s.fact(300, "complaints-received", "312")
    s.by(WANG)
    s.fact(50, "cac-grade", "large")
    s.fact(50, "pboc-grade", "major")
    s.fact(60, "vendor", "Acme Data Services")
    s.fact(60, "vendor-service", "KYC document storage")
    s.fact(60, "vendor-clauses", "MSA 7.2 data protection; SLA 3.1 breach notice in 1 h")
    s.fact(60, "vendor-responded", iso(35))
    s.fact(600, "vendor-remedy", "bucket closed, keys rotated, forensic report")
    s.fact(1500, "legal-action", "claim")
    s.fact(1500, "vendor-replacement", "under-review")
    s.by(ZHAO)
    s.fact(1230, "notice-content", "data-types,cause,harm,remedies,contact")
    s.fact(1230, "notice-channels", "sms,email,public-notice")
    s.fact(1230, "people-notified", "1180000")
    s.fact(1230, "notified-at", iso(1200))
    s.report(1200, "customers")
    s.log.at(1800)
    s.log.event("stand_down", reason="leak contained, customers notified")
    return s


def technical_fault(library: Library) -> list[Event]:
    return technical_fault_story(library).log.events


def technical_fault_story(library: Library) -> Story:
    s = Story(library, "technical-fault", "II")
    s.fact(6, "outage-began", iso(-5))
    s.report(10, "head")
    s.by(WANG)
    s.decide(15)
    s.report(28, "pboc", "brief")
    s.report(110, "pboc", "full")
    s.by(Actor("chen", "tech"))
    s.fact(70, "payments-restored", iso(65))
    s.fact(160, "queries-restored", iso(150))
    s.fact(180, "service-restored", iso(170))
    s.fact(200, "transactions-affected", "48200")
    s.fact(200, "amount-affected", "3615000.00 CNY")
    s.fact(200, "customers-affected", "21000")
    s.fact(30, "vendor", "Acme Cloud")
    s.fact(30, "vendor-service", "payment gateway hosting")
    s.fact(30, "vendor-clauses", "SLA 4.1 availability 99.95%; 4.3 response in 15 min")
    s.fact(30, "vendor-responded", iso(18))
    s.fact(45, "vendor-on-site", iso(40))
    s.fact(400, "vendor-remedy", "service credit of 10% of the monthly fee")
    s.fact(400, "legal-action", "negotiating")
    s.fact(400, "vendor-replacement", "keep")
    s.log.at(200)
    s.log.event("stand_down", reason="service restored")
    return s


STORIES = {"data-leak": data_leak, "technical-fault": technical_fault}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


@pytest.fixture(scope="module")
def summaries(library: Library) -> dict[str, Summary]:
    return {name: build_summary(story(library), library, EXPORTED_AT)
            for name, story in STORIES.items()}


def figures_md(s: Summary, lang: Lang) -> str:
    blocks = [*cf.key_times(s, lang), *cf.classification(s, lang), *cf.vendor(s, lang),
              *cf.notice(s, lang), *cf.impact(s, lang), *cf.recovery(s, lang)]
    return "\n".join(block(b, lang) for b in blocks)


def figures_json(s: Summary) -> str:
    return json.dumps(json.loads(render_json(s))["figures"], ensure_ascii=False, indent=1) + "\n"


def _golden(name: str, got: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8", newline="\n")
    assert path.is_file(), f"{path} is missing; run with RUNBOOK_UPDATE_GOLDEN=1 to create it"
    assert got == path.read_text(encoding="utf-8"), (
        f"{name} differs from its golden file; if intended, regenerate with "
        "RUNBOOK_UPDATE_GOLDEN=1")


@pytest.mark.parametrize("story", sorted(STORIES))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_figures_match_their_golden_file(summaries: dict[str, Summary], story: str,
                                         lang: Lang) -> None:
    _golden(f"{story}.{lang}.md", figures_md(summaries[story], lang))


@pytest.mark.parametrize("story", sorted(STORIES))
def test_figures_json_matches_its_golden_file_and_the_schema(
        summaries: dict[str, Summary], story: str) -> None:
    _golden(f"{story}.json", figures_json(summaries[story]))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator
    doc = json.loads(render_json(summaries[story]))
    errors = list(validator(schema, format_checker=validator.FORMAT_CHECKER).iter_errors(doc))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []


def _facts(s: Summary) -> dict[str, dict[str, Any]]:
    figures = json.loads(render_json(s))["figures"]
    return {f["id"]: f for lines in figures["facts"].values() for f in lines}


def test_the_leak_holds_its_figures_the_missing_one_and_the_correction(
        summaries: dict[str, Summary]) -> None:
    s = summaries["data-leak"]
    facts = _facts(s)
    assert facts["people-affected"]["value"] == 1_200_000
    assert facts["people-affected"]["earlier"][0]["value"] == 1_000_000
    assert facts["transactions-affected"]["missing"] is True
    md = figures_md(s, "en")
    assert "| People whose data leaked | 1,200,000 (corrected; earlier: 1,000,000 (#" in md
    assert "| Transactions affected | **missing** — record with `runbook fact" in md
    assert "| Vendor | Acme Data Services |" in md
    assert "| Notice channels | SMS, Email, Public notice |" in md
    assert "The notice lacks: What individuals can do." in md
    assert "Large by the people leaked (1,200,000 ≥ 1,000,000); recorded Large" in md
    zh = figures_md(s, "zh")
    assert "| 信息泄露涉及人数 | 120 万（已更正；此前：100 万（#" in zh
    assert "**缺失**" in zh


def test_the_fault_measures_each_function_against_its_target(
        summaries: dict[str, Summary]) -> None:
    s = summaries["technical-fault"]
    recovery = {r["fact"]: r for r in json.loads(render_json(s))["figures"]["recovery"]}
    assert recovery["payments-restored"]["achieved_minutes"] == 70
    assert recovery["payments-restored"]["met"] is True
    assert recovery["queries-restored"]["margin_minutes"] == 35
    assert recovery["queries-restored"]["met"] is False
    assert recovery["service-restored"]["target_parameter"] == "tf_restore_high"
    md = figures_md(s, "en")
    assert "| Payments restored | 2026-11-26 04:05 | 1 h 10 min | 2 h | met, 50 min inside" in md
    assert "| Account queries restored | 2026-11-26 05:30 | 2 h 35 min | 2 h | **missed by " \
           "35 min**" in md
    assert "| Amount affected | 3615000.00 CNY |" in md
    assert "| Complaints received | **missing**" in md
    assert "class-1 material event (银发〔2021〕198号)**: met — outage 2 h 55 min \\> 2 h" in md
