"""Report drafts (`runbook draft`): golden files of every kind in zh and en for the scripted
Level I data leak and Level II technical fault of the figures' golden tests (recorded a
little further: the notice's wording, an evaluation entry, an action item); a fact not
recorded shows as missing with its command; every trace marker names the events the line
comes from; a notice for a type without notice facts is refused, naming what applies; the
command writes privately and never over a file unless told.

Regenerate the golden files with

    RUNBOOK_UPDATE_GOLDEN=1 pytest tests/test_drafts.py
"""

from __future__ import annotations

import os
import re
import stat
from datetime import date
from pathlib import Path

import pytest
from cli_kit import declare, run
from test_export_figures import (
    EXPORTED_AT,
    WANG,
    ZHAO,
    Story,
    data_leak_story,
    technical_fault_story,
)

from runbook.drafts import KIND_IDS, Draft, build_draft, render_draft
from runbook.drafts.trace import SOURCES
from runbook.errors import RefusedAction
from runbook.events import Event
from runbook.i18n import Lang
from runbook.loader import load_library
from runbook.playbook import Library
from runbook.summary import Summary, build_summary

GOLDEN = Path(__file__).parent / "golden" / "drafts"
UPDATE = os.environ.get("RUNBOOK_UPDATE_GOLDEN") == "1"


def leak(library: Library) -> Story:
    s = data_leak_story(library)
    s.by(ZHAO)
    s.fact(1240, "notice-cause", "a storage bucket of the vendor was left open to the internet")
    s.fact(1240, "notice-harm", "scam calls or messages using your name and phone number")
    s.fact(1240, "notice-remedies", "the bucket was closed and access keys rotated")
    s.fact(1240, "notice-contact", "95xxx, 24 h")
    return s  # notice-self-help stays missing: the notice lacks it


def fault(library: Library) -> Story:
    s = technical_fault_story(library)
    s.by(WANG)
    s.log.at(420)
    s.log.event("evaluation_recorded", section="cause",
                text="a certificate of the gateway expired")
    s.log.event("action_item_added", text="monitor certificate expiry", owner="chen",
                due=date(2026, 12, 31).isoformat())
    return s


STORIES = {"data-leak": leak, "technical-fault": fault}
KINDS_OF = {"data-leak": KIND_IDS,
            "technical-fault": tuple(k for k in KIND_IDS if k != "pipl-notice")}
CASES = [(story, kind, lang) for story, kinds in KINDS_OF.items() for kind in kinds
         for lang in ("zh", "en")]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


@pytest.fixture(scope="module")
def events(library: Library) -> dict[str, list[Event]]:
    return {name: story(library).log.events for name, story in STORIES.items()}


@pytest.fixture(scope="module")
def summaries(library: Library, events: dict[str, list[Event]]) -> dict[str, Summary]:
    return {name: build_summary(found, library, EXPORTED_AT) for name, found in events.items()}


