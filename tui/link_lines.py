"""What the incident header says about the link between sites and about conflicts between
them: pure, from the link's state file (`sync.status_file`, read by the record's thread) and
the incident's conflicts, to short pieces of text that fit an 80-column header."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from msgspec import Struct

from runbook.i18n import Msg
from runbook.incident import Conflict
from sync.status_file import running
from tui.screen_times import hm

LINK_UP: Final = Msg("⇄ {site}", "⇄ {site}")
BEHIND: Final = Msg("{peer} {lag} behind", "{peer} 落后 {lag} 条")
NO_PEER: Final = Msg("no other site seen yet", "尚未见到其他站点")
LINK_DOWN_SINCE: Final = Msg("⇄ LINK DOWN since {at} (recording locally)",
                             "⇄ 链路中断（自 {at} 起，本地照常记录）")
LINK_DOWN: Final = Msg("⇄ LINK DOWN (recording locally)", "⇄ 链路中断（本地照常记录）")
NOT_RUNNING: Final = Msg("⇄ sync not running", "⇄ 同步未运行")
CONFLICTS: Final = (Msg("⚠ 1 conflict between sites: runbook resolve {id}",
                        "⚠ 站点之间有 1 处冲突：runbook resolve {id}"),
                    Msg("⚠ {n} conflicts between sites: runbook resolve {id}",
                        "⚠ 站点之间有 {n} 处冲突：runbook resolve {id}"))


class LinkWords(Struct, frozen=True):
    """The header's piece on the link; `warn`: the link is down or sync does not run (shown
    bold, as a warning), else it is a quiet aside."""

    text: Msg
    warn: bool


def link_words(state: Mapping[str, Any] | None, now: datetime) -> LinkWords | None:
    """None when this database has no link state (sync never ran beside it)."""
    if state is None:
        return None
    if not running(state, now):
        return LinkWords(NOT_RUNNING, warn=True)
    if not state.get("up"):
        since = _moment(state.get("since"))
        return LinkWords(LINK_DOWN if since is None else
                         LINK_DOWN_SINCE.format(at=hm(since, now)), warn=True)
    said = LINK_UP.format(site=str(state.get("site") or "—"))
    peers = [p for p in state.get("peers") or [] if isinstance(p, Mapping)]
    lags = [BEHIND.format(peer=str(p.get("site")), lag=_count(p.get("lag"))) for p in peers]
    said = said + Msg(" · ", " · ")
    for index, lag in enumerate(lags or [NO_PEER]):
        said = said + (Msg(", ", "，") if index else Msg("", "")) + lag
    return LinkWords(said, warn=False)


def conflict_words(conflicts: Sequence[Conflict], incident_id: str) -> Msg | None:
    """The open conflicts, counted, and the command that resolves them; None if none."""
    n = sum(1 for c in conflicts if c.is_open)
    if not n:
        return None
    return CONFLICTS[n > 1].format(n=n, id=incident_id)


def _moment(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _count(value: object) -> int:
    return value if isinstance(value, int) else 0
