"""The action items list's lines: number, text, owner, due date, state, overdue.

Pure: the folded items (`Incident.action_items`) and today in, words out.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from rich.text import Text

from runbook.action_items import STATES
from runbook.i18n import Lang, Msg
from runbook.incident import ActionItem
from tui.cells import fit, safe

OWNER: Final = Msg("owner {owner}", "负责人 {owner}")
DUE: Final = Msg("due {due}", "期限 {due}")
OVERDUE: Final = Msg("overdue", "已逾期")
NONE_YET: Final = Msg("No action items yet.", "尚无整改事项。")


def item_row(item: ActionItem, today: date, lang: Lang) -> Text:
    """`2  rotate the keys · owner wang · due 2026-12-31 · open · overdue`."""
    out = Text(f"{item.number:>2}  ", style="bold")
    out.append_text(fit(item.text, 32))
    out.append(" · " + OWNER.format(owner=safe(item.owner).plain)(lang))
    out.append(" · " + DUE.format(due=item.due.isoformat())(lang))
    state = STATES.get(item.state, Msg(item.state, item.state))(lang)
    out.append(" · ")
    out.append(state, style="green" if item.state == "done" else
               "dim" if item.state == "dropped" else "")
    if item.overdue_on(today):
        out.append(" · ")
        out.append(OVERDUE(lang), style="bold red")
    if item.note:
        out.append(" — ", style="dim")
        out.append_text(safe(Text(item.note, style="dim")))
    return out
