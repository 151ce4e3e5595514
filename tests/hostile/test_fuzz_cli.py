"""Generated command lines of every `runbook` command never crash, hang or leak controls.

Each invocation runs the installed console script in a subprocess, with standard input not
a terminal (for a few, closed), in a sandbox folder holding its own copy of a database the
fixture filled through the CLI (so most invocations reach the rules, the store and the
renderers) beside odd files and a forged record; half of those that write are followed by
a command that reads what they wrote. Each command line must end within the timeout with
exit 0, 1 or 2, no traceback, UTF-8 output (or in the encoding the invocation set) with no
character `runbook.safetext` would neutralise (a tab excepted), and a message whenever it
did not succeed.

The default run is small enough for the suite. The full run, and replaying one invocation:

    RUNBOOK_FUZZ_COUNT=3000 .venv/bin/pytest -q tests/hostile/test_fuzz_cli.py -s
    RUNBOOK_FUZZ_SEED=20261201 RUNBOOK_FUZZ_ONLY=1234 .venv/bin/pytest -q \\
        tests/hostile/test_fuzz_cli.py -s

(`RUNBOOK_FUZZ_JOBS` sets how many run at once; `RUNBOOK_FUZZ_REPORT=FILE` writes every
invocation's outcome there as JSON lines.) A failure names the seed, the index and the
command line, and keeps its sandbox.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fuzz_kit import SPECS, Invocation, World, generate, make_sandbox, make_template, null_device

from runbook import safetext
from runbook.cli.main import COMMANDS

RUNBOOK = Path(sys.executable).with_name("runbook")
SEED = int(os.environ.get("RUNBOOK_FUZZ_SEED", "20261201"))
COUNT = int(os.environ.get("RUNBOOK_FUZZ_COUNT", "150"))
ONLY = os.environ.get("RUNBOOK_FUZZ_ONLY")
JOBS = int(os.environ.get("RUNBOOK_FUZZ_JOBS", str(min(3, (os.cpu_count() or 2) + 1))))
TIMEOUT = 60  # seconds; a run takes well under one, even on a busy machine


def base_env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("RUNBOOK_") and k not in ("LANG", "LC_ALL", "LC_MESSAGES")}
    env["RUNBOOK_CACHE"] = str(cache)
    return env


def cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(RUNBOOK), *args], capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL, timeout=TIMEOUT)
    assert done.returncode == 0, f"runbook {' '.join(args)}: {done.stderr}"
    return done.stdout


def ago(minutes: int) -> str:
    return (datetime.now().astimezone() - timedelta(minutes=minutes)).isoformat(
        timespec="seconds")


HOSTILE_TITLE = "\x1b[2J\x1b[H\u202eknil\u202c [bold red]支付[/] \x9b31m"


def declare(env: dict[str, str], role: str) -> tuple[str, str, str]:
    """One incident of the fixture, declared and played through the CLI."""
    kinds = {"open": ("technical-fault", "II"), "hostile": ("data-leak", "I"),
             "stood_down": ("vendor-breach", "III"), "closed": ("business-interruption", "IV"),
             "reopened": ("technical-fault", "III"), "long": ("technical-fault", "IV")}
    type_id, level = kinds[role]
    title = {"hostile": HOSTILE_TITLE, "long": "长" * 3000}.get(role, f"{role} gateway")
    extra = ["--drill"] if role == "hostile" else []
    if role in ("open", "hostile"):
        extra += ["--reported-at", ago(20)]
    if role in ("closed", "reopened", "long"):  # so that backdated actions have room
        extra += ["--at", ago(4 * 24 * 60), "--at-reason", "declared from the ticket",
                  "--reported-at", ago(4 * 24 * 60 + 20)]
    found = cli(env, "start", "--type", type_id, "--level", level, "--title", title, *extra,
                "--by", "lin", "--group", "command").strip()
    act = [
        ["step", found, "report.verify", "done", "--note", "verified on site"],
        ["step", found, "comms.vendor-liaison", "start"],  # (the declaration did warn.*)
        ["note", found, "vendor says 30 minutes", "--for", "tech"],
    ]
    if role == "open":
        act += [["step", found, "report.regulator-decision", "done", "--decision", "report",
                 "--note", "class-1 risk"],
                ["report", found, "brief report sent", "--to", "regulator"],
                ["vendor", found, "called the vendor's duty manager"],
                ["handover", found, "night shift takes over", "--to", "王伟"],
                ["level", found, "I", "--reason", "outage over two hours"]]
    if role == "hostile":
        act += [["note", found, "\x1b]0;owned\x07 [link=file:///etc/passwd]x[/link] \u2066"],
                ["vendor", found, "\u202e" + "供应商" * 50, "--by", "\x1b[31m王[/]"],
                ["step", found, "dl.stop-transmission", "block", "--note", "a\rb\u2028c\x7f"]]
    if role in ("stood_down", "closed", "reopened"):
        act += [["stand-down", found, "--reason", "service restored"],
                ["evaluate", found, "the vendor's DNS failed", "--section", "cause"]]
    if role in ("closed", "reopened"):
        act += [["close", found, "--force", "--reason", "post-incident work elsewhere"]]
    if role == "reopened":
        act += [["reopen", found, "--reason", "the fault came back"]]
    if role == "long":
        act += [["note", found, "x" * 20_000]]
    for args in act:
        cli(env, *args, "--by", "lin", "--group", "tech")
    return role, found, type_id


@dataclass(frozen=True)
class Setting:
    world: World
    template: Path
    sandboxes: Path
    env: dict[str, str]


@pytest.fixture(scope="module")
def setting(tmp_path_factory: pytest.TempPathFactory) -> Setting:
    root = tmp_path_factory.mktemp("fuzz")
    env = base_env(root / "cache")
    env["RUNBOOK_DB"] = str(root / "world.db")
    roles = ("open", "hostile", "stood_down", "closed", "reopened", "long")
    with ThreadPoolExecutor(JOBS) as pool:
        made = list(pool.map(lambda role: declare(env, role), roles))
    listed = {row["id"]: row for row in json.loads(cli(env, "list", "--json"))}
    world = World.load(
        incidents={role: found for role, found, _ in made},
        types={found: type_id for _, found, type_id in made},
        levels={found: listed[found]["level"] for _, found, _ in made},
        heads={found: (listed[found]["head_hash"], listed[found]["events"])
               for _, found, _ in made},
        null_device=null_device())
    template = root / "template"
    make_template(template, root / "world.db")
    sandboxes = root / "runs"
    sandboxes.mkdir()
    del env["RUNBOOK_DB"]
    return Setting(world, template, sandboxes, env)


@dataclass(frozen=True)
class Run:
    """One command line's end: exit code (None: it hung), output, time taken."""

    code: int | None
    out: bytes
    err: bytes
    seconds: float

    def problems(self, encoding: str) -> list[str]:
        if self.code is None:
            return [f"hung (no exit within {TIMEOUT} s)"]
        found = []
        if self.code not in (0, 1, 2):
            found.append(f"exit {self.code}")
        for stream, data in (("stdout", self.out), ("stderr", self.err)):
            try:
                shown = data.decode(encoding)
            except UnicodeDecodeError as error:
                found.append(f"{stream} is not {encoding} at byte {error.start}: "
                             f"{data[max(0, error.start - 20):error.start + 20]!r}")
                continue
            if "Traceback (most recent call last)" in shown:
                found.append(f"a traceback on {stream}")
            # A tab is runbook's own (click's lists of choices); typed ones show as spaces.
            raw = [c for c in safetext.changes(shown, whole=True) if shown[c[0]] != "\t"]
            if raw:
                start, end, _ = raw[0]
                found.append(f"{stream} carries {len(raw)} raw control character(s), the "
                             f"first {shown[start:end]!r} in "
                             f"{shown[max(0, start - 30):end + 30]!r}")
        if self.code in (1, 2) and not (self.out + self.err).strip():
            found.append(f"exit {self.code} without a word saying why")
        return found


