"""Terminal tables for `runbook list`, `status` and `timeline` (rich aligns wide characters),
fitted to the terminal's width by `runbook.table_fit`: ids, states and times whole, titles
and details wrapped, optional columns left out first (`wide`: all of them).

Every cell is a `Text`, never a string: rich would read a string as markup, so a title
"API [/v2] down" would stop the command and "[red]" would vanish. What the record holds goes
through `safetext.line` on its way in.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from rich.text import Text

from runbook.describe import event_detail, group_name, state_name
from runbook.escalation import CRITERIA
from runbook.events import Event
from runbook.i18n import Lang, Msg
from runbook.json_views import is_backdated
from runbook.kinds import name as event_name
from runbook.playbook import Playbook
from runbook.safetext import line
from runbook.table_fit import Column, Fitted, fit, text_width
from runbook.vocabulary import LEVEL_IDS, level
from runbook.wording import span_text

STATES = {
    "open": Msg("open", "处置中"),
    "stood_down": Msg("stood down", "应急结束"),
    "closed": Msg("closed", "已关闭"),
}
NONE = "—"


def cell(value: str) -> Text:
    """A cell of stored text: shown as written, on one line, nothing in it obeyed."""
    return Text(line(value))


def level_text(level_id: str, lang: Lang) -> Text:
    """I…IV, 一级…四级, in the level's colour."""
    if level_id not in LEVEL_IDS:
        return cell(level_id)
    lv = level(level_id)
    return Text(lv.numeral(lang), style=lv.text_style)


def short_time(text: str | None) -> str:
    if not text:
        return NONE
    return datetime.fromisoformat(text).strftime("%m-%d %H:%M")


def type_text(type_id: str, titles: Mapping[str, Msg], lang: Lang) -> str:
    """The incident type as its playbook names it (its id, if no playbook has it)."""
    found = titles.get(type_id)
    return line(found(lang) if found is not None else type_id)


def incidents_table(rows: list[dict[str, Any]], lang: Lang, titles: Mapping[str, Msg],
                    width: int, wide: bool = False) -> Fitted:
    columns = [
        Column(Msg("Id", "编号")(lang)),
        Column(Msg("Type", "类型")(lang), wraps=True, least=10, comfort=16),
        Column(Msg("Level", "级别")(lang)),
        Column(Msg("State", "状态")(lang)),
        Column(Msg("Overdue", "超时")(lang), justify="right"),
        Column(Msg("Next due", "下一时限")(lang), drop=3),
        Column(Msg("Opened", "开始")(lang), drop=2),
        Column(Msg("Closed", "关闭")(lang), drop=1),
        Column(Msg("Title", "标题")(lang), wraps=True, least=12, comfort=24),
    ]
    cells = []
    for row in rows:
        title = cell(row["title"])
        if row["drill"]:
            title.append(" " + Msg("[drill]", "[演练]")(lang))
        overdue = row.get("overdue")
        cells.append([
            cell(row["id"]), Text(type_text(row["type"], titles, lang)),
            level_text(row["level"], lang), Text(STATES[row["state"]](lang)),
            Text(NONE if overdue is None else str(overdue),
                 style="bold red" if overdue else ""),
            Text(short_time(row.get("next_due"))), Text(short_time(row["opened"])),
            Text(short_time(row["closed"])), title,
        ])
    return fit(columns, cells, width, wide, title=Msg("Incidents", "事件")(lang))


def status_table(view: dict[str, Any], lang: Lang, type_title: Msg | None, width: int,
                 wide: bool = False) -> Fitted:
    """The steps, open ones by time due first. When the terminal is too narrow for a title
    column beside them, each title goes under its step's id."""
    inc = view["incident"]
    heading = Text.assemble(
        line(inc["id"]), "  ", line(type_title(lang) if type_title else inc["type"]), "  ",
        (level(inc["level"]).name(lang), level(inc["level"]).text_style)
        if inc["level"] in LEVEL_IDS else line(str(inc["level"])),
        "  ", STATES[inc["state"]](lang))
    now = datetime.fromisoformat(view["now"])
    closed = inc["state"] == "closed"
    steps = sorted(view["steps"], key=_due_order)
    marks = [cell(s["id"] + (" ▶" if s["id"] == view["next_step"] else "")) for s in steps]
    rest = [[Text(group_name(s["group"], lang)), cell(state_name(s["state"], lang)),
             Text(short_time(view_due(s))), _countdown(s, now, lang, closed)] for s in steps]
    titles = [cell(s["title"][lang]) for s in steps]
    headers = [Column(Msg("Group", "小组")(lang), drop=1), Column(Msg("State", "状态")(lang)),
               Column(Msg("Due", "时限")(lang), drop=2), Column("")]
    step = Column(Msg("Step", "步骤")(lang))
    table: dict[str, Any] = {"title": heading, "caption": _proposal(view, lang),
                             "caption_justify": "left"}
    title = Column(Msg("Title", "标题")(lang), wraps=True, least=20, comfort=30)
    beside = fit([step, *headers, title],
                 [[m, *r, t] for m, r, t in zip(marks, rest, titles, strict=True)],
                 width, wide, **table)
    if beside.width <= width:
        return beside
    ids = max((text_width(m) for m in marks), default=0)
    stacked = [Text.assemble(m, "\n", Text(t.plain, style="dim"))
               for m, t in zip(marks, titles, strict=True)]
    return fit([Column(step.header, wraps=True, least=ids), *headers],
               [[s, *r] for s, r in zip(stacked, rest, strict=True)], width, wide, **table)


