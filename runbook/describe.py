"""Events and step states described in words, in both languages (timeline, status, export)."""

from __future__ import annotations

from datetime import timedelta

from runbook.events import Event
from runbook.i18n import Lang, Msg
from runbook.vocabulary import GROUP_IDS, STEP_STATES, group

EVENT_NAMES: dict[str, Msg] = {
    "incident_declared": Msg("declared", "宣布事件"),
    "level_changed": Msg("level changed", "级别变更"),
    "warning_issued": Msg("warning issued", "发布预警"),
    "step_started": Msg("step started", "开始步骤"),
    "step_done": Msg("step done", "完成步骤"),
    "step_skipped": Msg("step skipped", "跳过步骤"),
    "step_blocked": Msg("step blocked", "步骤受阻"),
    "step_reopened": Msg("step reopened", "重新打开步骤"),
    "decision_taken": Msg("decision", "决策"),
    "note": Msg("note", "备注"),
    "report_sent": Msg("report sent", "发送报告"),
    "vendor_contacted": Msg("vendor contacted", "联系外包服务提供商"),
    "shift_handed_over": Msg("shift handed over", "交接班"),
    "stand_down": Msg("stand-down", "应急结束"),
    "incident_closed": Msg("closed", "关闭事件"),
    "incident_reopened": Msg("reopened", "重新打开事件"),
    "evaluation_recorded": Msg("evaluation", "评估"),
}

RECIPIENTS: dict[str, Msg] = {
    "head": Msg("head of the Command Center", "应急指挥中心负责人"),
    "regulator": Msg("regulator", "监管机构"),
    "authority": Msg("competent authority", "上级主管部门"),
    "customers": Msg("customers", "客户"),
    "vendor": Msg("vendor", "外包服务提供商"),
    "partners": Msg("partners", "合作伙伴"),
}


def event_name(kind: str) -> Msg:
    return EVENT_NAMES.get(kind, Msg(kind, kind))


def group_name(group_id: str | None, lang: Lang) -> str:
    if group_id is None or group_id not in GROUP_IDS:
        return "—"
    return group(group_id).short(lang)


def state_name(state: str, lang: Lang) -> str:
    return STEP_STATES.get(state, Msg(state, state))(lang)


def event_detail(event: Event, lang: Lang) -> str:
    """The event's content in one line: what a reader of the log needs."""
    p = event.payload
    parts: list[str] = []
    if "type" in p and event.kind == "incident_declared":
        parts.append(f"{p['type']} {p.get('level', '')} {p.get('title', '')}".strip())
        if p.get("drill"):
            parts.append(Msg("drill", "演练")(lang))
    if event.kind in ("level_changed", "warning_issued"):
        parts.append(f"→ {p.get('level')}")
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
