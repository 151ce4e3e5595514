"""Every Chinese screen reads as Chinese (issue 12 item 19): the Chinese snapshots are
scanned for English left outside ids, key letters and what people typed, for a line that
starts with a comma or a full stop, and for a space before a cut-off ellipsis."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from test_tui_snapshots import _three_incidents
from tuikit import Writer
from zh_scan import foreign, user_texts

from runbook.playbook import Library

SNAPSHOTS = Path(__file__).parent / "__snapshots__" / "test_tui_snapshots"
ZH_SNAPSHOTS = sorted(p for p in SNAPSHOTS.glob("*.svg") if "zh" in p.stem)


def svg_lines(svg: Path) -> list[str]:
    """The terminal's lines as the snapshot draws them (a <text> per run of cells)."""
    rows: dict[float, list[str]] = {}
    for match in re.finditer(r'<text[^>]*\by="([0-9.]+)"[^>]*>([^<]*)</text>', svg.read_text()):
        rows.setdefault(float(match.group(1)), []).append(html.unescape(match.group(2)))
    return ["".join(parts).replace("\xa0", " ") for _, parts in sorted(rows.items())]


@pytest.fixture
def typed(library: Library, writer: Writer) -> tuple[set[str], set[str]]:
    """What the snapshots' people typed, and the ids they show (steps, incidents)."""
    _three_incidents(writer)  # every text the zh snapshots seed (a subset at other levels)
    events = [e for i in writer.store.incident_ids() for e in writer.store.events(i)]
    ids = {s.id for b in library.playbooks.values() for s in b.steps}
    return user_texts(events), ids | {e.incident_id for e in events} | {"runbook.db"}


def test_there_are_chinese_snapshots_to_scan() -> None:
    assert len(ZH_SNAPSHOTS) >= 6, ZH_SNAPSHOTS


@pytest.mark.parametrize("svg", ZH_SNAPSHOTS, ids=lambda p: p.stem)
def test_a_chinese_screen_has_no_english_outside_ids_keys_and_typed_text(
        svg: Path, typed: tuple[set[str], set[str]]) -> None:
    quoted, ids = typed
    text = "\n".join(svg_lines(svg))
    assert foreign(text, quoted=quoted, ids=ids, keys=True) == [], text


@pytest.mark.parametrize("svg", ZH_SNAPSHOTS, ids=lambda p: p.stem)
def test_no_chinese_line_starts_with_a_comma_and_no_ellipsis_follows_a_space(svg: Path) -> None:
    for line in svg_lines(svg):
        inner = re.sub(r"^[\s│┃▏▕|▎]+", "", line)
        assert not re.match(r"[，；、。：）」』》]", inner), line
        assert " …" not in line, line
