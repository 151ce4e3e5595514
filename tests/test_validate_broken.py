"""The validator against a corpus of broken playbook folders (tests/broken/, see its README).

Each case must be refused with exactly the problems its expected.txt lists, in that order
(the n-th problem reported is the n-th line: its place, and its message containing the line's
text), without a traceback, by `runbook.loader.validate` and by `runbook validate`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from click.testing import CliRunner

from runbook.cli.main import cli
from runbook.loader import validate
from runbook.problems import Problem

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())
RUNBOOK = Path(sys.executable).with_name("runbook")
T = TypeVar("T")


@dataclass(frozen=True)
class Expected:
    file: str
    line: int
    column: int | None  # None: any column
    fragment: str

    def matches(self, problem: Problem) -> bool:
        return (problem.file == self.file and problem.line == self.line
                and (self.column is None or problem.column == self.column)
                and self.fragment in problem.message.en)

    def matches_line(self, line: str) -> bool:
        """A line `runbook validate` prints: `file:line:column: message`."""
        column = "" if self.column is None else f"{self.column}:"
        start = f"{self.file}:{self.line}:{column}"
        return line.startswith(start) and self.fragment in line

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


def exactly(name: str, reported: Sequence[T], match: Callable[[Expected, T], bool],
            shown: Callable[[T], str]) -> str | None:
    """None when the n-th thing reported is the n-th expected line, for every n and no
    more; else both lists, to compare."""
    wanted = expected(name)
    if len(wanted) == len(reported) and all(
            match(e, r) for e, r in zip(wanted, reported, strict=True)):
        return None
    return ("expected, in order:\n" + "\n".join(map(str, wanted))
            + "\nreported:\n" + "\n".join(map(shown, reported)))


def printed_exactly(name: str, stdout: str) -> str | None:
    return exactly(name, stdout.splitlines(), Expected.matches_line, str)


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


@pytest.mark.parametrize("name", CASES)
def test_case_in_process(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    problems = run_validate(name, tmp_path, monkeypatch)
    differs = exactly(name, problems, Expected.matches, lambda p: p.render("en"))
    assert differs is None, differs
    for p in problems:
        assert p.line >= 1 and p.column >= 1, p
        assert p.message.en.strip() and p.message.zh.strip(), p
        # Every problem is in the case's own files: nothing fell back to the shipped ones.
        assert not Path(p.file).is_absolute() and not p.file.startswith(".."), p
        assert (Path.cwd() / p.file).exists(), p


@pytest.mark.parametrize("name", CASES)
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
    assert printed_exactly(name, result.stdout) is None, printed_exactly(name, result.stdout)



@pytest.mark.parametrize("name", CASES)
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
    assert printed_exactly(name, done.stdout) is None, printed_exactly(name, done.stdout)


# --- particular cases -----------------------------------------------------------------------


def test_python_tag_runs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    problems = run_validate("06-python-tag", tmp_path, monkeypatch)
    assert problems
    assert not Path("PWNED").exists()


def test_alias_bomb_is_refused_at_its_first_anchor(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A few hundred bytes that would expand to hundreds of millions of nodes: refused where
    the first anchor stands, before anything is expanded, so the validator's work does not
    grow with the bomb (no timed bound: the place shows it stopped there)."""
    root = materialise("05-alias-bomb", tmp_path)
    assert (root / "fault.yaml").stat().st_size < 1000
    monkeypatch.chdir(root)
    problems = validate([Path(".")])
    assert [(p.file, p.line, p.column) for p in problems] == [("fault.yaml", 1, 4)]
    assert "anchors and aliases" in problems[0].message.en


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
