"""Timeline lines and the event detail (`tui.eventrows`): what the timeline pane shows.

A line is cut to its width: 72 cells and more (the timeline on its own, or a wide pane)
show seconds, the author's group, the kind in a column; narrower (the pane beside the
steps) minutes, the name alone, and what happened in one column.
"""

from __future__ import annotations

import pytest
from recordkit import at, record
from rich.text import Text

from runbook.actions import When, step_action
from runbook.events import Event
from runbook.playbook import Library
from tui.eventrows import detail, line

NOW = at(40)


@pytest.fixture
def events(library: Library) -> list[Event]:
    log = record(library)
    log.at(5)
    log.step("verify", "done")
    log.at(6)
    log.event("note", text="vendor NOC ticket 4711", group="tech")
    log.at(30)  # written at 03:30, saying it happened at 03:10
    log.append(step_action(log.author, log.incident_id, "tf.diagnose", "block",
                           note="no console", when=When(at(10), "wrote it up later")))
    return log.events


def test_a_wide_line_has_seconds_the_group_and_the_kind_in_a_column(
        events: list[Event]) -> None:
    shown = [line(e, 100, "en", NOW, 2) for e in events]
    assert [t.plain.rstrip() for t in shown] == [
        " 1 03:00:00 03:00:00  lin·Office     declared       technical-fault II test",
        " 2 03:05:00 03:05:00  lin·Office     step done      verify",
        " 3 03:06:00 03:06:00  lin·Office     note           vendor NOC ticket 4711 · (Tech)",
        " 4 03:10:00 03:30:00↺ lin·Office     step blocked   tf.diagnose · no console",
    ]
    assert all(t.cell_len == 100 for t in shown)


def test_a_narrow_line_has_minutes_and_is_cut_to_its_width(events: list[Event]) -> None:
    shown = [line(e, 40, "en", NOW, 2) for e in events]
    assert [t.plain for t in shown] == [
        " 1 03:00 03:00  lin      declared techn…",
        " 2 03:05 03:05  lin      step done veri…",
        " 3 03:06 03:06  lin      note vendor NO…",
        " 4 03:10 03:30↺ lin      step blocked t…",
    ]
    assert all(t.cell_len == 40 for t in shown)


def styles_at(text: Text, offset: int) -> list[str]:
    return [str(s.style) for s in text.spans if s.start <= offset < s.end]


def test_a_backdated_event_is_marked(events: list[Event]) -> None:
    """Its recorded time carries ↺ and stands out; an event recorded as it happened not."""
    backdated = line(events[3], 100, "en", NOW, 2)
    assert "yellow" in styles_at(backdated, backdated.plain.index("03:30:00↺"))
    assert "bold" in styles_at(backdated, backdated.plain.index("03:10:00"))
    usual = line(events[1], 100, "en", NOW, 2)
    assert "↺" not in usual.plain
    assert "yellow" not in styles_at(usual, usual.plain.index("03:05:00 ") + 9)


def test_the_seq_column_is_as_wide_as_the_longest_seq(events: list[Event]) -> None:
    assert line(events[0], 100, "en", NOW, 5).plain.startswith("    1 03:00:00")


def test_in_chinese(events: list[Event]) -> None:
    assert line(events[3], 100, "zh", NOW, 2).plain.rstrip() == (
        " 4 03:10:00 03:30:00↺ lin·办公室     步骤受阻       tf.diagnose · no console")


def test_the_detail_of_a_step_event_names_the_step(library: Library,
                                                   events: list[Event]) -> None:
    book = library.playbook("technical-fault")
    assert detail(events[1], "en", NOW, book).plain.splitlines() == [
        "#2 step done",
        "happened 2026-11-26 03:05:00 +0800  recorded 2026-11-26 03:05:00 +0800",
        "by lin (Office)",
        "Verify and report to the head [verify]",
        f"hash {events[1].hash[:16]}…",
    ]
    assert detail(events[3], "zh", NOW, book).plain.splitlines() == [
        "#4 步骤受阻  ↺ 补记",
        "发生时间 2026-11-26 03:10:00 +0800  记录时间 2026-11-26 03:30:00 +0800",
        "记录人 lin（办公室）",
        "诊断故障原因和影响范围 [tf.diagnose] · no console",
        f"哈希 {events[3].hash[:16]}…",
    ]


def test_the_detail_without_a_playbook_still_reads(events: list[Event]) -> None:
    """A long record's timeline opens before its playbook is at hand."""
    assert detail(events[2], "en", NOW, None).plain.splitlines() == [
        "#3 note",
        "happened 2026-11-26 03:06:00 +0800  recorded 2026-11-26 03:06:00 +0800",
        "by lin (Office)",
        "vendor NOC ticket 4711 · (Tech)",
        f"hash {events[2].hash[:16]}…",
    ]
