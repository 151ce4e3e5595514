"""What a guard sees: an incident's events so far, handed over without copying them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import islice
from typing import overload

from runbook.events import Event


class History(Sequence[Event]):
    """A read-only view of the first `len` events of a list that only ever grows.

    Copying the whole list for every append would make a long incident quadratic; the
    core's guard reads only `history[seen:]`, so slices cost what they return.
    """

    __slots__ = ("_events", "_length")

    def __init__(self, events: list[Event]) -> None:
        self._events = events
        self._length = len(events)

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Event]: ...

    def __getitem__(self, index: int | slice) -> Event | Sequence[Event]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._length)
            if step > 0:
                return self._events[start:stop:step]
            # Backwards, a stop of -1 means "before the first", not "the last".
            return [self._events[i] for i in range(start, stop, step)]
        position = index + self._length if index < 0 else index
        if not 0 <= position < self._length:
            raise IndexError("history index out of range")
        return self._events[position]

    def __iter__(self) -> Iterator[Event]:
        return islice(self._events, self._length)

    def __reversed__(self) -> Iterator[Event]:
        return (self._events[i] for i in range(self._length - 1, -1, -1))

    def __repr__(self) -> str:
        return f"History({self._length} events)"
