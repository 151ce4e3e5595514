"""Terminal tables for `runbook list`, `status` and `timeline` (rich aligns wide characters).

Every cell is a `Text`, never a string: rich would read a string as markup, so a title
"API [/v2] down" would stop the command and "[red]" would vanish. What the record holds goes
through `safetext.line` on its way in.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from runbook.describe import duration_words, event_detail, group_name, state_name
from runbook.escalation import CRITERIA
from runbook.events import Event
from runbook.i18n import Lang, Msg
from runbook.json_views import is_backdated
from runbook.kinds import name as event_name
from runbook.safetext import line
from runbook.vocabulary import LEVEL_IDS, level

STATES = {
    "open": Msg("open", "处置中"),
    "stood_down": Msg("stood down", "应急结束"),
    "closed": Msg("closed", "已关闭"),
}


def cell(value: str) -> Text:
    """A cell of stored text: shown as written, on one line, nothing in it obeyed."""
    return Text(line(value))


def level_text(level_id: str, lang: Lang) -> Text:
    if level_id not in LEVEL_IDS:
        return cell(level_id)
    lv = level(level_id)
    return Text(lv.short(lang), style=lv.text_style)


def short_time(text: str | None) -> str:
    if not text:
        return "—"
    return datetime.fromisoformat(text).strftime("%m-%d %H:%M")


def incidents_table(rows: list[dict[str, Any]], lang: Lang) -> Table:
    table = Table(title=Msg("Incidents", "事件")(lang), box=box.SIMPLE_HEAD)
    for name in (Msg("Id", "编号"), Msg("Type", "类型"), Msg("Level", "级别"),
                 Msg("State", "状态"), Msg("Opened", "开始"), Msg("Closed", "关闭")):
        table.add_column(name(lang), no_wrap=True)
    table.add_column(Msg("Title", "标题")(lang), ratio=1)
    for row in rows:
        title = cell(row["title"])
        if row["drill"]:
            title.append(" " + Msg("[drill]", "[演练]")(lang))
        table.add_row(cell(row["id"]), cell(row["type"]), level_text(row["level"], lang),
                      Text(STATES[row["state"]](lang)), Text(short_time(row["opened"])),
                      Text(short_time(row["closed"])), title)
    return table


def status_table(view: dict[str, Any], lang: Lang) -> Table:
    inc = view["incident"]
    title = Text.assemble(line(f"{inc['id']} {inc['type']} "), level_text(inc["level"], lang),
                          f" {STATES[inc['state']](lang)}")
    table = Table(title=title, box=box.SIMPLE_HEAD, caption=_proposal(view, lang),
                  caption_justify="left")
    for name in (Msg("Step", "步骤"), Msg("Group", "小组"), Msg("State", "状态"),
                 Msg("Due", "时限"), Msg("", "")):
        table.add_column(name(lang), no_wrap=True)
    table.add_column(Msg("Title", "标题")(lang), ratio=1)
    now = datetime.fromisoformat(view["now"])
    for step in sorted(view["steps"], key=_due_order):
        table.add_row(
            cell(step["id"] + (" ▶" if step["id"] == view["next_step"] else "")),
            Text(group_name(step["group"], lang)), cell(state_name(step["state"], lang)),
            Text(short_time(view_due(step))), _countdown(step, now, lang, inc["state"] == "closed"),
            cell(step["title"][lang]))
    return table


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
        return Text(Msg("overdue +", "已超时 +")(lang) + duration_words(-delta, lang),
                    style="bold red")
    return Text(duration_words(delta, lang))


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


def timeline_table(events: list[Event], lang: Lang) -> Table:
    table = Table(title=Msg("Timeline", "时间线")(lang), box=box.SIMPLE_HEAD)
    for name in (Msg("#", "#"), Msg("Occurred", "发生时间"), Msg("Recorded", "记录时间"),
                 Msg("Who", "人员"), Msg("Group", "小组"), Msg("What", "事项")):
        table.add_column(name(lang), no_wrap=True)
    table.add_column(Msg("Detail", "详情")(lang), ratio=1)
    table.add_column(Msg("Hash", "哈希")(lang), no_wrap=True)
    for e in events:
        occurred = e.occurred_at.strftime("%m-%d %H:%M") + ("*" if is_backdated(e) else "")
        table.add_row(Text(str(e.seq)), Text(occurred),
                      Text(e.recorded_at.strftime("%m-%d %H:%M")), cell(e.actor.name),
                      Text(group_name(e.actor.group, lang)), cell(event_name(e.kind)(lang)),
                      cell(event_detail(e, lang)), cell(e.hash[:8]))
    return table


def unreadable_table(rows: list[dict[str, Any]], lang: Lang) -> Table:
    """The incidents `runbook list` cannot interpret, each with the reason (plain text:
    stored values in the reason are quoted and escaped, never read as markup)."""
    table = Table(title=Msg("Incidents that cannot be read", "无法读取的事件")(lang),
                  box=box.SIMPLE_HEAD, title_style="bold red")
    table.add_column(Msg("Id", "编号")(lang), no_wrap=True)
    table.add_column(Msg("Why", "原因")(lang), ratio=1)
    for row in rows:
        table.add_row(cell(row["id"]), cell(row["problem"][lang]))
    return table
