"""Whatever bytes a playbook file holds, the validator answers with placed problems, never a crash.

Every example is read with read_yaml (which may only raise ProblemList) and validated as the
type file of a small playbook folder (validate() may raise nothing). Every problem must stand
at line >= 1, column >= 1 and say what is wrong in both languages.
Deterministic: derandomize=True, so a failure here fails the same way every run.
"""

from __future__ import annotations

import copy
import functools
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runbook.loader import validate
from runbook.problems import Problem, ProblemList
from runbook.yamlread import read_yaml

FAST = settings(max_examples=200, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
SOME = settings(FAST, max_examples=120)
FEW = settings(FAST, max_examples=60)
MINI = Path(__file__).parent / "fixtures" / "mini"

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
PRINTABLE = st.characters(exclude_categories=("Cc", "Cs"))
TEXT_CHARS = st.one_of(PRINTABLE, st.sampled_from("\t\n\r :-[]{}&*!|>'\"%@`#,?"))


# --- the checks -------------------------------------------------------------------------------


def assert_placed(problems: list[Problem]) -> None:
    for p in problems:
        assert p.line >= 1 and p.column >= 1, p
        assert p.message.en.strip() and p.message.zh.strip(), p
        assert p.file, p


def read_checked(raw: bytes) -> None:
    try:
        read_yaml("fault.yaml", raw)
    except ProblemList as bad:
        assert bad.problems
        assert_placed(bad.problems)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A playbook folder (plan, settings and a module from tests/fixtures/mini) to write into."""
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(MINI, root, dirs_exist_ok=True)
    (root / "fault.yaml").unlink()
    return root


def validated(folder: Path, files: dict[str, bytes]) -> list[Problem]:
    for name, raw in files.items():
        (folder / name).write_bytes(raw)
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        problems = validate([Path(".")])
    finally:
        os.chdir(cwd)
    assert_placed(problems)
    return problems


def check_both(folder: Path, raw: bytes) -> None:
    read_checked(raw)
    validated(folder, {"fault.yaml": raw})


# --- random bytes and text ----------------------------------------------------------------------


@FAST
@given(st.binary(max_size=400))
def test_random_bytes(folder: Path, raw: bytes) -> None:
    check_both(folder, raw)


@FAST
@given(st.binary(max_size=400).map(lambda b: b.decode("latin-1").encode("utf-8")))
def test_random_bytes_as_utf8(folder: Path, raw: bytes) -> None:
    check_both(folder, raw)  # control characters, NEL, C1 controls and all


@FAST
@given(st.text(max_size=300))
def test_random_text(folder: Path, text: str) -> None:
    check_both(folder, text.encode("utf-8"))


@FAST
@given(st.text(TEXT_CHARS, max_size=300))
def test_random_yaml_ish_text(folder: Path, text: str) -> None:
    check_both(folder, text.encode("utf-8"))


# --- random YAML, then damaged ------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
    st.text(PRINTABLE, max_size=12),
    st.sampled_from(["no", "yes", "off", "on", "30m", "$verify", "step:x", "~", "null", "1e3",
                     "0x1F", "017", "1:30", ".inf", "2026-11-26", "<<", "&a", "*a", "!x"]),
)
DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(PRINTABLE, min_size=1, max_size=8) | st.sampled_from(
            ["format", "type", "steps", "id", "levels", "due", "after", "<<"]), inner,
            max_size=4),
    ),
    max_leaves=25,
)
INSERTS = ["\t", ":", ": ", "'", '"', "[", "]", "{", "}", "- ", "&a ", "*a", "!!python/none ",
           "---\n", "? ", "\n  ", "#", "%YAML 1.1\n", "|", ">", "\\", "\ufeff"]


@st.composite
def damaged_yaml(draw: st.DrawFn) -> bytes:
    style = draw(st.sampled_from([None, True, False]))
    text = yaml.dump(draw(DATA), Dumper=DUMPER, allow_unicode=True, default_flow_style=style,
                     sort_keys=False)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "truncate", "delete"]))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(INSERTS)) + text[at:]
        elif action == "truncate":
            text = text[:at]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 5)):]
    return text.encode("utf-8")


@SOME
@given(DATA)
def test_random_yaml(folder: Path, data: Any) -> None:
    check_both(folder, yaml.dump(data, Dumper=DUMPER, allow_unicode=True).encode("utf-8"))


@SOME
@given(damaged_yaml())
def test_damaged_yaml(folder: Path, raw: bytes) -> None:
    check_both(folder, raw)


# --- schema-shaped playbooks with wrong types in random places ---------------------------------


@functools.cache
def _good(name: str) -> Any:
    return yaml.safe_load((MINI / name).read_text(encoding="utf-8"))


def good_type() -> dict[str, Any]:
    return copy.deepcopy(_good("fault.yaml"))


def good_module() -> dict[str, Any]:
    return copy.deepcopy(_good("shared/common.yaml"))


def good_settings() -> dict[str, Any]:
    return copy.deepcopy(_good("settings.yaml"))


def places(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path into the data: mapping keys and list indexes."""
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from places(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from places(value, (*path, i))


WRONG = st.one_of(
    SCALARS,
    st.sampled_from([[], {}, [1, 2], {"zh": "x"}, {"zh": "x", "en": "y"}, "all", ["I", "V"],
                     "", "2 hours", "-5m", "$nope", "$drills_per_year", "step:nowhere",
                     "step:repair", "step:verify", "T1", {"I": "30m"}, {"V": "1h"},
                     ["4.9.9"], "Upper Case", "common", ["common", "common"], ["missing"],
                     2, 1.5, True, None]),
    st.lists(SCALARS, max_size=3),
    st.dictionaries(st.sampled_from(["zh", "en", "I", "II", "anchor", "after", "id", "x"]),
                    SCALARS, max_size=3),
)


@st.composite
def mutated(draw: st.DrawFn, good: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    data = good()
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(list(places(data))))
        if not path:
            continue
        *head, last = path
        parent = data
        for part in head:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if action == "replace":
            parent[last] = draw(WRONG)
        elif action == "delete":
            del parent[last]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "Id", "levels ", "due"]))] = draw(WRONG)
        else:
            parent.append(draw(WRONG))
    return data


