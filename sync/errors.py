"""What sync refuses or reports, as types with messages in both languages."""

from __future__ import annotations

from runbook.errors import RunbookError, UsageError
from runbook.i18n import Msg

BAD_SITE = Msg(
    en="Site name {name!r} cannot be used: {why}. A site name is 1 to 32 letters (a-z, A-Z), "
    "digits, '-' or '_', for example `dc-shanghai`. Set it with `--site NAME` or in the "
    "settings.",
    zh="站点名 {name!r} 不可用：{why}。站点名为 1 至 32 个字母（a-z、A-Z）、数字、“-”或“_”，"
    "例如 `dc-shanghai`。请用 `--site 名称` 或在设置中指定。",
)
BAD_INCIDENT = Msg(
    en="Incident id {name!r} cannot travel between sites: {why}. Incident ids that sync carries "
    "are letters, digits, '-' or '_' (no dots, spaces, '*' or '>').",
    zh="事件编号 {name!r} 无法在站点之间传送：{why}。同步所传送的事件编号只能包含字母、数字、"
    "“-”或“_”（不能有点号、空格、“*”或“>”）。",
)
EMPTY = Msg(en="it is empty", zh="为空")
TOO_LONG = Msg(en="it is longer than {limit} characters", zh="超过 {limit} 个字符")
BAD_CHARS = Msg(en="it contains {chars}", zh="含有 {chars}")

STREAM_MISCONFIGURED = Msg(
    en="The NATS stream {stream} exists but is not set up as runbook needs ({why}): its "
    "history could be deleted or rewritten. Nothing was published. Ask the NATS operator to "
    "recreate it with deletes and purges denied and rollups off, or point sync at another "
    "server.",
    zh="NATS 流 {stream} 已存在，但配置不符合 runbook 的要求（{why}）：其历史可能被删除或改写。"
    "未发布任何内容。请联系 NATS 管理员以禁止删除、禁止清空、关闭汇总的方式重建该流，"
    "或让同步连接另一台服务器。",
)


class SyncError(RunbookError):
    """Sync cannot go on as asked; the local record is untouched."""


class BadName(UsageError):
    """A site name or incident id that is not one NATS subject token."""


class StreamMisconfigured(SyncError):
    """The stream exists with settings that would let its history be changed."""
