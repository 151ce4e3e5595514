"""What sync needs from the site's own store: the seam the lead wires EventStore into.

Sync holds no event of its own: it asks the local side which of the site's own events exist
and hands it other sites' events, which the local side checks (hash and chain link) and
stores, or refuses. Calls come from the sync process's one event-loop thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from msgspec import Struct

from runbook.i18n import Msg
from sync.wire import Wire


class Accepted(Struct, frozen=True):
    """Stored, or already held exactly (`duplicate`): either way nothing more to do."""

    duplicate: bool = False


class Refused(Struct, frozen=True):
    """Definitively refused (bad hash, broken link, a fork of a held chain): reported, and
    acknowledged so it is not delivered again."""

    reason: Msg


class Missing(Struct, frozen=True):
    """Not the next event of its chain here: the local side lacks earlier ones (it lost them
    or was emptied). Not acknowledged; sync re-reads the stream from the start."""

    expected_seq: int


Outcome = Accepted | Refused | Missing
Heads = Mapping[tuple[str, str], tuple[int, str]]


class Local(Protocol):
    def incidents(self) -> list[str]:
        """Every incident the site holds events of."""
        ...

    def own_events_after(self, incident: str, site: str, count: int) -> list[Wire]:
        """The site's own events of `incident` after the first `count`, in chain order."""
        ...

    def receive(self, wire: Wire) -> Outcome:
        """Check and store one event that came from the stream (any origin, own included:
        a site that lost its store gets its own chain back this way)."""
        ...

    def heads(self) -> Heads:
        """{(incident, origin): (count, head hash)} of every chain held."""
        ...
