"""The HTML export opened in headless Chromium: the browser sees the whole summary, the
chart and the record's head, and prints it. Skipped where Chromium is not installed (CI
installs it)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
from memlog import mini_library
from test_export_story import EXPORTED_AT, story

from runbook.i18n import Lang
from runbook.summary import Summary, build_summary, render_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
QUIET = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def summary() -> Summary:
    library = mini_library()
    return build_summary(story(library), library, EXPORTED_AT)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run([CHROMIUM, *QUIET, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def page_text(dom: str) -> str:
    body = re.sub(r"<style.*?</style>", " ", dom, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["Post-incident summary: 20261126-test", "1. Identification", "6. Timeline",
            "12. Plan revision suggestions (4.6.3)", "late by 8 min", "Level I (red)"]),
    ("zh", ["事件处置总结报告：20261126-test", "1. 基本信息", "6. 时间线（处置活动记录）",
            "12. 预案修订建议（4.6.3）", "超时 8 分钟完成", "一级预警（红色）"]),
])
def test_chromium_shows_the_whole_summary(summary: Summary, tmp_path: Path, lang: Lang,
                                         expected: list[str]) -> None:
    page = tmp_path / f"summary.{lang}.html"
    page.write_text(render_html(summary, lang), encoding="utf-8")
    done = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    text = page_text(dom)
    for phrase in expected:
        assert phrase in text, phrase
    assert summary.identification.verify_command in text
    assert "<svg" in dom and dom.count("<tr><td>") >= len(summary.timeline)
    for event in summary.timeline:
        assert event.occurred_at.astimezone(summary.tz).strftime("%Y-%m-%d %H:%M:%S") in text


def test_chromium_prints_it(summary: Summary, tmp_path: Path) -> None:
    page = tmp_path / "summary.html"
    page.write_text(render_html(summary, "zh"), encoding="utf-8")
    pdf = tmp_path / "summary.pdf"
    done = chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page") >= 3


PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize(("lang", "of"), [("en", "page {n} of {total}"),
                                          ("zh", "第 {n} 页，共 {total} 页")])
def test_every_printed_page_names_the_incident_its_chain_head_and_page_x_of_y(
        summary: Summary, tmp_path: Path, lang: Lang, of: str) -> None:
    page = tmp_path / "summary.html"
    page.write_text(render_html(summary, lang), encoding="utf-8")
    pdf = tmp_path / "summary.pdf"
    done = chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    text = subprocess.run([str(PDFTOTEXT), "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 3
    head = summary.identification.head_hash[:16]
    for n, one in enumerate(pages, start=1):
        assert summary.identification.incident_id in one, n
        assert head in one, n
        assert of.format(n=n, total=len(pages)) in one, (n, one[-300:])
