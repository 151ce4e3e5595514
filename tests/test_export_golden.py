"""Golden files: the Markdown (both languages) and JSON export of the story, byte for byte.

A change to the export shows up here as a diff to read. When it is intended, regenerate:

    RUNBOOK_UPDATE_GOLDEN=1 pytest tests/test_export_golden.py

and commit the golden files in their own commit, saying why they changed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from memlog import mini_library
from test_export_story import EXPORTED_AT, story

from runbook.i18n import Msg
from runbook.summary import ChainCheck, Summary, build_summary, render_json, render_md

GOLDEN = Path(__file__).parent / "golden" / "export"
UPDATE = os.environ.get("RUNBOOK_UPDATE_GOLDEN") == "1"
CHAIN = ChainCheck(True, Msg("1 incident(s), 23 record(s); every hash chain is intact.",
                             "共 1 个事件、23 条记录；所有哈希链完好。"))


@pytest.fixture(scope="module")
def summary() -> Summary:
    library = mini_library()
    return build_summary(story(library), library, EXPORTED_AT, CHAIN)


RENDERERS: dict[str, Callable[[Summary], str]] = {
    "summary.en.md": lambda s: render_md(s, "en"),
    "summary.zh.md": lambda s: render_md(s, "zh"),
    "summary.json": render_json,
}


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_export_matches_its_golden_file(summary: Summary, name: str) -> None:
    got = RENDERERS[name](summary)
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8", newline="\n")
    assert path.is_file(), f"{path} is missing; run with RUNBOOK_UPDATE_GOLDEN=1 to create it"
    assert got == path.read_text(encoding="utf-8"), (
        f"{name} differs from its golden file; if the change is intended, regenerate with "
        "RUNBOOK_UPDATE_GOLDEN=1")


def test_the_export_is_the_same_every_time(summary: Summary) -> None:
    library = mini_library()
    again = build_summary(story(library), library, EXPORTED_AT, CHAIN)
    assert render_md(again, "zh") == render_md(summary, "zh")
    assert render_json(again) == render_json(summary)
