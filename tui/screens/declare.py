"""Declaring an incident: type, level (definitions and thresholds beside), title, drill, who."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Final

from rich.text import Text

from runbook.actions import Author, declaration
from runbook.describe import group_name
from runbook.events import Actor, Event
from runbook.i18n import Lang, Msg
from runbook.playbook import Library, Playbook
from runbook.vocabulary import LEVEL_IDS
from tui import levels
from tui.screens.dialogs import group_choices
from tui.screens.form import Answer, Choice, Field, FormDialog
from tui.texts import DRILL, NOBODY_GROUP, REAL

TITLE: Final = Msg("Declare an incident", "宣布事件")
TYPE: Final = Msg("Type (↑/↓)", "事件类型（↑/↓）")
LEVEL: Final = Msg("Level (↑/↓)", "预警级别（↑/↓）")
TITLE_FIELD: Final = Msg("Title", "标题")
TITLE_HINT: Final = Msg("what is failing, in a few words", "简述故障情况")
DRILL_FIELD: Final = Msg("Drill (not a real incident)", "演练（非真实事件）")
NAME: Final = Msg("Your name", "你的姓名")
GROUP: Final = Msg("Your group", "你的小组")
LEADS: Final = Msg("led by {group}", "由{group}牵头")
CONFIRM_TITLE: Final = Msg("Declare this incident?", "确认宣布该事件？")
CONFIRM: Final = Msg(
    "{kind}: {type}, {level}\n“{title}”\ndeclared by {who}. The warning is issued now (T0); "
    "this cannot be undone.",
    "{kind}：{type}，{level}\n“{title}”\n宣布人：{who}。预警即刻发布（T0），此操作无法撤销。")
NEED_NAME: Final = Msg("Write your name.", "请填写你的姓名。")
DEFAULT_LEVEL: Final = "II"


def clause_key(clause: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in clause.split("."))


def ordered(library: Library) -> list[Playbook]:
    """Types in the plan's order (4.3.1 technical fault first), not alphabetical."""
    return sorted(library.playbooks.values(),
                  key=lambda b: (clause_key(b.source[0]) if b.source else (99,), b.type))


def fields(library: Library, lang: Lang, actor: Actor) -> list[Field]:
    types = tuple(
        Choice(b.type, Text(b.title(lang), style="bold"),
               Text(b.summary(lang)) + Text(
                   " · " + LEADS.format(group=group_name(b.lead, lang))(lang), style="dim"))
        for b in ordered(library))
    lvls = []
    for lv in LEVEL_IDS:
        lvls.append(Choice(lv, levels.badge(lv, lang, long=True),
                           levels.detail(lv, library.settings, lang)))
    return [
        Field("type", TYPE(lang), "list", types, value=types[0].id if types else ""),
        Field("level", LEVEL(lang), "list", tuple(lvls), value=DEFAULT_LEVEL),
        Field("title", TITLE_FIELD(lang), placeholder=TITLE_HINT(lang)),
        Field("drill", DRILL_FIELD(lang), "toggle"),
        Field("name", NAME(lang), value=actor.name, required=True, missing=NEED_NAME(lang)),
        Field("group", GROUP(lang), "select", group_choices(lang, NOBODY_GROUP(lang)),
              value=actor.group or ""),
    ]


def who_of(answer: Answer) -> Actor:
    return Actor(answer["name"], answer["group"] or None)


def summary(library: Library, lang: Lang) -> Callable[[Answer], Text]:
    def text(answer: Answer) -> Text:
        book = library.playbook(answer["type"])
        kind = DRILL(lang) if answer["drill"] else REAL(lang)
        who = who_of(answer)
        who_text = who.name + (f" ({group_name(who.group, lang)})" if who.group else "")
        words = CONFIRM.format(
            kind=kind, type=book.title(lang) if book else answer["type"],
            level=levels.name(answer["level"], lang), title=answer["title"] or "—",
            who=who_text)(lang)
        out = Text()
        out.append_text(levels.badge(answer["level"], lang, long=True))
        out.append("\n" + words, style="bold" if not answer["drill"] else "")
        return out

    return text


def declare_dialog(library: Library, lang: Lang, actor: Actor, clock_author: Callable[
        [Actor], Author], new_id: Callable[[], str],
        record: Callable[[Event], Awaitable[Event]]) -> FormDialog:
    """The dialog; it records the declaration (after confirmation) before it closes and
    answers with the new incident's id in `answer["id"]`."""
    made: dict[str, str] = {}

    async def save(answer: Answer) -> Event:
        if "id" not in made:  # a retry after a failed write keeps the same id
            made["id"] = new_id()
        incident_id = made["id"]
        event = declaration(
            clock_author(who_of(answer)), library, incident_id, type_id=answer["type"],
            level=answer["level"], title=answer["title"], drill=bool(answer["drill"]))
        stored = await record(event)
        answer["id"] = stored.incident_id
        return stored

    return FormDialog(title=TITLE(lang), lang=lang, fields=fields(library, lang, actor),
                      save=save, confirm=summary(library, lang),
                      confirm_title=CONFIRM_TITLE(lang), id="declare")
