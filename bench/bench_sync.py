"""Replication delay between two sites over loopback NATS JetStream (run by hand).

    python bench/bench_sync.py [--events N] [--catch-up N]

Starts a private `nats-server -js` (as the tests do), two in-memory sites, each with its own
sync loop (sync.runner.run) in a thread, and measures:
- the delay from an append on site A to its arrival on site B, one event at a time and at
  50 events/s (median, p95, p99);
- the catch-up time of N events recorded on A while the server was down;
The floor is a bare nats-py publish -> subscriber receive on the same server, measured in the
same run; delays are printed in ms and as ratios against that floor's median.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "sites"))

import nats
from msgspec import field
from natskit import NatsServer, SiteThread, wait_until

from sync.local import Accepted, Outcome
from sync.memory import MemoryLocal
from sync.runner import Options
from sync.wire import Wire


class TimedLocal(MemoryLocal):
    """Notes when each event arrives (perf_counter), without polling."""

    arrived: dict[str, float] = field(default_factory=dict)

    def receive(self, wire: Wire) -> Outcome:
        outcome = super().receive(wire)
        if isinstance(outcome, Accepted) and not outcome.duplicate:
            self.arrived[wire.hash] = time.perf_counter()
        return outcome


def timed_local(site: str) -> TimedLocal:
    return TimedLocal(site)


def floor_ms(url: str, rounds: int = 500) -> list[float]:
    async def main() -> list[float]:
        nc = await nats.connect(url)
        got: asyncio.Queue[float] = asyncio.Queue()

        async def on_msg(_msg: object) -> None:
            got.put_nowait(time.perf_counter())

        await nc.subscribe("floor", cb=on_msg)
        await nc.flush()
        delays = []
        for _ in range(rounds):
            start = time.perf_counter()
            await nc.publish("floor", b"x" * 300)
            delays.append((await got.get() - start) * 1000)
        await nc.close()
        return delays
    return asyncio.run(main())


def figures(name: str, delays: list[float], floor: float) -> None:
    delays = sorted(delays)
    median = statistics.median(delays)
    p95 = delays[int(0.95 * (len(delays) - 1))]
    p99 = delays[int(0.99 * (len(delays) - 1))]
    print(f"{name:<34} n={len(delays):<5} median {median:7.2f} ms ({median / floor:6.1f}x)  "
          f"p95 {p95:7.2f} ms ({p95 / floor:6.1f}x)  p99 {p99:7.2f} ms ({p99 / floor:6.1f}x)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--catch-up", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server = NatsServer(Path(folder) / "nats")
        server.start()
        try:
            floor = floor_ms(server.url)
            floor_median = statistics.median(floor)
            print(f"floor: bare nats-py publish -> receive, median {floor_median:.3f} ms")
            options = Options(backoff_max_s=0.5)  # the reconnection is not what is timed
            a, b = timed_local("hq"), timed_local("dc")
            ta = SiteThread(a, server.url, "hq", options).start()
            tb = SiteThread(b, server.url, "dc", options).start()
            try:
                one = []
                for n in range(args.events):
                    start = time.perf_counter()
                    wire = a.append("INC-1", {"n": n})
                    wait_until(lambda w=wire: w.hash in b.arrived, "arrival")
                    one.append((b.arrived[wire.hash] - start) * 1000)
                figures("one at a time", one, floor_median)
                sent: dict[str, float] = {}
                for n in range(args.events):
                    start = time.perf_counter()
                    sent[a.append("INC-2", {"n": n}).hash] = start
                    time.sleep(max(0.0, start + 0.02 - time.perf_counter()))
                wait_until(lambda: all(h in b.arrived for h in sent), "all arrived")
                figures("50 events/s", [(b.arrived[h] - t) * 1000 for h, t in sent.items()],
                        floor_median)
                server.stop()
                for n in range(args.catch_up):
                    a.append("INC-3", {"n": n})
                start = time.perf_counter()
                server.start()
                target = len(a.event_set())  # every event of A's arrives on B once
                wait_until(lambda: len(b.arrived) == target, "caught up", deadline_s=600)
                took = time.perf_counter() - start
                first = min(b.arrived[w.hash] for w in a.chains[("INC-3", "hq")]) - start
                print(f"catch-up of {args.catch_up} events after a partition: {took:.2f} s "
                      f"from the server's restart, the first after {first:.2f} s "
                      f"({(took - first) * 1000 / args.catch_up / floor_median:.1f}x the floor "
                      "per event after that)")
            finally:
                ta.stop()
                tb.stop()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
