"""Chinese is Chinese on the command line too (issue 12 item 19): click's usage errors, the
status header's incident type, levels and durations in the tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_kit import run

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "r.db"


# --- click's usage errors ----------------------------------------------------------------------


@pytest.mark.parametrize("args, zh, kept", [
    (["start", "--type", "technical-fault"], "缺少选项", "'--level'"),
    (["status"], "缺少参数", "'INCIDENT_ID'"),
    (["list", "--jsn"], "没有选项", "'--jsn'"),
    (["lsit"], "没有命令", "'lsit'"),
    (["start", "--type", "technical-fault", "--level", "V"], "取值无效", "'--level'"),
    (["report", "x", "y", "--to", "boss"], "不是可选值", "'--to'"),
    (["verify", "--count", "many"], "不是有效的整数", "'--count'"),
    (["list", "extra"], "多余的参数", "extra"),
    (["note", "x", "y", "--at"], "需要一个取值", "'--at'"),
    (["list", "--json=yes"], "不接受取值", "'--json'"),
])
@pytest.mark.parametrize("where", ["before", "after"])
def test_usage_errors_are_said_in_chinese_with_the_option_names_kept(
        capsys: pytest.CaptureFixture[str], db: Path, args: list[str], zh: str, kept: str,
        where: str) -> None:
    given = ["--lang", "zh", *args] if where == "before" else [*args, "--lang", "zh"]
    if "--at" in args and where == "after":
        given = [*args[:-1], "--lang", "zh", "--at"]
    code, out, err = run(capsys, "--db", str(db), *given)
    assert code == 2 and out == "", err
    assert zh in err and kept in err, err
    for english in ("Error:", "Missing", "No such", "Invalid value", "is not", "Usage:",
                    "Try '"):
        assert english not in err, err


@pytest.mark.parametrize("args, suggested", [
    (["lsit"], "'list'"),
    (["list", "--jsn"], "'--json'"),
])
def test_a_mistyped_command_or_option_is_matched_to_the_closest(
        capsys: pytest.CaptureFixture[str], args: list[str], suggested: str) -> None:
    for lang, words in (("en", "Did you mean"), ("zh", "是否想写")):
        code, _, err = run(capsys, "--lang", lang, *args)
        assert code == 2 and words in err and suggested in err, err


def test_usage_errors_stay_in_english_under_lang_en(capsys: pytest.CaptureFixture[str],
                                                   db: Path) -> None:
    code, _, err = run(capsys, "start", "--type", "technical-fault", "--lang", "en",
                       "--db", str(db))
    assert code == 2 and "Error: Missing option '--level'" in err
    assert not CJK.search(err)
