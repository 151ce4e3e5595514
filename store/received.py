"""Receiving another site's event: whether it may be stored, and what `receive` answers.

A received event is a fact from another site: the rules do not refuse it (it already
happened there). What is refused is what would break that origin's chain here: an event
whose content does not match its hash (altered), one that is not the next of its origin
(a gap, `expected` saying which place is next here; or a second, different event at a place
already held: a fork), one with no site as origin, and one that follows events of a third
origin not held here yet (`retry`: it is accepted once they have come, so that every event
held here was recorded knowing only events held here).

This store's own origin is received like any other: a site whose database was emptied or
restored from a backup gets its own chain back from the others this way, checked link by
link; an event that forks what it holds (another store recording under the same site name)
is refused like any fork.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from msgspec import Struct

from runbook.chain import GENESIS, event_hash
from runbook.events import Event
from runbook.i18n import Msg
from runbook.sites import is_site


class Accepted(Struct, frozen=True):
    """Stored (with its place in this store), or already held (`duplicate`: not stored
    twice)."""

    event: Event
    duplicate: bool = False


class Refused(Struct, frozen=True):
    """Not stored, and why. `retry`: not wrong, only early (offer it again later)."""

    reason: Msg
    retry: bool = False
    expected: int | None = None  # a gap: the place in the origin's chain that is next here


Receipt = Accepted | Refused

_WHERE: Final = "Incident {incident}, site {origin}, record {position}: "
_WHERE_ZH: Final = "事件 {incident}，站点 {origin}，第 {position} 条记录："

NO_SITE: Final = Msg(
    en=_WHERE + "it names no site as its origin ({origin!r}); only a site's events travel.",
    zh=_WHERE_ZH + "其来源不是站点名称（{origin!r}）；只有站点的记录可以传送。",
)
MALFORMED: Final = Msg(
    en=_WHERE + "its place in its chain or what it had seen is not in the form runbook "
    "writes (a positive place; site names with counts); it is not stored.",
    zh=_WHERE_ZH + "其在链中的位置或所见记录数不是 runbook 写入的格式（位置须为正整数；站点名称及"
    "记录数）；未予保存。",
)
ALTERED: Final = Msg(
    en=_WHERE + "its content does not match its hash; it was altered on the way or forged. "
    "It is not stored.",
    zh=_WHERE_ZH + "内容与哈希不符，在传送中被改动或为伪造。未予保存。",
)
FORKED: Final = Msg(
    en=_WHERE + "a different record is already held at that place (hash {held}); the site's "
    "chain was forked or rewritten (or two stores record with the same --site). It is not "
    "stored.",
    zh=_WHERE_ZH + "该位置已有另一条记录（哈希 {held}）；该站点的哈希链被分叉或改写（或两个存储"
    "使用了相同的 --site）。未予保存。",
)
GAP: Final = Msg(
    en=_WHERE + "{held} record(s) of that site are held here, so the next is record "
    "{next}; records are missing in between. It is not stored.",
    zh=_WHERE_ZH + "本地已有该站点 {held} 条记录，下一条应为第 {next} 条；中间缺少记录。未予保存。",
)
UNLINKED: Final = Msg(
    en=_WHERE + "it does not link to that site's record before it (held here with hash "
    "{held}); the chain was forked or rewritten. It is not stored.",
    zh=_WHERE_ZH + "它与本地已有的该站点前一条记录（哈希 {held}）链接不符；哈希链被分叉或改写。"
    "未予保存。",
)
EARLY: Final = Msg(
    en=_WHERE + "it was recorded knowing {count} record(s) of site {other}, of which only "
    "{held} are held here yet; it is taken once they have come.",
    zh=_WHERE_ZH + "它记录时已知站点 {other} 的 {count} 条记录，本地目前只有 {held} 条；"
    "待其到达后再接收。",
)


def refusal(event: Event, head: Event | None, held: Event | None,
            counts: Mapping[str, int]) -> Refused | None:
    """Why `event` (a site's, as stored: times and payload as read back) may not be
    stored, or None. `head`: the newest event of its origin held here; `held`: the one held
    at its place, if any; `counts`: how many events of each origin are held here."""
    where = {"incident": event.incident_id, "origin": event.origin,
             "position": event.origin_seq}
    if not is_site(event.origin):
        return Refused(NO_SITE.format(**where))
    if type(event.origin_seq) is not int or event.origin_seq < 1 or not all(
            isinstance(site, str) and is_site(site) and site != event.origin
            and type(count) is int and count >= 1 for site, count in event.seen.items()):
        return Refused(MALFORMED.format(**where))
    if event_hash(event) != event.hash:
        return Refused(ALTERED.format(**where))
    if held is not None:  # the same is a duplicate, not a refusal (see `receive`)
        return None if held.hash == event.hash else Refused(
            FORKED.format(held=held.hash[:12], **where))
    count = head.origin_seq if head is not None else 0
    if event.origin_seq != count + 1:
        return Refused(GAP.format(held=count, next=count + 1, **where), expected=count + 1)
    if event.prev_hash != (head.hash if head is not None else GENESIS):
        return Refused(UNLINKED.format(held=head.hash[:12] if head else GENESIS[:12], **where))
    for other, seen in sorted(event.seen.items()):
        if counts.get(other, 0) < seen:
            return Refused(EARLY.format(other=other or '""', count=seen,
                                        held=counts.get(other, 0), **where), retry=True)
    return None
