"""Generated `runbook` command lines for the CLI fuzz test (`test_fuzz_cli.py`).

Invocation `index` of seed `seed` depends on nothing else (its own `random.Random`), so one
failing invocation replays alone. Most arguments are valid, so that many invocations get
past click into the rules, the store and the renderers; each has a fair chance of being
hostile (control and bidirectional characters, markup brackets, very long or empty text,
bytes that are not UTF-8, Chinese; NUL, which no argument can carry, in the files and the
forged record), odd (times in the year 26 or 9999, typos, unknown ids)
or misplaced (missing, extra, unknown or repeated arguments).

Paths are relative to the sandbox folder each invocation runs in (`make_sandbox`): a copy
of the fixture's database and a set of odd files beside it. Nothing outside the sandbox is
ever written: `/dev/null` appears only where runbook reads it or writes into it.
"""

from __future__ import annotations

import contextlib
import os
import random
import shlex
import shutil
import sqlite3
import stat
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from runbook.chain import chained
from runbook.events import Actor, Event
from runbook.loader import load_library
from runbook.playbook import Library
from runbook.vocabulary import EVALUATION_SECTIONS, GROUP_IDS, LEVEL_IDS
from runbook.vocabulary import RECIPIENT_IDS as REPORT_RECIPIENTS
from store.bulk import bulk_load

# --- hostile text ------------------------------------------------------------------------

NOT_UTF8 = b"caf\xe9 \xff\xfe".decode("utf-8", "surrogateescape")  # as Python gets such bytes
HOSTILE: tuple[str, ...] = (
    "\x1b[2J\x1b[H erased",                       # clear the screen
    "\x1b]0;owned title\x07",                     # set the window title (OSC)
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",  # a hyperlink (OSC 8)
    "\x1b[31mred\x1b[0m",
    "\x9b31m C1 CSI \x9d OSC \x85 NEL",
    "\u202egnp.exe\u202c",                         # right-to-left override
    "\u2066isolate\u2069 \u200fmark\u200e \u061c",
    "line\u2028separator\u2029paragraph",
    "[bold red]markup[/]", "[link=file:///etc/passwd]x[/link]", "[/]", "[", "]", "\\[x]",
    "[red", "[[]]", "[@click=app.quit]q[/]",
    "{", "}", "{0}", "{en}", "{incident}", "%s %d %n", "$(id)", "`id`",
    "'; DROP TABLE events; --", "\"quoted\"", "back\\slash",
    "", " ", "\t", "\n", "\r\n", "a\rb", "\n\n\n", "tab\there", "\x7f", "\x08\x08\x08",
    "-", "--", "-x", "--note", "--db", "-o",
    "e\u0301\u0301\u0301", "\u200b", "\ufeff", "\u00a0", "🔥💳", "\U0001f3f3\ufe0f\u200d\U0001f308",
    "事件：支付网关中断，影响交易", "技术支持组已联系供应商，预计 30 分钟恢复。", "紧急",
    "ＡＢＣ１２３", "Ⅱ", "〇",
    NOT_UTF8, "\udcff", "ok" + "\udce9",
    "../../etc/passwd", "/dev/zero", "C:\\Windows",
    "0", "-1", "1e309", "NaN", "None", "null", "true",
)


def long_text(rng: random.Random) -> str:
    unit = rng.choice(["a", "长", "\x1b[2J", "[b]", "\u202e", "ab cd ", "🔥", "\n"])
    limit = 100_000 // len(unit.encode("utf-8"))  # one argument is at most 128 KiB
    return unit * rng.choice([300, 5_000, limit])


