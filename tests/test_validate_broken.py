"""The validator against a corpus of broken playbook folders (tests/broken/, see its README).

Each case must be refused with exactly the `file:line:column: message` lines its
expected.txt lists, without a traceback, by `runbook.loader.validate` and by `runbook validate`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from runbook.cli.main import cli
from runbook.loader import validate
from runbook.problems import Problem

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())
RUNBOOK = Path(sys.executable).with_name("runbook")

# Cases that expose a validator bug; each is explained in the reason. strict: once the bug is
# fixed the case passes, the xfail fails, and the entry is to be removed.
BUGS: dict[str, str] = {}

CRASHES: dict[str, str] = {}

# The same problem is printed once per level of the step (loader.validate does not dedupe).
REPORTED_TWICE: dict[str, str] = {}


@dataclass(frozen=True)
class Expected:
    file: str
    line: int
    column: int | None  # None: any column
    fragment: str

    def found_in(self, problems: list[Problem]) -> bool:
        return any(
            p.file == self.file and p.line == self.line
            and (self.column is None or p.column == self.column)
            and self.fragment in p.message.en
            for p in problems
        )

    def __str__(self) -> str:
        column = "*" if self.column is None else self.column
        return f"{self.file}:{self.line}:{column}: {self.fragment}"


def expected(name: str) -> list[Expected]:
    result = []
    for raw in (BROKEN / name / "expected.txt").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        place, _, fragment = raw.partition(": ")
        file, line, column = place.rsplit(":", 2)
        result.append(Expected(file, int(line), None if column == "*" else int(column),
                               fragment))
    return result


def materialise(name: str, tmp: Path) -> Path:
    """A copy of the case to validate, padded as its pad.txt says."""
    root = tmp / name
    shutil.copytree(BROKEN / name, root)
    pad = root / "pad.txt"
    if pad.exists():
        file, size = pad.read_text(encoding="utf-8").split()
        target = root / file
        data = target.read_bytes()
        target.write_bytes(data + b"#" * (int(size) - len(data) - 1) + b"\n")
        pad.unlink()
    return root


def override_args(root: Path) -> list[str]:
    return ["--settings", "user/settings.yaml"] if (root / "user" / "settings.yaml").exists() \
        else []


def override_path(root: Path) -> Path | None:
    return Path("user/settings.yaml") if (root / "user" / "settings.yaml").exists() else None


def cases(marks: dict[str, str]) -> list[object]:
    return [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=marks[n]))
        if n in marks else n
        for n in CASES
    ]


def run_validate(name: str, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> list[Problem]:
    root = materialise(name, tmp)
    monkeypatch.chdir(root)
    try:
        return validate([Path(".")], override_path(root))
    except Exception as exc:  # reported without pytest's (long) traceback, below
        crash = f"{type(exc).__name__}: {exc}"
    pytest.fail(f"validate raised {crash}", pytrace=False)


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 30
    for name in CASES:
        assert expected(name), f"{name}/expected.txt lists nothing"


@pytest.mark.parametrize("name", cases(BUGS))
def test_case_in_process(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    problems = run_validate(name, tmp_path, monkeypatch)
    shown = "\n".join(p.render("en") for p in problems)
    missing = [str(e) for e in expected(name) if not e.found_in(problems)]
    assert not missing, f"expected:\n{chr(10).join(missing)}\nreported:\n{shown}"
    for p in problems:
        assert p.line >= 1 and p.column >= 1, p
        assert p.message.en.strip() and p.message.zh.strip(), p
        # Every problem is in the case's own files: nothing fell back to the shipped ones.
        assert not Path(p.file).is_absolute() and not p.file.startswith(".."), p
        assert (Path.cwd() / p.file).exists(), p


@pytest.mark.parametrize("name", cases(BUGS))
def test_case_through_the_command(name: str, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = materialise(name, tmp_path)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(
        cli, ["validate", ".", *override_args(root), "--lang", "en"],
        env={"RUNBOOK_SETTINGS": None}, standalone_mode=False)
    if result.exception is not None:
        pytest.fail(f"runbook validate raised {result.exception!r}", pytrace=False)
    assert result.return_value == 1
    assert "Traceback" not in result.output
    lines = result.stdout.splitlines()
    for e in expected(name):
        column = "" if e.column is None else f"{e.column}:"
        start = f"{e.file}:{e.line}:{column}"
        assert any(line.startswith(start) and e.fragment in line for line in lines), (
            f"{e}\nnot in:\n{result.stdout}")


@pytest.mark.parametrize("name", cases({**CRASHES, **REPORTED_TWICE}))
def test_each_problem_is_reported_once(name: str, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    rendered = [p.render("en") for p in run_validate(name, tmp_path, monkeypatch)]
    twice = {line for line in rendered if rendered.count(line) > 1}
    assert not twice, twice


# A few cases end to end: the installed command, its exit code, no traceback on stderr.
SUBPROCESS_CASES = [
    "01-yaml-syntax-error", "06-python-tag", "13-control-character", "47-override-wrong-kind",
    "50-deep-nesting",
]


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_case_through_the_installed_command(name: str, tmp_path: Path) -> None:
    root = materialise(name, tmp_path)
    env = {**os.environ, "RUNBOOK_LANG": "en"}
    env.pop("RUNBOOK_SETTINGS", None)
    env.pop("RUNBOOK_DEBUG", None)
    done = subprocess.run(
        [str(RUNBOOK), "validate", ".", *override_args(root)],
        cwd=root, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 1, done.stderr
    for e in expected(name):
        column = "" if e.column is None else f"{e.column}:"
        start = f"{e.file}:{e.line}:{column}"
        assert any(line.startswith(start) and e.fragment in line
                   for line in done.stdout.splitlines()), f"{e}\nnot in:\n{done.stdout}"


# --- particular cases -----------------------------------------------------------------------


def test_python_tag_runs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    problems = run_validate("06-python-tag", tmp_path, monkeypatch)
    assert problems
    assert not Path("PWNED").exists()


def test_alias_bomb_is_refused_fast(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = materialise("05-alias-bomb", tmp_path)
    assert (root / "fault.yaml").stat().st_size < 1000
    monkeypatch.chdir(root)
    began = time.perf_counter()
    problems = validate([Path(".")])
    assert time.perf_counter() - began < 1.0
    assert [p.line for p in problems] == [1]


def test_messages_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = materialise("24-unknown-group", tmp_path)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["validate", ".", "--lang", "zh"],
                                env={"RUNBOOK_SETTINGS": None}, standalone_mode=False)
    assert result.return_value == 1
    assert "fault.yaml:9:12: 未知小组 'it'" in result.stdout


def _message_at(problems: list[Problem], line: int, column: int) -> str:
    return next(p.message.en for p in problems if (p.line, p.column) == (line, column))


def test_one_option_is_not_called_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    message = _message_at(run_validate("40-decision-one-option", tmp_path, monkeypatch), 17, 9)
    assert "empty" not in message and ("2" in message or "two" in message), message


def test_levels_as_a_number_names_the_list(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    message = _message_at(run_validate("20-wrong-types", tmp_path, monkeypatch), 12, 13)
    assert "list" in message, message


def test_empty_levels_are_called_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    message = _message_at(run_validate("54-plan-and-empty-values", tmp_path, monkeypatch), 12, 13)
    assert "empty" in message and "not a list" not in message, message


# --- the shipped playbooks ------------------------------------------------------------------


def test_shipped_playbooks_are_valid() -> None:
    problems = validate([])
    assert not problems, "\n".join(p.render("en") for p in problems)


def test_shipped_playbooks_through_the_installed_command(tmp_path: Path) -> None:
    env = {**os.environ, "RUNBOOK_LANG": "en"}
    env.pop("RUNBOOK_SETTINGS", None)
    done = subprocess.run([str(RUNBOOK), "validate"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
