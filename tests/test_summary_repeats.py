"""A repeating step that lapsed is counted once per interval it lapsed, not once: a 2-hourly
report last sent 24 h before the end missed eleven times."""

from __future__ import annotations

from datetime import timedelta

from memlog import START

from runbook.durations import parse_duration
from runbook.i18n import Msg
from runbook.incident import StepProgress
from runbook.playbook import Step
from runbook.summary.compliance import occurrences

STEP = Step("comms.progress", "command", Msg("progress", "进展"), Msg("", ""),
            frozenset({"II"}), ("4.5.3",), "communication", repeat=parse_duration("2h"))


def test_a_lapsed_two_hourly_report_misses_once_per_interval() -> None:
    first_due = START + timedelta(hours=2)
    record = StepProgress("comms.progress", state="done",
                          completions=[first_due - timedelta(minutes=5)])
    end = first_due - timedelta(minutes=5) + timedelta(hours=24)
    found = occurrences(STEP, record, first_due, end)
    lapsed = [o for o in found[1:] if o.done_at is None]
    # Due 2 h after the last one, then every 2 h: 11 times before the end (the 12th falls
    # due at the end itself, not yet missed).
    assert len(lapsed) == 11
    assert lapsed[0].missed_by == timedelta(hours=22)
    assert lapsed[-1].missed_by == timedelta(hours=2)


def test_suggestions_are_one_line_per_step_ranked_with_the_advice_once() -> None:
    from memlog import mini_library
    from test_export_story import EXPORTED_AT, story

    from runbook.summary import build_summary, render_md

    library = mini_library()
    md = render_md(build_summary(story(library), library, EXPORTED_AT), "en")
    part = md[md.index("## 12."):md.index("## 13.")]
    lines = [line for line in part.splitlines() if line.startswith("- **")]
    # Missed by most first (locate, 1 h, also blocked), then update (35 min, 3 times), …
    assert [line.split("`")[1] for line in lines] == ["locate", "update", "decide", "watch"]
    assert "missed 1 time(s), by up to 1 h; blocked 1 time(s)" in lines[0]
    assert part.count("Check whether the time allowed") == 0
    assert part.count("check whether the time allowed is realistic") == 1
