"""One incident as everything that plays it holds it: its events folded, new events checked
against it, and its view at a moment.

The rules' guard (inside the store's write transaction), the player's incident screen, its
home list and `runbook status` all keep one of these, so an incident is folded one way
everywhere. It folds only what is new: given the incident's history again, it reads on
from the last event it folded, and starts over when that event is no longer the one in the
history (a restored or rewritten file), which it tells by the head hash, not by a count.

The state is a function of the events alone, whatever order they arrived in: `sync` folds
them in `order` (`runbook.merge`): an incident's own `seq` while it has one origin, a
deterministic merge of the origins' chains once it has several. A received event can then
belong before events already folded: `sync` sees that the order no longer continues what it
folded, and folds again from the start.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from runbook import merge
from runbook.errors import NotFound
from runbook.events import Event
from runbook.fold import advance
from runbook.i18n import Msg
from runbook.incident import Incident
from runbook.kinds import Kind
from runbook.playbook import Library, Playbook
from runbook.rules import check_event
from runbook.status import IncidentView, view_of
from runbook.versions import Played, Versions, resolve


def order(events: Iterable[Event]) -> list[Event]:
    """The events in the one order the fold reads them (`runbook.merge.order`: the store's
    seq for one origin, a deterministic merge of the origins' chains for several)."""
    return merge.order(events)


class IncidentState:
    """An incident's fold, kept up to date as its history grows.

    `current` is the library in force; `library` the one the incident plays (the version
    it was declared with, or last switched to: `runbook.versions`), which `versions` finds
    by its digest when it is not the one in force (without it, the one in force stands in).
    """

    __slots__ = ("_counts", "_folded_events", "_head", "_last_local", "_merged", "_seen",
                 "_versions", "current", "incident", "library", "played")

    def __init__(self, library: Library, versions: Versions | None = None) -> None:
        self.current = library
        self._versions = versions
        self.library = library
        self.played: Played | None = None  # None until the declaration is folded
        self.incident: Incident | None = None
        self._seen = 0
        self._head = ""
        # Once the incident holds more than one origin: the events folded, in order (a
        # received event may belong before them, and they are merged again).
        self._merged = False
        self._folded_events: list[Event] = []
        self._counts: dict[str, int] = {}  # events folded, per origin
        self._last_local = (0, "")  # the seq and hash of the folded event with the highest seq

    @property
    def count(self) -> int:
        """How many events are folded in."""
        return self._seen

    def sync(self, history: Sequence[Event]) -> Incident | None:
        """The incident after `history` (its events in seq order): folds only what follows
        the events folded before, from scratch when `history` does not continue them."""
        if self._several(history[self._seen:] if self._seen <= len(history) else history):
            return self._merge_in(history)
        if self._seen and (len(history) < self._seen
                           or history[self._seen - 1].hash != self._head):
            self.reset()
        self._fold(history[self._seen:])
        return self.incident

    def add(self, events: Iterable[Event]) -> list[Event]:
        """Fold in the events that follow the last one folded (by seq); return those (in
        seq order)."""
        fresh = [e for e in sorted(events, key=lambda e: e.seq) if e.seq > self._seen]
        if self._several(fresh) and not self._after_all(fresh):
            self._refold(order([*self._folded_events, *fresh]))
        else:
            self._fold(fresh)
        return fresh

    def _merge_in(self, history: Sequence[Event]) -> Incident | None:
        """`sync` for an incident of several origins."""
        seen = self._seen
        if seen and (len(history) < seen or history[seen - 1].hash != self._last_local[1]):
            self.reset()
        fresh = history[self._seen:]
        if self._after_all(fresh):
            self._fold(fresh)
            return self.incident
        return self._refold(order(history))

    def _after_all(self, fresh: Sequence[Event]) -> bool:
        """Whether each of `fresh` (in seq order) was recorded knowing every event folded
        and every one before it: then the merged order is the folded one followed by them
        (none can come before an event it knew), and they are folded on, not all again.
        This site's own new events always are; so is what another site recorded after it
        had received everything held here."""
        counts = dict(self._counts)
        for event in fresh:
            if event.position != counts.get(event.origin, 0) + 1 or any(
                    event.seen.get(origin, 0) < count for origin, count in counts.items()
                    if origin and origin != event.origin):
                return False
            counts[event.origin] = event.position
        return True

    def _several(self, new: Sequence[Event]) -> bool:
        """Whether the incident holds more than one origin, given the events `new` since
        the ones folded (once it does, it always will)."""
        if not self._merged and new:
            first = self._folded_events[0].origin if self._folded_events else new[0].origin
            self._merged = any(e.origin != first for e in new)
        return self._merged

    def _refold(self, merged: list[Event]) -> Incident | None:
        """Fold `merged` (all the incident's events, in order): only what follows the
        events folded before if it continues them, else from the start."""
        seen = self._seen
        if seen and (len(merged) < seen or any(
                a.hash != b.hash for a, b in zip(merged[:seen], self._folded_events,
                                                 strict=True))):
            self.reset()
        self._fold(merged[self._seen:])
        return self.incident

    def reset(self) -> None:
        self.incident, self._seen, self._head = None, 0, ""
        self.library, self.played = self.current, None
        self._folded_events = []
        self._counts = {}
        self._last_local = (0, "")

    def _fold(self, events: Iterable[Event]) -> None:
        try:
            for event in events:
                self._play(event)
                self.incident = advance(self.incident, event, self.library)
                self._seen += 1
                self._head = event.hash
                self._folded_events.append(event)
                self._counts[event.origin] = self._counts.get(event.origin, 0) + 1
                if event.seq >= self._last_local[0]:
                    self._last_local = (event.seq, event.hash)
        except BaseException:
            self.reset()  # part-applied: fold again from the start next time
            raise

    def _play(self, event: Event) -> None:
        """From a declaration or a switch on, the version it names is the one played (a
        declaration the rules refuse is checked against the library in force)."""
        if self.incident is None and event.kind == Kind.DECLARED:
            wanted = event.payload.get("library_digest")
        elif self.incident is not None and event.kind == Kind.VERSION_SWITCHED:
            wanted = event.payload.get("to")
        else:
            return
        self.played = resolve(wanted if isinstance(wanted, str) else "", self.current,
                              self._versions)
        self.library = self.played.library

    def check(self, event: Event) -> None:
        """Refuse (RefusedAction) an event that breaks a rule of the incident as folded:
        by the version it plays; a declaration and a switch by the library in force."""
        check_event(self.incident, event, self.library, current=self.current)

    @property
    def playbook(self) -> Playbook:
        """The incident's playbook; NotFound if it is no longer installed."""
        incident = self._folded()
        book = self.library.playbook(incident.type)
        if book is None:
            raise NotFound(Msg(f"The playbook {incident.type!r} is not installed.",
                               f"剧本 {incident.type!r} 未安装。"))
        return book

    def view(self, now: datetime) -> IncidentView:
        """Every step's status, what is next and overdue, and the level to propose, at `now`."""
        return view_of(self._folded(), self.playbook, self.library.settings, now)

    def _folded(self) -> Incident:
        if self.incident is None:
            raise NotFound(Msg("The incident has no events.", "该事件没有任何记录。"))
        return self.incident


def played_library(events: Sequence[Event], library: Library,
                   versions: Versions | None) -> Library:
    """The library the incident of `events` plays now (`library`, the one in force, if it
    has no events or its version is not kept)."""
    state = IncidentState(library, versions)
    state.sync(events)
    return state.library
