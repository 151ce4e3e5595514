"""Which events a reader asked for: of some kinds, since a time, holding a text."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, Final

from msgspec import Struct

from runbook.events import Event


class EventFilter(Struct, frozen=True):
    """`kinds` (none: every kind); `since`: what happened or was recorded at or after it
    (an entry given after the fact is new to the reader too); `text`: in any of the event's
    texts or in who recorded it, in any case."""

    kinds: frozenset[str] = frozenset()
    since: datetime | None = None
    text: str | None = None

    def __call__(self, event: Event) -> bool:
        if self.kinds and event.kind not in self.kinds:
            return False
        if self.since is not None and max(event.occurred_at, event.recorded_at) < self.since:
            return False
        if self.text:
            wanted = self.text.casefold()
            return any(wanted in t.casefold() for t in texts(event))
        return True


# Payload texts that are not what anyone wrote: hashes of files and a time kept as text.
NOT_WRITTEN: Final = frozenset({"playbook_digest", "settings_digest", "library_digest",
                                  "reported_at"})


def texts(event: Event) -> Iterator[str]:
    """Every text of the event that people gave: who, and the payload's texts (a title, a
    note, a reason, an option, a recipient, a step...)."""
    yield event.actor.name
    for key, value in event.payload.items():
        if key not in NOT_WRITTEN:
            yield from _strings(value)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
