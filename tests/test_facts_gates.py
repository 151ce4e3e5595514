"""The facts catalogue and the regulatory gates, scripted through the commands on the shipped
playbooks: each fact type validated by `runbook fact`, reports to each regulator on its own
clock, and the PBOC class-1 and CAC gates where the head decides whether to report."""

from __future__ import annotations

from pathlib import Path

import pytest
from semantics_kit import Script

from runbook.loader import load_library


@pytest.fixture
def script(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Script:
    return Script(capsys, tmp_path / "runbook.db")


def test_the_catalogue_has_the_facts_regulators_ask_for() -> None:
    library = load_library()
    everywhere = {"occurred-at", "discovered-at", "transactions-affected", "amount-affected",
                  "customers-affected", "complaints-received", "pboc-grade", "cac-grade",
                  "negative-publicity", "vendor-misuse", "vendor", "vendor-service",
                  "vendor-clauses", "vendor-responded", "vendor-remedy", "legal-action",
                  "vendor-replacement"}
    for book in library.playbooks.values():
        assert everywhere <= {f.id for f in book.facts}, book.type
    leak = {f.id: f for f in library.playbooks["data-leak"].facts}
    assert {"people-affected", "records-affected", "data-categories", "payment-credentials",
            "notice-content", "notice-channels", "people-notified", "notified-at",
            "no-notice-reason"} <= set(leak)
    assert {o.id for o in leak["notice-content"].options} == {
        "data-types", "cause", "harm", "remedies", "self-help", "contact"}
    fault = {f.id: f for f in library.playbooks["technical-fault"].facts}
    assert [f.id for f in fault.values() if f.section == "recovery"] == [
        "payments-restored", "queries-restored", "service-restored"]
    assert "notice-content" not in fault
    assert [o.label.zh for o in fault["pboc-grade"].options] == ["一般", "较大", "重大", "特别重大"]


@pytest.mark.parametrize(("name", "good", "bad"), [
    ("payments-restored", "", "soon"),
    ("transactions-affected", "120,000", "1.5"),
    ("amount-affected", "1234.50 CNY", "12 yuan"),
    ("vendor", "Acme Cloud", " "),
    ("legal-action", "claim", "sue"),
    ("cac-grade", "large", "big"),
])
def test_fact_validates_each_type(script: Script, name: str, good: str, bad: str) -> None:
    incident = script.start("technical-fault", "II", td=60, t0=55)
    code, _, err = script.run("fact", incident, name, bad)
    assert code == 2 and name in err  # a value the fact does not take: a usage error
    script.ok("fact", incident, name, good or script.ago(10))
    assert script.status(incident)["incident"]["events"] == 2


def test_choices_fact_takes_a_list_and_refuses_an_unknown_option(script: Script) -> None:
    incident = script.start("data-leak", "II", td=60, t0=55)
    code, _, err = script.run("fact", incident, "notice-channels", "sms,pigeon")
    assert code == 2 and "pigeon" in err
    script.ok("fact", incident, "notice-channels", "sms, email")


def test_each_regulator_has_its_own_report_and_clock(script: Script) -> None:
    incident = script.start("technical-fault", "II", td=300, t0=295)
    script.at(290, "step", incident, "report.regulator-decision", "done", "--decision",
              "report", "--note", "class-1 outage")
    script.at(280, "report", incident, "brief to PBOC", "--to", "pboc", "--stage", "brief")
    steps = script.steps(incident)
    assert steps["report.regulator-brief"]["state"] == "done"
    cac = steps["report.cac"]  # not done by the PBOC report: the CAC clock runs on its own
    assert cac["state"] == "pending" and cac["overdue"] is True
    assert cac["anchor"] == "Td"
    script.at(10, "report", incident, "to the CAC", "--to", "cac")
    assert script.steps(incident)["report.cac"]["state"] == "done"


def test_an_old_record_reporting_to_regulator_still_completes_the_brief(script: Script) -> None:
    incident = script.start("technical-fault", "II", td=60, t0=55)
    script.at(50, "step", incident, "report.regulator-decision", "done", "--decision",
              "report", "--note", "outage")
    script.at(40, "report", incident, "brief", "--to", "regulator")
    assert script.steps(incident)["report.regulator-brief"]["state"] == "done"


def test_the_cac_step_is_there_for_every_type() -> None:
    library = load_library()
    for book in library.playbooks.values():
        assert book.step("report.cac") is not None, book.type


def test_class1_gate_by_outage_met_not_met_and_unknown(script: Script) -> None:
    incident = script.start("technical-fault", "II", td=200, t0=195)
    gate = script.status(incident)["gates"]["pboc_class1"]
    assert gate["state"] == "unknown"  # nothing recorded yet
    script.ok("fact", incident, "outage-began", script.ago(60))
    gate = script.status(incident)["gates"]["pboc_class1"]
    outage = next(c for c in gate["criteria"] if c["id"] == "outage")
    assert outage["state"] == "unknown" and outage["value"] == 60  # still under way
    script.ok("fact", incident, "outage-began", script.ago(190))
    gate = script.status(incident)["gates"]["pboc_class1"]
    assert gate["state"] == "met"
    outage = next(c for c in gate["criteria"] if c["id"] == "outage")
    assert outage == {"id": "outage", "state": "met", "value": 190, "threshold": 120,
                      "fact": "outage-began", "seq": 3}


def test_class1_not_met_when_every_criterion_is_known_and_below(script: Script) -> None:
    incident = script.start("technical-fault", "III", td=200, t0=195)
    for name, value in (("outage-began", script.ago(100)), ("service-restored", script.ago(40)),
                        ("transactions-affected", "100000"), ("negative-publicity", "no"),
                        ("vendor-misuse", "no")):
        script.ok("fact", incident, name, value)
    gate = script.status(incident)["gates"]["pboc_class1"]
    assert gate["state"] == "not_met"  # 100,000 is not *more than* 100,000


def test_gates_shown_in_status_while_the_head_decides(script: Script) -> None:
    incident = script.start("data-leak", "II", td=30, t0=25)
    script.ok("fact", incident, "people-affected", "1200000")
    out = " ".join(script.ok("status", incident).split())  # as read, whatever the wrapping
    assert "For the reporting decision (4.1.3):" in out
    assert "PBOC class-1 material event" in out and "met — " in out
    assert "Large by the people leaked (1,200,000 ≥ 1,000,000); reportable to the CAC" in out
    cac = script.status(incident)["gates"]["cac"]
    assert cac["grade"] == "large" and cac["reportable"] is True
    script.ok("fact", incident, "cac-grade", "major")
    assert script.status(incident)["gates"]["cac"]["grade"] == "major"
    script.ok("step", incident, "report.regulator-decision", "done", "--decision", "report",
              "--note", "over the CAC threshold")
    assert "For the reporting decision" not in script.ok("status", incident)
