"""Player figures (run by hand; prints them).

    python bench/bench_tui.py [--runs 21] [--keep DIR] [--only launch|timeline]

1. Launch to first frame: a bare Textual app showing one line, against `runbook open ID`
   on an incident of 1,000 events (the same path the command takes: import the CLI, load
   the playbooks, open the store, read and fold, draw). Each run is a fresh process,
   headless; the figure is the median wall time from spawn to the first frame with data,
   the two taken in turns. Our modules run from bytecode, as `pip install .` leaves them.
2. A 100,000-event incident: reading and folding it (the record's thread), opening its timeline,
   paging through it and jumping to either end.

The databases are built once into a temporary folder (or --keep DIR) with the store's own
encoding and hash chain, inserted in one transaction to save time.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench_fold import START
from bench_fold import build as synthetic  # this folder's: run as bench/bench_tui.py
from launching import CHILD_ENV, spawn_until_ready

from runbook.cli.entry import collect_less
from runbook.clock import Clock, FrozenClock, SystemClock
from runbook.events import Actor
from runbook.loader import load_library
from runbook.playbook import Library
from runbook.workspace import Workspace
from store import EventStore
from store.bulk import bulk_load

INCIDENT = "20261126-bench"

BARE = """
import sys, time
from textual.app import App
from textual.widgets import Static
class Bare(App[None]):
    def compose(self):
        yield Static("one line")
    def on_mount(self):
        self.call_after_refresh(self.done)
    def done(self):
        print("ready", flush=True)
        self.exit()
Bare().run(headless=True)
"""

RUNBOOK = """
from runbook.cli.entry import collect_less
collect_less()  # as the `runbook` command starts
import sys
from pathlib import Path
from runbook.cli.invocation import Given, Invocation
from tui.app import make_app
workspace = Invocation(given=Given(db_path=Path(sys.argv[1]), lang="en",
                                   by_name="bench")).workspace
def ready():
    print("ready", flush=True)
    app.exit()
app = make_app(workspace, incident_id=sys.argv[2], on_ready=ready)
app.run(headless=True)
"""


@functools.cache
def library() -> Library:
    return load_library()


def workspace(db: Path, clock: Clock | None = None) -> Workspace:
    """Where the player works, its playbooks read once (not in the time measured)."""
    return Workspace(db, "en", Actor("bench"), clock or SystemClock(), load_library=library)


def build(path: Path, n: int) -> Path:
    if path.exists():
        return path
    bulk_load(path, synthetic(n, INCIDENT))
    return path




def median(runs: list[float]) -> str:
    return f"median {statistics.median(runs) * 1000:7.0f} ms  (min {min(runs) * 1000:.0f}, " \
           f"max {max(runs) * 1000:.0f}, n={len(runs)})"


def launch(db: Path, runs: int) -> None:
    print("1. Launch to first frame (headless, fresh process each run, taken in turns)")
    bare_app = [sys.executable, "-c", BARE]
    runbook = [sys.executable, "-c", RUNBOOK, str(db), INCIDENT]
    spawn_until_ready(bare_app)  # a first run of each writes the bytecode and caches
    spawn_until_ready(runbook)
    bare, ours = [], []
    for _ in range(runs):  # in turns, so that the machine's moods fall on both alike
        bare.append(spawn_until_ready(bare_app))
        ours.append(spawn_until_ready(runbook))
    print(f"   bare Textual app, one line      {median(bare)}")
    print(f"   runbook open (1,000 events)     {median(ours)}")
    ratio = statistics.median(ours) / statistics.median(bare)
    paired = statistics.median(o / b for o, b in zip(ours, bare, strict=True))
    print(f"   ratio of the medians            {ratio:.2f}x")
    print(f"   median of the paired ratios     {paired:.2f}x  (each run beside the bare one "
          f"taken just before it)")
    phases(db)


async def in_process(db: Path) -> None:
    """App start to first frame in this process: imports and playbooks already loaded."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    from tui.app import make_app

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("one line")

    library()
    bare, ours = [], []
    for _ in range(5):
        t = time.perf_counter()
        app: App[object] = Bare()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
        bare.append(time.perf_counter() - t)
        done = asyncio.Event()
        t = time.perf_counter()
        runbook = make_app(workspace(db), incident_id=INCIDENT, on_ready=done.set)
        async with runbook.run_test(size=(80, 24)):
            await done.wait()
            ours.append(time.perf_counter() - t)
    print("   in process, start to first frame (imports and playbooks loaded):")
    print(f"     bare {median(bare)}")
    print(f"     ours {median(ours)}")


def phases(db: Path) -> None:
    """Where the launch time goes, as `runbook open` spends it, in one fresh process."""
    code = """
import sys, time
from runbook.cli.entry import collect_less
collect_less()
from pathlib import Path
t0 = time.perf_counter()
import runbook.cli.main, runbook.cli.open_cmd
from runbook.cli.invocation import Given, Invocation
t1 = time.perf_counter()
library = Invocation(given=Given(db_path=Path(sys.argv[1]))).workspace.library
t2 = time.perf_counter()
import textual.app
t3 = time.perf_counter()
import tui.app
t4 = time.perf_counter()
print(*(f"{(b - a) * 1000:.0f}" for a, b in ((t0, t1), (t1, t2), (t2, t3), (t3, t4))))
"""
    out = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True,
                         text=True, check=True, env=CHILD_ENV,
                         cwd=tempfile.gettempdir()).stdout.split()
    print(f"   of which, in one run: import the CLI {out[0]} ms, the playbooks (cached) "
          f"{out[1]} ms, import Textual {out[2]} ms, import the player {out[3]} ms")