@dataclass(frozen=True)
class Outcome:
    invocation: Invocation
    sandbox: Path
    runs: tuple[Run, ...]  # the invocation's, then its follow-up's if it has one
    trace: str

    @property
    def code(self) -> int | None:
        return self.runs[0].code

    def problems(self) -> list[str]:
        return [f"{'then: ' if n else ''}{problem}" for n, run in enumerate(self.runs)
                for problem in run.problems(self.encoding)]

    @property
    def encoding(self) -> str:
        """What the output is written in: UTF-8 unless the invocation said otherwise (click
        writes UTF-8 to a stream that claims ASCII)."""
        chosen = self.invocation.env.get("PYTHONIOENCODING", "").split(":")[0] or "utf-8"
        return "utf-8" if codecs.lookup(chosen).name == "ascii" else chosen

    def describe(self) -> str:
        inv = self.invocation
        lines = [f"invocation {inv.index} of seed {inv.seed}: {'; '.join(self.problems())}",
                 f"  {inv.shell(self.sandbox)}",
                 f"  replay: RUNBOOK_FUZZ_SEED={inv.seed} RUNBOOK_FUZZ_ONLY={inv.index} "
                 f"pytest -s {Path(__file__).name}"]
        for run in self.runs:
            tail = run.err.decode("utf-8", "backslashreplace").strip().splitlines()[-3:]
            lines += [f"  stderr: {ascii(t)[1:-1][:300]}" for t in tail]
        if self.trace:
            lines += [f"  trace: {t}" for t in self.trace.strip().splitlines()[-6:]]
        return "\n".join(lines)


