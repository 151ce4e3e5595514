"""Launch to first frame of two installs of runbook, taken in turns with a bare Textual app:
how a change moved the launch, measured in one run (machines vary by a quarter from hour to
hour, so figures from different runs do not compare).

Each side is `PYTHON|BENCH_TUI|DB`: the interpreter of a (non-editable) install, the
`bench/bench_tui.py` of that version (its launch script is taken from it, since the way to
start the player changed between versions) and a database of 1,000 events that version
built (`bench_tui.build`). For example, the code before a change in a worktree:

    git worktree add --detach /tmp/before REV
    python3 -m venv /tmp/before-venv && /tmp/before-venv/bin/pip install /tmp/before
    /tmp/before-venv/bin/python -c "import sys; sys.path.insert(0, '/tmp/before/bench'); \\
        import bench_tui as b; from pathlib import Path; b.build(Path('/tmp/a.db'), 1000)"
    python bench/bench_launch_compare.py \\
        "/tmp/before-venv/bin/python|/tmp/before/bench/bench_tui.py|/tmp/a.db" \\
        ".venv-installed/bin/python|bench/bench_tui.py|/tmp/b.db" --runs 21
"""

from __future__ import annotations

import argparse
import re
import statistics
from pathlib import Path

from launching import spawn_until_ready  # this folder's: run as bench/bench_launch_compare.py


def script(bench_tui: str, name: str) -> str:
    found = re.search(name + r' = """(.*?)"""', Path(bench_tui).read_text(encoding="utf-8"),
                      re.S)
    if found is None:
        raise SystemExit(f"{bench_tui} has no {name} script")
    return found.group(1)




def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("a", help="PYTHON|BENCH_TUI|DB of the first install")
    parser.add_argument("b", help="PYTHON|BENCH_TUI|DB of the second install")
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    (pa, ba, da), (pb, bb, db) = args.a.split("|"), args.b.split("|")
    incident = re.search(r'INCIDENT = "(.*?)"', Path(bb).read_text(encoding="utf-8"))
    assert incident is not None
    launch_a, launch_b = script(ba, "RUNBOOK"), script(bb, "RUNBOOK")
    bare = script(bb, "BARE")
    for _ in range(2):  # bytecode and caches written
        spawn_until_ready([pa, "-c", launch_a, da, incident.group(1)])
        spawn_until_ready([pb, "-c", launch_b, db, incident.group(1)])
        spawn_until_ready([pb, "-c", bare])
    bare_runs, a_runs, b_runs = [], [], []
    for _ in range(args.runs):
        bare_runs.append(spawn_until_ready([pb, "-c", bare]))
        a_runs.append(spawn_until_ready([pa, "-c", launch_a, da, incident.group(1)]))
        b_runs.append(spawn_until_ready([pb, "-c", launch_b, db, incident.group(1)]))
    med = statistics.median
    floor = med(bare_runs)
    print(f"bare Textual app   median {floor * 1000:5.0f} ms")
    print(f"A                  median {med(a_runs) * 1000:5.0f} ms   {med(a_runs) / floor:.2f}x")
    print(f"B                  median {med(b_runs) * 1000:5.0f} ms   {med(b_runs) / floor:.2f}x")
    paired = med(b / a for a, b in zip(a_runs, b_runs, strict=True))
    print(f"B / A, median of the paired runs  {paired:.3f}")


if __name__ == "__main__":
    main()
