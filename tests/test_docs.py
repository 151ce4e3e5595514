"""The README says what the code does, and the code does nothing the README leaves out.

In the style of sqlite-utils' tests/test_docs.py: the README is parsed (markdown-it, the
parser rich uses) and compared with the code, both ways:

- "## Commands": every `runbook X` of the command block is a command, every command is in
  the block, and each command's options, choices and arguments are the block's (options
  every command shares are named in the prose instead);
- "## The player": every key of the key table is a key of that screen's table in
  tui/keys.py, and every key the footer or the help shows is in the table (the keys of
  every screen in the sentence above it);
- "### JSON output (stable)": the fields listed for list, status, timeline, review and
  playbooks are the fields those commands print on a prepared database, at every depth.

`--help` in both languages for every command is checked in test_cli_contract.py.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import click
import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from runbook.chain import chained
from runbook.cli.main import COMMANDS, cli, main
from runbook.events import Actor, Event
from store.bulk import bulk_load
from tui.keys import (
    ACTION_LIST_KEYS,
    APP_KEYS,
    FACT_LIST_KEYS,
    HOME_KEYS,
    INCIDENT_KEYS,
    LIST_KEYS,
    SEARCH_KEYS,
    TIMELINE_KEYS,
    TIMELINE_SCREEN_KEYS,
    Key,
    shown_key,
)

README = Path(__file__).resolve().parent.parent / "README.md"


# --- reading the README --------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    title: str
    tokens: list[Token]

    def inline(self) -> Iterator[Token]:
        return (t for t in self.tokens if t.type == "inline")

    def code_spans(self) -> Iterator[str]:
        for token in self.inline():
            for child in token.children or []:
                if child.type == "code_inline":
                    yield child.content


def section(title: str) -> Section:
    """The tokens under the heading `title`, up to the next heading of its level or above."""
    tokens = MarkdownIt("commonmark").enable("table").parse(README.read_text(encoding="utf-8"))
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and tokens[i + 1].content == title:
            level = int(token.tag[1])
            end = next((j for j in range(i + 3, len(tokens))
                        if tokens[j].type == "heading_open" and int(tokens[j].tag[1]) <= level),
                       len(tokens))
            return Section(title, tokens[i + 3:end])
    raise AssertionError(f"README.md has no heading {title!r}")


def load_commands() -> dict[str, click.Command]:
    for module in set(COMMANDS.values()):
        importlib.import_module(f"runbook.cli.{module}")
    return dict(cli.commands)


# --- the command block -----------------------------------------------------------------------


@dataclass
class Usage:
    """One `runbook X ...` of the command block."""

    name: str
    arguments: list[str] = field(default_factory=list)  # ID, TEXT, a|b|c ...
    options: dict[str, str | None] = field(default_factory=dict)  # --to: its value, if any


def usages() -> dict[str, Usage]:
    block = next(t for t in section("Commands").tokens if t.type == "fence")
    found: dict[str, Usage] = {}
    for line in block.content.splitlines():
        code = re.split(r"\s#\s", line)[0].strip()
        for part in re.split(r"\s/\s(?=runbook\b)", code):
            words = part.split()
            assert words[0] == "runbook", line
            if len(words) == 1 or words[1].startswith(("[", "-")):
                continue  # `runbook` alone or with options: the player, the default command
            usage = Usage(words[1])
            rest = [w.strip("[]") for w in words[2:]]
            i = 0
            while i < len(rest):
                word = rest[i]
                if word.startswith("-"):
                    takes = (not words[2 + i].endswith("]") and i + 1 < len(rest)
                             and not rest[i + 1].startswith("-"))
                    usage.options[word] = rest[i + 1] if takes else None
                    i += 2 if takes else 1
                else:
                    usage.arguments.append(word)
                    i += 1
            assert usage.name not in found, f"{usage.name} is listed twice"
            found[usage.name] = usage
    return found


def shared_options() -> set[str]:
    """Options the prose names for every command (who acts, when, which database, language:
    the paragraph above the block; the settings file: "Playbooks and settings")."""
    commands = section("Commands")
    above = commands.tokens[:next(i for i, t in enumerate(commands.tokens) if t.type == "fence")]
    spans = [*Section("", above).code_spans(), *section("Playbooks and settings").code_spans()]
    return {option for span in spans for option in re.findall(r"(?<!\w)--[a-z][a-z-]*", span)}


# How the block names each argument of the code.
ARGUMENTS = {"ID": "incident_id", "TEXT": "text", "STEP": "step_id", "LEVEL": "level",
             "PATH...": "paths", "NAME": "name", "VALUE": "value", "FILE": "file",
             "DIR": "folder"}


def test_every_command_listed_exists_and_every_command_is_listed() -> None:
    listed, code = set(usages()), set(load_commands())
    assert listed == code, (f"not in the README: {sorted(code - listed)}; "
                            f"not a command: {sorted(listed - code)}")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_takes_what_the_block_says(name: str) -> None:
    usage = usages()[name]
    command = load_commands()[name]
    options = {o: p for p in command.params if isinstance(p, click.Option) for o in p.opts}
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    for option, value in usage.options.items():
        assert option in options, f"runbook {name} has no {option}"
        param = options[option]
        assert (value is None) == param.is_flag, f"{option}: {value!r}"
        if value is not None and "|" in value:
            assert isinstance(param.type, click.Choice), option
            assert value.split("|") == list(param.type.choices), option
    listed = {options[o].name for o in usage.options}
    shared = shared_options()
    for param in options.values():
        if param.name not in listed and param.name != "help":
            assert set(param.opts) & shared, (
                f"runbook {name} {param.opts[-1]} is neither in its line nor in the prose")
    assert len(usage.arguments) == len(arguments), (usage.arguments, arguments)
    for word, param in zip(usage.arguments, arguments, strict=True):
        if "|" in word or word.islower():  # choices; a word in lower case is the only one
            assert isinstance(param.type, click.Choice), word
            assert word.split("|") == list(param.type.choices), word
        else:
            assert ARGUMENTS.get(word) == param.name, (word, param.name)


def test_every_command_takes_lang_as_the_prose_says() -> None:
    assert "`--lang zh|en` on every command" in README.read_text(encoding="utf-8")
    for name, command in load_commands().items():
        lang = next((p for p in command.params if "--lang" in getattr(p, "opts", ())), None)
        assert lang is not None and isinstance(lang.type, click.Choice), name
        assert sorted(lang.type.choices) == ["en", "zh"], name


# --- the key table ---------------------------------------------------------------------------

# The rows of the table, and the tables of tui/keys.py whose keys each row lists.
KEY_ROWS: dict[str, tuple[Key, ...]] = {
    "home": HOME_KEYS,
    "a step": tuple(k for k in INCIDENT_KEYS if k.id.startswith("step.")),
    "the incident": tuple(k for k in INCIDENT_KEYS if not k.id.startswith("step.")),
    "the timeline": TIMELINE_KEYS + TIMELINE_SCREEN_KEYS + LIST_KEYS,
    "searching": SEARCH_KEYS,
    "the facts (`f`)": FACT_LIST_KEYS,
    "action items (`A`)": ACTION_LIST_KEYS,
}
# How the README writes keys that are not in backticks.
WORDS = {"Enter": ["Enter"], "Esc": ["Esc"], "arrows": ["↑", "↓"], "PgUp/PgDn": ["PgUp", "PgDn"],
         "Home/End": ["Home", "End"], "Ctrl+P": ["Ctrl+P"], "Ctrl+Q": ["Ctrl+Q"]}


def keys_written(children: list[Token]) -> list[str]:
    """The keys some text names, as the help prints them: `n` declare · Enter open · arrows."""
    keys: list[str] = []
    for child in children:
        if child.type == "code_inline":
            keys.append(child.content)
        elif child.type == "text":
            for word in re.split(r"[\s,·:]+", child.content):
                keys += WORDS.get(word, [])
    return keys


def key_table() -> dict[str, list[str]]:
    tokens = section("The player").tokens
    start = next(i for i, t in enumerate(tokens) if t.type == "tbody_open")
    rows: dict[str, list[str]] = {}
    cells: list[Token] = []
    for token in tokens[start:]:
        if token.type == "tbody_close":
            break
        if token.type == "inline":
            cells.append(token)
        if token.type == "tr_close":
            where, keys = cells
            rows[where.content] = keys_written(keys.children or [])
            cells = []
    return rows


def shown(keys: tuple[Key, ...]) -> list[str]:
    return [part for k in keys for part in shown_key(k).split(" / ")]


def test_the_key_table_has_the_rows_of_the_screens() -> None:
    assert list(key_table()) == list(KEY_ROWS)


@pytest.mark.parametrize("where", list(KEY_ROWS))
def test_each_row_lists_exactly_the_keys_of_its_screen(where: str) -> None:
    written = key_table()[where]
    assert len(written) == len(set(written)), f"{where}: a key listed twice"
    assert_same_keys(written, shown(KEY_ROWS[where]), where)


def assert_same_keys(written: list[str], code: list[str], where: str) -> None:
    missing, unknown = sorted(set(code) - set(written)), sorted(set(written) - set(code))
    assert not missing and not unknown, (
        f"{where}: keys of the code the README does not list: {missing}; "
        f"keys the README lists that the code does not have: {unknown}")


def test_the_keys_of_every_screen_are_in_the_sentence_above_the_table() -> None:
    paragraph = next(t for t in section("The player").inline() if "Keys (" in t.content)
    children = paragraph.children or []
    start = next(i for i, c in enumerate(children) if "Keys (" in c.content)
    end = next(i for i, c in enumerate(children) if i > start and ")" in c.content)
    first, last = children[start].copy(), children[end].copy()
    first.content = first.content.split("Keys (", 1)[1]
    last.content = last.content.split(")", 1)[0]
    assert_same_keys(keys_written([first, *children[start + 1:end], last]), shown(APP_KEYS),
                     "every screen")


# --- the JSON fields -------------------------------------------------------------------------


@dataclass
class Shape:
    """An object as the README writes it: `{"id", "by": {"name", "group"}, "steps": [...]}`.

    A field maps to its own shape, a list of one (`[...]`: the next shape of the paragraph),
    a reference (`<as in list>`), or None (its value is not described further). `open`:
    the README lists some keys, then `...` (keys that are data, like levels)."""

    fields: dict[str, Any] = field(default_factory=dict)
    open: bool = False
    extra: set[str] = field(default_factory=set)  # named in the prose around, not the braces


@dataclass(frozen=True)
class ListOf:
    item: Any


@dataclass(frozen=True)
class Ref:
    command: str


ELIDED = "..."


class ShapeReader:
    """A small recursive-descent reader of that notation: prose between a field and the next
    comma (`"proposed_level": null or a level`) is its description, and skipped."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0

    def peek(self) -> str:
        self.skip_space()
        return self.text[self.i] if self.i < len(self.text) else ""

    def skip_space(self) -> None:
        while self.i < len(self.text) and self.text[self.i].isspace():
            self.i += 1

    def expect(self, char: str) -> None:
        assert self.peek() == char, f"expected {char!r} at {self.text[self.i:self.i + 30]!r}"
        self.i += 1

    def string(self) -> str:
        self.expect('"')
        end = self.text.index('"', self.i)
        value = self.text[self.i:end]
        self.i = end + 1
        return value

    def shape(self) -> Shape:
        self.expect("{")
        shape = Shape()
        previous: Any = None
        while self.peek() != "}":
            if self.text.startswith("...", self.i):
                self.i += 3
                shape.open = True
            else:
                name = self.string()
                node: Any = None
                if self.peek() == "(":  # `"next_due" (repeating steps)`
                    self.i = self.text.index(")", self.i) + 1
                if self.peek() == ":":
                    self.i += 1
                    node = self.value()
                    if node == ELIDED:  # `"drills": {...}`: as the field before it
                        node = previous
                shape.fields[name] = node
                previous = node
            if self.peek() == ",":
                self.i += 1
        self.expect("}")
        return shape

    def value(self) -> Any:
        char = self.peek()
        if char == "{":
            if self.text.startswith("{...}", self.i):
                self.i += 5
                return ELIDED
            return self.shape()
        if char == "[":
            self.i += 1
            item: Any = ELIDED
            if self.peek() == "{":
                item = self.shape()
            else:
                self.i = self.text.index("]", self.i)
            self.expect("]")
            return ListOf(item)
        if char == "<":
            end = self.text.index(">", self.i)
            words = self.text[self.i + 1:end].split()
            self.i = end + 1
            assert words[:2] == ["as", "in"], words
            return Ref(words[2])
        depth = 0  # prose or literals: up to the next comma or brace of this level
        while self.i < len(self.text):
            char = self.text[self.i]
            if char == '"':
                self.i = self.text.index('"', self.i + 1)
            elif char in "[(":
                depth += 1
            elif char in "])":
                depth -= 1
            elif char in ",}" and depth == 0:
                return None
            self.i += 1
        return None