async def big_timeline(db: Path) -> None:
    """The 100,000-event incident, opened at 80x24 (the timeline on a screen of its own)."""
    from textual.pilot import Pilot

    from tui.app import make_app
    from tui.screens.incident import IncidentScreen
    from tui.screens.timeline import TimelineScreen
    from tui.widgets.timeline import TimelineView

    drawn = asyncio.Event()
    app = make_app(workspace(db, FrozenClock(START + timedelta(days=2))), incident_id=INCIDENT,
                   on_ready=drawn.set)
    app.animation_level = "none"

    async def until(pilot: Pilot[object], check: object) -> None:
        while not check():  # type: ignore[operator]
            await pilot.pause(0.01)

    async def frame(pilot: Pilot[object]) -> None:
        """Until the screen has been drawn once more (Pilot's own waits would also wait
        for the record's thread to go idle)."""
        shown = asyncio.Event()
        app.call_after_refresh(shown.set)
        app.screen.refresh()
        await shown.wait()

    async def with_events(pilot: Pilot[object], view: TimelineView) -> None:
        """Until the screen has been drawn with every line's event (no placeholder left);
        call after a frame was drawn."""
        def in_place() -> bool:
            top = int(view.scroll_offset.y)
            end = min(top + view.size.height, view.line_count())
            return all(view.event_at(i) is not None for i in range(top, end))

        if in_place():
            return  # the frame just drawn has them
        while not in_place():
            await asyncio.sleep(0.002)
        await frame(pilot)

    print("2. Incident of 100,000 events (80x24)")
    start = time.perf_counter()
    async with app.run_test(size=(80, 24)) as pilot:
        while not isinstance(app.screen, IncidentScreen):
            await asyncio.sleep(0.005)
        incident = app.screen
        await frame(pilot)
        print(f"   open the incident: first frame (steps still being read)  "
              f"{(time.perf_counter() - start) * 1000:6.0f} ms")
        t = time.perf_counter()
        incident.action_timeline()  # `t`, at once, while the record's thread reads and folds
        while not isinstance(app.screen, TimelineScreen):
            await asyncio.sleep(0.005)
        await frame(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        view = screen.view
        await with_events(pilot, view)
        assert view.line_count() == 100_000, view.line_count()
        opened = time.perf_counter() - t
        print(f"   press t: the timeline's first frame with its events       "
              f"{opened * 1000:6.0f} ms")
        print(f"   ... from the start of the app                             "
              f"{(time.perf_counter() - start) * 1000:6.0f} ms")
        t = time.perf_counter()
        view.action_page_up()
        await frame(pilot)
        await with_events(pilot, view)
        print(f"   page up meanwhile, to its frame with its events           "
              f"{(time.perf_counter() - t) * 1000:6.0f} ms")
        await drawn.wait()
        print(f"   the steps, read and folded in the record's thread, shown at "
              f"{(time.perf_counter() - start) * 1000:4.0f} ms")
        moves = (("page up", view.action_page_up, 100), ("page down", view.action_page_down, 100),
                 ("line up", view.action_cursor_up, 200), ("Home", view.action_first, 1),
                 ("End", view.action_last, 1))
        print("   a key's work on the screens' thread: the move, then every line on screen "
              "drawn afresh")
        for name, move, times in moves:
            t = time.perf_counter()
            for _ in range(times):
                move()
                view._cache.clear()
                for y in range(view.size.height):
                    view.render_line(y)
            print(f"     {name:10} {(time.perf_counter() - t) / times * 1000:6.1f} ms")
        t = time.perf_counter()
        for _ in range(20):
            view.action_page_up()
            await frame(pilot)
            await with_events(pilot, view)
        print(f"   page up, to its frame with its events (20 pages)          "
              f"{(time.perf_counter() - t) / 20 * 1000:6.1f} ms")
        from tui.eventrows import Filter

        t = time.perf_counter()
        view.set_filter(Filter(group="tech"))
        while view.filtering:
            await asyncio.sleep(0.002)
        await frame(pilot)
        await with_events(pilot, view)
        print(f"   filter to one group ({view.line_count():,} shown)              "
              f"{(time.perf_counter() - t) * 1000:6.0f} ms")


def store_read(db: Path) -> None:
    from runbook.fold import fold

    t = time.perf_counter()
    with EventStore.open(db, create=False) as store:
        found = store.events(INCIDENT)
    read = time.perf_counter() - t
    t = time.perf_counter()
    fold(found)
    folded = time.perf_counter() - t
    print(f"   (of which the store's read {read * 1000:.0f} ms, fold {folded * 1000:.0f} ms)")


def main() -> None:
    collect_less()  # as the `runbook` command does, for the figures measured in this process
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--keep", type=Path, default=None)
    parser.add_argument("--only", choices=("launch", "timeline"), default=None)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-tui-"))
    folder.mkdir(parents=True, exist_ok=True)
    small = build(folder / "events-1k.db", 1_000)
    big = build(folder / "events-100k.db", 100_000)
    if args.only != "timeline":
        launch(small, args.runs)
        asyncio.run(in_process(small))
    if args.only != "launch":
        asyncio.run(big_timeline(big))
        store_read(big)


if __name__ == "__main__":
    main()
