"""Writing from the UI: hand the event to the store thread and await the stored one."""

from __future__ import annotations

import asyncio

from runbook.errors import RunbookError
from runbook.events import Event
from tui.link import Append, StoreLink
from tui.texts import LINK_DOWN


class Recorder:
    def __init__(self, link: StoreLink) -> None:
        self._link = link

    async def append(self, event: Event) -> Event:
        """The event as stored (committed), or the RunbookError that kept it off the record."""
        if not self._link.alive:
            raise RunbookError(LINK_DOWN.format(detail="stopped"))
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Event] = loop.create_future()

        def reply(result: Event | RunbookError) -> None:
            loop.call_soon_threadsafe(_settle, future, result)

        self._link.submit(Append(event, reply))
        return await future


def _settle(future: asyncio.Future[Event], result: Event | RunbookError) -> None:
    if future.done():
        return
    if isinstance(result, Event):
        future.set_result(result)
    else:
        future.set_exception(result)
