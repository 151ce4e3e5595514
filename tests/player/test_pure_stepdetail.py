"""The selected step in full (`tui.stepdetail.step_detail`): what to do, by when and from
what, the decision, what was recorded, which keys apply, and the plan clause.

Worked out by hand from the fixture book (see test_pure_steprows): declared at level II at
03:00, Td = T0 = 03:00.
"""

from __future__ import annotations

import re

import pytest
from memlog import MemLog
from recordkit import Played, at, record

from runbook.i18n import Lang
from runbook.playbook import Library
from tui.stepdetail import step_detail


def detail(library: Library, log: MemLog, step_id: str, minutes: float,
           lang: Lang = "en") -> list[str]:
    played = Played(log)
    text = step_detail(played.row(step_id, minutes), played.book, library.plan,
                       library.settings, "II", at(minutes), lang)
    return text.plain.splitlines()


@pytest.fixture
def log(library: Library) -> MemLog:
    return record(library)


def test_a_pending_step_from_the_first_report(library: Library, log: MemLog) -> None:
    assert detail(library, log, "verify", 10) == [
        "Verify and report to the head  [verify]",
        "Office · pending · in 5m · 03:15",
        # The 15m comes from the settings: the detail says whose value it is.
        "due 03:15 (15 min after first report (Td)) · default — set by the institution",
        "The Office verifies the on-site report and tells the head of the Command Center.",
        "d done · i start · s skip · b blocked",
        "§4.1.2 Verify and report",
        "The Office verifies the report within [X] minutes and reports to the head of the "
        "Command Center.",
    ]


def test_a_blocked_step_gives_its_reason_and_what_can_follow(library: Library,
                                                              log: MemLog) -> None:
    log.at(6)
    log.step("tf.diagnose", "block", note="no console access")
    lines = detail(library, log, "tf.diagnose", 40)
    assert lines[1:3] == ["Tech · blocked · overdue +10m",
                          "due 03:30 (30 min after warning issued (T0))"]
    assert "reason: no console access" in lines
    assert "d done · i start · s skip · o reopen" in lines  # no second block


def test_a_decision_lists_its_options_then_who_decided_and_why(library: Library,
                                                               log: MemLog) -> None:
    lines = detail(library, log, "report-decision", 1)
    assert lines[1:3] == ["Command · pending · after Verify and report to the head",
                          "due 15 min after Verify and report to the head"]  # not yet anchored
    options = ("Report to the regulators? options: Report (report) / "
               "Do not report (record why) (no-report)")
    assert options in lines
    assert "D decide · i start · s skip · b blocked" in lines
    log.at(5)
    log.step("verify", "done")
    log.at(7)
    log.step("report-decision", "done", decision="report", note="customers affected")
    lines = detail(library, log, "report-decision", 10)
    assert lines[1:3] == ["Command · done · done 03:07",
                          "due 03:20 (15 min after Verify and report to the head)"]
    assert options in lines
    assert "decided by lin: Report — customers affected" in lines
    assert lines[-3] == "o reopen"


def test_a_repeating_step_says_how_often(library: Library, log: MemLog) -> None:
    lines = detail(library, log, "customer-update", 10)
    assert lines[2] == "due 04:00 (1 h after warning issued (T0)) · repeats every 30 min"


def test_a_post_incident_step_counts_working_days(library: Library, log: MemLog) -> None:
    lines = detail(library, log, "evaluate", 10)
    assert lines[2] == "due 5 working days after stand-down"


def test_in_chinese_with_chinese_units(library: Library, log: MemLog) -> None:
    log.at(6)
    log.step("tf.diagnose", "block", note="no console access")
    lines = detail(library, log, "tf.diagnose", 10, "zh")
    assert lines[1:3] == ["技术支持 · 受阻 · 20 分钟后 · 03:30",
                          "时限 03:30（发布预警（T0）后 30 分钟）"]
    assert "原因：no console access" in lines
    assert "d 完成 · i 开始 · s 跳过 · o 重开" in lines
    assert lines[-2] == "§4.3.1 技术故障"
    repeating = detail(library, log, "customer-update", 10, "zh")[2]
    assert repeating == "时限 04:00（发布预警（T0）后 1 小时） · 每 30 分钟重复"
    later = detail(library, log, "evaluate", 10, "zh")[2]
    assert later == "时限：应急结束后 5 个工作日"
    for line in (*lines, repeating, later):
        assert not re.search(r"\d+(m|h|d|wd)\b", line), line  # no playbook notation
