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
