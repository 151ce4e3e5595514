"""Chinese reads as Chinese (issue 12 item 19): durations with their units as words
(`15 分钟`, `2 小时 30 分钟`), levels as 一级…四级, the timeline naming types, steps, options
and facts by their labels, full-width punctuation; and a scan of the Chinese export, the
Chinese CLI for English left in them (the screens: tests/player/test_zh_screens.py)."""

from __future__ import annotations

import html
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cli_kit import library, run
from memlog import mini_library
from test_export_story import EXPORTED_AT, story
from zh_scan import foreign, markdown_prose, user_texts

from runbook.actions import Author, make_event
from runbook.clock import FrozenClock
from runbook.describe import event_detail
from runbook.durations import Duration
from runbook.events import Actor
from runbook.summary import build_summary, render_html, render_md
from runbook.wording import duration_text, span_text

# --- durations ---------------------------------------------------------------------------------


@pytest.mark.parametrize("delta, long, compact", [
    (timedelta(minutes=15), "15 分钟", "15 分钟"),
    (timedelta(hours=2, minutes=30), "2 小时 30 分钟", "2 小时 30 分钟"),
    (timedelta(hours=2), "2 小时", "2 小时"),
    (timedelta(days=1, hours=3, minutes=5), "1 天 3 小时 5 分钟", "1 天 3 小时"),
    (timedelta(), "0 分钟", "0 分钟"),
])
def test_a_duration_in_chinese_has_its_units_as_words(delta: timedelta, long: str,
                                                     compact: str) -> None:
    assert span_text(delta, "zh") == long
    assert span_text(delta, "zh", compact=True) == compact


def test_the_english_countdown_keeps_its_short_form() -> None:
    assert span_text(timedelta(hours=1, minutes=5), "en", compact=True) == "1h05m"
    assert span_text(timedelta(hours=1, minutes=5), "en") == "1 h 5 min"


def test_a_playbook_duration_reads_in_words() -> None:
    assert duration_text(Duration(timedelta(minutes=90)), "zh") == "1 小时 30 分钟"
    assert duration_text(Duration(timedelta(), 5), "zh") == "5 个工作日"
    assert duration_text(Duration(timedelta(minutes=90)), "en") == "1 h 30 min"


# --- the timeline's detail -----------------------------------------------------------------------


def test_the_timeline_names_the_type_level_and_option_by_their_labels() -> None:
    lib = mini_library()
    events = story(lib)
    book = lib.playbooks["fault"]
    declared = event_detail(events[0], "zh", book)
    assert declared.startswith(f"{book.title.zh} 二级"), declared
    decided = next(e for e in events if e.payload.get("option") == "report")
    step = book.step("decide")
    assert step is not None and step.decision is not None
    label = step.decision.options[0].label.zh
    assert f"{step.title.zh} [decide] · = {label}" in event_detail(decided, "zh", book)
    assert "= report" not in event_detail(decided, "zh", book)
    raised = next(e for e in events if e.kind == "level_changed")
    assert event_detail(raised, "zh", book).startswith("→ 一级")


def test_without_its_playbook_the_detail_keeps_the_ids() -> None:
    events = story(mini_library())
    assert event_detail(events[0], "zh").startswith("fault 二级")


def test_a_backdated_entry_says_why_after_a_full_width_colon() -> None:
    lib = mini_library()
    md = render_md(build_summary(story(lib), lib, EXPORTED_AT), "zh")
    assert "补记：" in md
    assert "补记:" not in md


def test_a_fact_and_a_correction_read_as_labels() -> None:
    lib = library()
    book = lib.playbooks["data-leak"]
    author = Author(Actor("lin", "office"), FrozenClock(EXPORTED_AT))
    fact = make_event(author, "x", "fact_recorded", {"fact": "people-affected", "value": 20000})
    found = book.fact("people-affected")
    assert found is not None
    assert event_detail(fact, "zh", book) == f"{found.label.zh}：2 万"
    fixed = make_event(author, "x", "incident_corrected",
                       {"field": "drill", "value": True, "reason": "a drill after all"})
    assert event_detail(fixed, "zh", book) == "是否演练：演练 · a drill after all"


# --- the scans -----------------------------------------------------------------------------------


