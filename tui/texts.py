"""Words the player shows in more than one place, in both languages.

Screen-specific wording lives next to the screen; what several screens share lives here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from runbook.i18n import Msg
from runbook.playbook import Settings

APP_TITLE: Final = Msg("runbook — emergency plan player", "runbook — 应急预案播放器")
LOADING: Final = Msg("Loading the record…", "正在读取记录…")
SAVING: Final = Msg("Saving to the record…", "正在写入记录…")
DRILL: Final = Msg("DRILL", "演练")
REAL: Final = Msg("real incident", "真实事件")
CLOSED: Final = Msg("CLOSED", "已关闭")
STOOD_DOWN: Final = Msg("stood down", "应急结束")
ALL: Final = Msg("all", "全部")
NOBODY_GROUP: Final = Msg("— (no group)", "—（未指定小组）")
ACTING_AS: Final = Msg("acting as {who}", "当前身份：{who}")
NONE_DUE: Final = Msg("nothing due", "暂无到期步骤")
OVERDUE_COUNT: Final = Msg("{n} overdue", "{n} 项超时")
PROPOSE_LEVEL: Final = Msg("{why}: raise to {level}? ({key})",
                           "{why}：是否升级至{level}？（{key}）")
NOT_RECORDED: Final = Msg("Not recorded", "未记录")
RECORD_TROUBLE: Final = Msg("The record cannot be read right now: {detail} (retrying)",
                            "暂时无法读取记录：{detail}（正在重试）")
INTERNAL: Final = Msg(
    "Internal error ({detail}). This action may not be on the record: check the timeline "
    "before repeating it.",
    "内部错误（{detail}）。该操作可能未写入记录：请先查看时间线再决定是否重复。")
LINK_DOWN: Final = Msg(
    "The connection to the record stopped ({detail}). Nothing shown is lost; restart runbook.",
    "与记录的连接已中断（{detail}）。已显示的内容不会丢失；请重新启动 runbook。")
CLOSE_HINT: Final = Msg("Enter or Esc: close", "Enter 或 Esc：关闭")
TYPE_HERE: Final = Msg("type here…", "在此输入…")
DEFAULT_SET_BY: Final = Msg("default — set by the institution", "默认值 — 由机构配置")
SET_BY_INSTITUTION: Final = Msg("set by the institution", "由机构设定")


def counted(n: int, one: str, many: str, zh: str, **fields: Any) -> Msg:
    """`1 event`, `2 events`: English says a count in two forms, Chinese in one
    (`{n} 条记录`). `{n}` is the count as written (`1,000`) unless `fields` give it."""
    fields.setdefault("n", f"{n:,}")
    return Msg((one if n == 1 else many).format(**fields), zh.format(**fields))


def origin(settings: Settings, names: Iterable[str]) -> Msg:
    """Whether values a text quotes are the shipped defaults or the institution's own."""
    params = settings.parameters
    own = any(params[n].overridden for n in names if n in params)
    return SET_BY_INSTITUTION if own else DEFAULT_SET_BY
