"""Keys as data: one table per screen gives the bindings, the footer, the help and the palette.

Every key has a stable id (the hints and the help find a key by it, `key_for`), a short
label for the footer and a longer help text, both in both languages.
"""

from __future__ import annotations

from dataclasses import replace  # Textual's Binding is a dataclass
from typing import Final

from msgspec import Struct
from textual.binding import Binding, BindingsMap, BindingType
from textual.dom import DOMNode

from runbook.i18n import Lang, Msg


class Key(Struct, frozen=True):
    id: str
    key: str
    action: str
    label: Msg
    help: Msg
    show: bool = True  # in the footer
    palette: bool = True  # in the command palette
    display: str | None = None
    priority: bool = False


def M(en: str, zh: str) -> Msg:
    return Msg(en, zh)


APP_KEYS: Final = (
    Key("app.help", "question_mark,f1", "app.help", M("help", "帮助"),
        M("Show every key and what the marks mean", "显示全部按键及符号含义"),
        display="?"),
    Key("app.palette", "ctrl+p", "app.command_palette", M("commands", "命令"),
        M("Search every action by name", "按名称搜索全部操作"), show=False, palette=False,
        priority=True),
    Key("app.quit", "ctrl+q", "app.quit", M("quit", "退出"),
        M("Leave runbook (everything recorded stays recorded)",
          "退出 runbook（已记录内容不受影响）"),
        show=False, priority=True),
)

HOME_KEYS: Final = (
    Key("home.open", "enter", "open", M("open", "打开"), M("Open the selected incident",
                                                           "打开所选事件")),
    Key("home.declare", "n", "declare", M("declare", "宣布事件"),
        M("Declare an incident: type, level, title, drill or real",
          "宣布事件：类型、级别、标题、是否演练")),
    Key("home.review", "R", "review", M("review", "复盘"),
        M("Review: how each step fared across incidents and drills; drills held per year",
          "跨事件复盘：各步骤在真实事件和演练中的执行情况；每年演练次数"), show=False),
    Key("home.quit", "q", "app.quit", M("quit", "退出"), M("Leave runbook", "退出 runbook")),
)

INCIDENT_KEYS: Final = (
    Key("step.details", "enter", "details", M("read", "详情"),
        M("Read the selected step (or event) in full, with its plan clause",
          "查看所选步骤（或记录）的完整内容及预案条款"), show=False),
    Key("step.done", "d", "done", M("done", "完成"),
        M("Mark the selected step done (a decision step asks for the option)",
          "将所选步骤标记为完成（决策步骤会要求选择选项）")),
    Key("step.start", "i", "start", M("start", "开始"),
        M("Mark the selected step in progress", "将所选步骤标记为进行中"), show=False),
    Key("step.skip", "s", "skip", M("skip", "跳过"),
        M("Skip the selected step, with the reason", "跳过所选步骤（需填写原因）")),
    Key("step.block", "b", "block", M("blocked", "受阻"),
        M("Mark the selected step blocked, with the reason", "将所选步骤标记为受阻（需填写原因）")),
    Key("step.reopen", "o", "reopen_step", M("reopen", "重开"),
        M("Reopen the selected step, with the reason", "重新打开所选步骤（需填写原因）"),
        show=False),
    Key("step.decide", "D", "decide", M("decide", "决策"),
        M("Take the decision of the selected step (or the first open one), with the rationale",
          "对所选（或第一个待定的）决策步骤作出决策并说明理由")),
    Key("incident.note", "n", "note", M("note", "备注"),
        M("Add a note to the record", "在记录中添加备注")),
    Key("incident.evaluation", "e", "evaluation", M("evaluation", "评估"),
        M("Write an evaluation entry (cause, lessons, actions…), also once closed",
          "填写评估内容（原因、经验教训、整改事项等），事件关闭后亦可"), show=False),
    Key("incident.export", "x", "export", M("export summary", "导出总结"),
        M("Export the summary (md, html, json) or a report draft to a file (asks where)",
          "导出处置总结（md、html、json）或报告草稿到文件（会询问保存位置）"), show=False),
    Key("incident.facts", "f", "facts", M("facts", "事实"),
        M("The facts of this incident (times, figures, grades), filled and missing; record "
          "or correct one, also once closed",
          "本事件的事实项（时间、数据、分级），已填和缺失；记录或更正一项，事件关闭后亦可")),
    Key("incident.actions", "A", "action_items", M("action items", "整改事项"),
        M("The action items (owner, due date, state): add one, mark one done or dropped, "
          "also once closed",
          "整改事项（负责人、完成期限、状态）：新增、标为完成或撤销，事件关闭后亦可"),
        show=False),
    Key("incident.level", "l", "level", M("level", "级别"),
        M("Change the warning level, with the reason", "变更预警级别（需填写原因）")),
    Key("incident.report", "r", "report", M("report", "报告"),
        M("Record a report sent (to the head, regulator, customers…)",
          "记录已发送的报告（负责人、监管机构、客户等）"), show=False),
    Key("incident.vendor", "v", "vendor", M("vendor", "供应商"),
        M("Record a contact with the vendor", "记录与外包服务提供商的联系"), show=False),
    Key("incident.handover", "h", "handover", M("handover", "交接"),
        M("Hand over your shift to the next person", "将本班工作交接给下一位"), show=False),
    Key("incident.stand_down", "S", "stand_down", M("stand down", "应急结束"),
        M("End emergency handling; post-incident steps start (asks to confirm)",
          "结束应急处置，开始后期处置步骤（需确认）"), show=False),
    Key("incident.close", "c", "close", M("close", "关闭"),
        M("Close the incident (asks to confirm)", "关闭事件（需确认）"), show=False),
    Key("incident.reopen", "O", "reopen_incident", M("reopen incident", "重开事件"),
        M("Reopen a closed incident, with the reason", "重新打开已关闭的事件（需填写原因）"),
        show=False),
    Key("incident.switch_version", "V", "switch_version", M("switch version", "切换版本"),
        M("Play the playbooks in force from now on (when they changed since the incident "
          "was declared), with the reason",
          "改按当前剧本执行（剧本在事件宣布后有变更时），需填写原因"),
        show=False),
    Key("incident.group", "g", "group", M("group", "小组"),
        M("Show one group's steps only, or all", "只显示某个小组的步骤，或显示全部"),
        show=False),
    Key("incident.later", "a", "later", M("later steps", "后续步骤"),
        M("Show or hide the steps that start after the stand-down",
          "显示或隐藏应急结束后才开始的步骤"), show=False),
    Key("incident.timeline", "t", "timeline", M("timeline", "时间线"),
        M("The timeline of every event (beside the steps when the terminal is wide)",
          "全部记录的时间线（终端较宽时显示在步骤旁）")),
    Key("incident.override", "exclamation_mark", "override", M("override", "紧急越权"),
        M("Record the next action as an emergency override, with its reason (when the "
          "roster's roles do not allow it and nobody who may can be reached)",
          "将下一项操作记为紧急越权并写明原因（名册角色不允许、且无法联系有权限的人员时）"),
        show=False, display="!"),
    Key("incident.who", "u", "identity", M("who", "身份"),
        M("Change who is acting (name and group)", "更改当前操作人（姓名和小组）"), show=False),
    Key("incident.back", "escape", "back", M("incidents", "事件列表"),
        M("Back to the list of incidents", "返回事件列表"), show=False),
)

