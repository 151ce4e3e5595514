"""The step list as lines (`tui.steprows`): what a responder reads in the steps pane.

Every expectation below is worked out by hand from the fixture book: declared at level II
at 03:00 with Td = T0 = 03:00; `verify` is due Td + 15m, the decision 15m after `verify` is
done, `regulator-brief` Td + 30m, `tf.coordinate` level + 30m, `tf.diagnose` T0 + 30m,
`tf.restore` T0 + 2h, `customer-update` T0 + 1h and every 30m once done, `risk.watch` level + 4h,
`sec.harden` T0 + 1h, and the two evaluation steps from the stand-down.
"""

from __future__ import annotations

from typing import Any

import pytest
from memlog import MemLog
from recordkit import Played, at, record

from runbook.i18n import Lang
from runbook.playbook import Library
from tui import steprows
from tui.steprows import StepView


def build(played: Played, minutes: float, *, lang: Lang = "en", group: str | None = None,
          show_later: bool = False) -> StepView:
    incident = played.state.incident
    assert incident is not None
    return steprows.build(played.rows(minutes), now=at(minutes), lang=lang, group=group,
                          later=played.later, show_later=show_later,
                          stood_down=incident.stand_down_at is not None, book=played.book)


def shown(view: StepView) -> list[tuple[Any, ...]]:
    """Each line as the pane shows it: steps as (marker, id, title, state, deadline)."""
    out: list[tuple[Any, ...]] = []
    for line in view.lines:
        if line.kind == "step":
            assert line.marker and line.title and line.state and line.due
            out.append((line.marker.plain, line.step_id, line.title.plain, line.state.plain,
                        line.due.plain))
        else:
            assert line.text is not None
            out.append((line.kind, line.text.plain.strip()))
    return out


@pytest.fixture
def log(library: Library) -> MemLog:
    log = record(library)
    log.at(5)
    log.step("verify", "done")
    log.at(6)
    log.step("tf.diagnose", "block", note="no console access")
    return log


def test_the_list_at_forty_minutes(log: MemLog) -> None:
    view = build(Played(log), 40)
    assert shown(view) == [
        ("group", "Emergency Command Center · 2 open · 2 overdue"),
        ("▶", "report-decision", "◆ Decide whether to report to regulators", "pending",
         "overdue +20m"),
        ("sub", "Report to the regulators? Report / Do not report (record why)"),
        ("!", "tf.coordinate", "Strengthen direction", "pending", "overdue +10m"),
        ("group", "Command Center Office · 1 open · 1 overdue"),
        (" ", "verify", "Verify and report to the head", "done", "done 03:05"),
        ("!", "regulator-brief", "Send the brief report to regulators", "pending",
         "overdue +10m"),
        ("group", "Technical Support Group · 2 open · 1 overdue"),
        ("!", "tf.diagnose", "Diagnose the cause and scope of the fault", "blocked",
         "overdue +10m"),
        (" ", "tf.restore", "Restore key payment functions first", "pending",
         "in 1h20m · 05:00"),
        ("group", "Business Operations Group · 1 open"),
        (" ", "customer-update", "↻ Update customers on progress", "pending",
         "in 20m · 04:00"),
        ("group", "Risk Management Group · 1 open"),
        (" ", "risk.watch", "Assess the business and financial impact", "pending",
         "in 3h20m · 07:00"),
        ("group", "Security Group · 1 open"),
        (" ", "sec.harden", "Strengthen security monitoring", "pending", "in 20m · 04:00"),
        ("more", "+ 2 steps start after the stand-down (a: show)"),
    ]
    assert view.upcoming is not None and view.upcoming.step.id == "report-decision"
    assert view.overdue == 4


def test_one_step_is_next_and_it_moves_when_that_one_is_done(library: Library) -> None:
    log = record(library)
    markers = {line.step_id: line.marker.plain for line in build(Played(log), 1).lines
               if line.marker is not None}
    assert [sid for sid, mark in markers.items() if mark == "▶"] == ["verify"]  # due 03:15
    assert "!" not in markers.values()
    log.at(2)
    log.step("verify", "done")
    markers = {line.step_id: line.marker.plain for line in build(Played(log), 3).lines
               if line.marker is not None}
    assert [sid for sid, mark in markers.items() if mark == "▶"] == ["report-decision"]  # 03:17


def test_narrow_cells_leave_out_the_clock_time(log: MemLog) -> None:
    lines = {line.step_id: line for line in build(Played(log), 40).lines
             if line.kind == "step"}
    restore = lines["tf.restore"]
    assert restore.short_due is not None and restore.short_due.plain == "in 1h20m"
    assert restore.short_state is not None and restore.short_state.plain == "todo"
    diagnose = lines["tf.diagnose"]
    assert diagnose.short_state is not None and diagnose.short_state.plain == "block"


