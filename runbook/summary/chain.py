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
    """seq 1, 2, 3 ..., each linked to the one before, each hash matching its content."""
    prev = GENESIS
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq or event.prev_hash != prev or event_hash(event) != event.hash:
            return False
        prev = event.hash
    return bool(events)


def intact(count: int) -> ChainCheck:
    return ChainCheck(True, Msg(f"{count} records; the hash chain is intact.",
                                f"共 {count} 条记录；哈希链完好。"))
