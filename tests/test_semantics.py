"""The plan as it really runs, scripted through the commands on the shipped playbooks: steps
that depend on a decision, steps done by the actions that do them, deadlines across level
changes, escalation by kind, corrections and the edges of time. Each case is checked in
`runbook status --json` and in the exported summary's JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from semantics_kit import Script


@pytest.fixture
def script(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Script:
    return Script(capsys, tmp_path / "runbook.db")


# --- 1. steps that depend on a decision ---------------------------------------------------


def test_reports_wait_on_the_decision_and_are_ruled_out_by_no_report(script: Script) -> None:
    incident = script.start("technical-fault", "II", td=60, t0=55)
    steps = script.steps(incident)
    brief = steps["report.regulator-brief"]
    # Waiting on the head's decision; the regulator's clock does not wait (Td + 30m passed).
    assert brief["waiting_on"] == "report.regulator-decision"
    assert brief["overdue"] is True
    script.at(20, "step", incident, "report.regulator-decision", "done", "--decision",
              "no-report", "--note", "below the Large threshold")
    steps = script.steps(incident)
    for step_id in ("report.regulator-brief", "report.regulator-report"):
        assert steps[step_id]["state"] == "n/a"
        assert steps[step_id]["overdue"] is False
        assert steps[step_id]["ruled_out"] == {"decision": "report.regulator-decision",
                                               "option": "no-report"}
    assert script.status(incident)["overdue"] == sum(
        1 for s in steps.values() if s["overdue"])
    outcomes = script.outcomes(incident)
    assert outcomes["report.regulator-brief"]["outcome"] == "n/a"
    assert outcomes["report.regulator-brief"]["ruled_out"]["option"] == "no-report"
    markdown = script.ok("export", incident)
    assert "n/a: decision report.regulator-decision = Do not report (record why)" in markdown
    # The decision reopened: waiting again, and overdue again (its deadline still runs).
    script.ok("step", incident, "report.regulator-decision", "reopen", "--note", "escalating")
    brief = script.steps(incident)["report.regulator-brief"]
    assert brief["state"] == "pending" and brief["waiting_on"] and brief["overdue"]


def test_a_changed_decision_is_evaluated_again(script: Script) -> None:
    incident = script.start("data-leak", "II", td=30)
    script.ok("step", incident, "dl.notify-decision", "done", "--decision", "record-why-not",
              "--note", "keys rotated before use")
    assert script.steps(incident)["dl.notify-customers"]["state"] == "n/a"
    script.ok("step", incident, "dl.notify-decision", "reopen", "--note", "regulator disagrees")
    script.ok("step", incident, "dl.notify-decision", "done", "--decision", "notify",
              "--note", "notify after all")
    customers = script.steps(incident)["dl.notify-customers"]
    assert customers["state"] == "pending" and customers["ruled_out"] is None


def test_a_decision_that_did_not_arise_rules_out_what_depends_on_it(script: Script) -> None:
    incident = script.start("vendor-breach", "II")
    script.ok("step", incident, "vb.negotiate", "done", "--decision", "agreed",
              "--note", "vendor accepts the penalty")
    steps = script.steps(incident)
    assert steps["vb.legal-decision"]["state"] == "n/a"
    substitute = steps["vb.substitute-vendor"]
    assert substitute["state"] == "n/a" and substitute["waiting_on"] is None
    assert substitute["ruled_out"] == {"decision": "vb.negotiate", "option": "agreed"}


# --- 2. actions that do a step complete it --------------------------------------------------


def test_the_report_to_the_regulator_completes_the_brief(script: Script) -> None:
    incident = script.start("technical-fault", "II", td=40, t0=35)
    script.at(30, "step", incident, "report.regulator-decision", "done", "--decision",
              "report", "--note", "Large incident")
    script.at(25, "report", incident, "brief by phone", "--to", "regulator")
    steps = script.steps(incident)
    brief = steps["report.regulator-brief"]
    assert brief["state"] == "done" and brief["done_by"] is not None
    assert steps["report.regulator-report"]["state"] == "pending"  # the full report is not
    summary = script.summary(incident)
    outcome = {s["id"]: s for s in summary["steps"]}["report.regulator-brief"]
    first = summary["overview"]["first_report_to_regulator"]
    # One source: the step's outcome and "first report to the regulator" name one event.
    assert outcome["outcome"] == "met" and outcome["done_by"] == first["seq"]
    assert first["minutes_after_td"] == 15
    script.at(10, "report", incident, "full report", "--to", "regulator", "--stage", "full")
    assert script.steps(incident)["report.regulator-report"]["state"] == "done"


def test_the_declaration_handover_and_vendor_contact_complete_their_steps(
        script: Script) -> None:
    incident = script.start("technical-fault", "II", td=10)
    steps = script.steps(incident)
    for step_id in ("add.declare", "warn.assess-level", "report.onsite"):
        assert steps[step_id]["state"] == "done", step_id
        assert steps[step_id]["done_by"] == 1, step_id
    assert script.status(incident)["next_step"] not in ("add.declare", "warn.assess-level",
                                                        "report.onsite")
    script.ok("handover", incident, "night shift: open steps listed", "--to", "zhao")
    script.ok("vendor", incident, "vendor NOC: failover at 03:40")
    steps = script.steps(incident)
    assert steps["add.shift-handover"]["state"] == "done"
    assert steps["comms.vendor-liaison"]["state"] == "done"
    assert steps["comms.vendor-liaison"]["next_due"] is not None  # each contact: one time


def test_without_td_the_onsite_report_is_not_done_by_the_declaration(script: Script) -> None:
    incident = script.start("technical-fault", "III")
    steps = script.steps(incident)
    assert steps["add.declare"]["state"] == "done"
    assert steps["report.onsite"]["state"] == "pending"


# --- 3. deadlines that never lie -------------------------------------------------------------


def test_a_raise_keeps_a_passed_deadline_and_its_lateness(script: Script) -> None:
    incident = script.start("technical-fault", "II", t0=120)
    before = script.steps(incident)["add.name-commander"]  # level-anchored, II: 30m
    assert before["overdue"] and before["overdue_minutes"] >= 89
    script.at(21, "level", incident, "I", "--reason", "full outage")  # 1h39m after T0
    after = script.steps(incident)["add.name-commander"]
    assert after["overdue"] and after["due"] == before["due"]  # the deadline did not move
    script.ok("step", incident, "add.name-commander", "done")
    outcome = script.outcomes(incident)["add.name-commander"]
    assert outcome["outcome"] == "late" and outcome["deadline_missed"]


def test_a_shorter_deadline_of_a_raise_counts_from_the_change(script: Script) -> None:
    incident = script.start("technical-fault", "III", t0=90)  # tf.diagnose III: 2h
    script.at(20, "level", incident, "II", "--reason", "partial outage")  # II: 30m from T0
    diagnose = script.steps(incident)["tf.diagnose"]
    # T0 + 30m is in the past: due 30 minutes after the change, not overdue since T0 + 30m.
    assert diagnose["due"] == script.ago(-10)
    assert diagnose["overdue"] is False
    outcome = script.outcomes(incident)["tf.diagnose"]
    assert outcome["due_from_change"] is not None and outcome["deadline_level"] == "II"


# --- 4. escalation by kind, from facts --------------------------------------------------------


def test_a_small_leak_is_not_proposed_level_one_by_its_age(script: Script) -> None:
    incident = script.start("data-leak", "III", td=180)
    script.ok("fact", incident, "records-affected", "20")
    view = script.status(incident)
    assert view["proposed_level"] is None and view["proposal"] is None


def test_a_leak_is_proposed_by_its_scale(script: Script) -> None:
    incident = script.start("data-leak", "III", td=60)
    script.ok("fact", incident, "records-affected", "6000")
    assert script.status(incident)["proposal"]["level"] == "II"
    script.ok("fact", incident, "people-affected", "1,200,000")
    proposal = script.status(incident)["proposal"]
    assert proposal == {"level": "I", "criterion": "people", "value": 1_200_000,
                        "threshold": 1_000_000, "since": proposal["since"]}
    text = script.ok("status", incident)
    assert "Proposed: raise to Level I (red)" in text


def test_a_vendor_breach_is_proposed_by_outage_only_while_out(script: Script) -> None:
    incident = script.start("vendor-breach", "III", td=3000)  # 50 h since Td
    assert script.status(incident)["proposal"] is None
    script.ok("fact", incident, "outage-began", script.ago(150))
    proposal = script.status(incident)["proposal"]
    assert proposal["level"] == "I" and proposal["criterion"] == "outage"
    script.ok("fact", incident, "service-restored", script.ago(140))  # out 10 min in all
    assert script.status(incident)["proposal"] is None


def test_the_thresholds_of_the_institution_are_used(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text("format: 1\nparameters:\n  level_I_outage_over: 4h\n"
                        "  level_II_outage_to: 4h\n  level_II_outage_from: 1h\n"
                        "  level_III_outage_under: 1h\n", encoding="utf-8")
    script = Script(capsys, tmp_path / "runbook.db", settings)
    incident = script.start("technical-fault", "II", td=150)
    assert script.status(incident)["proposal"] is None  # 2h30m: still level II here
    incident = script.start("technical-fault", "III", td=70)
    assert script.status(incident)["proposal"]["level"] == "II"


def test_no_proposal_after_the_stand_down(script: Script) -> None:
    incident = script.start("technical-fault", "III", td=200)
    assert script.status(incident)["proposal"]["level"] == "I"
    script.ok("stand-down", incident, "--reason", "service restored and stable")
    assert script.status(incident)["proposal"] is None
    proposals = script.summary(incident)["overview"]["proposals"]
    assert [(p["level"], p["taken_at"]) for p in proposals] == [("II", None), ("I", None)]


# --- 5. corrections and the edges of time ------------------------------------------------------


def test_td_type_drill_and_title_are_corrected_by_later_events(script: Script) -> None:
    incident = script.start("technical-fault", "II", td=30)
    script.ok("step", incident, "tf.diagnose", "done")
    script.ok("step", incident, "report.verify", "done")
    script.ok("correct", incident, "td", script.ago(50), "--reason", "phone log shows 50 min")
    code, _, err = script.run("correct", incident, "type", "data-leak", "--reason",
                                "customer data found on a paste site")
    assert code == 0 and "tf.diagnose" in err  # done, but not a step of a data leak
    script.ok("correct", incident, "drill", "true", "--reason", "it was the spring drill")
    script.ok("correct", incident, "title", "leak via vendor API", "--reason", "what it is")
    row = json.loads(script.ok("list", "--json"))[0]
    assert (row["type"], row["drill"], row["title"]) == ("data-leak", True,
                                                         "leak via vendor API")
    assert row["reported"] == script.ago(50)
    steps = script.steps(incident)
    assert "tf.diagnose" not in steps
    assert steps["report.verify"]["state"] == "done"  # carried over
    fields = [c["field"] for c in script.summary(incident)["overview"]["corrections"]]
    assert fields == ["td", "type", "drill", "title"]


def test_a_future_td_is_refused_and_a_time_between_td_and_t0_is_accepted(
        script: Script) -> None:
    code, _, err = script.run("start", "--type", "technical-fault", "--level", "II",
                              "--reported-at", script.ago(-60))
    assert code == 2 and "future" in err
    incident = script.start("technical-fault", "II", td=90, t0=30)
    script.at(60, "note", incident, "from the phone log, before anyone opened runbook")
    timeline = json.loads(script.ok("timeline", incident, "--json"))
    assert timeline[-1]["backdated"] is True
    code, _, err = script.run("note", incident, "too early", "--at", script.ago(120),
                              "--at-reason", "x")
    assert code == 1 and "before the incident began" in err


def test_the_stand_down_says_what_is_open_needs_a_reason_and_can_be_withdrawn(
        script: Script) -> None:
    incident = script.start("technical-fault", "I", td=120)
    code, _, err = script.run("stand-down", incident)
    assert code == 2 and "--reason" in err
    code, _, err = script.run("stand-down", incident, "--reason", "restored")
    assert code == 0 and "step(s) were open" in err and "overdue" in err
    steps = script.steps(incident)
    assert steps["add.stand-down"]["state"] == "done"  # done by the stand-down itself
    assert steps["add.stand-down"]["decision"] == "stand-down"
    code, _, err = script.run("level", incident, "II", "--reason", "calmer")
    assert code == 1 and "--withdraw" in err
    script.ok("stand-down", incident, "--withdraw", "--reason", "fault came back")
    assert json.loads(script.ok("list", "--json"))[0]["state"] == "open"
    script.ok("level", incident, "II", "--reason", "partial outage only")
    downs = script.summary(incident)["overview"]["stand_downs"]
    assert downs[0]["withdrawn_reason"] == "fault came back"


def test_closing_with_open_post_incident_steps_needs_force_and_a_reason(
        script: Script, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the status table whole
    incident = script.start("technical-fault", "III", td=60)
    script.ok("stand-down", incident, "--reason", "restored")
    code, _, err = script.run("close", incident)
    assert code == 1 and "post-incident step(s) are still open" in err and "--force" in err
    code, _, err = script.run("close", incident, "--force")
    assert code == 1 and "--reason" in err
    script.ok("close", incident, "--force", "--reason", "evaluation moved to the quarterly review")
    overview = script.summary(incident)["overview"]
    assert overview["open_at_close"] and "eval.meeting" in overview["open_at_close"]
    assert overview["close_reason"] == "evaluation moved to the quarterly review"
    # A closed incident shows no countdown anywhere.
    text = script.ok("status", incident)
    assert "not done by the close" in text and "overdue +" not in text


# --- 6. text from parameters ---------------------------------------------------------------


def test_step_texts_quote_the_values_in_force(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    from runbook.library_cache import load_cached

    settings = tmp_path / "settings.yaml"
    settings.write_text("format: 1\nparameters:\n  regulator_brief_report: 20m\n",
                        encoding="utf-8")
    library = load_cached(None, settings)
    book = library.playbook("technical-fault")
    assert book is not None
    decision = book.step("report.regulator-decision")
    assert decision is not None
    assert "brief report within 20 min" in decision.detail.en
    assert "事发简要报告 20 分钟内" in decision.detail.zh
    assert "{" not in decision.detail.en + decision.detail.zh
