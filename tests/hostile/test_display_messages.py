"""Usage errors and the validator's problems quote what was typed visibly, never raw.

Found by the CLI fuzz test: click's own messages ("Got unexpected extra argument (…)",
"No such command …") and `runbook validate`'s `file:line:column` placed the typed text in
the terminal as it was, so an argument or a file name could erase the screen, set the
window title or reverse the rest of the line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from display_kit import hostile, plain_env, raw_found, run


@pytest.fixture(autouse=True)
def _plain_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain_env(tmp_path, monkeypatch)
    monkeypatch.chdir(tmp_path)


USAGE = [
    ["note", "20261201-abcd", "ok", hostile("EXTRA")],
    ["evaluate", "20261201-abcd", "ok", hostile("EXTRA"), "--section", "cause"],
    [hostile("COMMAND")],
    ["list", "--x" + hostile("OPTION").replace(" ", "")],
    ["start", "--type", "technical-fault", "--level", hostile("LEVEL")],
    ["verify", "20261201-abcd", "--count", hostile("COUNT")],
    ["export", "20261201-abcd", "--format", hostile("FORMAT")],
]


@pytest.mark.parametrize("args", USAGE, ids=lambda a: next(
    t for t in ("EXTRA", "COMMAND", "OPTION", "LEVEL", "COUNT", "FORMAT") if t in str(a)))
def test_a_usage_error_quotes_the_argument_visibly(capsys: pytest.CaptureFixture[str],
                                                   args: list[str]) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert raw_found(out + err) == []
    assert "\\x1b[2J" in err  # the argument is named, as its escape


def test_a_file_name_in_a_problem_is_shown_visibly(capsys: pytest.CaptureFixture[str]) -> None:
    name = "missing\x1b[2J\u202e\r\nlid.yaml"
    code, out, err = run(capsys, "validate", name)
    assert code == 1
    assert raw_found(out + err) == []
    assert out.startswith("missing\\x1b[2J\\u202e⏎lid.yaml:1:1: ")


def test_a_key_of_a_settings_file_in_a_problem_is_shown_visibly(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text("format: 1\nparameters:\n  \u202everfy: 15m\n",
                                        encoding="utf-8")
    code, out, err = run(capsys, "validate", "--settings", "mine.yaml")
    assert code == 1
    assert raw_found(out + err) == []
    assert "\\u202everfy" in out


def test_the_path_export_wrote_is_shown_visibly(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    code, out, err = run(capsys, "start", "--type", "technical-fault", "--level", "II")
    assert code == 0, err
    code, out, err = run(capsys, "export", out.strip(), "-o", "sum\x1b]0;owned\x07\x7f.md")
    assert code == 0, err
    assert raw_found(out + err) == []
    assert out == "sum\\x1b]0;owned\\x07\\x7f.md\n"
    assert (tmp_path / "sum\x1b]0;owned\x07\x7f.md").is_file()  # the file has the name typed


def test_a_warning_naming_a_folder_shows_it_visibly(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache\x1b[2J\u202e"
    cache.mkdir(mode=0o777)
    cache.chmod(0o777)  # writable by others: runbook says it will not use it, naming it
    monkeypatch.setenv("RUNBOOK_CACHE", str(cache))
    code, out, err = run(capsys, "start", "--type", "technical-fault", "--level", "II")
    assert code == 0, err
    assert "cache\\x1b[2J\\u202e" in err
    assert raw_found(out + err) == []
