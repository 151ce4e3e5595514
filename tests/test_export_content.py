"""What every export must hold, whatever its wording: the whole timeline, the chain head,
the sections in order, Chinese without stray English, JSON that fits its schema, HTML
that needs nothing from outside."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from memlog import MINI, mini_library
from test_export_story import EXPORTED_AT, story

from runbook.events import Event
from runbook.i18n import Lang
from runbook.loader import load_library
from runbook.playbook import Library
from runbook.summary import Summary, build_summary, render_html, render_json, render_md
from runbook.summary.compose import compose
from runbook.summary.document import (
    Block,
    Fields,
    Heading,
    Inline,
    Items,
    Pairs,
    Para,
    Quote,
    Table,
)

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "summary.schema.json"


@pytest.fixture(scope="module")
def library() -> Library:
    return mini_library()


@pytest.fixture(scope="module")
def events(library: Library) -> list[Event]:
    return story(library)


@pytest.fixture(scope="module")
def summary(events: list[Event], library: Library) -> Summary:
    return build_summary(events, library, EXPORTED_AT)


# --- the record is all there -------------------------------------------------------------


def test_every_event_appears_in_the_markdown_with_both_times(
        summary: Summary, events: list[Event]) -> None:
    for lang in ("en", "zh"):
        md = render_md(summary, lang)
        rows = [line for line in md.splitlines() if re.match(r"^\| \d+ \| ", line)]
        assert [int(r.split("|")[1]) for r in rows] == [e.seq for e in events]
        for row, event in zip(rows, events, strict=True):
            tz = summary.tz
            assert event.occurred_at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S") in row
            assert event.recorded_at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S") in row


def test_every_event_appears_in_the_json_with_its_hash(
        summary: Summary, events: list[Event]) -> None:
    doc = json.loads(render_json(summary))
    assert [(r["seq"], r["hash"], r["prev_hash"]) for r in doc["timeline"]] == [
        (e.seq, e.hash, e.prev_hash) for e in events]


def test_every_event_appears_in_the_html(summary: Summary, events: list[Event]) -> None:
    html = render_html(summary, "en")
    body = html.split('<table class="timeline">', 1)[1].split("</table>", 1)[0]
    assert re.findall(r"<tr><td>(\d+)</td>", body) == [str(e.seq) for e in events]


def test_backdated_entries_are_marked(summary: Summary) -> None:
    row = next(r for r in render_md(summary, "en").splitlines() if r.startswith("| 13 |"))
    assert "04:50:00 (backdated)" in row and "05:00:00" in row
    assert "sent by phone, logged later" in row
    zh = next(r for r in render_md(summary, "zh").splitlines() if r.startswith("| 13 |"))
    assert "（补记）" in zh


def test_the_chain_head_is_the_log_head(summary: Summary, events: list[Event]) -> None:
    head, count = events[-1].hash, len(events)
    command = f"runbook verify 20261126-test --head {head} --count {count}"
    assert summary.identification.verify_command == command
    assert command in render_md(summary, "en") and command in render_md(summary, "zh")
    assert command in render_html(summary, "zh")
    ident = json.loads(render_json(summary))["identification"]
    assert (ident["head_hash"], ident["events"], ident["verify_command"]) == (head, count, command)


# --- order and language ------------------------------------------------------------------


SECTIONS = ["identification", "overview", "steps", "decisions", "communication", "timeline",
            "evaluation", "loss", "recovery", "investigation", "insurance", "suggestions",
            "signoff"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_sections_come_in_order(summary: Summary, lang: Lang) -> None:
    anchors = [b.anchor for b in compose(summary, lang) if isinstance(b, Heading) and b.level == 2]
    assert anchors == SECTIONS
    html = render_html(summary, lang)
    positions = [html.index(f'<h2 id="{a}"') for a in SECTIONS]
    assert positions == sorted(positions)


def prose(blocks: list[Block]) -> list[str]:
    """The text the template wrote: every span that is not code."""

    def spans(parts: Inline) -> list[str]:
        return [p if isinstance(p, str) else p.text for p in parts
                if isinstance(p, str) or not p.code]

    found: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            found.append(b.text)
        elif isinstance(b, Para):
            found += spans(b.parts)
        elif isinstance(b, Pairs):
            for label, value in b.rows:
                found += [label, *spans(value)]
        elif isinstance(b, Table):
            found += list(b.headers)
            for row in b.rows:
                for cell in row:
                    found += spans(cell)
        elif isinstance(b, Fields):
            found += list(b.labels)
        elif isinstance(b, Quote):
            found += [b.text, b.by]
        elif isinstance(b, Items):
            for item in b.items:
                found += spans(item)
    return found


def data_strings(events: list[Event]) -> list[str]:
    """What people wrote or named: it stays as written in either language."""
    found: list[str] = []
    for e in events:
        found.append(e.actor.name)
        for value in e.payload.values():
            if isinstance(value, str):
                found += [value, *value.splitlines()]
    found += ["fault", "report", "20261126-test"]  # ids event_detail shows
    return sorted(set(found), key=len, reverse=True)


SYMBOLS = {"Td"}  # the plan's clock names, written the same in both languages


def words(texts: list[str], remove: list[str]) -> set[str]:
    joined = "\n".join(texts)
    for item in remove:
        joined = re.sub(r"(?<!\w)" + re.escape(item) + r"(?!\w)", " ", joined)
    found = re.findall(r"[A-Za-z][A-Za-z'-]+", joined)
    return {w for w in found if not w.isupper() and w not in SYMBOLS}


def test_chinese_prose_has_no_stray_english(summary: Summary, events: list[Event]) -> None:
    remove = data_strings(events)
    english = words(prose(compose(summary, "en")), remove)
    assert {"deadline", "missed", "evaluation", "step", "level"} <= {w.lower() for w in english}
    chinese = words(prose(compose(summary, "zh")), remove)
    assert chinese & english == set()
    assert chinese == set(), chinese


def test_chinese_markdown_has_no_english_words_of_the_template(
        summary: Summary, events: list[Event]) -> None:
    remove = data_strings(events)
    english = {w for w in words(prose(compose(summary, "en")), remove) if len(w) > 2}
    md = re.sub(r"\\(.)", r"\1", re.sub(r"`[^`]*`", " ", render_md(summary, "zh")))
    found = words([md], remove)
    assert found & english == set()


# --- formats -----------------------------------------------------------------------------


def test_the_json_validates_against_its_schema(summary: Summary) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator
    validator.check_schema(schema)
    doc = json.loads(render_json(summary))
    errors = list(validator(schema, format_checker=validator.FORMAT_CHECKER).iter_errors(doc))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []


class Outside(HTMLParser):
    """Collects anything that would make the page reach outside itself."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):
                self.found.append(f"{tag} {name}={value}")
        if tag in ("script", "link", "iframe", "object", "embed", "img"):
            self.found.append(tag)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_html_is_self_contained_and_printable(summary: Summary, lang: Lang) -> None:
    html = render_html(summary, lang)
    parser = Outside()
    parser.feed(html)
    assert parser.found == []
    assert {"style", "svg", "table"} <= parser.tags
    assert "@media print" in html and "@import" not in html and "url(" not in html
    assert "default-src 'none'" in html
    assert re.findall(r"https?://[^\s\"']+", html) == ["http://www.w3.org/2000/svg"]
    assert html.count("<rect") > 10  # level bands and event marks


