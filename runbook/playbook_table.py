"""The playbook overview as terminal tables, one per incident type (fits 80 columns)."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from rich.text import Text

from runbook.i18n import Lang, Msg
from runbook.render_tables import cell, level_text
from runbook.vocabulary import GROUPS, LEVEL_IDS


def overview_table(overview: dict[str, Any], lang: Lang) -> Group:
    return Group(*(_type_table(entry, lang) for entry in overview["types"]))


def _type_table(entry: dict[str, Any], lang: Lang) -> Table:
    lead = next(g for g in GROUPS if g.id == entry["lead"])
    title = cell(f"{entry['title'][lang]} ({entry['type']}) — " + Msg(
        f"led by {lead.short.en}", f"牵头：{lead.short.zh}")(lang))
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(Msg("Level", "级别")(lang), no_wrap=True)
    for header in (Msg("Steps", "步骤")(lang), *(g.short(lang) for g in GROUPS)):
        table.add_column(header, justify="right", no_wrap=True, min_width=cell_len(header))
    for lv in LEVEL_IDS:
        counts = entry["levels"][lv]
        table.add_row(
            level_text(lv, lang),
            Text(str(counts["steps"])),
            *(Text(str(counts["groups"][g.id])) for g in GROUPS),
        )
    return table