def run_one(argv: tuple[str, ...], sandbox: Path, env: dict[str, str],
            stdin_closed: bool = False) -> Run:
    command = [os.fsencode(RUNBOOK), *(os.fsencode(a) for a in argv)]
    if stdin_closed:  # through a shell: preexec_fn is not safe in a threaded test
        command = [b"/bin/sh", b"-c", b'exec "$0" "$@" <&-', *command]
    started = time.monotonic()
    try:
        done = subprocess.run(command, cwd=sandbox, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as expired:
        return Run(None, expired.stdout or b"", expired.stderr or b"",
                   time.monotonic() - started)
    return Run(done.returncode, done.stdout, done.stderr, time.monotonic() - started)


def execute(setting: Setting, invocation: Invocation) -> Outcome:
    sandbox = setting.sandboxes / str(invocation.index)
    make_sandbox(setting.template, sandbox)
    env = {**setting.env, "RUNBOOK_DB": str(sandbox / "r.db"),
           "RUNBOOK_TRACE_FILE": str(sandbox / "trace.txt"),
           "XDG_CONFIG_HOME": str(sandbox / "config"), "XDG_DATA_HOME": str(sandbox / "data"),
           "HOME": str(sandbox), **invocation.env}  # `~` too stays in the sandbox
    runs = [run_one(invocation.argv, sandbox, env, invocation.stdin_closed)]
    if invocation.then and runs[0].code is not None:
        runs.append(run_one(invocation.then, sandbox, env))
    trace_file = sandbox / "trace.txt"
    trace = trace_file.read_text("utf-8", "replace") if trace_file.exists() else ""
    outcome = Outcome(invocation, sandbox, tuple(runs), trace)
    if not outcome.problems():
        shutil.rmtree(sandbox, ignore_errors=True)
    return outcome


def indices() -> Iterator[int]:
    if ONLY is not None:
        yield from (int(i) for i in ONLY.split(","))
    else:
        yield from range(COUNT)


def summary(outcomes: list[Outcome], seconds: float) -> str:
    codes = Counter("hang" if o.code is None else str(o.code) for o in outcomes)
    per_command: dict[str, Counter[str]] = {}
    for o in outcomes:
        per_command.setdefault(o.invocation.command, Counter())[str(o.code)] += 1
    then = Counter("hang" if o.runs[1].code is None else str(o.runs[1].code)
                   for o in outcomes if len(o.runs) > 1)
    times = [r.seconds for o in outcomes for r in o.runs]
    lines = [f"fuzz: seed {SEED}, {len(outcomes)} invocations in {seconds:.1f} s "
             f"({JOBS} at once); exit codes {dict(sorted(codes.items()))}; "
             f"{sum(then.values())} follow-up reads, exit codes {dict(sorted(then.items()))}; "
             f"per command line median {statistics.median(times):.2f} s, slowest "
             f"{max(times):.2f} s"]
    lines += [f"  {name:<12} {dict(sorted(c.items()))}" for name, c in sorted(per_command.items())]
    return "\n".join(lines)


def report(outcomes: list[Outcome]) -> None:
    path = os.environ.get("RUNBOOK_FUZZ_REPORT")
    if not path:
        return
    with open(path, "w", encoding="utf-8") as stream:
        for o in outcomes:
            stream.write(json.dumps({
                "index": o.invocation.index, "command": o.invocation.command,
                "argv": [ascii(a) for a in o.invocation.argv], "env": dict(o.invocation.env),
                "then": [ascii(a) for a in o.invocation.then],
                "codes": [r.code for r in o.runs], "code": o.code,
                "seconds": [round(r.seconds, 3) for r in o.runs], "problems": o.problems(),
                "err": [r.err.decode("utf-8", "backslashreplace")[-2000:] for r in o.runs],
                "trace": o.trace[-4000:]}, ensure_ascii=True) + "\n")


def test_generated_invocations_end_cleanly(setting: Setting) -> None:
    started = time.monotonic()
    with ThreadPoolExecutor(JOBS) as pool:
        outcomes = list(pool.map(
            lambda i: execute(setting, generate(SEED, i, setting.world)), indices()))
    print("\n" + summary(outcomes, time.monotonic() - started))
    report(outcomes)
    failed = [o for o in outcomes if o.problems()]
    assert not failed, (f"{len(failed)} of {len(outcomes)} invocations failed (seed {SEED}):\n"
                        + "\n".join(o.describe() for o in failed[:25]))
    if ONLY is None:
        # Most invocations must get past the usage checks, or the run tests nothing deep.
        succeeded = sum(o.code == 0 for o in outcomes)
        assert succeeded >= len(outcomes) // 5, summary(outcomes, 0)


def test_the_generator_covers_every_command(setting: Setting) -> None:
    assert set(SPECS) == set(COMMANDS)
    made = Counter(generate(SEED, i, setting.world).command for i in range(max(COUNT, 200)))
    assert set(COMMANDS) <= set(made), f"never generated: {set(COMMANDS) - set(made)}"