def _proposal(view: dict[str, Any], lang: Lang) -> Text | None:
    """`Proposed: Level I — outage 125 min ≥ 120 min`: the level the criteria point to."""
    found = view.get("proposal")
    if not found:
        return None
    unit = Msg(" min", " 分钟") if found["criterion"] == "outage" else Msg("", "")
    name = CRITERIA.get(found["criterion"], Msg(found["criterion"], found["criterion"]))
    value, threshold = (f"{n:g}" if isinstance(n, float) else str(n)
                        for n in (found["value"], found["threshold"]))
    words = Msg(
        f"Proposed: raise to {level(found['level']).name.en} — {name.en} "
        f"{value}{unit.en} ≥ {threshold}{unit.en} (runbook level ID LEVEL)",
        f"建议：升级至{level(found['level']).name.zh}——{name.zh} "
        f"{value}{unit.zh} ≥ {threshold}{unit.zh}（runbook level 编号 级别）")
    return Text(words(lang), style=level(found["level"]).text_style)


def _countdown(step: dict[str, Any], now: datetime, lang: Lang, closed: bool) -> Text:
    due = view_due(step)
    if step.get("ruled_out"):
        option = line(str(step["ruled_out"]["option"]))  # as stored: shown, never obeyed
        return Text(Msg(f"n/a: decided {option}", f"不适用：已决策 {option}")(lang),
                    style="dim")
    if due is None or (step["state"] in ("done", "skipped") and not step["next_due"]):
        return Text("")
    if closed:  # no clock runs on a closed incident
        return Text(Msg("not done by the close", "关闭时未完成")(lang), style="dim")
    delta = datetime.fromisoformat(due) - now
    if step["overdue"]:
        return Text(Msg("overdue +", "已超时 +")(lang) + span_text(-delta, lang),
                    style="bold red")
    return Text(Msg("in ", "还剩 ")(lang) + span_text(delta, lang))


def _due_order(step: dict[str, Any]) -> tuple[int, str]:
    """Open steps by time due first, then the rest: what needs doing reads from the top."""
    due = view_due(step)
    finished = step["state"] in ("done", "skipped") and not step["next_due"]
    if finished or due is None:
        return (2 if finished else 1, "")
    return (0, datetime.fromisoformat(due).astimezone().isoformat())


def view_due(step: dict[str, Any]) -> str | None:
    value = step["next_due"] or step["due"]
    return str(value) if value else None


def timeline_table(events: list[Event], lang: Lang, width: int, wide: bool = False,
                   book: Playbook | None = None) -> Fitted:
    columns = [
        Column(Msg("#", "#")(lang), justify="right"),
        Column(Msg("Occurred", "发生时间")(lang)),
        Column(Msg("Recorded", "记录时间")(lang), drop=3),
        Column(Msg("Who", "人员")(lang), wraps=True, least=8, comfort=12),
        Column(Msg("Group", "小组")(lang), drop=2),
        Column(Msg("What", "事项")(lang), wraps=True, least=10, comfort=14),
        Column(Msg("Detail", "详情")(lang), wraps=True, least=20, comfort=30),
        Column(Msg("Hash", "哈希")(lang), drop=1),
    ]
    rows = []
    for e in events:
        occurred = e.occurred_at.strftime("%m-%d %H:%M") + ("*" if is_backdated(e) else "")
        rows.append([Text(str(e.seq)), Text(occurred),
                     Text(e.recorded_at.strftime("%m-%d %H:%M")), cell(e.actor.name),
                     Text(group_name(e.actor.group, lang)), cell(event_name(e.kind)(lang)),
                     cell(event_detail(e, lang, book)), cell(e.hash[:8])])
    return fit(columns, rows, width, wide, title=Msg("Timeline", "时间线")(lang))


def unreadable_table(rows: list[dict[str, Any]], lang: Lang, width: int) -> Fitted:
    """The incidents `runbook list` cannot interpret, each with the reason (plain text:
    stored values in the reason are quoted and escaped, never read as markup)."""
    return fit([Column(Msg("Id", "编号")(lang)),
                Column(Msg("Why", "原因")(lang), wraps=True, least=20)],
               [[cell(row["id"]), cell(row["problem"][lang])] for row in rows], width,
               title=Msg("Incidents that cannot be read", "无法读取的事件")(lang),
               title_style="bold red")