def test_the_steps_after_the_stand_down_are_hidden_until_asked_for(log: MemLog) -> None:
    played = Played(log)
    ids = [line.step_id for line in build(played, 40).lines if line.kind == "step"]
    assert "evaluate" not in ids and "evaluation-report" not in ids
    view = build(played, 40, show_later=True)
    later = {line.step_id: line for line in view.lines if line.kind == "step"}
    assert later["evaluate"].due is not None
    assert later["evaluate"].due.plain == "after stand-down"
    assert later["evaluation-report"].due is not None
    assert later["evaluation-report"].due.plain == "after Hold the evaluation meeting"
    assert shown(view)[-1] == (
        "more", "(a: hide the steps that start after the stand-down)")


def test_after_the_stand_down_they_show_with_their_deadlines(log: MemLog) -> None:
    log.at(41)
    log.step("report-decision", "done", decision="report", note="customers affected")
    log.at(42)
    log.step("customer-update", "done")
    log.at(43)
    log.event("stand_down", reason="service restored")
    lines = shown(build(Played(log), 50))
    assert ("more", "+ 2 steps start after the stand-down (a: show)") not in lines
    by_id = {line[1]: line for line in lines if len(line) == 5}
    # Thursday 03:43 + 5 working days: the next Thursday, 12-03 03:43.
    assert by_id["evaluate"][4] == "in 6d23h · 12-03 03:43"
    assert by_id["evaluation-report"][4] == "after Hold the evaluation meeting"
    # Done after its deadline (03:20): when, and how late; repeats stop at the stand-down.
    assert by_id["report-decision"][3:] == ("done", "03:41 late 21m")
    assert by_id["customer-update"][3:] == ("done", "done 03:42")
    decided = lines.index(by_id["report-decision"]) + 1
    assert lines[decided] == ("sub", "= Report — customers affected")


def test_a_repeating_step_done_shows_when_it_is_due_again(log: MemLog) -> None:
    log.at(41)
    log.step("customer-update", "done")
    lines = {line[1]: line for line in shown(build(Played(log), 45)) if len(line) == 5}
    assert lines["customer-update"][3:] == ("done", "next 04:11 · 26m")


def test_a_skipped_decision_has_no_question_line(log: MemLog) -> None:
    log.at(41)
    log.step("report-decision", "skip", note="decided on the phone")
    lines = shown(build(Played(log), 42))
    assert not [line for line in lines if line[0] == "sub"]
    assert ("◆ Decide whether to report to regulators", "skipped") in [
        line[2:4] for line in lines if len(line) == 5]


def test_one_group_only(log: MemLog) -> None:
    played = Played(log)
    lines = shown(build(played, 40, group="tech"))
    assert lines == [
        ("group", "Technical Support Group · 2 open · 1 overdue"),
        ("▶", "tf.diagnose", "Diagnose the cause and scope of the fault", "blocked",
         "overdue +10m"),  # the first due of this group's steps: blocked, it is still due
        (" ", "tf.restore", "Restore key payment functions first", "pending",
         "in 1h20m · 05:00"),
    ]
    view = build(played, 40, group="tech")
    assert view.upcoming is not None and view.upcoming.step.id == "tf.diagnose"
    assert view.overdue == 1


def test_a_group_with_nothing_to_do_says_so(library: Library) -> None:
    played = Played(record(library, level="III"))  # no ops step applies at level III
    lines = shown(build(played, 1, group="ops"))
    assert lines == [("more", "No steps apply for this group now.")]


def test_in_chinese(log: MemLog) -> None:
    lines = shown(build(Played(log), 40, lang="zh"))
    assert lines[0] == ("group", "应急指挥中心 · 待办 2 · 超时 2")
    assert lines[1] == ("▶", "report-decision", "◆ 决定是否向监管机构报告", "待处理",
                        "已超时 +20 分钟")
    assert lines[-1] == ("more", "+ 2 个步骤在应急结束后开始（a：显示）")


def test_one_step_after_the_stand_down_is_one_step(log: MemLog) -> None:
    lines = shown(build(Played(log), 40, group="office"))
    assert lines[-1] == ("more", "+ 1 step starts after the stand-down (a: show)")


def test_a_skipped_step_says_skipped_not_done(log: MemLog) -> None:
    log.at(8)
    log.step("tf.restore", "skip", note="vendor restored it")
    lines = {line[1]: line for line in shown(build(Played(log), 40)) if len(line) == 5}
    assert lines["tf.restore"][3:] == ("skipped", "skipped 03:08")


def test_a_search_match_is_found_where_it_is_shown_whatever_its_case_or_width() -> None:
    from tui.search import match_spans

    assert match_spans("Notify regulators; REGULATORS again", "regulators") == [(7, 17), (19, 29)]
    assert match_spans("Ｔech group", "tech") == [(0, 4)]  # full-width folds to ASCII
    assert match_spans("ﬁle the report", "file") == [(0, 3)]  # one character, two folded
    assert match_spans("anything", "") == []
