"""Events and step states described in words, in both languages (timeline, status, export)."""

from __future__ import annotations

from datetime import timedelta

from runbook.durations import Duration
from runbook.events import Event
from runbook.i18n import Lang, Msg
from runbook.kinds import Kind
from runbook.vocabulary import GROUP_IDS, LEVEL_IDS, RECIPIENTS, STEP_STATES, group, level


def group_name(group_id: str | None, lang: Lang) -> str:
    if group_id is None or group_id not in GROUP_IDS:
        return "—"
    return group(group_id).short(lang)


def state_name(state: str, lang: Lang) -> str:
    return STEP_STATES.get(state, Msg(state, state))(lang)


def level_word(level_id: object, lang: Lang) -> str:
    """A level as each language writes it: II, 二级 (as stored, if it is not a level)."""
    if isinstance(level_id, str) and level_id in LEVEL_IDS:
        return level(level_id).numeral(lang)
    return "" if level_id is None else str(level_id)


def event_detail(event: Event, lang: Lang) -> str:
    """The event's content in one line: what a reader of the log needs."""
    p = event.payload
    parts: list[str] = []
    if "type" in p and event.kind == Kind.DECLARED:
        parts.append(f"{p['type']} {level_word(p.get('level'), lang)} "
                     f"{p.get('title', '')}".strip())
        if p.get("drill"):
            parts.append(Msg("drill", "演练")(lang))
    if event.kind == Kind.LEVEL_CHANGED:
        parts.append(f"→ {level_word(p.get('level'), lang)}")
    if "step" in p:
        parts.append(str(p["step"]))
    if "option" in p:
        parts.append(f"= {p['option']}")
    if "to" in p:
        to = str(p["to"])
        parts.append("→ " + (RECIPIENTS[to](lang) if to in RECIPIENTS else to))
    if "section" in p:
        parts.append(f"[{p['section']}]")
    for key in ("reason", "rationale", "note", "text"):
        if p.get(key):
            parts.append(str(p[key]))
    if p.get("group"):
        parts.append(f"({group_name(str(p['group']), lang)})")
    return " · ".join(parts)


def duration_words(delta: timedelta, lang: Lang) -> str:
    """12m, 1h05m, 2d3h: short enough for a countdown column."""
    total = int(abs(delta.total_seconds()) // 60)
    days, rest = divmod(total, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}d{hours}h" if lang == "en" else f"{days}天{hours}小时"
    if hours:
        return f"{hours}h{mins:02d}m" if lang == "en" else f"{hours}小时{mins:02d}分"
    return f"{mins}m" if lang == "en" else f"{mins}分"


UNITS = {"d": Msg("d", "天"), "h": Msg("h", "小时"), "m": Msg("m", "分钟")}


def length(value: Duration, lang: Lang) -> str:
    """A playbook duration as written, in words: 15m, 1h30m, 2d, 5 working days (15分钟,
    1小时30分钟, 2天, 5个工作日): the player's step detail and the summary say it alike."""
    parts = []
    if value.working_days:
        parts.append(Msg(f"{value.working_days} working days",
                         f"{value.working_days}个工作日")(lang))
    seconds = int(value.delta.total_seconds())
    days, rest = divmod(seconds, 86400)
    amounts = (("d", days), ("h", rest // 3600), ("m", rest % 3600 // 60))
    plain = "".join(f"{n}{UNITS[unit](lang)}" for unit, n in amounts if n)
    if plain or not parts:
        parts.append(plain or "0" + UNITS["m"](lang))
    return " ".join(parts)
