"""The home screen's list of what is late or due soon across every open incident.

Pure: the incidents' summaries, a group (or all), a moment and a width in, lines out; the
steps are those `runbook.status.pressing` names, the most urgent first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Final

from rich.text import Text

from runbook.describe import group_name
from runbook.i18n import Lang, Msg
from runbook.status import DUE_SOON
from tui.cells import columns
from tui.home_feed import IncidentSummary, Pressing
from tui.screen_times import hm, span
from tui.steprows import LEFT, OVERDUE
from tui.texts import counted

HEAD: Final = ("Overdue or due within {soon}, across open incidents: {n} step",
               "Overdue or due within {soon}, across open incidents: {n} steps",
               "已超时或 {soon}内到期（全部进行中的事件）：{n} 个步骤")
HEAD_GROUP: Final = ("{group}: overdue or due within {soon}, across open incidents: {n} step",
                     "{group}: overdue or due within {soon}, across open incidents: {n} steps",
                     "{group}：已超时或 {soon}内到期（全部进行中的事件）：{n} 个步骤")
NOTHING: Final = Msg("Nothing overdue or due within {soon} in the open incidents.",
                     "进行中的事件中没有已超时或 {soon}内到期的步骤。")
MORE: Final = ("+ {n} more: open the incident", "+ {n} more: open the incidents",
               "另有 {n} 个：请打开事件查看")
SHOWN: Final = 8  # steps listed; the rest are counted


def pressing(rows: Sequence[IncidentSummary], group: str | None) -> list[Pressing]:
    """The steps of the open incidents to list (of `group` only, if given), most urgent
    first."""
    found = [p for r in rows if r.is_open for p in r.pressing
             if group is None or p.group == group]
    return sorted(found, key=lambda p: p.due)


def due_lines(rows: Sequence[IncidentSummary], group: str | None, now: datetime,
              lang: Lang, width: int) -> list[Text]:
    steps = pressing(rows, group)
    if not any(r.is_open for r in rows):
        return []
    soon = span(DUE_SOON, lang)
    if not steps:
        return [Text(NOTHING.format(soon=soon)(lang), style="dim")]
    head = (counted(len(steps), *HEAD_GROUP, group=group_name(group, lang), soon=soon)
            if group else counted(len(steps), *HEAD, soon=soon))
    lines = [Text(head(lang), style="bold underline")]
    shown = steps[:SHOWN]
    whens = [_when(p, now, lang) for p in shown]
    whats = [_what(p, lang) for p in shown]
    when_w = max(w.cell_len for w in whens)
    id_w = max(len(p.incident_id) for p in shown)
    # The title as wide as the widest (the countdown near it), cut only where it must be.
    title_w = max(8, min(max(w.cell_len for w in whats), width - 1 - id_w - when_w - 3))
    for p, what, when in zip(shown, whats, whens, strict=True):
        mark = Text("!", style="bold red") if p.overdue else Text(" ")
        lines.append(columns([(mark, 1), (Text(p.incident_id, style="dim"), id_w),
                              (what, title_w), (when, when_w)]))
    if len(steps) > SHOWN:
        more = counted(len(steps) - SHOWN, *MORE)(lang)
        lines.append(Text(more, style="dim italic"))
    return lines


def _what(p: Pressing, lang: Lang) -> Text:
    what = Text(p.title(lang), style="bold" if p.overdue else "")
    what.append(f" · {group_name(p.group, lang)}", style="dim")
    return what


def _when(p: Pressing, now: datetime, lang: Lang) -> Text:
    if p.overdue:
        return Text(OVERDUE.format(span=span(now - p.due, lang))(lang), style="bold red")
    return Text(LEFT.format(span=span(p.due - now, lang), at=hm(p.due, now))(lang),
                style="bold yellow")
