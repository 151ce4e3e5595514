"""The playbook overview and the review tables show their texts as written: a bracket in a
playbook title or an incident type is text, not Rich markup."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO

from display_kit import hostile, raw_found, shown
from rich.console import Console, RenderableType

from runbook.playbook_table import overview_table
from runbook.summary.review import DrillYear, Review
from runbook.summary.review_render import review_tables
from runbook.vocabulary import GROUPS, LEVEL_IDS


def printed(*renderables: RenderableType) -> str:
    out = StringIO()
    console = Console(file=out, width=400, color_system=None)
    for r in renderables:
        console.print(r)
    return out.getvalue()


def test_a_playbook_title_with_brackets_is_shown_as_written() -> None:
    counts = {"steps": 1, "groups": {g.id: 0 for g in GROUPS}}
    overview = {"types": [{"type": "x", "title": {"en": hostile("BOOK"), "zh": "z"},
                           "lead": "tech", "levels": dict.fromkeys(LEVEL_IDS, counts)}]}
    out = printed(overview_table(overview, "en"))
    assert raw_found(out) == [] and shown("BOOK", whole=False) in out


def test_the_review_shows_incident_types_as_written() -> None:
    now = datetime(2026, 11, 26, tzinfo=UTC)
    result = Review(None, now, 0, 1, (), (), (DrillYear(2026, 1, (hostile("TYPE"),), 1, True),),
                    1, "6.1")
    out = printed(*review_tables(result, "en"))
    assert raw_found(out) == [] and shown("TYPE") in out