def test_a_note_with_table_characters_stays_in_its_cell(summary: Summary) -> None:
    md = render_md(summary, "en")
    row = next(r for r in md.splitlines() if r.startswith("| 5 |"))
    assert row.count(" | ") == 6 and r"vendor unreachable \| no answer" in row
    note = next(r for r in md.splitlines() if r.startswith("| 8 |"))
    assert r"second line: \*urgent\*" in note


def test_a_changed_playbook_is_reported(tmp_path: Path, events: list[Event]) -> None:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    settings = folder / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "verify: {value: 15m", "verify: {value: 20m"), encoding="utf-8")
    changed = build_summary(events, load_library(folder), EXPORTED_AT)
    assert changed.identification.settings.differs is True
    assert changed.identification.playbook.differs is False
    md = render_md(changed, "en")
    assert "differs from the one installed now" in md
    assert "the deadlines below are computed with the ones installed now" in md
    doc: dict[str, Any] = json.loads(render_json(changed))
    assert doc["identification"]["settings_digest"]["differs"] is True


def test_a_drill_is_called_one(library: Library) -> None:
    from memlog import MemLog

    log = MemLog(library)
    from runbook.actions import declaration

    log.append(declaration(log.author, library, log.incident_id, type_id="fault", level="III",
                           title="spring drill", drill=True))
    s = build_summary(log.events, library, EXPORTED_AT)
    assert render_md(s, "en").startswith("# Drill summary: 20261126-test")
    assert "**演练**" in render_md(s, "zh")
    assert s.overview.end_kind == "export"


def test_a_decision_taken_again_marks_the_first_superseded(library: Library) -> None:
    from memlog import MemLog

    log = MemLog(library)
    log.declare("II")
    log.step("verify", "done")
    log.step("decide", "done", decision="no-report", note="looks minor")
    log.at(20)
    log.step("decide", "reopen", note="it spread")
    log.step("decide", "done", decision="report", note="outage over 2h likely")
    s = build_summary(log.events, library, EXPORTED_AT)
    assert [(d.option, d.superseded) for d in s.decisions] == [
        ("no-report", True), ("report", False)]
    md = render_md(s, "zh")
    assert "不报告" in md and "（已被取代）" in md


def test_a_step_left_open_at_the_close_reads_not_done_by_the_close(summary: Summary) -> None:
    assert summary.overview.closed is not None
    for lang, said, old in (("en", "not done by the close", "open, not yet due"),
                            ("zh", "结案时未完成", "未完成，尚未到期")):
        row = next(line for line in render_md(summary, lang).splitlines()
                   if line.startswith("|") and "`follow-up`" in line)
        assert said in row and old not in row, row


def test_steps_are_named_by_title_with_the_id_beside(summary: Summary) -> None:
    html = render_html(summary, "en")
    assert "<td>Decide on reporting <code>decide</code></td>" in html
    row = next(line for line in render_md(summary, "en").splitlines() if "`decide`" in line)
    assert row.startswith("| Decide on reporting `decide` | 4.1.3 |"), row
