"""The incident engine: what applies, when it is due, what is overdue, what is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from memlog import START, MemLog, mini_library

from runbook.errors import RefusedAction
from runbook.escalation import proposal
from runbook.fold import fold
from runbook.playbook import Library
from runbook.state import IncidentState
from runbook.status import StepStatus, next_due, open_decisions, statuses


@pytest.fixture(scope="module")
def library() -> Library:
    return mini_library()


@pytest.fixture
def log(library: Library) -> MemLog:
    return MemLog(library)


def rows(log: MemLog, minutes: float) -> dict[str, StepStatus]:
    incident = fold(log.events)
    book = log.library.playbook(incident.type)
    assert book is not None
    return {r.step.id: r for r in statuses(incident, book, START + timedelta(minutes=minutes))}


def m(minutes: float) -> object:
    return START + timedelta(minutes=minutes)


def test_declaration_sets_both_clocks_and_the_level(log: MemLog) -> None:
    log.at(20)
    log.declare("II", reported_at=START)
    incident = fold(log.events)
    assert incident.level == "II"
    assert incident.reported_at == START  # Td: the first report
    assert incident.declared_at == m(20)  # T0: the warning issued


def test_steps_that_apply_follow_the_level(log: MemLog) -> None:
    log.declare("II")
    now = rows(log, 1)
    applying = {sid for sid, r in now.items() if r.applies}
    assert applying == {"verify", "decide", "update", "evaluate", "follow-up", "locate", "watch"}
    assert now["repair"].state == "n/a"


def test_deadlines_count_from_their_anchor(log: MemLog) -> None:
    log.at(10)
    log.declare("II", reported_at=START)
    now = rows(log, 11)
    assert now["verify"].due == m(15)  # Td + 15m, the regulators' clock
    assert now["locate"].due == m(10 + 120)  # T0 + the level II value
    assert now["watch"].due == m(10 + 240)  # the level set + 4h
    assert now["decide"].due is None  # waits for verify to be done
    assert now["evaluate"].due is None  # waits for the stand-down


def test_a_step_anchor_starts_when_that_step_is_done(log: MemLog) -> None:
    log.declare("II")
    log.at(12)
    log.step("verify", "done")
    assert rows(log, 13)["decide"].due == m(27)


def test_escalation_reanchors_new_steps_and_keeps_running_ones(log: MemLog) -> None:
    log.declare("II")
    log.at(40)
    log.event("level_changed", level="I", reason="full outage")
    now = rows(log, 41)
    assert now["repair"].applies and now["repair"].due == m(40 + 60)  # anchored at the change
    # Still counted from T0; the level I value (30m) from T0 is already past, so it counts
    # from the change: the raise never makes the step late at a moment before it.
    assert now["locate"].due == m(40 + 30)
    assert now["locate"].overdue_by is None
    assert rows(log, 71)["locate"].overdue_by == timedelta(minutes=1)
    assert now["watch"].state == "n/a"


def test_done_steps_stay_done_when_the_level_changes(log: MemLog) -> None:
    log.declare("II")
    log.at(5)
    log.step("watch", "done")
    log.at(6)
    log.event("level_changed", level="I", reason="worse")
    watch = rows(log, 7)["watch"]
    assert watch.state == "done" and not watch.applies
    assert watch.due == m(240)  # judged at the level it was done under


def test_overdue_and_late_are_measured(log: MemLog) -> None:
    log.declare("II")
    assert rows(log, 20)["verify"].overdue_by == timedelta(minutes=5)
    log.at(25)
    log.step("verify", "done")
    verify = rows(log, 30)["verify"]
    assert verify.overdue_by is None
    assert verify.late_by == timedelta(minutes=10)


def test_repeating_steps_fall_due_again_until_stand_down(log: MemLog) -> None:
    log.declare("II")
    log.at(50)
    log.step("update", "done")
    update = rows(log, 60)["update"]
    assert update.next_due == m(80)
    assert rows(log, 90)["update"].overdue_by == timedelta(minutes=10)
    log.at(95)
    log.step("update", "done")  # a repeating step may be done again
    assert rows(log, 96)["update"].next_due == m(125)
    log.at(100)
    log.event("stand_down", reason="service restored")
    assert rows(log, 200)["update"].next_due is None


def test_post_incident_steps_count_working_days_from_stand_down(log: MemLog) -> None:
    log.declare("II")
    log.at(60)
    log.event("stand_down", reason="service restored")
    # Thursday 04:00 + 5 working days = the next Thursday 04:00
    assert rows(log, 61)["evaluate"].due == m(60 + 7 * 24 * 60)


def test_overdue_is_frozen_at_close(log: MemLog) -> None:
    log.declare("II")
    log.at(30)
    log.event("incident_closed", force=True, reason="test: closed with work open")
    assert rows(log, 600)["verify"].overdue_by == timedelta(minutes=15)


def test_next_due_and_open_decisions(log: MemLog) -> None:
    log.declare("II")
    log.step("verify", "done")
    now = list(rows(log, 1).values())
    upcoming = next_due([r for r in now if r.applies])
    assert upcoming is not None and upcoming.step.id == "decide"
    assert [r.step.id for r in open_decisions(now)] == ["decide"]


def test_a_decision_completes_its_step(log: MemLog) -> None:
    log.declare("II")
    log.step("verify", "done")
    log.step("decide", "done", decision="report", note="outage over 2h likely")
    decide = rows(log, 5)["decide"]
    assert decide.state == "done"
    assert decide.record.decision == "report"
    assert decide.record.rationale == "outage over 2h likely"


def test_escalation_is_proposed_when_the_outage_crosses_a_threshold(log: MemLog) -> None:
    log.declare("III", reported_at=START)
    incident = fold(log.events)
    settings = log.library.settings
    book = log.library.playbook("fault")
    assert book is not None

    def proposed_level(minutes: int) -> str | None:
        found = proposal(incident, book, settings, START + timedelta(minutes=minutes))
        return found.level if found is not None else None

    assert proposed_level(20) is None
    assert proposed_level(31) == "II"
    assert proposed_level(121) == "I"


def test_the_state_does_not_depend_on_how_the_events_arrive(log: MemLog) -> None:
    """A player polling the store gets its events in chunks, some again, not always in
    order; it must show what a fresh fold of the whole record shows."""
    log.declare("II")
    log.at(5)
    log.step("verify", "done")
    log.at(6)
    log.step("locate", "block", note="vendor unreachable")
    log.at(7)
    log.event("level_changed", level="I", reason="full outage")
    log.at(8)
    log.step("locate", "reopen", note="vendor answered")
    e = log.events
    polled = IncidentState(log.library)
    for chunk in ([e[1], e[0]], [e[0], e[1], e[3], e[2]], [e[4], e[3]]):
        polled.add(chunk)
    whole = fold(e)
    assert polled.incident == whole
    assert whole.level == "I" and whole.steps["locate"].state == "pending"
    assert whole.steps["locate"].reason == "vendor answered"


def test_level_changes_are_kept_in_order_with_who_and_why(log: MemLog) -> None:
    log.declare("III", reported_at=START)
    log.at(31)
    log.event("level_changed", level="II", reason="outage over 30m")
    log.at(50)
    with pytest.raises(RefusedAction):
        log.event("level_changed", level="II", reason="again")  # refused: no event
    log.at(121)
    log.event("level_changed", level="I", reason="outage over 2h")
    log.at(200)
    log.event("level_changed", level="II", reason="partly restored")
    incident = fold(log.events)
    assert [(s.level, s.since, s.reason) for s in incident.levels] == [
        ("III", m(0), ""), ("II", m(31), "outage over 30m"), ("I", m(121), "outage over 2h"),
        ("II", m(200), "partly restored")]
    assert (incident.level, incident.level_since) == ("II", m(200))
    assert incident.event_count == 4


# --- refusals ------------------------------------------------------------------------------


def refused(action: object) -> str:
    with pytest.raises(RefusedAction) as info:
        action()  # type: ignore[operator]
    return info.value.message.en + " | " + info.value.message.zh


def test_unknown_step_is_refused_with_the_closest_ids(log: MemLog) -> None:
    log.declare("II")
    text = refused(lambda: log.step("verfy", "done"))
    assert "no step 'verfy'" in text and "'verify'" in text and "没有步骤" in text


def test_a_step_of_another_level_is_refused(log: MemLog) -> None:
    log.declare("II")
    assert "does not apply at level II" in refused(lambda: log.step("repair", "done"))


def test_a_decision_step_needs_an_option(log: MemLog) -> None:
    log.declare("II")
    assert "is a decision" in refused(lambda: log.step("decide", "done"))
    assert "rationale" in refused(lambda: log.step("decide", "done", decision="report"))
    assert "not an option" in refused(
        lambda: log.step("decide", "done", decision="maybe", note="why"))


def test_a_done_step_must_be_reopened_first(log: MemLog) -> None:
    log.declare("II")
    log.step("verify", "done")
    assert "Reopen it first" in refused(lambda: log.step("verify", "done"))
    log.step("verify", "reopen", note="wrong call")
    log.step("verify", "done")
    assert rows(log, 1)["verify"].state == "done"


def test_skip_and_block_need_a_reason(log: MemLog) -> None:
    log.declare("II")
    assert "Give the reason" in refused(lambda: log.step("locate", "skip", note=""))
    log.step("locate", "block", note="no vendor contact")
    assert rows(log, 1)["locate"].record.reason == "no vendor contact"


def test_nothing_but_notes_and_reopening_after_close(log: MemLog) -> None:
    log.declare("II")
    log.event("incident_closed", force=True, reason="test: closed with work open")
    assert "is closed" in refused(lambda: log.step("verify", "done"))
    log.event("note", text="for the record")
    log.event("incident_reopened", reason="more work")
    log.step("verify", "done")


def test_times_before_the_incident_or_in_the_future_are_refused(log: MemLog) -> None:
    log.at(10)
    log.declare("II", reported_at=START)
    from runbook.actions import When, step

    early = step(log.author, log.incident_id, "verify", "done", when=When(m(-1)))
    assert "before the incident began" in refused(lambda: log.append(early))
    late = step(log.author, log.incident_id, "verify", "done", when=When(m(30)))
    assert "in the future" in refused(lambda: log.append(late))


def test_level_changes_must_change_and_not_rewrite_history(log: MemLog) -> None:
    log.declare("II")
    assert "already at level II" in refused(
        lambda: log.event("level_changed", level="II", reason="same"))
    log.at(30)
    log.event("level_changed", level="I", reason="worse")
    from runbook.actions import make_event

    back = make_event(log.author, log.incident_id, "level_changed",
                      {"level": "III", "reason": "x"}, at=m(10))  # type: ignore[arg-type]
    assert "before the current level was set" in refused(lambda: log.append(back))


def test_events_on_an_unknown_incident_are_refused(log: MemLog) -> None:
    assert "There is no incident" in refused(lambda: log.step("verify", "done"))


def test_declaring_an_unknown_type_is_refused(log: MemLog) -> None:
    assert "No playbook for incident type" in refused(lambda: log.declare("II", type_id="x"))


def test_post_incident_repeats_go_on_after_stand_down(log: MemLog) -> None:
    log.declare("II")
    log.at(60)
    log.event("stand_down", reason="service restored")
    log.at(120)
    log.step("evaluate", "done")
    assert rows(log, 121)["follow-up"].due == m(120 + 24 * 60)
    log.at(130)
    log.step("follow-up", "done")
    assert rows(log, 131)["follow-up"].next_due == m(130 + 24 * 60)
