"""Asking which group or kind of event the timeline should show."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from textual.app import App

from runbook.i18n import Lang, Msg
from runbook.kinds import SPECS
from runbook.kinds import name as event_name
from tui.eventrows import Filter
from tui.lazy import lazy
from tui.texts import ALL, counted
from tui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from tui.screens import dialogs, form
    from tui.screens.form import Answer
else:  # asked for by a key, after the first frame (tui.lazy)
    dialogs, form = lazy("tui.screens.dialogs"), lazy("tui.screens.form")

GROUP_TITLE: Final = Msg("Show the events of", "显示以下小组的记录")
KIND_TITLE: Final = Msg("Show the events of kind", "显示以下类型的记录")
PICK: Final = Msg("↑/↓ then Enter", "↑/↓ 选择后按 Enter")
SHOWING: Final = ("{n} event", "{n} events", "{n} 条记录")
FILTERED: Final = ("{shown} of {n} event · {what}", "{shown} of {n} events · {what}",
                   "{n} 条中的 {shown} 条 · {what}")
FILTERING: Final = ("filtering {n} event · {what}…", "filtering {n} events · {what}…",
                    "正在从 {n} 条中筛选 · {what}……")


def ask(app: App[object], view: TimelineView, which: str) -> None:
    lang = view.lang
    if which == "group":
        choices = dialogs.group_choices(lang, ALL(lang))
        current = view.filter.group or ""
        title = GROUP_TITLE(lang)
    else:
        choices = (form.Choice("", ALL(lang)),
                   *(form.Choice(kind, spec.name(lang)) for kind, spec in SPECS.items()))
        current = view.filter.kind or ""
        title = KIND_TITLE(lang)

    def chosen(answer: Answer) -> None:
        value = answer["choice"] or None
        flt = view.filter
        view.set_filter(Filter(value, flt.kind) if which == "group" else Filter(flt.group, value))

    app.push_screen(dialogs.pick(title, PICK(lang), choices, current, lang),
                    dialogs.answer_or_none(chosen))


def caption(view: TimelineView, lang: Lang) -> str:
    total = len(view.record)
    flt = view.filter
    if not flt.active:
        return counted(total, *SHOWING)(lang)
    parts = []
    if flt.group:
        parts.append(dialogs.group_name_of(flt.group, lang))
    if flt.kind:
        parts.append(event_name(flt.kind)(lang))
    what = " · ".join(parts)
    if view.filtering:
        return counted(total, *FILTERING, what=what)(lang)
    return counted(total, *FILTERED, shown=f"{view.line_count():,}", what=what)(lang)
