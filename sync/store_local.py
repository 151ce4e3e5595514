"""`sync.local.Local` over the site's own EventStore: what `runbook sync` runs on.

The store checks every received event (hash, link to that origin's head, place) inside its
write transaction (`EventStore.receive`); this module only translates between the travelling
form (`sync.wire.Wire`) and events, and between the store's answers and sync's.
"""

from __future__ import annotations

from typing import Final

from runbook.chain import canonical, from_canonical
from runbook.events import Event
from runbook.i18n import Msg
from store import EventStore
from store.received import Refused as StoreRefused
from sync.local import Accepted, Heads, Missing, Outcome, Refused
from sync.wire import Wire

NOT_AN_EVENT: Final = Msg(
    "Incident {incident}, site {origin}, record {seq}: what arrived is not an event runbook "
    "can read ({why}); it is not stored.",
    "事件 {incident}，站点 {origin}，第 {seq} 条记录：收到的内容不是 runbook 可读取的记录；"
    "未予保存。")
DISAGREES: Final = Msg(
    "Incident {incident}, site {origin}, record {seq}: the message and the event it carries "
    "disagree on where it belongs; it is not stored.",
    "事件 {incident}，站点 {origin}，第 {seq} 条记录：消息与其所载记录的归属不一致；未予保存。")


def to_wire(event: Event) -> Wire:
    return Wire(incident=event.incident_id, origin=event.origin, seq=event.origin_seq,
                prev_hash=event.prev_hash, hash=event.hash, content=canonical(event))


class StoreLocal:
    """The site's store as sync sees it. Calls come from the sync loop's one thread."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def incidents(self) -> list[str]:
        return self.store.incident_ids()

    def own_events_after(self, incident: str, site: str, count: int) -> list[Wire]:
        return [to_wire(e) for e in self.store.own_events_after(incident, site, count)]

    def receive(self, wire: Wire) -> Outcome:
        where = {"incident": wire.incident, "origin": wire.origin, "seq": wire.seq}
        try:
            event = from_canonical(wire.content, wire.hash)
        except (ValueError, KeyError, TypeError, OverflowError, RecursionError) as error:
            # Refused (and so acknowledged): anything else would stop sync, and the same
            # message would stop it again at every restart.
            return Refused(NOT_AN_EVENT.format(why=type(error).__name__ + ": " + str(error),
                                               **where))
        if (event.incident_id, event.origin, event.origin_seq, event.prev_hash) != (
                wire.incident, wire.origin, wire.seq, wire.prev_hash):
            return Refused(DISAGREES.format(**where))
        receipt = self.store.receive(event)
        if not isinstance(receipt, StoreRefused):
            return Accepted(duplicate=receipt.duplicate)
        if receipt.expected is not None:  # a gap: earlier events of that chain are missing
            return Missing(receipt.expected)
        if receipt.retry:  # it follows events of a third site not here yet: read again
            return Missing(wire.seq)
        return Refused(receipt.reason)

    def heads(self) -> Heads:
        """The sites' chains held (a store's own events of before a site was set, origin
        "", never travel)."""
        return {(incident, origin): (head.count, head.hash)
                for (incident, origin), head in self.store.heads().items() if origin}
