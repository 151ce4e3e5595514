"""Declaring an incident: type, level (definitions and thresholds beside), title, when it was
first reported (Td), drill, who."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Final

from rich.text import Text

from runbook.actions import Author, declaration
from runbook.clock import Clock
from runbook.describe import group_name
from runbook.errors import RunbookError
from runbook.events import Actor, Event
from runbook.i18n import Lang, Msg
from runbook.playbook import Library, Playbook
from runbook.typed_time import parse_typed_time
from runbook.vocabulary import LEVEL_IDS
from tui import levels
from tui.screens.dialogs import GROUP_FIELD, group_choices
from tui.screens.form import Answer, Choice, Field, FormDialog
from tui.texts import DRILL, NOBODY_GROUP, REAL

TITLE: Final = Msg("Declare an incident", "宣布事件")
TYPE: Final = Msg("Type (↑/↓)", "事件类型（↑/↓）")
LEVEL: Final = Msg("Level (↑/↓)", "预警级别（↑/↓）")
TITLE_FIELD: Final = Msg("Title", "标题")
TITLE_HINT: Final = Msg("what is failing, in a few words", "简述故障情况")
REPORTED: Final = Msg("First reported at", "首次报告时间")
REPORTED_HINT: Final = Msg("now — or HH:MM today, or 2026-11-25 23:40",
                           "现在 — 或今天的时:分（如 02:20），或 2026-11-25 23:40")
DRILL_FIELD: Final = Msg("Drill, not a real incident (Space)", "演练，非真实事件（空格键）")
NAME: Final = Msg("Your name", "你的姓名")
LEADS: Final = Msg("led by {group}", "由{group}牵头")
CONFIRM_TITLE: Final = Msg("Declare this incident?", "确认宣布该事件？")
CONFIRM: Final = Msg(
    "{type}, {level}\n“{title}”\nfirst reported (Td) {td}; declared by {who}. The warning "
    "is issued now (T0); this cannot be undone.",
    "{type}，{level}\n“{title}”\n首次报告（Td）{td}；宣布人：{who}。预警即刻发布（T0），"
    "此操作无法撤销。")
TD_NOW: Final = Msg("now, with the warning", "即现在，与预警同时")
TD_AT: Final = Msg("at {time}, {minutes} min before the warning", "{time}，早于预警 {minutes} 分钟")
NEED_NAME: Final = Msg("Write your name.", "请填写你的姓名。")
DEFAULT_LEVEL: Final = "II"


def clause_key(clause: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in clause.split("."))


def ordered(library: Library) -> list[Playbook]:
    """Types in the plan's order (4.3.1 technical fault first), not alphabetical."""
    return sorted(library.playbooks.values(),
                  key=lambda b: (clause_key(b.source[0]) if b.source else (99,), b.type))


def reported_at(text: str, now: datetime) -> datetime | None:
    """Td as typed in the form (None: not given, so it is T0); UsageError if unusable."""
    return parse_typed_time(text, now) if text.strip() else None


def fields(library: Library, lang: Lang, actor: Actor, clock: Clock) -> list[Field]:
    types = tuple(
        Choice(b.type, Text(b.title(lang), style="bold"),
               Text(b.summary(lang)) + Text(
                   " · " + LEADS.format(group=group_name(b.lead, lang))(lang), style="dim"))
        for b in ordered(library))
    lvls = []
    for lv in LEVEL_IDS:
        lvls.append(Choice(lv, levels.badge(lv, lang, long=True),
                           levels.detail(lv, library.settings, lang)))

    def check_reported(text: str) -> str | None:
        try:
            reported_at(text, clock.now())
        except RunbookError as error:
            return f"{REPORTED(lang)}: {error.text(lang)}"
        return None

    return [
        Field("type", TYPE(lang), "list", types, value=types[0].id if types else ""),
        Field("level", LEVEL(lang), "list", tuple(lvls), value=DEFAULT_LEVEL),
        Field("title", TITLE_FIELD(lang), "line", placeholder=TITLE_HINT(lang)),
        Field("reported", REPORTED(lang), "line", placeholder=REPORTED_HINT(lang),
              check=check_reported),
        Field("drill", DRILL_FIELD(lang), "toggle"),
        Field("name", NAME(lang), "line", value=actor.name, required=True,
              missing=NEED_NAME(lang)),
        Field("group", GROUP_FIELD(lang), "choice", group_choices(lang, NOBODY_GROUP(lang)),
              value=actor.group or ""),
    ]


def who_of(answer: Answer) -> Actor:
    return Actor(answer["name"], answer["group"] or None)


def summary(library: Library, lang: Lang, clock: Clock) -> Callable[[Answer], Text]:
    """The confirmation: the level in its colour, and beside it, in the same colour, whether
    this is a drill or a real incident."""

    def text(answer: Answer) -> Text:
        book = library.playbook(answer["type"])
        level = answer["level"]
        who = who_of(answer)
        who_text = who.name + (f" ({group_name(who.group, lang)})" if who.group else "")
        now = clock.now()
        td = reported_at(answer["reported"], now)
        td_words = TD_NOW(lang) if td is None else TD_AT.format(
            time=td.astimezone(now.tzinfo).strftime("%Y-%m-%d %H:%M"),
            minutes=int((now - td).total_seconds() // 60))(lang)
        words = CONFIRM.format(
            type=book.title(lang) if book else answer["type"], level=levels.name(level, lang),
            title=answer["title"] or "—", td=td_words, who=who_text)(lang)
        out = Text()
        out.append_text(levels.badge(level, lang, long=True))
        out.append(" ")
        kind = DRILL(lang) if answer["drill"] else REAL(lang)
        out.append(f" {kind} ", style=levels.badge_style(level))
        out.append("\n" + words, style="bold")
        return out

    return text


def declare_dialog(library: Library, lang: Lang, actor: Actor, clock: Clock,
                   clock_author: Callable[[Actor], Author], new_id: Callable[[], str],
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
            level=answer["level"], title=answer["title"], drill=bool(answer["drill"]),
            reported_at=reported_at(answer["reported"], clock.now()))
        stored = await record(event)
        answer["id"] = stored.incident_id
        return stored

    return FormDialog(title=TITLE(lang), lang=lang, fields=fields(library, lang, actor, clock),
                      save=save, confirm=summary(library, lang, clock),
                      confirm_title=CONFIRM_TITLE(lang), id="declare")
