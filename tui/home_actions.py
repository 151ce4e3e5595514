"""The home screen's line on action items: open and overdue ones across incidents (the
core says which are open and overdue, by the workspace's clock; this only words them)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text

from runbook.action_items import OpenItem, in_order
from runbook.i18n import Lang, Msg
from runbook.safetext import line
from tui.home_feed import IncidentSummary
from tui.item_rows import DUE, OVERDUE

SHOWN = 5  # the first few, overdue first; `runbook review` lists them all


def action_text(rows: Sequence[IncidentSummary], now: datetime, lang: Lang) -> Text | None:
    """Open action items across incidents, overdue first; None when there are none."""
    today = now.date()
    items = in_order(OpenItem(row.id, row.drill, a, a.overdue_on(today))
                     for row in rows for a in row.action_items if a.is_open)
    if not items:
        return None
    overdue = sum(1 for o in items if o.overdue)
    text = Text(Msg(f"Action items: {len(items)} open, {overdue} overdue",
                    f"整改事项：未完成 {len(items)} 项，已逾期 {overdue} 项")(lang), style="bold")
    for o in items[:SHOWN]:
        due = DUE.format(due=o.item.due.isoformat())(lang)
        text.append(f"\n  {o.incident_id} #{o.item.number} ")
        text.append(line(o.item.text))  # stored text: shown, never obeyed
        text.append(f" · {line(o.item.owner)} · {due}")
        if o.overdue:
            text.append(" " + OVERDUE(lang), style="bold red")
    if len(items) > SHOWN:
        text.append("\n  " + Msg(f"… {len(items) - SHOWN} more: runbook review",
                                 f"…… 另有 {len(items) - SHOWN} 项：见 runbook review")(lang),
                    style="dim")
    return text
