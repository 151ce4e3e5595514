"""The exported summary (md, html, json) shows hostile stored text visibly, never raw, and
user text cannot change the Markdown document's structure."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from display_kit import FIELDS, hostile, hostile_incident, plain_env, raw_found, run, shown
from markdown_it import MarkdownIt

import runbook.cli.export_cmds  # noqa: F401  (registers export)


@pytest.fixture(autouse=True)
def _plain_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain_env(tmp_path, monkeypatch)


def export(capsys: pytest.CaptureFixture[str], incident: str, fmt: str) -> str:
    code, out, err = run(capsys, "export", incident, "--format", fmt)
    assert code == 0, err
    return out


def markdown_html(text: str) -> str:
    """The Markdown as a GitHub-flavoured viewer shows it (CommonMark and tables)."""
    return MarkdownIt("commonmark").enable("table").render(text)


def words(page: str) -> str:
    """What a reader of the HTML sees: the text, its entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_summary_shows_every_field_and_no_raw_control(
        capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    incident = hostile_incident(capsys)
    out = export(capsys, incident, fmt)
    assert raw_found(out) == []  # what `cat` replays
    seen = words(markdown_html(out) if fmt == "md" else out)
    assert raw_found(seen) == []  # what a viewer shows
    assert "evil.example" not in re.findall(r'href="([^"]*)"', seen + out)
    for tag in FIELDS:
        assert shown(tag) in seen, tag


def test_the_json_summary_keeps_the_text_as_typed(capsys: pytest.CaptureFixture[str]) -> None:
    incident = hostile_incident(capsys)
    out = export(capsys, incident, "json")
    assert raw_found(out) == []
    data = json.loads(out)
    assert data["identification"]["title"] == hostile("TITLE")
    texts = {c["text"] for c in data["communications"]}
    assert {hostile("REPORT"), hostile("VENDOR"), hostile("HANDTEXT")} <= texts
    assert data["evaluation"]["sections"][0]["entries"][0]["text"] == hostile("EVAL")


def test_user_text_cannot_change_the_markdown_structure(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "start", "--type", "technical-fault", "--level", "II",
                         "--title", "# FORGED title", "--by", "lin")
    assert code == 0, err
    incident = out.strip()
    entry = "\n".join(("# FORGED heading", "1. FORGED list", "~~~", "    FORGED code",
                       "+ FORGED item", "&#x202e;FORGED entity", "<b>FORGED</b>", "==="))
    for args in (["note", incident, "# FORGED note | with a pipe\n## and a second line"],
                 ["vendor", incident, "FORGED &#x202e;entity &amp; | pipe"],
                 ["evaluate", incident, entry, "--section", "cause"]):
        assert run(capsys, *args, "--by", "lin")[0] == 0
    page = markdown_html(export(capsys, incident, "md"))
    for tag in ("h1", "h2", "h3", "h4", "pre", "code", "b"):
        for inner in re.findall(rf"<{tag}>(.*?)</{tag}>", page, re.S):
            assert "FORGED" not in inner, (tag, inner)
    assert "<ol" not in page and "<li>FORGED" not in page
    assert raw_found(words(page)) == []
    seen = words(page)
    assert "# FORGED note | with a pipe ## and a second line" in seen
    assert "&#x202e;FORGED entity" in seen and "FORGED &#x202e;entity &amp; | pipe" in seen
    assert "~~~" in seen and "— lin" in seen  # the fence opened nothing: the byline shows
    assert "<td>FORGED &amp;#x202e;entity &amp;amp; | pipe</td>" in page  # one cell
