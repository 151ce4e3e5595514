"""A quick check of an incident's hash chain over events already read.

The export reads every event anyway; rehashing them costs a third of a full store
verification. When this check fails, the caller asks the store for its diagnosis (which
record, and what most plausibly happened to it).
"""

from __future__ import annotations

from collections.abc import Sequence

from runbook.chain import GENESIS, event_hash
from runbook.events import Event
from runbook.i18n import Msg
from runbook.summary.model import ChainCheck


def chain_intact(events: Sequence[Event]) -> bool:
    """seq 1, 2, 3 ..., and in each origin's chain each event the next of its origin,
    linked to the one before, its hash matching its content."""
    heads: dict[str, tuple[int, str]] = {}
    for expected_seq, event in enumerate(events, start=1):
        count, prev = heads.get(event.origin, (0, GENESIS))
        if (event.seq != expected_seq or event.position != count + 1
                or event.prev_hash != prev or event_hash(event) != event.hash):
            return False
        heads[event.origin] = (count + 1, event.hash)
    return bool(events)


def intact(count: int) -> ChainCheck:
    return ChainCheck(True, Msg(f"{count} records; the hash chain is intact.",
                                f"共 {count} 条记录；哈希链完好。"))
