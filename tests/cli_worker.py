"""A writer process for the CLI concurrency test: runs `runbook` actions in-process.

    python cli_worker.py DB INCIDENT WORKER COUNT STEP [STEP...]

Alternates `done` and `reopen` on its own steps, with a note every fifth action, and prints
the final state it expects of each of its steps as JSON.
"""

from __future__ import annotations

import json
import sys

from runbook.cli.main import cli


def run(args: list[str]) -> None:
    code = cli.main(args=args, prog_name="runbook", standalone_mode=False)
    if code not in (0, None):
        raise SystemExit(f"runbook {' '.join(args)} exited {code}")


def main() -> None:
    db, incident, worker, count, *steps = sys.argv[1:]
    expected = {s: "pending" for s in steps}
    who = ["--db", db, "--by", f"worker{worker}", "--lang", "en"]
    for i in range(int(count)):
        if i % 5 == 4:
            run(["note", incident, f"worker {worker} note {i}", *who])
            continue
        step = steps[i % len(steps)]
        verb = "reopen" if expected[step] == "done" else "done"
        run(["step", incident, step, verb, "--note", f"action {i}", *who])
        expected[step] = "pending" if verb == "reopen" else "done"
    print(json.dumps(expected))


if __name__ == "__main__":
    main()