def hostile_text(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.1:
        return long_text(rng)
    if roll < 0.4:  # hostile inside ordinary text
        return f"{rng.choice(PLAIN)} {rng.choice(HOSTILE)} {rng.choice(PLAIN)}"
    return rng.choice(HOSTILE)


PLAIN = ("gateway down", "vendor API timeouts since 03:10", "支付网关中断", "verified",
         "called the vendor", "王伟", "Lin", "shift over to night team", "backlog cleared")


def text(rng: random.Random) -> str:
    return rng.choice(PLAIN) if rng.random() < 0.6 else hostile_text(rng)


# --- the world the invocations act on ----------------------------------------------------

@dataclass(frozen=True)
class World:
    """What the fixture's database holds, so that generated arguments reach deep code."""

    incidents: Mapping[str, str]        # role (open, closed, …) -> incident id
    types: Mapping[str, str]            # incident id -> type
    levels: Mapping[str, str]           # incident id -> level at declaration
    heads: Mapping[str, tuple[str, int]]  # incident id -> (head hash, events) when made
    null_device: str                    # a null device runbook may open for writing
    library: Library = field(repr=False)

    @staticmethod
    def load(incidents: Mapping[str, str], types: Mapping[str, str],
             levels: Mapping[str, str], heads: Mapping[str, tuple[str, int]],
             null_device: str) -> World:
        return World(incidents, types, levels, heads, null_device, load_library())


@dataclass(frozen=True)
class Invocation:
    seed: int
    index: int
    argv: tuple[str, ...]
    env: Mapping[str, str]
    then: tuple[str, ...] = ()  # a command that reads what `argv` wrote, in the same sandbox
    stdin_closed: bool = False  # no standard input at all (`<&-`), not just no terminal

    @property
    def command(self) -> str:
        """The command the invocation means (for the figures), or what stands first."""
        for arg in self.argv:
            if arg in COMMAND_NAMES:
                return arg
        return "(none)" if not self.argv or self.argv[0].startswith("-") else "(unknown)"

    def shell(self, sandbox: Path | None = None) -> str:
        """A readable shell line (text over 200 characters abbreviated); the seed and
        index replay it exactly."""
        env = " ".join(f"{k}={_quote(v)}" for k, v in sorted(self.env.items()))
        env = f"{env} " if env else ""
        line = env + " ".join(["runbook", *(_quote(a) for a in self.argv)])
        if self.stdin_closed:
            line += " <&-"
        if self.then:
            line += f"; {env}" + " ".join(["runbook", *(_quote(a) for a in self.then)])
        where = f"cd {shlex.quote(str(sandbox))} && " if sandbox else ""
        return where + line


def _quote(arg: str) -> str:
    if len(arg) > 200:
        return f"<{len(arg)} characters: {_quote(arg[:40])}…>"
    if arg.isprintable() and _utf8(arg):
        return shlex.quote(arg)
    raw = arg.encode("utf-8", "surrogateescape")
    body = "".join(chr(b) if 0x20 <= b < 0x7f and chr(b) not in "'\\" else f"\\x{b:02x}"
                   for b in raw)
    return f"$'{body}'"


def _utf8(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- sandbox -----------------------------------------------------------------------------

ODD_FILES = {
    "empty.db": b"",
    "notdb.txt": b"this is not a database\n",
    "garbage.db": bytes(random.Random(7).randrange(256) for _ in range(4096)),
    "existing.md": b"# an earlier summary\n",
    "settings-ok.yaml": b"format: 1\nparameters:\n  office_verify_high: 20m\n",
    "settings-unknown.yaml": b"format: 1\nparameters:\n  verfy: 15m\n",
    "settings-kind.yaml": b"format: 1\nparameters:\n  drills_per_year: 2h\n",
    "settings-broken.yaml": b"format: 1\nparameters: [\n  - {\n",
    "settings-nul.yaml": b"format: 1\x00\nparameters: {}\n",
    "settings-latin1.yaml": b"format: 1\nparameters:\n  office_verify_high: caf\xe9\n",
    "settings-empty.yaml": b"",
    "settings-bomb.yaml": b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a]\n"
                          b"c: &c [*b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c]\n",
    "playbook-broken.yaml": b"type: x\nsteps:\n  - id: [\n",
    "hostile-\x1b[2J.yaml": b"format: 1\n",
}


# --- a record written past the rules ------------------------------------------------------
# What a damaged or forged file, or an older version, can hold: hostile ids, steps and
# options, values of the wrong type or out of the time window, kinds no version wrote,
# events in an order the rules forbid. Correctly hash-chained, so only their content is odd.

FORGED_START = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
WHO = Actor("\x1b[31mforger\u202e", "office")
DECLARED = {"type": "technical-fault", "level": "II", "title": "forged", "drill": False}


def _event(incident: str, kind: str, minutes: float, **payload: Any) -> Event:
    at = FORGED_START + timedelta(minutes=minutes)
    return Event(incident, kind, WHO, at, at, payload)


def _declared(incident: str, **extra: Any) -> Event:
    return _event(incident, "incident_declared", 0, **{**DECLARED, **extra})


HOSTILE_ID = "\x1b[2J\u202eforged[/]"
FORGED: dict[str, list[Event]] = {
    HOSTILE_ID: [
        _declared(HOSTILE_ID, title="\x1b]0;owned\x07[bold]t[/]", reported_at=None),
        _event(HOSTILE_ID, "note", 1, text="\x9b2J\u2066x\u2069 NUL\x00 DEL\x7f"),
        _event(HOSTILE_ID, "decision_taken", 2, step="report.regulator-decision",
               option="\x1b[2Jnope", rationale="\u202er"),
        _event(HOSTILE_ID, "step_done", 3, step="\x1b[1Anot-a-step"),
        _event(HOSTILE_ID, "level_changed", 4, level="I", reason="[red]worse[/]"),
        _event(HOSTILE_ID, "report_sent", 5, to="regulator", text="sent\r\x1b[2K"),
        _event(HOSTILE_ID, "evaluation_recorded", 6, section="nowhere", text="x")],
    "typo-26": [_declared("typo-26", reported_at="26-12-01T03:15:00.000000Z",
                          reported_offset=0)],
    "far-future": [_declared("far-future", reported_at="9999-12-31T23:59:59.000000Z",
                             reported_offset=0)],
    "bad-offset": [_declared("bad-offset", reported_at="2026-11-26T02:00:00.000000Z",
                             reported_offset=99_999)],
    "bad-level": [_declared("bad-level"), _event("bad-level", "level_changed", 5, level=5)],
    "no-step": [_declared("no-step"), _event("no-step", "step_done", 2)],
    "to-number": [_declared("to-number"), _event("to-number", "report_sent", 3, to=7)],
    "title-list": [_declared("title-list", title=["a"])],
    "unknown-kind": [_declared("unknown-kind"), _event("unknown-kind", "teleported", 4)],
    "no-declaration": [_event("no-declaration", "note", 1, text="first")],
    "stray-type": [_declared("stray-type", type="\x1b[2Jno-such-type")],
    "twice": [_declared("twice"), _declared("twice", level="I")],
    "odd-order": [_declared("odd-order"), _event("odd-order", "incident_closed", 1),
                  _event("odd-order", "stand_down", 2), _event("odd-order", "step_done", -60,
                                                                step="report.verify"),
                  _event("odd-order", "incident_reopened", 3, reason=""),
                  _event("odd-order", "incident_reopened", 4, reason="again")],
    "wrong-types": [_declared("wrong-types", drill="yes"),
                    _event("wrong-types", "note", 1, text=10**30),
                    _event("wrong-types", "note", 2, text=None, group=["tech"]),
                    _event("wrong-types", "step_started", 3, step=["report.verify"]),
                    _event("wrong-types", "shift_handed_over", 4, to={"a": 1}, text=1.5)],
    "huge": [_declared("huge", title="长" * 20_000),
             *(_event("huge", "note", i / 10, text=f"note {i} " + "x" * 2_000)
               for i in range(1, 400))],
}


def write_forged(path: Path) -> None:
    events: list[Event] = []
    for chain in FORGED.values():
        events += chained(chain)
    bulk_load(path, events)


def make_template(folder: Path, database: Path) -> None:
    """The files every sandbox starts from (copied by `make_sandbox`)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(database, folder / "r.db")
    write_forged(folder / "forged.db")
    (folder / "truncated.db").write_bytes(database.read_bytes()[:8192])  # cut after 2 pages
    other = sqlite3.connect(folder / "other.sqlite")  # another program's database
    with other:
        other.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    other.close()
    for name, content in ODD_FILES.items():
        (folder / name).write_bytes(content)
    (folder / "folder").mkdir(exist_ok=True)
    (folder / "folder" / "inner.md").write_bytes(b"inner\n")


def make_sandbox(template: Path, folder: Path) -> None:
    """A private copy of the template, plus what copying cannot make (a FIFO, a device)."""
    shutil.copytree(template, folder)
    os.mkfifo(folder / "fifo")
    os.symlink("loop", folder / "loop")  # a symlink to itself
    with contextlib.suppress(PermissionError):  # only root makes devices: see null_device
        os.mknod(folder / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))


def null_device() -> str:
    """`/dev/null` if opening it cannot make files in /dev; else the sandbox's own."""
    return "null" if os.geteuid() == 0 else "/dev/null"


# --- values ------------------------------------------------------------------------------

Gen = Callable[[random.Random, "Context"], str]


@dataclass
class Context:
    """What one invocation is about, so that its arguments fit each other."""

    world: World
    now: datetime
    incident: str | None = None
    clean: bool = False  # every value valid but the texts: the invocation goes deep
    forged: bool = False  # on forged.db, the record written past the rules

    @property
    def type(self) -> str | None:
        return self.world.types.get(self.incident or "")


def incident_id(rng: random.Random, ctx: Context) -> str:
    ids = list(FORGED) if ctx.forged else list(ctx.world.incidents.values())
    roll = rng.random()
    if roll < 0.75 or ctx.clean:
        chosen = rng.choice(ids)
        ctx.incident = chosen
        return chosen
    some = rng.choice(ids)
    return rng.choice([
        some[:8], some[:-1], some + "0", some.upper(), f" {some}", f"{some}\n",
        "20000101-0000", "99991231-ffff", "%", "_", "*", "20261201-%", "-1", "",
        some.replace("-", "—"), hostile_text(rng)])


def step_id(rng: random.Random, ctx: Context) -> str:
    book = ctx.world.library.playbook(ctx.type or "technical-fault")
    assert book is not None
    steps = [s.id for s in book.steps]
    level = ctx.world.levels.get(ctx.incident or "")
    roll = rng.random()
    if roll < 0.3:  # a decision step, so that --decision gets tried
        return rng.choice([s.id for s in book.steps if s.decision] or steps)
    if roll < 0.6 and level:  # one that applies at the incident's level
        return rng.choice([s.id for s in book.steps if s.applies_at(level)] or steps)
    if roll < 0.8 or ctx.clean:
        return rng.choice(steps)
    return rng.choice(["report.verifyx", "report.", "REPORT.VERIFY", "report verify",
                       "warn", "", "dl.assess-data", "vb.negotiate", hostile_text(rng)])


def fact_name(rng: random.Random, ctx: Context) -> str:
    facts = sorted({f.id for b in ctx.world.library.playbooks.values() for f in b.facts})
    if rng.random() < 0.75 or ctx.clean:
        return rng.choice(facts)
    return rng.choice(["", "outage", "PEOPLE-AFFECTED", "records_affected", hostile_text(rng)])


def fact_value(rng: random.Random, ctx: Context) -> str:
    return rng.choice(["20", "1,200,000", "-3", "1e9", "yes", "no", "maybe", "",
                       "2026-03-14T01:10", "0026-12-01T03:15", "9999-12-31T23:59",
                       "1234.50 CNY", "12 USDX", text(rng)])


def correct_field(rng: random.Random, ctx: Context) -> str:
    return rng.choice(["td", "type", "drill", "title"] if rng.random() < 0.8 or ctx.clean
                      else ["TD", "level", "", hostile_text(rng)])


def correct_value(rng: random.Random, ctx: Context) -> str:
    return rng.choice(["true", "false", "yes", "data-leak", "technical-fault", "no-such-type",
                       "2026-03-14T01:10", "9999-12-31T23:59", "", text(rng)])


def stage(rng: random.Random, ctx: Context) -> str:
    return rng.choice(["brief", "full", "progress", "final"] if rng.random() < 0.8 or ctx.clean
                      else ["", "Brief", "interim", hostile_text(rng)])


def decision(rng: random.Random, ctx: Context) -> str:
    options = [o.id for b in ctx.world.library.playbooks.values() for s in b.steps
               if s.decision for o in s.decision.options]
    if rng.random() < 0.75 or ctx.clean:
        return rng.choice(options)
    return rng.choice(["", "yes", "REPORT", "report ", hostile_text(rng)])


def pick(valid: Sequence[str], invalid: Sequence[str], p_valid: float = 0.9) -> Gen:
    def gen(rng: random.Random, ctx: Context) -> str:
        if rng.random() < p_valid or ctx.clean:
            return rng.choice(list(valid))
        return hostile_text(rng) if rng.random() < 0.3 else rng.choice(list(invalid))
    return gen


level = pick(LEVEL_IDS, ["V", "i", "ii", "1", "0", "II ", "", "Ⅱ", "I,II", "I II", "-I"])
group = pick(GROUP_IDS, ["Tech", "TECH", "technical", "指挥", "", "all", "tech,ops"])
verb = pick(["start", "done", "skip", "block", "reopen"],
            ["finish", "DONE", "Done", "st", "", "undo", "skip "])
recipient = pick(REPORT_RECIPIENTS, ["Regulator", "pboc", "人民银行", "", "head,regulator"])
section = pick(EVALUATION_SECTIONS, ["Cause", "causes", "", "4.6.2", "summary", "签字"])
fmt = pick(["md", "html", "json"], ["pdf", "MD", "", "markdown", "htm", "json "])
draft_fmt = pick(["md", "text", "html"], ["json", "txt", "", "TEXT", "html "])
checklist_fmt = pick(["html", "md"], ["pdf", "json", "", "HTML", "md "])
draft_kind = pick(["brief", "full", "progress", "final", "cac", "pipl-notice",
                   "customer-notice"], ["", "Brief", "pipl", "notice", "memo "])
lang = pick(["zh", "en"], ["fr", "ZH", "", "zh_CN", "english", "中文"], 0.9)
incident_type = pick(["technical-fault", "data-leak", "vendor-breach", "business-interruption"],
                     ["technical_fault", "Technical-Fault", "fault", "", "plan", "shared",
                      "../technical-fault", "settings"])


def name(rng: random.Random, ctx: Context) -> str:
    return rng.choice(["王伟", "lin", "Zhang San", "night-shift"]) if rng.random() < 0.7 \
        else hostile_text(rng)


def time(rng: random.Random, ctx: Context) -> str:
    now = ctx.now.astimezone()
    roll = rng.random()
    if roll < 0.6 or ctx.clean:
        moment = now - rng.choice([timedelta(seconds=20), timedelta(minutes=30),
                                   timedelta(hours=5), timedelta(days=3),
                                   timedelta(days=400), timedelta(minutes=-3),
                                   timedelta(minutes=-10), timedelta(days=-1)])
        return rng.choice([
            moment.isoformat(timespec="seconds"), moment.isoformat(),
            moment.strftime("%Y-%m-%dT%H:%M"), moment.strftime("%Y-%m-%d %H:%M:%S"),
            moment.astimezone().strftime("%Y-%m-%dT%H:%M:%S%z"),
            moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            moment.strftime("%Y-%m-%d"), moment.strftime("%Y%m%dT%H%M%S"),
            moment.strftime("%Y-%m-%dT%H:%M:%S+14:00"), moment.strftime("%Y-%m-%dT%H:%M-12:00"),
        ])
    if roll < 0.9:
        return rng.choice([
            "0026-11-26T03:15", "0026-11-26", "0001-01-01T00:00", "9999-12-31T23:59:59",
            "9999-12-31T23:59:59.999999+14:00", "1970-01-01T00:00Z", "1970-01-01T00:00:00+00:00",
            "1999-12-31T23:59:59", "2000-01-01T00:00", "2000-01-01T00:00+14:00",
            "2026-13-01T00:00", "2026-02-30T00:00", "2026-11-26T25:00", "2026-11-26T03:60",
            "2026-1-1", "2026/11/26 03:15", "26-11-2026", "2026-11-26T03:15+24:00",
            "2026-11-26T03:15+08", "2026-11-26T03:15 UTC", "2026-11-26T03:15CST",
            "2026-11-26T03:15:00.123456789", "2026-W48-1", "2026-W48-1T03:15", "2026-335",
            "２０２６-１１-２６T03:15", "2026-11-26T03:15:00+05:30:45", "T03:15", "03:15",
            "yesterday", "now", "", " ", "T", "-", "2026-11-26T", "2026-11-26T03:15\n",
            "20261126", "2026112603", "+002026-11-26", "-2026-11-26",
        ])
    return hostile_text(rng)


def day(rng: random.Random, ctx: Context) -> str:
    today = ctx.now.date()
    if rng.random() < 0.4 or ctx.clean:
        return rng.choice([today, today - timedelta(days=30), today - timedelta(days=800),
                           today + timedelta(days=1)]).isoformat()
    return rng.choice([
        "2026-01-01", "0026-01-01", "0001-01-01", "9999-12-31", "1970-01-01", "1999-12-31",
        "2000-01-01", "2026-02-30", "2026-13-01", "2026-1-1", "20260101", "2026-W01",
        "2026-W01-1", "2026", "2026-01", "2026-01-01T00:00", "2026/01/01", "yesterday", "",
        hostile_text(rng)])


def db_path(rng: random.Random, ctx: Context) -> str:
    if rng.random() < 0.75 or ctx.clean:
        return "r.db"
    return rng.choice(["missing.db", "missing/r.db", "folder", "notdb.txt", "empty.db",
                       "garbage.db", ctx.world.null_device, "existing.md", "./r.db", "loop",
                       "truncated.db", "other.sqlite", "forged.db", "fifo",
                       "x" * 300, "x" * 300 + "/r.db",
                       "folder/", "", ".", "r.db/x", hostile_text(rng)[:50] or "x"])


def settings_path(rng: random.Random, ctx: Context) -> str:
    if ctx.clean:
        return "settings-ok.yaml"
    return rng.choice(["settings-ok.yaml", "settings-ok.yaml", "settings-unknown.yaml",
                       "settings-kind.yaml", "settings-broken.yaml", "settings-nul.yaml",
                       "settings-latin1.yaml", "settings-empty.yaml", "settings-bomb.yaml",
                       "missing.yaml", "folder", "fifo", "/dev/null", "/dev/zero", "r.db",
                       "loop", "x" * 300 + ".yaml",
                       "hostile-\x1b[2J.yaml", "", hostile_text(rng)[:50] or "x"])


def output_path(rng: random.Random, ctx: Context) -> str:
    if ctx.clean:
        return rng.choice(["out.md", "existing.md", "/dev/null", ctx.world.null_device])
    return rng.choice(["out.md", "out.html", "out.json", "existing.md", "folder",
                       "folder/", "missing/out.md", "/dev/null", ctx.world.null_device,
                       "fifo", ".", "", "out\x1b[2J.md", "输出.md", "folder/inner.md",
                       "r.db", "a" * 300, "a" * 300 + "/out.md", "loop",
                       hostile_text(rng)[:50] or "x"])


def validate_path(rng: random.Random, ctx: Context) -> str:
    shipped = Path(__file__).resolve().parents[2] / "playbooks"
    return rng.choice([str(shipped), str(shipped / "technical-fault.yaml"),
                       str(shipped / "settings.yaml"), str(shipped / "shared"), ".",
                       "folder", "playbook-broken.yaml", "settings-broken.yaml",
                       "settings-nul.yaml", "settings-latin1.yaml", "settings-bomb.yaml",
                       "missing.yaml", "fifo", "/dev/null", "/dev/zero", "notdb.txt", "loop",
                       "x" * 300, "x" * 300 + "/p.yaml",
                       "r.db", "hostile-\x1b[2J.yaml", "", hostile_text(rng)[:50] or "x"])


def playbooks_path(rng: random.Random, ctx: Context) -> str:
    shipped = Path(__file__).resolve().parents[2] / "playbooks"
    institution = Path(__file__).resolve().parents[1] / "fixtures" / "institution"
    if ctx.clean:
        return rng.choice([str(shipped), str(institution)])
    return rng.choice([str(shipped), str(institution), "folder", "missing", "existing.md",
                       "fifo", "/dev/null", "loop", "", ".", "x" * 300,
                       hostile_text(rng)[:50] or "x"])


def init_path(rng: random.Random, ctx: Context) -> str:
    return rng.choice([f"new-{rng.randrange(10**6)}", "folder", "existing.md", "fifo", "",
                       ".", "/dev/null", "loop", "x" * 300, "missing/deeper/new",
                       hostile_text(rng)[:50] or "x"])


def head(rng: random.Random, ctx: Context) -> str:
    known = ctx.world.heads.get(ctx.incident or "")
    if known and rng.random() < 0.6:
        return known[0]
    return rng.choice(["0" * 64, "abc", "", "g" * 64, "ABC" * 21 + "A", hostile_text(rng)])


def count(rng: random.Random, ctx: Context) -> str:
    known = ctx.world.heads.get(ctx.incident or "")
    if known and rng.random() < 0.6:
        return str(known[1])
    return rng.choice(["0", "-1", "1", "999999", str(10**30), "1e3", "one", "", "٣", "３"])


# --- commands ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Spec:
    positionals: tuple[Gen, ...] = ()
    required: tuple[tuple[str, Gen], ...] = ()
    options: tuple[tuple[str, Gen | None], ...] = ()  # None: a flag
    many: Gen | None = None                          # a variadic positional


def _text(rng: random.Random, ctx: Context) -> str:
    return text(rng)


def bad_server(rng: random.Random, ctx: Context) -> str:
    return rng.choice(["", "hub:4222", "http://hub:4222", "nats://", "nats://:4222",
                       "nats://hub:0", "nats://hub:99999", "nats://hub :4222",
                       "nats://\x1b[2J:4222", "nats://[::1:4222", text(rng)])


def site_name(rng: random.Random, ctx: Context) -> str:
    return rng.choice(["dc1", "dr-sh", "DC 1", "\x1b[2Jx", "x" * 40, ""])


def action_target(rng: random.Random, ctx: Context) -> str:
    """An action item's text, or the number of one (to resolve it)."""
    if rng.random() < 0.5:
        return text(rng)
    return rng.choice(["1", "2", "0", "999999", str(10**30), "٣", "３", "-1", " 1"])


def action_verb(rng: random.Random, ctx: Context) -> str:
    return rng.choice(["done", "drop"]) if rng.random() < 0.8 or ctx.clean \
        else rng.choice(["Done", "dropped", "", hostile_text(rng)])


def role(rng: random.Random, ctx: Context) -> str:
    return rng.choice(["prepared", "reviewed", "approved"]) if rng.random() < 0.8 or ctx.clean \
        else rng.choice(["approve", "", hostile_text(rng)])


def cacao_word(rng: random.Random, ctx: Context) -> str:
    return "cacao" if rng.random() < 0.8 or ctx.clean \
        else rng.choice(["CACAO", "stix", "", hostile_text(rng)])


def keys_word(rng: random.Random, ctx: Context) -> str:
    return rng.choice(["show", "export"]) if rng.random() < 0.8 or ctx.clean \
        else rng.choice(["SHOW", "list", "", hostile_text(rng)])


ACTOR: tuple[tuple[str, Gen | None], ...] = (("--by", name), ("--group", group))
AT: tuple[tuple[str, Gen | None], ...] = (("--at", time), ("--at-reason", _text))
DB: tuple[tuple[str, Gen | None], ...] = (("--db", db_path),)
SETTINGS: tuple[tuple[str, Gen | None], ...] = (("--settings", settings_path),)
LANG: tuple[tuple[str, Gen | None], ...] = (("--lang", lang),)
PLAYBOOKS: tuple[tuple[str, Gen | None], ...] = (("--playbooks", playbooks_path),)
JSON: tuple[tuple[str, Gen | None], ...] = (("--json", None),)
WRITE = (*ACTOR, *AT, *DB, *SETTINGS, *LANG)

SPECS: dict[str, Spec] = {
    "open": Spec((incident_id,), (), (("--group", group), ("--by", name), *DB, *SETTINGS,
                                      *LANG)),
    "validate": Spec((), (), (*SETTINGS, *PLAYBOOKS, *LANG), many=validate_path),
    "playbooks": Spec((), (), (*JSON, ("--export", cacao_word), ("--type", incident_type),
                               ("-o", output_path), ("--diff", incident_id), *DB,
                               *SETTINGS, *PLAYBOOKS, *LANG)),
    "import": Spec((cacao_word, validate_path, output_path), (), (*SETTINGS, *LANG)),
    "init": Spec((init_path,), (), LANG),
    "start": Spec((), (("--type", incident_type), ("--level", level)),
                  (("--title", _text), ("--drill", None), ("--reported-at", time), *WRITE)),
    "level": Spec((incident_id, level), (("--reason", _text),), WRITE),
    "step": Spec((incident_id, step_id, verb), (),
                 (("--note", _text), ("--decision", decision), *WRITE)),
    "note": Spec((incident_id, _text), (), (("--for", group), *WRITE)),
    "report": Spec((incident_id, _text), (("--to", recipient),), (("--stage", stage), *WRITE)),
    "vendor": Spec((incident_id, _text), (), WRITE),
    "handover": Spec((incident_id, _text), (("--to", name),), WRITE),
    "stand-down": Spec((incident_id,), (("--reason", _text),), (("--withdraw", None), *WRITE)),
    "close": Spec((incident_id,), (), (("--force", None), ("--reason", _text), *WRITE)),
    "fact": Spec((incident_id, fact_name, fact_value), (), (("--note", _text), *WRITE)),
    "correct": Spec((incident_id, correct_field, correct_value), (("--reason", _text),),
                    (*ACTOR, *DB, *SETTINGS, *LANG)),
    "reopen": Spec((incident_id,), (("--reason", _text),), WRITE),
    "switch-version": Spec((incident_id,), (("--reason", _text),), WRITE),
    "resolve": Spec((incident_id,), (("--reason", _text),),
                    (("--level", level), ("--step", step_id), ("--decision", decision),
                     *WRITE)),
    "evaluate": Spec((incident_id, _text), (("--section", section),), WRITE),
    "action": Spec((incident_id, action_target, action_verb), (),
                   (("--owner", name), ("--due", day), ("--note", _text), *WRITE)),
    "signoff": Spec((incident_id, role), (), WRITE),
    "list": Spec((), (), (*JSON, *DB, *LANG)),
    "status": Spec((incident_id,), (), (*JSON, *DB, *SETTINGS, *LANG)),
    "timeline": Spec((incident_id,), (), (*JSON, *DB, *LANG)),
    "verify": Spec((incident_id,), (), (("--head", head), ("--count", count),
                                        ("--signers", validate_path), *DB, *PLAYBOOKS, *LANG)),
    "keys": Spec((keys_word,), (), (*PLAYBOOKS, *LANG)),
    # sync runs until stopped, retrying an unreachable server: only addresses that are no
    # address (refused at once) are fuzzed; the loopback tests run it for real.
    "sync": Spec((), (("--nats", bad_server),), (("--site", site_name), ("--creds",
                                                                         validate_path),
                                                 *DB, *LANG)),
    "sites": Spec((), (), (*JSON, *DB, *LANG)),
    "export": Spec((incident_id,), (), (("--format", fmt), ("-o", output_path),
                                        ("--output", output_path), *DB, *SETTINGS, *LANG)),
    "draft": Spec((incident_id,), (("--kind", draft_kind),),
                  (("--format", draft_fmt), ("-o", output_path), ("--replace", None), *DB,
                   *SETTINGS, *LANG)),
    "review": Spec((), (), (("--since", day), *JSON, *DB, *SETTINGS, *LANG)),
    "checklist": Spec((), (("--type", incident_type), ("--level", level)),
                      (("--group", group), ("--format", checklist_fmt), ("-o", output_path),
                       ("--replace", None), *SETTINGS, *LANG)),
}
COMMAND_NAMES = frozenset(SPECS)
OPTIONAL_POSITIONAL = {"open", "verify"}
OPTIONAL_LAST = {"action"}  # `action ID TEXT` records an item; `action ID N done` resolves it


def _command(rng: random.Random, ctx: Context, name: str) -> list[str]:
    spec = SPECS[name]
    ctx.forged = any(flag == "--db" for flag, _ in spec.options) and rng.random() < 0.15
    positionals = [g(rng, ctx) for g in spec.positionals]
    if name in OPTIONAL_POSITIONAL and rng.random() < 0.3:
        positionals = []
    if name in OPTIONAL_LAST and rng.random() < 0.5:
        positionals = positionals[:-1]
    if spec.many is not None:
        positionals = [spec.many(rng, ctx) for _ in range(rng.choice([0, 1, 1, 2, 3]))]
    options: list[list[str]] = []
    for flag, gen in spec.required:
        options.append(_option(rng, ctx, flag, gen))
    for flag, gen in spec.options:
        if rng.random() < (0.5 if flag in ("--db", "--lang") else 0.3):
            options.append(_option(rng, ctx, flag, gen))
    # The time an action happened, when given, mostly comes with its reason.
    flags = {o[0].split("=", 1)[0] for o in options}
    if "--at" in flags and "--at-reason" not in flags and (ctx.clean or rng.random() < 0.7):
        options.append(["--at-reason", text(rng)])
    roll = 1.0 if ctx.clean else rng.random()
    if roll < 0.05 and positionals:
        positionals.pop(rng.randrange(len(positionals)))                 # one missing
    elif roll < 0.09 and options:
        options.pop(rng.randrange(len(options)))                         # a required one, maybe
    elif roll < 0.13:
        positionals.append(text(rng))                                    # one too many
    elif roll < 0.17:
        options.append([rng.choice(["--nope", "--jsn", "-x", "--DB", "--lang-", "--at-",
                                    "--reason", "--to", "--format"]), text(rng)])
    elif roll < 0.2 and options:
        options.append(list(rng.choice(options)))                        # given twice
    elif roll < 0.22:
        options.append([rng.choice(["-h", "--help"])])
    if ctx.forged:
        options = [o for o in options if o[0].split("=", 1)[0] != "--db"]
        options.append(["--db", "forged.db"])
    rng.shuffle(options)
    tail: list[str] = []
    if rng.random() < 0.02 and not ctx.clean:
        flag, gen = rng.choice(spec.required + spec.options or (("--lang", lang),))
        tail = [flag]                                                    # its value missing
    words = [a for o in options for a in o]
    if rng.random() < 0.3:
        argv = [name, *positionals, *words]
    elif rng.random() < 0.5:
        argv = [name, *words, *positionals]
    else:
        argv = [name, *words, "--", *positionals]
    return argv + tail


def _option(rng: random.Random, ctx: Context, flag: str, gen: Gen | None) -> list[str]:
    if gen is None:
        return [flag] if rng.random() < 0.95 else [f"{flag}=yes"]
    value = gen(rng, ctx)
    if flag.startswith("--") and rng.random() < 0.2:
        return [f"{flag}={value}"]
    return [flag, value]


ENV_CHOICES: dict[str, tuple[str, ...]] = {
    "RUNBOOK_LANG": ("zh", "en", "fr", ""),
    "RUNBOOK_USER": ("值班员", "lin", "\x1b[2Jroot", "[bold]x[/]", NOT_UTF8, ""),
    "RUNBOOK_GROUP": ("tech", "office", "nobody", ""),
    "RUNBOOK_SITE": ("dc1", "dr-sh", "DC 1", "\x1b[2Jx", "x" * 40, NOT_UTF8, ""),
    "RUNBOOK_SETTINGS": ("settings-ok.yaml", "settings-broken.yaml", "missing.yaml", "fifo"),
    "RUNBOOK_DB": ("missing.db", "notdb.txt", "folder", "", "loop", "x" * 300, "~/r.db"),
    "RUNBOOK_CACHE": ("off", "", "new/deeper", "notdb.txt", "folder", "loop", "/dev/null",
                      "x" * 300, "fifo"),
    "LANG": ("C", "zh_CN.UTF-8", "en_US.UTF-8", "POSIX", ""),
    "COLUMNS": ("20", "1", "0", "-5", "abc", "400"),
    "PYTHONIOENCODING": ("ascii", "gbk", "latin-1", "utf-8:strict"),
    "LC_ALL": ("C", "POSIX", "zh_CN.GBK", "C.UTF-8"),
    "TERM": ("dumb", "xterm-256color", ""),
}


def generate(seed: int, index: int, world: World, now: datetime | None = None) -> Invocation:
    """Invocation `index` of the run with `seed`: the same arguments every time (times
    given relative to now excepted)."""
    rng = random.Random(f"runbook-fuzz/{seed}/{index}")
    ctx = Context(world, now or datetime.now().astimezone(), clean=rng.random() < 0.3)
    roll = rng.random()
    if roll < 0.03:
        argv = rng.choice([[], ["--lang", "zh"], ["--db", db_path(rng, ctx)], ["-h"],
                           ["--help"], ["--version"], ["--json"]])
    elif roll < 0.06:
        argv = [rng.choice(["lst", "STATUS", "stand_down", "standdown", "", "help",
                            "状态", hostile_text(rng)]), *([text(rng)] if rng.random() < .5
                                                           else [])]
    else:
        argv = _command(rng, ctx, rng.choice(sorted(SPECS)))
    then: list[str] = []
    if argv and argv[0] in WRITERS and rng.random() < 0.5:
        then = _reader(rng, ctx)
    env = {"RUNBOOK_LANG": rng.choice(["zh", "en"])}
    if rng.random() < 0.15:
        for _ in range(rng.choice([1, 1, 2])):
            key = rng.choice(sorted(ENV_CHOICES))
            env[key] = rng.choice(ENV_CHOICES[key])
    return Invocation(seed, index, tuple(argv), env, tuple(then), rng.random() < 0.04)


WRITERS = frozenset({"start", "level", "step", "note", "report", "vendor", "handover",
                     "stand-down", "close", "reopen", "evaluate", "action", "signoff",
                     "switch-version", "resolve"})


def _reader(rng: random.Random, ctx: Context) -> list[str]:
    """A command that shows what a write left, on its incident (or on all of them)."""
    about = ctx.incident or rng.choice(list(ctx.world.incidents.values()))
    reader = rng.choice([
        ["status", about], ["status", about, "--json"], ["timeline", about],
        ["timeline", about, "--json"], ["export", about], ["export", about, "--format", "html"],
        ["export", about, "--format", "json"], ["list"], ["list", "--json"], ["review"],
        ["review", "--json"], ["verify"], ["verify", about]])
    return [*reader, "--db", "forged.db" if ctx.forged else "r.db"]
