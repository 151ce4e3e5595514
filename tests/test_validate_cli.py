"""`runbook validate [PATH...]`: what it prints, where, in which language, and its exit code.

Runs the real entry point (`runbook.cli.main`) in-process: it exits like the installed command.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_validate_broken import materialise

from runbook.cli.main import main

MINI = Path(__file__).parent / "fixtures" / "mini"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(["validate", *args])
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0), out, err


@pytest.fixture(autouse=True)
def _plain_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RUNBOOK_SETTINGS", "RUNBOOK_DEBUG", "RUNBOOK_TRACE_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RUNBOOK_LANG", "en")


@pytest.fixture
def good(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A valid playbook folder (a copy of tests/fixtures/mini), as the working directory."""
    root = tmp_path / "good"
    shutil.copytree(MINI, root)
    monkeypatch.chdir(root)
    return root


def in_case(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = materialise(name, tmp_path)
    monkeypatch.chdir(root)
    return root


def test_a_valid_folder_exits_0_and_says_so(good: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["."], capsys)
    assert (code, out) == (0, "")
    assert "All playbooks are valid." in err


def test_problems_go_to_stdout_the_count_to_stderr(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    in_case("34-unknown-clause", tmp_path, monkeypatch)
    code, out, err = run(["."], capsys)
    assert code == 1
    assert out.splitlines() == [
        "fault.yaml:6:10: the plan has no clause '4.2'; cite a clause id of plan.yaml."
        " Did you mean '4.2.2', '4.2.1', '4.1.2'?",
        "fault.yaml:14:23: the plan has no clause '9.9'; cite a clause id of plan.yaml.",
    ]
    assert "2 problem(s) found." in err
    assert "Traceback" not in out + err


def test_messages_follow_lang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    in_case("39-name-mismatch", tmp_path, monkeypatch)
    code, out, err = run([".", "--lang", "zh"], capsys)
    assert code == 1
    assert "fault.yaml:2:7: 类型 'faults' 与文件名 fault.yaml 不一致" in out
    assert "发现 2 个问题。" in err


def test_one_type_file_brings_its_modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    in_case("39-name-mismatch", tmp_path, monkeypatch)
    code, out, _ = run(["fault.yaml"], capsys)
    assert code == 1
    assert [line.split(": ")[0] for line in out.splitlines()] == [
        "fault.yaml:2:7", "shared/common.yaml:2:9"]


def test_one_module_file_reports_only_that_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    in_case("39-name-mismatch", tmp_path, monkeypatch)
    code, out, _ = run(["shared/common.yaml"], capsys)
    assert code == 1
    assert [line.split(": ")[0] for line in out.splitlines()] == ["shared/common.yaml:2:9"]


def test_a_module_file_is_checked_as_a_module_whatever_the_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = in_case("39-name-mismatch", tmp_path, monkeypatch)
    code, out, _ = run([str(root / "shared" / "common.yaml")], capsys)
    assert code == 1
    assert "module is named 'shared' but the file is common.yaml" in out


def test_a_module_file_typed_from_inside_shared(good: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(good / "shared")
    code, out, _ = run(["common.yaml"], capsys)
    assert (code, out) == (0, "")


def test_the_shared_folder_as_path(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["shared"], capsys)
    assert (code, out) == (0, "")


def test_several_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    materialise("01-yaml-syntax-error", tmp_path)
    materialise("07-custom-tag", tmp_path)
    code, out, err = run(["01-yaml-syntax-error", "07-custom-tag/fault.yaml"], capsys)
    assert code == 1
    assert [line.split(": ")[0] for line in out.splitlines()] == [
        "01-yaml-syntax-error/fault.yaml:8:15", "07-custom-tag/fault.yaml:5:7"]
    assert "2 problem(s) found." in err


def test_a_missing_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["nowhere.yaml"], capsys)
    assert code == 1
    assert out.startswith("nowhere.yaml:1:1: no such file or folder.")


def test_settings_option_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    in_case("46-override-unknown-parameter", tmp_path, monkeypatch)
    want = "user/settings.yaml:3:3: the shipped settings have no parameter 'verfy'"
    assert run(["."], capsys)[:2] == (0, "")  # the folder alone is valid
    code, out, _ = run([".", "--settings", "user/settings.yaml"], capsys)
    assert code == 1 and out.startswith(want)
    monkeypatch.setenv("RUNBOOK_SETTINGS", "user/settings.yaml")
    code, out, _ = run(["."], capsys)
    assert code == 1 and out.startswith(want)


def test_a_missing_settings_file(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([".", "--settings", "mine.yaml"], capsys)
    assert code == 1
    assert out.startswith("mine.yaml:1:1: cannot read the file")


def test_a_good_override_is_accepted(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Outside the folder: every .yaml in a playbook folder is read as a type.
    (good.parent / "mine.yaml").write_text(
        "format: 1\nparameters:\n  verify: 10m\n  drills_per_year: 4\n", encoding="utf-8")
    code, out, _ = run([".", "--settings", "../mine.yaml"], capsys)
    assert (code, out) == (0, "")

