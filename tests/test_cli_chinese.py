"""Chinese is Chinese on the command line too (issue 12 item 19): click's usage errors, the
status header's incident type, levels and durations in the tables."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from cli_kit import declare, library, run, tokens

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


# --- the tables --------------------------------------------------------------------------------


@pytest.fixture
def late(db: Path) -> Path:
    """An incident of level I declared three hours ago (steps overdue by hours), and one of
    level IV."""
    declare(db, "20261201-ea83", level="I", ago=timedelta(hours=2, minutes=40))
    declare(db, "20261201-b000", type_id="data-leak", level="IV", ago=timedelta(minutes=5))
    return db


def test_the_status_header_names_the_type_and_level_in_chinese(
        capsys: pytest.CaptureFixture[str], late: Path) -> None:
    code, out, err = run(capsys, "status", "ea83", "--db", str(late), "--lang", "zh")
    assert code == 0, err
    header = out.strip().split("\n")[0]
    book = library().playbook("technical-fault")
    assert book is not None
    assert book.title.zh in header and "一级预警" in header, header
    assert "technical-fault" not in header


def test_levels_in_chinese_tables_read_yi_ji_to_si_ji(capsys: pytest.CaptureFixture[str],
                                                      late: Path) -> None:
    code, out, err = run(capsys, "list", "--db", str(late), "--lang", "zh")
    assert code == 0, err
    words = tokens(out)
    assert {"一级", "四级"} <= words, out
    assert not words & {"I", "II", "III", "IV", "I级", "IV级", "红", "蓝"}, out


def test_durations_in_chinese_tables_are_written_in_chinese_units(
        capsys: pytest.CaptureFixture[str], late: Path) -> None:
    code, out, err = run(capsys, "status", "ea83", "--db", str(late), "--lang", "zh")
    assert code == 0, err
    assert re.search(r"已超时 \+2 小时 \d+ 分钟", out), out
    assert re.search(r"还剩 (\d+ 小时 )?\d+ 分钟", out), out
    assert not re.search(r"\d(分|小时|天)(?! )|\d+[hmd]\b", out), out


def test_levels_in_the_chinese_timeline_read_yi_ji_to_si_ji(
        capsys: pytest.CaptureFixture[str], late: Path) -> None:
    code, _, err = run(capsys, "level", "ea83", "ii", "--reason", "partly restored",
                       "--db", str(late), "--by", "wang", "--group", "command")
    assert code == 0, err
    code, out, err = run(capsys, "timeline", "ea83", "--db", str(late), "--lang", "zh")
    assert code == 0, err
    assert "→ 二级" in out and "技术故障 一级" in out, out
    assert not tokens(out) & {"I", "II", "III", "IV"}, out
    code, out, _ = run(capsys, "timeline", "ea83", "--db", str(late), "--lang", "en")
    assert "→ II" in out and "Technical fault I " in out, out