class _Prose(HTMLParser):
    """The text of an HTML page a reader sees, without its code (ids, commands)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("code", "style", "script", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "style", "script", "title") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_prose(page: str) -> str:
    parser = _Prose()
    parser.feed(page)
    return html.unescape(" ".join(parser.parts))


def story_ids() -> set[str]:
    lib = mini_library()
    return {s.id for b in lib.playbooks.values() for s in b.steps} | {story(lib)[0].incident_id}


def test_the_chinese_export_has_no_english_outside_ids_and_what_people_typed() -> None:
    lib = mini_library()
    events = story(lib)
    summary = build_summary(events, lib, EXPORTED_AT)
    quoted = user_texts(events)
    assert foreign(markdown_prose(render_md(summary, "zh")), quoted=quoted, ids=story_ids()) == []
    assert foreign(html_prose(render_html(summary, "zh")), quoted=quoted, ids=story_ids()) == []


def test_the_scan_finds_english_words_units_and_level_numerals() -> None:
    """The scan itself: what it must catch, and what it must let through."""
    assert foreign("还剩 15m · 二级 · II 级 · due") == ["m", "II", "due"]
    assert foreign("步骤 tf.diagnose · 20261126-test · abcdef0123456789 · Td · 运行 runbook "
                   "verify", ids={"tf.diagnose"}) == []
    assert foreign("步骤 tf.diagnose") == ["tf", "diagnose"]
    assert foreign("备注 vendor down", quoted={"vendor down"}) == []
    assert foreign("d 完成 · x 导出", keys=True) == []
    assert foreign("d 完成") == ["d"]
    assert foreign("超时 ver… · 15min", ids={"report.verify"}) == ["min"]
    assert foreign("级别 II 提议", quoted={"level II proposed"}) == ["II"]


@pytest.fixture
def cli_story(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str, set[str]]:
    """A data-leak incident written through the CLI in Chinese, with what was typed."""
    db = tmp_path / "r.db"
    who = ["--db", str(db), "--by", "lin", "--group", "security", "--lang", "zh"]
    code, out, err = run(capsys, "start", "--type", "data-leak", "--level", "II", "--title",
                         "customer data seen on a forum", *who)
    assert code == 0, err
    incident = out.strip().splitlines()[-1]
    typed = {"customer data seen on a forum", "vendor confirms the export", "forum post removed",
             "scale confirmed by the vendor"}
    for args in (
        ["step", incident, "report.verify", "done"],
        ["note", incident, "vendor confirms the export", "--for", "tech"],
        ["fact", incident, "people-affected", "20000"],
        ["step", incident, "dl.notify-decision", "done", "--decision", "notify", "--note",
         "forum post removed"],
        ["level", incident, "I", "--reason", "scale confirmed by the vendor"],
        ["report", incident, "brief sent", "--to", "regulator", "--stage", "brief"],
    ):
        code, _, err = run(capsys, *args, *who)
        assert code == 0, (args, err)
    return db, incident, typed | {"brief sent", "lin"}


@pytest.mark.parametrize("command", [["status"], ["timeline"], ["list"], ["review"]])
def test_the_chinese_cli_has_no_english_outside_ids_and_what_people_typed(
        capsys: pytest.CaptureFixture[str], cli_story: tuple[Path, str, set[str]],
        command: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    db, incident, typed = cli_story
    monkeypatch.setenv("COLUMNS", "240")  # what people typed stays on one line, to be found
    args = [*command, incident] if command[0] in ("status", "timeline") else command
    code, out, err = run(capsys, *args, "--db", str(db), "--lang", "zh")
    assert code == 0, err
    steps = {s.id for book in library().playbooks.values() for s in book.steps}
    assert foreign(out, quoted=typed, ids=steps | {incident}) == [], out


def test_the_chinese_cli_tables_never_start_a_line_with_a_comma(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "r.db"
    who = ["--db", str(db), "--by", "lin", "--group", "office", "--lang", "zh"]
    code, out, err = run(capsys, "start", "--type", "technical-fault", "--level", "II", *who)
    assert code == 0, err
    incident = out.strip().splitlines()[-1]
    note = ("外包服务提供商确认数据库主备切换正在进行，预计十五分钟内完成；切换完成后由技术支持小组"
            "核对交易流水，业务运营小组同步通知商户，风险管理小组评估资金影响。")
    code, _, err = run(capsys, "note", incident, note, *who)
    assert code == 0, err
    for columns in range(60, 100, 3):
        monkeypatch.setenv("COLUMNS", str(columns))
        code, out, err = run(capsys, "timeline", incident, "--db", str(db), "--lang", "zh")
        assert code == 0, err
        starts = [line.strip()[:1] for line in out.splitlines() if line.strip()]
        assert not set(starts) & set("，。；：、）"), (columns, out)