# The keys of the facts list (`f`) and of the action items list (`A`).
FACT_LIST_KEYS: Final = (
    Key("facts.record", "enter", "record", M("record", "记录"),
        M("Record the selected fact (a later value corrects it)",
          "记录所选事实项（再次记录即为更正）")),
    Key("facts.back", "escape", "close", M("back", "返回"), M("Back to the steps", "返回步骤列表")),
)

ACTION_LIST_KEYS: Final = (
    Key("items.add", "a", "add", M("add", "新增"),
        M("Add an action item: what, owner, due date", "新增整改事项：内容、负责人、完成期限")),
    Key("items.done", "d", "done", M("done", "完成"),
        M("Mark the selected item done, with a note", "将所选事项标为完成（可填写说明）")),
    Key("items.drop", "x", "drop", M("drop", "撤销"),
        M("Drop the selected item, with the reason", "撤销所选事项（需填写原因）")),
    Key("items.back", "escape", "close", M("back", "返回"), M("Back to the steps", "返回步骤列表")),
)

TIMELINE_KEYS: Final = (
    Key("timeline.details", "enter", "details", M("read", "详情"),
        M("Read the selected event in full", "查看所选记录的完整内容"), show=False),
    Key("timeline.group", "g", "filter_group", M("group", "小组"),
        M("Show one group's events only, or all", "只显示某个小组的记录，或显示全部")),
    Key("timeline.kind", "k", "filter_kind", M("kind", "类型"),
        M("Show one kind of event only, or all", "只显示某类记录，或显示全部")),
)

TIMELINE_SCREEN_KEYS: Final = (
    Key("timeline.back", "escape,t", "back", M("back", "返回"),
        M("Back to the steps", "返回步骤列表")),
)

LIST_KEYS: Final = (
    Key("list.up", "up", "cursor_up", M("up", "上"), M("Previous line", "上一行"),
        show=False, palette=False),
    Key("list.down", "down", "cursor_down", M("down", "下"), M("Next line", "下一行"),
        show=False, palette=False),
    Key("list.page_up", "pageup", "page_up", M("page up", "上一页"), M("Previous page", "上一页"),
        show=False, palette=False),
    Key("list.page_down", "pagedown", "page_down", M("page down", "下一页"),
        M("Next page", "下一页"), show=False, palette=False),
    Key("list.home", "home", "first", M("first", "第一行"), M("First line", "第一行"),
        show=False, palette=False),
    Key("list.end", "end", "last", M("last", "最后一行"), M("Last line", "最后一行"),
        show=False, palette=False),
)

