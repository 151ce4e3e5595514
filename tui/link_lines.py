"""What the incident header says about the link between sites and about conflicts between
them: pure, from the link's state file (`sync.status_file`, read by the record's thread) and
the incident's conflicts, to short pieces of text that fit an 80-column header."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Final

from msgspec import Struct

from runbook.i18n import Msg
from runbook.incident import Conflict
from tui.screen_times import hm

if TYPE_CHECKING:
    from sync.status_file import LinkStatus

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


def link_words(status: LinkStatus | None, now: datetime) -> LinkWords | None:
    """None when this database has no link state (sync never ran beside it)."""
    if status is None:
        return None
    from sync.status_file import running  # loaded with the first state the thread reads

    if not running(status, now):
        return LinkWords(NOT_RUNNING, warn=True)
    if not status.up:
        return LinkWords(LINK_DOWN if status.since is None else
                         LINK_DOWN_SINCE.format(at=hm(status.since, now)), warn=True)
    said = LINK_UP.format(site=status.site or "—")
    lags = [BEHIND.format(peer=p.site, lag=p.lag) for p in status.peers]
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

