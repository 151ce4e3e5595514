"""The sync loop of one site: publish its own events, receive the others', survive the link.

`run` keeps going while the server is unreachable: it retries the connection with a growing
delay (capped), and at each connection both directions resume from what the stream and the
local side hold, so they catch up by themselves. The local side is never blocked by the
network: it records; sync picks its events up by polling.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable

import nats
from msgspec import Struct
from nats.aio.client import Client
from nats.errors import Error as NatsError
from nats.errors import TimeoutError as NatsTimeout

from runbook.clock import Clock, SystemClock
from sync import consumer, stream
from sync.link import Link
from sync.local import Local
from sync.publisher import Publisher
from sync.subjects import check_site, parse


class Options(Struct, frozen=True):
    poll_s: float = 0.02  # how often the local side is asked for new own events
    fetch_s: float = 0.5  # longest wait for a message before looking again
    batch: int = 256
    lag_every_s: float = 1.0
    backoff_first_s: float = 0.1
    backoff_max_s: float = 5.0
    timeout_s: float = 2.0  # connect and JetStream request timeout


class _LinkLost(Exception):
    pass


class _Resync(Exception):
    pass


async def _quiet(_error: Exception) -> None:
    """nats-py's error callback: the loop reports errors itself (in the link state)."""


async def _until(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


async def _publish_loop(nc: Client, publisher: Publisher, stop: asyncio.Event,
                        options: Options) -> None:
    while not stop.is_set():
        if not nc.is_connected:
            raise _LinkLost("disconnected")
        await publisher.publish_pending()
        await _until(stop, options.poll_s)


async def _receive_loop(nc: Client, sub: nats.js.JetStreamContext.PullSubscription, site: str,
                        local: Local, link: Link, stop: asyncio.Event, options: Options) -> None:
    while not stop.is_set():
        if not nc.is_connected:
            raise _LinkLost("disconnected")
        try:
            msgs = await sub.fetch(options.batch, timeout=options.fetch_s)
        except NatsTimeout:
            continue
        for msg in msgs:
            if not await consumer.handle(msg, site, local, link):
                raise _Resync()


async def _lag_loop(js: nats.js.JetStreamContext, site: str, local: Local, link: Link,
                    stop: asyncio.Event, options: Options) -> None:
    while not stop.is_set():
        counts = await consumer.subject_counts(js)
        heads = local.heads()
        lag: dict[str, int] = {}
        for name, count in counts.items():
            key = parse(name)
            if key is not None and key[1] != site:
                lag[key[1]] = lag.get(key[1], 0) + max(0, count - heads.get(key, (0, ""))[0])
        link.lag(lag)
        await _until(stop, options.lag_every_s)


async def _first_failure(*jobs: Awaitable[None]) -> None:
    tasks = [asyncio.ensure_future(job) for job in jobs]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            task.result()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def _session(nc: Client, local: Local, site: str, link: Link, stop: asyncio.Event,
                   resync: bool, options: Options) -> None:
    js = nc.jetstream(timeout=options.timeout_s)
    await stream.ensure(js)
    sub = await consumer.open_durable(js, site, local, resync)
    link.up()
    publisher = Publisher(js, local, site, link)
    await _first_failure(
        _publish_loop(nc, publisher, stop, options),
        _receive_loop(nc, sub, site, local, link, stop, options),
        _lag_loop(js, site, local, link, stop, options),
    )


async def run(local: Local, nats_url: str, site: str, creds: str | None = None, *,
              link: Link | None = None, stop: asyncio.Event | None = None,
              clock: Clock | None = None, options: Options | None = None) -> None:
    """Sync `local` as site `site` through the NATS server at `nats_url` until `stop` is set.
    Raises only what retrying cannot mend (a bad site name, a stream that allows deletes)."""
    check_site(site)
    options = options or Options()
    link = link or Link(clock or SystemClock())
    stop = stop or asyncio.Event()
    delay = options.backoff_first_s
    resync = False
    while not stop.is_set():
        try:
            # nats-py retries a refused first connection by itself, every
            # `reconnect_time_wait` and forever when max_reconnect_attempts is 0: two quick
            # tries, then NoServersError, so this loop's backoff and link state apply.
            nc = await nats.connect(
                nats_url, user_credentials=creds, allow_reconnect=False,
                connect_timeout=options.timeout_s, max_reconnect_attempts=1,
                reconnect_time_wait=0, error_cb=_quiet,
            )
        except (OSError, NatsError, TimeoutError) as error:
            link.down(str(error) or type(error).__name__)
            await _until(stop, delay)
            delay = min(delay * 2, options.backoff_max_s)
            continue
        try:
            await _session(nc, local, site, link, stop, resync, options)
            resync = False
        except _Resync:
            resync = True
            delay = options.backoff_first_s
        except (_LinkLost, OSError, NatsError, TimeoutError) as error:
            if link.view().up:  # it was working: retry soon, then back off again
                delay = options.backoff_first_s
            link.down(str(error) or type(error).__name__)
            await _until(stop, delay)
            delay = min(delay * 2, options.backoff_max_s)
        else:
            delay = options.backoff_first_s
        finally:
            with contextlib.suppress(Exception):
                await nc.close()