# The steps' and the timeline's search (`tui.widgets.search`): n, N and Esc act on the
# search only while one is on, else they are the screen's keys (n: note, Esc: back).
SEARCH_KEYS: Final = (
    Key("list.search", "slash", "search", M("search", "搜索"),
        M("Search the list in focus: the steps (title, id, state) or the timeline (text, "
          "who, kind)", "搜索当前列表：步骤（标题、编号、状态）或时间线（内容、记录人、类型）"),
        display="/"),
    Key("list.next_match", "n", "next_match", M("next match", "下一处"),
        M("While searching: the next match", "搜索时：下一处匹配")),
    Key("list.previous_match", "N", "previous_match", M("previous match", "上一处"),
        M("While searching: the previous match", "搜索时：上一处匹配")),
    Key("list.end_search", "escape", "end_search", M("end search", "结束搜索"),
        M("While searching: end the search", "搜索时：结束搜索")),
)


# The key of each step verb (`runbook.transitions`), by its id above: the footer, the step
# detail's hint and the help name the same key for a verb.
VERB_KEYS: Final[dict[str, str]] = {
    "done": "step.done", "decide": "step.decide", "start": "step.start", "skip": "step.skip",
    "block": "step.block", "reopen": "step.reopen",
}

# The incident's keys the footer offers in each phase of the incident (`tui.footer`), the
# one most likely next first; after them as many as the footer has room for. The help and
# the palette list every key whatever the phase.
INCIDENT_FOOTER: Final[dict[str, tuple[str, ...]]] = {
    "reading": ("incident.timeline",),
    "open": ("incident.note", "incident.report", "incident.level", "incident.timeline",
             "incident.facts", "incident.stand_down", "incident.vendor", "incident.handover",
             "incident.group", "incident.later", "list.search", "incident.who"),
    "proposed": ("incident.level", "incident.note", "incident.report", "incident.timeline",
                 "incident.facts", "incident.stand_down", "incident.vendor",
                 "incident.handover", "incident.group", "incident.later", "list.search",
                 "incident.who"),
    "stood_down": ("incident.evaluation", "incident.note", "incident.close",
                   "incident.actions", "incident.report", "incident.facts",
                   "incident.timeline", "incident.export", "incident.group", "list.search",
                   "incident.who"),
    "closed": ("incident.export", "incident.actions", "incident.evaluation",
               "incident.facts", "incident.note", "incident.timeline", "incident.reopen",
               "incident.group", "list.search", "incident.who"),
}


def bindings(keys: tuple[Key, ...]) -> list[BindingType]:
    """Class-level bindings (English); `localise` swaps in the responder's language."""
    return [_binding(k, "en") for k in keys]


def _binding(k: Key, lang: Lang) -> Binding:
    return Binding(k.key, k.action, k.label(lang), show=k.show, key_display=k.display,
                   priority=k.priority, tooltip=k.help(lang), id=k.id)


def localise(node: DOMNode, keys: tuple[Key, ...], lang: Lang) -> None:
    """Give `node` its bindings in `lang` (Textual reads descriptions from the bindings)."""
    by_id = {k.id: k for k in keys}
    translated = []
    for _key, binding in node._bindings:
        k = by_id.get(binding.id or "")
        if k is not None:
            binding = replace(binding, description=k.label(lang), tooltip=k.help(lang))
        translated.append(binding)
    node._bindings = BindingsMap(translated)


def key_for(key_id: str) -> str:
    """The key of `key_id` as hints and the help write it: every hint that names a key asks
    here, so moving a key in its table moves it in every text."""
    return shown_key(_BY_ID[key_id])


def key_label(key_id: str, lang: Lang) -> str:
    """What the key of `key_id` does, as its footer label says it."""
    return _BY_ID[key_id].label(lang)


def shown_key(k: Key) -> str:
    """The key as the help screen prints it."""
    if k.display:
        return k.display
    names = {"question_mark": "?", "escape": "Esc", "enter": "Enter", "pageup": "PgUp",
             "pagedown": "PgDn", "ctrl+p": "Ctrl+P", "ctrl+q": "Ctrl+Q", "up": "↑",
             "down": "↓", "home": "Home", "end": "End", "f1": "F1"}
    return " / ".join(names.get(part, part) for part in k.key.split(","))


_BY_ID: Final[dict[str, Key]] = {k.id: k for table in (
    APP_KEYS, HOME_KEYS, INCIDENT_KEYS, TIMELINE_KEYS, TIMELINE_SCREEN_KEYS, LIST_KEYS,
    SEARCH_KEYS, FACT_LIST_KEYS, ACTION_LIST_KEYS)
    for k in table}
