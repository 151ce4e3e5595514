"""Events and step states described in words, in both languages (timeline, status, export)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from runbook import fact_values
from runbook.action_items import STATES
from runbook.drills import SCALES
from runbook.events import Event
from runbook.i18n import Lang, Msg
from runbook.kinds import CORRECTABLE, Kind
from runbook.playbook import Playbook
from runbook.punctuation import colon, paren
from runbook.signoff import ROLE_WORDS
from runbook.vocabulary import (
    GROUP_IDS,
    LEVEL_IDS,
    RECIPIENTS,
    REPORT_STAGES,
    STEP_STATES,
    group,
    level,
    section,
)


def group_name(group_id: str | None, lang: Lang) -> str:
    if group_id is None or group_id not in GROUP_IDS:
        return "—"
    return group(group_id).short(lang)


LOGIN = Msg("login", "登录名")
OVERRIDE = Msg("emergency override", "紧急越权")


def login_note(login: str | None, lang: Lang) -> str:
    """The operating-system login beside a name, where the event has one: ' (login x)'."""
    return paren(f"{LOGIN(lang)} {login}", lang) if login else ""


def state_name(state: str, lang: Lang) -> str:
    return STEP_STATES.get(state, Msg(state, state))(lang)


def level_word(level_id: object, lang: Lang) -> str:
    """A level as each language writes it: II, 二级 (as stored, if it is not a level)."""
    if isinstance(level_id, str) and level_id in LEVEL_IDS:
        return level(level_id).numeral(lang)
    return "" if level_id is None else str(level_id)


def event_detail(event: Event, lang: Lang, book: Playbook | None = None) -> str:
    """The event's content in one line, in the reader's words: the type, step, option,
    fact and section by their labels in the incident's playbook (`book`), the ids only
    where there is no playbook to name them (a JSON reader has the ids beside)."""
    p = event.payload
    if event.kind == Kind.CHECKPOINT:
        return _checkpoint(event, lang)
    parts: list[str] = []
    if "type" in p and event.kind == Kind.DECLARED:
        named = book.title(lang) if book is not None and book.type == p["type"] else p["type"]
        parts.append(f"{named} {level_word(p.get('level'), lang)} {p.get('title', '')}".strip())
        if p.get("drill"):
            parts.append(Msg("drill", "演练")(lang))
            if p.get("drill_scale") in SCALES:
                parts.append(SCALES[str(p["drill_scale"])](lang))
    if event.kind == Kind.LEVEL_CHANGED:
        parts.append(f"→ {level_word(p.get('level'), lang)}")
    step = book.step(str(p["step"])) if book is not None and "step" in p else None
    if "step" in p:
        # the title for people, the id for the command line that names it
        parts.append(f"{step.title(lang)} [{p['step']}]" if step is not None else str(p["step"]))
    if "option" in p:
        found = book.option(str(p["step"]), str(p["option"])) if book and "step" in p else None
        parts.append(f"= {found.label(lang) if found is not None else p['option']}")
    if "to" in p:
        to = str(p["to"])
        parts.append("→ " + (RECIPIENTS[to](lang) if to in RECIPIENTS else to))
    if p.get("stage") in REPORT_STAGES:
        parts.append(REPORT_STAGES[str(p["stage"])](lang))
    if "section" in p:
        found_section = section(str(p["section"]))
        parts.append(f"[{found_section.title(lang) if found_section else p['section']}]")
    if event.kind == Kind.FACT_RECORDED:
        parts.append(_fact(p, lang, book))
    if event.kind == Kind.CORRECTED and str(p.get("field")) in CORRECTABLE:
        field = str(p["field"])
        parts.append(colon(CORRECTABLE[field](lang), _corrected(field, p.get("value"), lang),
                           lang))
    parts += _followup(event, lang)
    for key in ("reason", "rationale", "note", "text"):
        if p.get(key):
            parts.append(str(p[key]))
    if p.get("group"):
        parts.append(paren(group_name(str(p["group"]), lang), lang).strip())
    return " · ".join(parts)


def _followup(event: Event, lang: Lang) -> list[str]:
    """Action items and sign-off: who owns an item and when it is due, which item was
    resolved how, which role signed (and what an approval approved)."""
    p = event.payload
    if event.kind == Kind.ACTION_ADDED:
        return [colon(Msg("owner", "负责人")(lang), str(p.get("owner")), lang),
                colon(Msg("due", "期限")(lang), str(p.get("due")), lang)]
    if event.kind == Kind.ACTION_RESOLVED:
        state = STATES.get(str(p.get("outcome")), Msg(str(p.get("outcome")), ""))
        return [Msg(f"item {p.get('item')} {state.en}",
                    f"第 {p.get('item')} 项{state.zh}")(lang)]
    if event.kind == Kind.SIGNED_OFF:
        role = str(p.get("role"))
        word = ROLE_WORDS[role](lang) if role in ROLE_WORDS else role
        if role == "approved":
            return [word, Msg(f"head {str(p.get('head'))[:12]}, {p.get('events')} events",
                              f"链头 {str(p.get('head'))[:12]}，共 {p.get('events')} 条记录")(lang)]
        return [word]
    if event.kind == Kind.VERSION_SWITCHED:
        return [switched(p, lang)]
    return []


def _checkpoint(event: Event, lang: Lang) -> str:
    """A checkpoint in a few words (its note is for `runbook verify` and the export)."""
    from runbook.checkpoints import read
    from runbook.signed_note import NoteError

    try:
        sealed = read(event)
    except NoteError:
        return Msg("not a readable signed note", "不是可读取的签名记录")(lang)
    who = ", ".join(sealed.signers)
    if sealed.size == 1:
        return Msg(f"seals #1, signed by {who}", f"封存第 1 条，签名人 {who}")(lang)
    return Msg(f"seals #1–{sealed.size}, signed by {who}",
               f"封存第 1–{sealed.size} 条，签名人 {who}")(lang)


def switched(p: Mapping[str, Any], lang: Lang) -> str:
    """A switch of version: from which to which, the done steps carried over and not."""
    def ids(key: str) -> str:
        found = p.get(key)
        return ", ".join(str(s) for s in found) if isinstance(found, list) and found else "-"

    before, after = str(p.get("from") or "-")[:12], str(p.get("to"))[:12]
    return Msg(f"version {before} → {after}; done steps carried over: {ids('carried')}; "
               f"not carried over (not in the new version): {ids('dropped')}",
               f"版本 {before} → {after}；沿用的已完成步骤：{ids('carried')}；"
               f"未沿用（新版本中已无）：{ids('dropped')}")(lang)


def _fact(p: Mapping[str, Any], lang: Lang, book: Playbook | None) -> str:
    fact = book.fact(str(p.get("fact"))) if book is not None else None
    if fact is None:
        return colon(str(p.get("fact")), str(p.get("value")), lang)
    return colon(fact.label(lang), fact_values.shown(fact, p.get("value"), lang), lang)


def _corrected(field: str, value: object, lang: Lang) -> str:
    if field == "drill" and isinstance(value, bool):
        return (Msg("drill", "演练") if value else Msg("real incident", "真实事件"))(lang)
    return str(value)
