"""An institution's own playbooks folder (issue 14 section 1): `runbook init`, `--playbooks`
/ RUNBOOK_PLAYBOOKS / the user config folder, changes without copying, and the roster."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_kit import run

from runbook.cli.environment import Environment
from runbook.library_cache import load_cached
from runbook.loader import load_library
from runbook.roster_words import sections

INSTITUTION = Path(__file__).parent / "fixtures" / "institution"


def started(capsys: pytest.CaptureFixture[str], db: Path, *where: str) -> str:
    code, out, err = run(capsys, "--db", str(db), *where, "start", "--type",
                         "technical-fault", "--level", "II", "--title", "gateway down")
    assert code == 0, err
    return out.strip()


def steps(capsys: pytest.CaptureFixture[str], db: Path, incident: str,
          *where: str) -> dict[str, dict[str, object]]:
    code, out, err = run(capsys, "--db", str(db), *where, "status", incident, "--json")
    assert code == 0, err
    return {s["id"]: s for s in json.loads(out)["steps"]}


def test_the_cli_plays_the_institution_folder_given_by_option_or_variable(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "r.db"
    shipped = steps(capsys, db, started(capsys, db))
    assert "tf.call-insurer" not in shipped
    incident = started(capsys, db, "--playbooks", str(INSTITUTION))
    ours = steps(capsys, db, incident, "--playbooks", str(INSTITUTION))
    assert ours["tf.diagnose"]["title"] == {
        "zh": "诊断故障并通知云服务商值班台",
        "en": "Diagnose the fault and call the cloud vendor's desk"}
    assert ours["tf.call-insurer"]["group"] == "risk"
    assert set(ours) - {"tf.call-insurer"} == set(shipped)
    monkeypatch.setenv("RUNBOOK_PLAYBOOKS", str(INSTITUTION))
    assert set(steps(capsys, db, incident)) == set(ours)
    _, out, _ = run(capsys, "playbooks", "--json")
    counts = {t["type"]: t["steps"] for t in json.loads(out)["types"]}
    monkeypatch.delenv("RUNBOOK_PLAYBOOKS")
    _, out, _ = run(capsys, "playbooks", "--json")
    assert counts["technical-fault"] == 1 + {
        t["type"]: t["steps"] for t in json.loads(out)["types"]}["technical-fault"]


def test_the_user_config_folder_holds_the_playbooks_when_nothing_else_says(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert Environment({}).playbooks_dir is None
    shutil.copytree(INSTITUTION, tmp_path / "runbook" / "playbooks")
    assert Environment({}).playbooks_dir == tmp_path / "runbook" / "playbooks"
    assert Environment({"RUNBOOK_PLAYBOOKS": "/elsewhere"}).playbooks_dir == Path("/elsewhere")


def test_a_missing_folder_is_said_not_a_traceback(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    code, _, err = run(capsys, "--playbooks", str(tmp_path / "nope"), "--lang", "zh",
                       "playbooks")
    assert code == 1
    assert "nope:1:1: 此处没有剧本文件夹" in err
    assert "Traceback" not in err


def test_init_writes_a_valid_copy_and_never_overwrites(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    folder = tmp_path / "ours"
    code, _, err = run(capsys, "init", str(folder))
    assert code == 0, err
    assert {p.name for p in folder.iterdir()} >= {
        "README.md", "technical-fault.yaml", "plan.yaml", "settings.yaml", "facts.yaml",
        "roster.yaml", "shared"}
    assert (folder / "shared" / "reporting.yaml").is_file()
    assert not list(folder.rglob("__init__.py"))
    code, _, err = run(capsys, "validate", str(folder))
    assert code == 0, err
    before = (folder / "plan.yaml").read_bytes()
    code, _, err = run(capsys, "init", str(folder), "--lang", "zh")
    assert code == 1
    assert "已有 README.md" in err and "不覆盖" in err
    assert (folder / "plan.yaml").read_bytes() == before
    # the copy plays as the shipped library does, digests and all
    assert load_library(folder).playbooks["data-leak"].digest == load_library().playbooks[
        "data-leak"].digest


def test_validate_reports_a_broken_copy_with_file_line_column(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(INSTITUTION, broken)
    roster = broken / "roster.yaml"
    roster.write_text(roster.read_text(encoding="utf-8").replace(
        "  tech:\n", "  tek:\n").replace(
        '      - name: 刘洋\n        phone: "+86 139 0000 0044"\n', "      - name: 刘洋\n"),
        encoding="utf-8")
    change = broken / "changes" / "technical-fault.yaml"
    change.write_text(change.read_text(encoding="utf-8").replace(
        "    group: tech\n", "    group: ops\n").replace("id: tf.call-insurer",
                                                         "id: tf.restore-key-functions"),
        encoding="utf-8")
    code, out, _ = run(capsys, "--playbooks", str(broken), "validate")
    assert code == 1
    lines = out.splitlines()
    assert any(line.startswith(f"{change}:5:12: the replacement moves 'tf.diagnose' from Tech")
               and "regroup: true" in line for line in lines), out
    assert any(line.startswith(f"{change}:15:9: step 'tf.restore-key-functions' is already "
                               "there") for line in lines), out
    assert any(line.startswith(f"{roster}:11:3: unknown group 'tek'") for line in lines), out
    assert any(line.startswith(f"{roster}:38:15: 刘洋 has no phone and no email")
               for line in lines), out


def test_the_cache_keys_on_the_folder_content(tmp_path: Path) -> None:
    folder = tmp_path / "ours"
    shutil.copytree(INSTITUTION, folder)
    cache = tmp_path / "cache"
    first = load_cached(cache, root=folder)
    assert first.roster.vendors[0].contract == "HT-2024-017"
    assert load_cached(cache, root=folder) == first  # from the cache, unchanged
    roster = folder / "roster.yaml"
    roster.write_text(roster.read_text(encoding="utf-8").replace("HT-2024-017", "HT-2025-001"),
                      encoding="utf-8")
    assert load_cached(cache, root=folder).roster.vendors[0].contract == "HT-2025-001"
    assert load_cached(cache).roster.empty  # the shipped library keys apart


def test_switching_between_two_folders_keeps_both_in_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An institution plays its drill folder and its real one in turn: the second must not
    throw the first out of the cache (each start would parse and check it again)."""
    folder = tmp_path / "ours"
    shutil.copytree(INSTITUTION, folder)
    cache = tmp_path / "cache"
    load_cached(cache, root=folder)
    load_cached(cache)  # the shipped library

    import runbook.loader

    def no_parsing(*_: object, **__: object) -> None:
        raise AssertionError("the library was parsed again instead of read from the cache")

    monkeypatch.setattr(runbook.loader, "load_library", no_parsing)
    assert load_cached(cache, root=folder).roster.vendors[0].contract == "HT-2024-017"
    assert load_cached(cache).roster.empty


