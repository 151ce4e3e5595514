"""The playbook overview as a terminal table (rich renders wide characters aligned)."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from runbook.i18n import Lang, Msg
from runbook.vocabulary import GROUPS, LEVEL_IDS, level


def overview_table(overview: dict[str, Any], lang: Lang) -> Table:
    table = Table(title=Msg("Playbooks", "剧本")(lang))
    table.add_column(Msg("Type", "类型")(lang))
    table.add_column(Msg("Level", "级别")(lang))
    table.add_column(Msg("Steps", "步骤")(lang), justify="right")
    for g in GROUPS:
        table.add_column(g.short(lang), justify="right")
    for entry in overview["types"]:
        for i, lv in enumerate(LEVEL_IDS):
            counts = entry["levels"][lv]
            table.add_row(
                entry["title"][lang] if i == 0 else "",
                f"[{level(lv).colour}]{level(lv).name(lang)}[/]",
                str(counts["steps"]),
                *(str(counts["groups"][g.id]) for g in GROUPS),
                end_section=(i == len(LEVEL_IDS) - 1),
            )
    return table