def dump(data: Any) -> bytes:
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False).encode("utf-8")


def test_the_unmutated_folder_is_valid(folder: Path) -> None:
    assert validated(folder, {"fault.yaml": dump(good_type())}) == []


@SOME
@given(mutated(good_type))
def test_wrong_types_in_a_type_file(folder: Path, data: dict[str, Any]) -> None:
    check_both(folder, dump(data))


@FEW
@given(mutated(good_type), mutated(good_module))
def test_wrong_types_in_a_type_and_its_module(folder: Path, book: dict[str, Any],
                                              module: dict[str, Any]) -> None:
    good = (MINI / "shared" / "common.yaml").read_bytes()
    try:
        validated(folder, {"fault.yaml": dump(book), "shared/common.yaml": dump(module)})
    finally:
        (folder / "shared" / "common.yaml").write_bytes(good)


@FEW
@given(mutated(good_settings))
def test_wrong_types_in_the_settings(folder: Path, data: dict[str, Any]) -> None:
    good = (MINI / "settings.yaml").read_bytes()
    try:
        validated(folder, {"fault.yaml": dump(good_type()), "settings.yaml": dump(data)})
    finally:
        (folder / "settings.yaml").write_bytes(good)


# --- the command ------------------------------------------------------------------------------


def test_the_command_on_random_files(tmp_path: Path) -> None:
    rng = random.Random(20261126)
    shutil.copytree(MINI, tmp_path, dirs_exist_ok=True)
    printable = [chr(c) for c in range(32, 127)] + list("\t\n\n\n  故障：，。") + INSERTS
    text_mutants = [good_type(), good_module()]
    for i in range(3):
        (tmp_path / f"bytes{i}.yaml").write_bytes(bytes([0xff]) + rng.randbytes(300))
        (tmp_path / f"text{i}.yaml").write_text(
            "".join(rng.choice(printable) for _ in range(300)), encoding="utf-8")
        text = yaml.safe_dump(rng.choice(text_mutants), allow_unicode=True)
        cut = rng.randrange(len(text))
        (tmp_path / f"yaml{i}.yaml").write_text(
            text[:cut] + rng.choice(INSERTS) + text[cut:], encoding="utf-8")
    env = {**os.environ, "RUNBOOK_LANG": "en"}
    for name in ("RUNBOOK_SETTINGS", "RUNBOOK_DEBUG", "RUNBOOK_TRACE_FILE"):
        env.pop(name, None)
    runbook = Path(sys.executable).with_name("runbook")
    done = subprocess.run([str(runbook), "validate", "."], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert "Traceback" not in done.stdout + done.stderr
    assert "internal error" not in done.stderr
    assert done.returncode == 1
    files = {line.split(":")[0] for line in done.stdout.splitlines()}
    assert {f"bytes{i}.yaml" for i in range(3)} <= files