def documented() -> dict[str, Shape]:
    """Each command's shape, from its paragraph: the first `{...}` is the output (or each
    entry of it), later ones fill its `[...]` in order, and `"name": {...}` spans in the
    prose add fields."""
    shapes: dict[str, Shape] = {}
    for token in section("JSON output (stable)").inline():
        spans = [c.content for c in token.children or [] if c.type == "code_inline"]
        if not spans or not re.match(r"runbook \w+ .*--json$", spans[0]):
            continue
        name = spans[0].split()[1]
        found = [ShapeReader(s).shape() for s in spans[1:] if s.startswith("{")]
        top, fillers = found[0], found[1:]
        for key, node in top.fields.items():
            if isinstance(node, ListOf) and node.item == ELIDED and fillers:
                top.fields[key] = ListOf(fillers.pop(0))
        assert not fillers, f"{name}: a shape that fills nothing"
        for span in spans[1:]:
            if re.match(r'^"\w+": ', span):
                member = ShapeReader("{" + span + "}").shape()
                for key, node in member.fields.items():
                    if key not in top.fields:
                        top.extra.add(key)
                        top.fields[key] = node
        shapes[name] = top
    return shapes


def differences(node: Any, values: list[Any], path: str, shapes: dict[str, Shape],
                referenced: bool = False) -> Iterator[str]:
    """What differs between the README's `node` and the values the command printed there
    (every non-null value at that place, across list entries)."""
    if isinstance(node, Ref):
        yield from differences(shapes[node.command], values, path, shapes, referenced=True)
    elif isinstance(node, ListOf):
        if any(not isinstance(v, list) for v in values):
            yield f"{path}: not a list"
            return
        items = [item for v in values for item in v]
        if node.item != ELIDED:
            yield from differences(node.item, items, path + "[]", shapes, referenced)
    elif isinstance(node, Shape):
        objects = [v for v in values if isinstance(v, dict)]
        if len(objects) != len(values):
            yield f"{path}: not an object"
            return
        if not objects:
            yield f"{path}: the prepared database printed nothing here to compare"
            return
        keys = {k for o in objects for k in o}
        listed = set(node.fields) - (node.extra if referenced else set())
        if node.open:
            if listed - keys:
                yield f"{path}: README lists {sorted(listed - keys)}, not printed"
            first = next(iter(node.fields.values()))
            inner = [o[k] for o in objects for k in o if o[k] is not None]
            if first is not None:
                yield from differences(first, inner, path + ".*", shapes, referenced)
            return
        if listed - keys:
            yield f"{path}: README lists {sorted(listed - keys)}, not printed"
        if keys - listed:
            yield f"{path}: printed {sorted(keys - listed)}, not in the README"
        for key, inner in node.fields.items():
            if inner is not None and key in listed:
                present = [o[key] for o in objects if o.get(key) is not None]
                yield from differences(inner, present, f"{path}.{key}", shapes, referenced)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding an incident whose record cannot be interpreted (a level V, as an
    older version may have written); `outputs` adds a real incident and a drill."""
    db = tmp_path_factory.mktemp("docs") / "runbook.db"
    now = datetime.now(UTC) - timedelta(hours=1)
    unreadable = Event("20000101-bad", "incident_declared", Actor("lin", "office"), now, now,
                       {"type": "technical-fault", "level": "V", "title": "x", "drill": False})
    bulk_load(db, chained([unreadable]))
    return db


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    out, err = capsys.readouterr()
    assert exited.value.code in (0, None), err
    return out


def outputs(db: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """What each command with --json prints, after a real incident (a step done, a decision,
    a block, a note for a group) and a drill are recorded with the commands themselves."""
    common = ("--db", str(db), "--by", "lin", "--group", "office", "--lang", "en")
    incidents = []
    # The real one first reported 3 h ago: its outage proposes a higher level.
    reported = (datetime.now().astimezone() - timedelta(hours=3)).isoformat(timespec="seconds")
    for extra in (("--reported-at", reported), ("--drill",)):
        incidents.append(run(capsys, "start", "--type", "technical-fault", "--level", "II",
                             "--title", "gateway down", *extra, *common).strip())
    real = incidents[0]
    for args in (("step", real, "report.verify", "done"),
                 ("step", real, "report.regulator-decision", "done", "--decision", "no-report",
                  "--note", "below the Large threshold"),
                 ("step", real, "resp.l2.tech-locate", "block", "--note", "no vendor access"),
                 ("note", real, "bridge call", "--for", "tech"),
                 ("action", real, "add a health alarm", "--owner", "wang", "--due",
                  "2099-01-31")):
        run(capsys, *args, *common)
    read = ("--db", str(db), "--lang", "en")
    return {
        "list": json.loads(run(capsys, "list", "--json", *read)),
        "status": json.loads(run(capsys, "status", real, "--json", *read)),
        "timeline": json.loads(run(capsys, "timeline", real, "--json", *read)),
        "review": json.loads(run(capsys, "review", "--json", *read)),
        "playbooks": json.loads(run(capsys, "playbooks", "--json", "--lang", "en")),
    }


def test_the_json_paragraphs_describe_the_commands_with_json() -> None:
    with_json = {name for name, command in load_commands().items()
                 if any("--json" in getattr(p, "opts", ()) for p in command.params)}
    assert set(documented()) == with_json


def test_every_json_field_is_documented_and_every_documented_field_printed(
        prepared: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shapes = documented()
    printed = outputs(prepared, capsys)
    found = []
    for name, value in printed.items():
        node: Any = shapes[name]
        if isinstance(value, list):
            node = ListOf(node)
        found += list(differences(node, [value], name, shapes))
    assert not found, "\n".join(found)
