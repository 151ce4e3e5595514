"""A printed checklist in headless Chromium: printed to PDF on A4, every page names the
type, the level and the digest, pages are counted, and nothing runs past the page's right
margin (the page images' right margin stays blank). Skipped where Chromium or poppler's
tools are not installed (CI installs them). Two prints only, to keep the suite fast."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_kit import library
from test_export_chromium import chromium

from runbook.checklist import Checklist, build_checklist, render_checklist
from runbook.i18n import Lang
from runbook.vocabulary import level

pytestmark = pytest.mark.skipif(
    (shutil.which("chromium") or shutil.which("chromium-browser")) is None
    or shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
    reason="chromium or poppler-utils (pdftoppm, pdftotext) is not installed")
DPI = 50
A4_HEIGHT_MM = 297
MARGIN_MM = 16  # the page's top and bottom margins, where the margin boxes print


def print_pdf(html: str, tmp_path: Path) -> Path:
    page = tmp_path / "checklist.html"
    page.write_text(html, encoding="utf-8")
    pdf = tmp_path / "checklist.pdf"
    done = chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    return pdf


def page_texts(pdf: Path, mode: str = "-layout") -> list[str]:
    """Each page's text: laid out as printed, or (`-raw`) in the order it was drawn, each
    table cell whole."""
    text = subprocess.run(["pdftotext", mode, str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [p for p in text.split("\f") if p.strip()]


def read_pgm(path: Path) -> tuple[int, int, bytes]:
    """A binary greyscale image (P5), as pdftoppm writes it: width, height, pixels."""
    data = path.read_bytes()
    fields: list[bytes] = []
    i = 0
    while len(fields) < 4:
        while data[i:i + 1].isspace():
            i += 1
        start = i
        while not data[i:i + 1].isspace():
            i += 1
        fields.append(data[start:i])
    assert fields[0] == b"P5" and fields[3] == b"255"
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[i + 1:i + 1 + width * height]


def blank_pages(pdf: Path, tmp_path: Path) -> list[int]:
    """The pages (from 1) whose page image has nothing drawn between the margin boxes."""
    subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), str(pdf), str(tmp_path / "page")],
                   check=True, capture_output=True)
    images = sorted(tmp_path.glob("page-*.pgm"))
    assert images
    blank = []
    for n, image in enumerate(images, start=1):
        width, height, pixels = read_pgm(image)
        body = pixels[round(height * MARGIN_MM / A4_HEIGHT_MM) * width:
                      round(height * (1 - MARGIN_MM / A4_HEIGHT_MM)) * width]
        if min(body) > 128:
            blank.append(n)
    return blank


def clipped(pages: list[str], phrases: list[str]) -> list[str]:
    """The phrases the printed text does not hold: cut off at the page's edge (Chromium
    clips what runs past the page box). Line breaks and spaces are left out on both
    sides, as a table cell wraps ids and Chinese anywhere."""
    printed = re.sub(r"\s+", "", "".join(pages))
    return [p for p in phrases if re.sub(r"\s+", "", p) not in printed]


def phrases_of(c: Checklist, lang: Lang) -> list[str]:
    """What every step prints in plain type (pdftotext loses some bold CJK glyphs): its
    id, and the start and the end of what to do."""
    found = []
    for s in c.steps:
        detail = s.step.detail(lang)
        found += [s.step.id, detail[:10], detail[-10:]]
    return found


@pytest.mark.parametrize(("type_id", "level_id", "group", "lang", "of"), [
    ("technical-fault", "I", None, "zh", "第 {n} 页，共 {total} 页"),
    ("data-leak", "II", "security", "en", "page {n} of {total}"),
])
def test_a_printed_checklist_names_its_type_level_and_digest_on_every_page_and_fits_a4(
        tmp_path: Path, type_id: str, level_id: str, group: str | None, lang: Lang,
        of: str) -> None:
    c = build_checklist(library(), type_id, level_id, group)
    pdf = print_pdf(render_checklist(c, "html", lang), tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    pages = page_texts(pdf)
    # sensible: about four to ten steps a page, with the head, the settings and the contacts
    assert 1 + len(c.steps) // 10 <= len(pages) <= 3 + len(c.steps) // 3, len(pages)
    for n, one in enumerate(pages, start=1):
        assert c.book.title(lang) in one, n
        assert level(level_id).name(lang) in one, n
        assert c.book.digest[:16] in one and c.settings_digest[:8] in one, n
        assert of.format(n=n, total=len(pages)) in one, (n, one[-300:])
    assert clipped(page_texts(pdf, "-raw"), phrases_of(c, lang)) == []
    assert blank_pages(pdf, tmp_path) == []


def test_the_checks_see_a_line_cut_off_at_the_edge_and_a_blank_page(tmp_path: Path) -> None:
    html = render_checklist(build_checklist(library(), "data-leak", "IV", "security"),
                            "html", "en")
    words = [f"w{n:02d}" for n in range(80)]
    wide = ('<div style="break-before: page"></div><div style="break-before: page"></div>'
            f'<p style="white-space: nowrap">{" ".join(words)}</p>')
    pdf = print_pdf(html.replace("</main>", wide + "</main>"), tmp_path)
    pages = page_texts(pdf, "-raw")
    assert clipped(pages, words[:5]) == []
    assert clipped(pages, words) != []
    assert blank_pages(pdf, tmp_path) != []
