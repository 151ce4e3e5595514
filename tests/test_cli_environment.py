"""What runbook takes from its environment, read in one module (runbook/cli/environment.py);
nothing else reads it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from runbook.cli.environment import Environment
from runbook.errors import UsageError
from runbook.i18n import default_lang

ROOT = Path(__file__).resolve().parent.parent


def test_the_database_is_runbook_db_unless_said_otherwise(tmp_path: Path) -> None:
    assert Environment({"RUNBOOK_DB": str(tmp_path / "x.db")}).db_path == tmp_path / "x.db"
    assert Environment({"RUNBOOK_DB": "~/r.db"}).db_path == Path.home() / "r.db"
    fallback = Environment({}).db_path
    assert fallback.name == "runbook.db"
    assert "runbook" in fallback.parent.parts[-1]
    assert not fallback.parent.exists() or fallback.parent.is_dir()  # nothing made


def test_read_takes_the_process_environment(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    monkeypatch.setenv("RUNBOOK_DB", str(tmp_path / "env.db"))
    monkeypatch.setenv("RUNBOOK_CACHE", "off")
    monkeypatch.setenv("RUNBOOK_USER", "lin")
    env = Environment.read()
    assert (env.db_path, env.cache_dir, env.user) == (tmp_path / "env.db", None, "lin")


def test_the_language_comes_from_the_mapping_given_not_the_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNBOOK_LANG", "zh")
    assert default_lang({"LANG": "en_US.UTF-8"}) == "en"
    assert default_lang({"RUNBOOK_LANG": "zh", "LANG": "en_US.UTF-8"}) == "zh"
    assert default_lang({}, "zh_CN") == "zh"
    assert Environment({"LC_ALL": "zh_CN.UTF-8"}).lang == "zh"


def test_a_group_that_is_not_one_is_refused_naming_the_variable() -> None:
    assert Environment({"RUNBOOK_GROUP": "tech"}).group == "tech"
    with pytest.raises(UsageError, match="RUNBOOK_GROUP"):
        _ = Environment({"RUNBOOK_GROUP": "sales"}).group


def test_only_the_environment_module_reads_the_environment() -> None:
    reads = re.compile(r"\bos\.environ\b|\bos\.getenv\b|from os import .*environ")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for package in ("runbook", "store", "tui")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != ROOT / "runbook" / "cli" / "environment.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if reads.search(line)
    ]
    assert found == []


def test_the_player_is_told_whether_anyone_said_who_acts(tmp_path: Path) -> None:
    """Issue 12 item 10: on a shared account (no --by, --group, RUNBOOK_USER or
    RUNBOOK_GROUP) the workspace says nobody said, so the player asks at the first write."""
    from runbook.cli.invocation import Given, Invocation

    db = {"RUNBOOK_DB": str(tmp_path / "x.db"), "USER": "root"}
    nobody = Invocation(Environment(db)).workspace
    assert (nobody.actor.name, nobody.actor.group, nobody.actor_given) == ("root", None, False)
    for env, given in [({"RUNBOOK_USER": "lin"}, Given()), ({"RUNBOOK_GROUP": "tech"}, Given()),
                       ({}, Given(by_name="lin")), ({}, Given(by_group="tech"))]:
        assert Invocation(Environment(db | env), given).workspace.actor_given, (env, given)


def test_summaries_go_to_exports_in_the_user_data_folder() -> None:
    """Issue 12 item 12: not the folder runbook was started from."""
    exports = Environment({}).exports_dir
    assert exports.name == "exports"
    assert exports.parent == Environment({}).db_path.parent
    assert not exports.exists() or exports.is_dir()  # nothing made by asking
