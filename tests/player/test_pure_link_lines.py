"""What the incident header says of the link between sites and of conflicts between them
(`tui.link_lines`), and the claims of a contested decision in the step's detail."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import msgspec
from memlog import MemLog
from msgspec.structs import replace
from recordkit import Played, at, record
from tuikit import START

from runbook.events import Actor
from runbook.incident import Claim, Conflict
from runbook.playbook import Library
from sync.status_file import STALE_S, LinkStatus
from tui.link_lines import conflict_words, link_words
from tui.stepdetail import step_detail

NOW = START + timedelta(minutes=10)  # 03:10 in Shanghai


def state(**kw: Any) -> LinkStatus:
    """A link state, as `sync.status_file.read` gives it (from the file's JSON values)."""
    found: dict[str, Any] = {
        "site": "dc1", "written_at": NOW.isoformat(), "stopped": False, "up": True,
        "since": (NOW - timedelta(minutes=8)).isoformat(), "failures": 0, "last_error": None,
        "peers": [{"site": "dr", "lag": 0, "last": None}]}
    found.update(kw)
    return msgspec.convert(found, LinkStatus)


def test_no_state_file_says_nothing() -> None:
    assert link_words(None, NOW) is None


def test_a_link_up_is_a_quiet_aside_with_each_other_site_and_its_lag() -> None:
    words = link_words(state(peers=[{"site": "dr", "lag": 0}, {"site": "dc3", "lag": 12}]), NOW)
    assert words is not None and not words.warn
    assert words.text("en") == "⇄ dc1 · dr 0 behind, dc3 12 behind"
    assert words.text("zh") == "⇄ dc1 · dr 落后 0 条，dc3 落后 12 条"
    alone = link_words(state(peers=[]), NOW)
    assert alone is not None and alone.text("en") == "⇄ dc1 · no other site seen yet"
    assert alone.text("zh") == "⇄ dc1 · 尚未见到其他站点"


def test_a_link_down_warns_since_when_in_local_time() -> None:
    words = link_words(state(up=False, since="2026-11-25T19:02:00+00:00"), NOW)
    assert words is not None and words.warn
    assert words.text("en") == "⇄ LINK DOWN since 03:02 (recording locally)"
    assert words.text("zh") == "⇄ 链路中断（自 03:02 起，本地照常记录）"
    never = link_words(state(up=False, since=None), NOW)
    assert never is not None and never.text("en") == "⇄ LINK DOWN (recording locally)"


def test_a_stopped_or_stale_sync_is_not_running_whatever_it_last_said() -> None:
    stale = (NOW - timedelta(seconds=STALE_S + 1)).isoformat()
    # (A time that is none, "garbage", is refused by `read`: tests/sites/test_status_file.py.)
    for found in (state(stopped=True), state(written_at=stale)):
        words = link_words(found, NOW)
        assert words is not None and words.warn
        assert (words.text("en"), words.text("zh")) == ("⇄ sync not running", "⇄ 同步未运行")
    fresh = link_words(state(written_at=(NOW - timedelta(seconds=STALE_S)).isoformat()), NOW)
    assert fresh is not None and not fresh.warn


def test_the_pieces_fit_an_80_column_header() -> None:
    from rich.cells import cell_len

    for found in (state(), state(up=False), state(stopped=True)):
        words = link_words(found, NOW)
        assert words is not None
        assert all(cell_len(words.text(lang)) <= 50 for lang in ("en", "zh"))


def claim(value: str, site: str, seq: int) -> Claim:
    return Claim(value, Actor(f"lin-{site}", "office"), site, seq, NOW)


def test_open_conflicts_are_counted_with_the_command_that_resolves_them() -> None:
    level = Conflict("level", None, (claim("I", "dc1", 5), claim("III", "dc2", 6)))
    assert conflict_words([], "X") is None
    assert conflict_words([replace(level, resolved=claim("I", "dc1", 7))], "X") is None
    one = conflict_words([level], "20261126-ab12")
    assert one is not None
    assert one("en") == "⚠ 1 conflict between sites: runbook resolve 20261126-ab12"
    assert one("zh") == "⚠ 站点之间有 1 处冲突：runbook resolve 20261126-ab12"
    two = conflict_words([level, replace(level, about="decision", step="s")], "X")
    assert two is not None and two("en") == "⚠ 2 conflicts between sites: runbook resolve X"


def test_a_contested_decision_lists_the_claims_in_its_step_detail(library: Library) -> None:
    log: MemLog = record(library)
    played = Played(log)
    incident = played.state.incident
    assert incident is not None
    contested = Conflict("decision", "report-decision",
                         (claim("report", "dc1", 5), claim("no-report", "dc2", 6)))
    elsewhere = Conflict("level", None, (claim("I", "dc1", 7), claim("III", "dc2", 8)))
    incident = replace(incident, conflicts=[contested, elsewhere])

    def lines(step_id: str, lang: Any = "en") -> list[str]:
        return step_detail(played.row(step_id, 1), played.book, library.plan,
                           library.settings, "II", at(1), lang, incident).plain.splitlines()

    shown = lines("report-decision")
    assert "- step report-decision: report (lin-dc1 at dc1, #5); no-report (lin-dc2 at dc2, #6)" \
        in shown
    assert any(line.startswith("Conflicts between sites") for line in shown)
    assert not any("the level" in line for line in shown)  # the header says that one
    assert ("- 步骤 report-decision：report（lin-dc1，站点 dc1，第 5 条）；"
            "no-report（lin-dc2，站点 dc2，第 6 条）") in lines("report-decision", "zh")
    assert not any("Conflicts between sites" in line for line in lines("verify"))