def test_the_cache_keeps_a_few_libraries_not_every_one(tmp_path: Path) -> None:
    from runbook.library_cache import KEPT

    cache = tmp_path / "cache"
    for n in range(KEPT + 2):
        folder = tmp_path / f"folder-{n}"
        shutil.copytree(INSTITUTION, folder)
        roster = folder / "roster.yaml"
        roster.write_text(roster.read_text(encoding="utf-8") + f"# version {n}\n",
                          encoding="utf-8")
        load_cached(cache, root=folder)
    assert len(list(cache.glob("library-*.json"))) == KEPT


def test_a_step_shows_its_groups_contacts_and_the_lists_it_asks_for() -> None:
    library = load_library(INSTITUTION)
    book = library.playbooks["technical-fault"]
    liaison = book.step("comms.vendor-liaison")
    assert liaison is not None
    shown = sections(library.roster.for_step(liaison), "zh")
    assert [s.heading for s in shown] == ["办公室联系人（按值班顺序）", "外包服务提供商"]
    assert shown[0].lines[0] == (
        "1. 张敏（办公室值班主任） · 电话 +86 10 5555 0101 · 邮箱 zhang.min@example.com")
    assert shown[1].lines[:2] == (
        "云付科技有限公司（支付网关托管） · 合同：HT-2024-017 · 服务水平协议：SLA-2024-017 附件三",
        "  赵刚（7×24 应急联系人） · 电话 +86 138 0000 0017")
    insurer = book.step("tf.call-insurer")
    assert insurer is not None
    assert sections(library.roster.for_step(insurer), "en") == []  # risk has no contacts


STEP = """\
  - id: {id}
    group: tech
    title: {{zh: 步骤, en: A step}}
    detail: {{zh: 说明。, en: What to do.}}
    levels: all
    source: ["4.3.1"]
"""


def test_the_validator_refuses_changes_that_name_nothing_or_clash(tmp_path: Path) -> None:
    changes = tmp_path / "ours" / "changes"
    changes.mkdir(parents=True)
    (changes / "a.yaml").write_text(
        "format: 1\ntype: technical-fault\nreplace:\n" + STEP.format(id="tf.nothing")
        + STEP.format(id="tf.diagnose") + STEP.format(id="tf.diagnose"), encoding="utf-8")
    (changes / "b.yaml").write_text("format: 1\ntype: technical-fault\n", encoding="utf-8")
    (changes / "c.yaml").write_text("format: 1\nmodule: reportin\n", encoding="utf-8")
    (changes / "d.yaml").write_text("format: 1\ntype: data-leak\nmodule: reporting\n",
                                    encoding="utf-8")
    (changes / "e.yaml").write_text(
        "format: 1\nmodule: reporting\nreplace:\n" + STEP.format(id="tf.diagnose"),
        encoding="utf-8")
    from runbook.loader import validate

    found = [(Path(p.file).name, p.line, p.column, p.message.en)
             for p in validate([tmp_path / "ours"])]
    assert ("a.yaml", 4, 9, "there is no step 'tf.nothing' here to replace (a step of an "
            "included module is replaced in a change of that module); to add a step, list "
            "it under add:.") in found
    assert ("a.yaml", 16, 9, "step 'tf.diagnose' is replaced twice; keep one replacement."
            ) in found
    assert any(f[:3] == ("b.yaml", 2, 7) and "already changed by" in f[3] for f in found)
    assert any(f[:3] == ("c.yaml", 2, 9) and "no shared module 'reportin'" in f[3]
               and "'reporting'" in f[3] for f in found)
    assert any(f[:3] == ("d.yaml", 1, 1) and "not both" in f[3] for f in found)
    assert any(f[0] == "e.yaml" and "no step 'tf.diagnose'" in f[3] for f in found)


def test_the_printed_checklist_lists_the_institutions_contacts(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "checklist", "--playbooks", str(INSTITUTION), "--type",
                         "technical-fault", "--level", "I", "--format", "md", "--lang", "zh")
    assert code == 0, err
    assert "| 1 | 张敏 | 办公室值班主任 | +86 10 5555 0101 | zhang.min@example.com |" in out
    assert "| 1 | Wang Lei | on-call engineer | +86 10 5555 0201 |" in out
    assert "联络人（手工填写）" not in out


def test_init_refuses_a_folder_name_the_system_cannot_take(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The fuzzer found it: a 300-character name raised ENAMETOOLONG out of `is_file`."""
    code, _, err = run(capsys, "init", str(tmp_path / ("x" * 300)), "--lang", "en")
    assert code == 1 and "File name too long" in err and "Traceback" not in err