def _golden(name: str, got: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8", newline="\n")
    assert path.is_file(), f"{path} is missing; run with RUNBOOK_UPDATE_GOLDEN=1 to create it"
    assert got == path.read_text(encoding="utf-8"), (
        f"{name} differs from its golden file; if intended, regenerate with "
        "RUNBOOK_UPDATE_GOLDEN=1")


@pytest.mark.parametrize(("story", "kind", "lang"), CASES)
def test_each_draft_matches_its_golden_file(summaries: dict[str, Summary], story: str,
                                            kind: str, lang: Lang) -> None:
    _golden(f"{story}.{kind}.{lang}.md",
            render_draft(build_draft(summaries[story], kind, lang), "md"))


def _line(draft: Draft, start: str) -> str:
    text = render_draft(draft, "text")
    found = [line for line in text.splitlines() if line.strip().startswith(start)]
    assert len(found) == 1, (start, found)
    return found[0]


def _marker(line: str) -> int:
    found = re.findall(r"\[(\d+)\]$", line)
    assert found, line
    return int(found[0])


def _seq(events: list[Event], kind: str, **payload: object) -> list[int]:
    return [e.seq for e in events if e.kind == kind
            and all(e.payload.get(k) == v for k, v in payload.items())]


def test_the_trace_markers_name_the_events_of_each_line(
        summaries: dict[str, Summary], events: dict[str, list[Event]]) -> None:
    draft = build_draft(summaries["data-leak"], "full", "en")
    people = _line(draft, "People whose data leaked:")
    assert "1,200,000" in people
    assert draft.sources[_marker(people)] == tuple(
        _seq(events["data-leak"], "fact_recorded", fact="people-affected"))  # both, corrected
    cac = _line(draft, "2026-11-26 04:10 Report the cyber incident to the CAC:")
    assert draft.sources[_marker(cac)] == tuple(_seq(events["data-leak"], "report_sent",
                                                     to="cac"))
    text = render_draft(draft, "text")
    assert "Sources (event numbers in the record)" in text
    for n, seqs in draft.sources.items():
        assert f"[{n}] " + ", ".join(f"#{q}" for q in seqs) in text


def test_a_fact_not_recorded_is_missing_with_its_command(summaries: dict[str, Summary]
                                                         ) -> None:
    zh = build_draft(summaries["data-leak"], "pipl-notice", "zh")
    line = _line(zh, "五、个人可以采取的减轻危害的措施")
    assert "缺失——记录命令：runbook fact 20261126-data notice-self-help VALUE" in line
    assert "[" not in line  # nothing recorded: no source
    cause = _line(zh, "二、发生的原因")
    assert "a storage bucket of the vendor was left open" in cause
    en = build_draft(summaries["technical-fault"], "brief", "en")
    assert "missing — record with runbook fact 20261126-tech complaints-received VALUE" in (
        _line(en, "Complaints received:"))


def test_a_draft_at_an_earlier_moment_holds_only_what_was_recorded_by_then(
        library: Library, events: dict[str, list[Event]]) -> None:
    early = [e for e in events["data-leak"] if e.seq <= 8]  # before any figure
    s = build_summary(early, library, EXPORTED_AT)
    text = render_draft(build_draft(s, "brief", "en"), "text")
    assert "People whose data leaked: missing" in text
    assert "1,200,000" not in text


def test_a_notice_for_a_type_without_notice_facts_says_what_applies(
        summaries: dict[str, Summary]) -> None:
    with pytest.raises(RefusedAction) as refused:
        build_draft(summaries["technical-fault"], "pipl-notice", "en")
    assert "records none" in refused.value.message.en
    assert "brief, full, progress, final, cac, customer-notice" in refused.value.message.en
    assert "本事件可起草" in refused.value.message.zh


def test_the_progress_report_lists_what_was_recorded_since_the_last_report(
        summaries: dict[str, Summary]) -> None:
    text = render_draft(build_draft(summaries["technical-fault"], "progress", "zh"), "text")
    since = text.split("自上次报告以来")[1].split("一、事件概况")[0]
    assert "上次报告：2026-11-26 04:50 向中国人民银行 事件报告" in since
    assert "支付功能恢复时间：2026-11-26 04:05" in since


def test_html_is_the_summarys_self_contained_page(summaries: dict[str, Summary]) -> None:
    page = render_draft(build_draft(summaries["data-leak"], "cac", "zh"), "html")
    assert page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
    assert "default-src 'none'" in page and "@page" in page
    assert "网络安全事件报告（网信部门）（草稿）" in page


def test_the_command_writes_a_private_file_and_keeps_one_that_is_there(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "r.db"
    declare(db, "20261201-leak", type_id="data-leak", level="I")
    out = tmp_path / "brief.md"
    base = ("--db", str(db), "--by", "lin", "--group", "office")
    code, _, err = run(capsys, *base, "--lang", "zh", "draft", "leak", "--kind", "brief",
                          "-o", str(out))
    assert code == 0, err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "事发简要报告（草稿）" in out.read_text(encoding="utf-8")
    code, _, err = run(capsys, *base, "--lang", "en", "draft", "leak", "--kind", "brief",
                          "-o", str(out))
    assert code == 1 and "add --replace" in err
    assert "事发简要报告（草稿）" in out.read_text(encoding="utf-8")  # kept
    code, _, err = run(capsys, *base, "--lang", "en", "draft", "leak", "--kind", "brief",
                          "--format", "text", "-o", str(out), "--replace")
    assert code == 0, err
    assert out.read_text(encoding="utf-8").startswith("Initial brief (draft)")
    code, _, err = run(capsys, *base, "--lang", "en", "draft", "leak", "--kind", "memo")
    assert code == 2 and "--kind" in err
    code, _, err = run(capsys, *base, "--lang", "en", "draft", "nothing", "--kind", "cac")
    assert code == 1


@pytest.mark.parametrize(("story", "kind"), [(s, k) for s, k, lang in CASES if lang == "zh"])
def test_a_chinese_draft_reads_as_chinese(summaries: dict[str, Summary],
                                          events: dict[str, list[Event]], story: str,
                                          kind: str) -> None:
    from zh_scan import foreign, markdown_prose, user_texts

    md = render_draft(build_draft(summaries[story], kind, "zh"), "md")
    quoted = user_texts(events[story])
    assert foreign(markdown_prose(md), quoted=quoted,
                   ids=[summaries[story].identification.incident_id]) == []


@pytest.mark.parametrize(("story", "kind", "lang"), CASES)
def test_markers_are_numbered_in_reading_order_and_each_is_a_source(
        summaries: dict[str, Summary], story: str, kind: str, lang: Lang) -> None:
    draft = build_draft(summaries[story], kind, lang)
    body = render_draft(draft, "text").split(f"\n{SOURCES(lang)}\n")[0]
    first: list[int] = []
    for n in (int(x) for x in re.findall(r" \[(\d+)\]$", body, flags=re.MULTILINE)):
        if n not in first:
            first.append(n)
    assert first == list(range(1, len(draft.sources) + 1))
