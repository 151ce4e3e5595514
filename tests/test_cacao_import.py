"""`runbook import cacao FILE DIR` and the round trip: export, import, export keeps every
step, group, deadline and clause of every shipped type; what the format cannot express is
listed with its JSON path; bad input is refused in both languages."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from cli_kit import library, run
from msgspec.structs import replace

from runbook.loader import check_folder
from runbook.playbook import Playbook

SHIPPED = Path(__file__).resolve().parent.parent / "playbooks"
TYPES = ("business-interruption", "data-leak", "technical-fault", "vendor-breach")


def institution_folder(tmp_path: Path, without: str | None = None) -> Path:
    """A copy of the shipped library, as an institution keeps one (without one type)."""
    folder = tmp_path / "playbooks"
    shutil.copytree(SHIPPED, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    if without is not None:
        (folder / f"{without}.yaml").unlink()
    return folder


def comparable(exported: dict[str, Any]) -> dict[str, Any]:
    """An export without what names the files it came from (digests, the module a step was
    in: an import writes one self-contained file)."""
    copy: dict[str, Any] = json.loads(json.dumps(exported))
    for ext in copy["playbook_extensions"].values():
        ext.pop("digest")
    for step in copy["workflow"].values():
        for ext in step.get("step_extensions", {}).values():
            ext.pop("module")
    return copy


def same_steps(book: Playbook) -> list[Any]:
    return [replace(s, module="") for s in book.steps]


@pytest.mark.parametrize("type_id", TYPES)
def test_the_round_trip_keeps_every_step_group_deadline_and_clause(
        type_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exported = tmp_path / f"{type_id}.json"
    code, _, err = run(capsys, "playbooks", "--export", "cacao", "--type", type_id,
                       "-o", str(exported))
    assert code == 0, err
    folder = institution_folder(tmp_path, type_id)
    code, out, err = run(capsys, "import", "cacao", str(exported), str(folder), "--lang", "en")
    assert code == 0, err
    assert out.strip() == str(folder / f"{type_id}.yaml")
    assert "0 part(s) listed above were not imported" in err
    code, _, err = run(capsys, "validate", str(folder))
    assert code == 0, err
    imported, problems = check_folder(folder)
    assert problems == []
    before, after = library().playbooks[type_id], imported.playbooks[type_id]
    assert same_steps(after) == same_steps(before)  # ids, groups, levels, deadlines, clauses
    assert (after.title, after.summary, after.lead, after.source, after.escalation) == (
        before.title, before.summary, before.lead, before.source, before.escalation)
    again = tmp_path / "again.json"
    code, _, err = run(capsys, "playbooks", "--export", "cacao", "--type", type_id,
                       "-o", str(again), "--lang", "en")
    assert code == 0
    from runbook.cacao.export import export_cacao

    first = json.loads(exported.read_text(encoding="utf-8"))
    assert comparable(export_cacao(imported, type_id)) == comparable(first)


def foreign_playbook() -> dict[str, Any]:
    """A CACAO playbook another tool wrote: manual steps and some the format cannot hold."""
    uid = "{:08x}-0000-4000-8000-000000000000".format
    ids = {name: f"{kind}--{uid(i)}" for i, (name, kind) in enumerate([
        ("start", "start"), ("check", "if-condition"), ("call", "action"),
        ("end-branch", "end"), ("isolate", "action"), ("switch", "switch-condition"),
        ("sub", "playbook-action"), ("odd", "if-condition"), ("notify", "action"),
        ("end", "end")])}
    clause = [{"name": "Plan 4.2.1", "external_id": "4.2.1"}]
    return {
        "type": "playbook", "spec_version": "cacao-2.0", "id": f"playbook--{uid(99)}",
        "name": "Vendor outage (SOC)", "description": "What the SOC does.",
        "created_by": f"identity--{uid(98)}", "created": "2025-01-01T00:00:00Z",
        "modified": "2025-01-01T00:00:00Z", "workflow_start": ids["start"],
        "external_references": clause,
        "agent_definitions": {
            f"group--{uid(50)}": {"type": "group", "name": "Technical Support Group"},
            f"group--{uid(51)}": {"type": "group", "name": "SOC night shift"}},
        "workflow": {
            ids["start"]: {"type": "start", "on_completion": ids["check"]},
            ids["check"]: {"type": "if-condition", "condition": "[__level__:value IN ('I', 'II')]",
                           "on_true": ids["call"], "on_completion": ids["isolate"]},
            ids["call"]: {"type": "action", "name": "Call the vendor's duty engineer",
                          "commands": [{"type": "manual", "command": "Phone the vendor."}],
                          "agent": f"group--{uid(50)}", "timeout": 1_800_000,
                          "on_completion": ids["end-branch"]},
            ids["end-branch"]: {"type": "end"},
            ids["isolate"]: {"type": "action", "name": "Isolate the host",
                             "commands": [{"type": "bash", "command": "iptables -A ..."}],
                             "agent": f"group--{uid(50)}", "on_completion": ids["switch"]},
            ids["switch"]: {"type": "switch-condition", "switch": "__region__",
                            "cases": {"eu": ids["sub"]}, "on_completion": ids["odd"]},
            ids["sub"]: {"type": "playbook-action", "playbook_id": f"playbook--{uid(97)}",
                         "on_completion": ids["odd"]},
            ids["odd"]: {"type": "if-condition", "condition": "[ipv4-addr:value = '10.0.0.1']",
                         "on_true": ids["notify"], "on_completion": ids["end"]},
            ids["notify"]: {"type": "action", "name": "Tell the shift lead",
                            "description": "Say what was isolated.",
                            "commands": [{"type": "manual", "command": "Tell them."}],
                            "agent": f"group--{uid(51)}", "on_completion": ids["end"]},
            ids["end"]: {"type": "end"},
        },
    }


def test_a_foreign_playbook_imports_its_manual_steps_and_lists_the_rest(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "soc.json"
    source.write_text(json.dumps(foreign_playbook()), encoding="utf-8")
    folder = institution_folder(tmp_path)
    code, out, err = run(capsys, "import", "cacao", str(source), str(folder), "--lang", "en")
    assert code == 0, err
    written = folder / "vendor-outage-soc.yaml"
    assert out.strip() == str(written)
    listed = [line for line in err.splitlines() if line.startswith(str(source))]
    wf = "$.workflow['"
    assert any(f"{wf}action--00000004" in line and ".commands[0]" in line
               and "'bash' command cannot be imported" in line for line in listed)
    assert any(f"{wf}switch-condition--" in line for line in listed)
    assert any(f"{wf}playbook-action--" in line for line in listed)
    assert any(f"{wf}if-condition--00000007" in line and ".condition" in line
               for line in listed)
    assert any(".agent" in line and "not one of runbook's six groups" in line
               for line in listed)
    assert any(f"{wf}action--00000002" in line and ".timeout" in line for line in listed)
    assert "2 step(s) imported; 6 part(s)" in err
    imported, problems = check_folder(folder)
    assert problems == []
    book = imported.playbooks["vendor-outage-soc"]
    call, notify = book.steps
    assert (call.title.en, call.group, sorted(call.levels), call.source) == (
        "Call the vendor's duty engineer", "tech", ["I", "II"], ("4.2.1",))
    assert call.deadline is not None and call.deadline.anchor == "T0"
    assert call.deadline.after["I"].delta.total_seconds() == 1800
    assert (notify.detail.en, notify.group, len(notify.levels)) == (
        "Say what was isolated.", "tech", 4)


def test_what_is_not_a_cacao_playbook_is_refused_naming_the_file_and_path(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundle = tmp_path / "bundle.json"
    bundle.write_text(json.dumps({"type": "bundle", "objects": []}), encoding="utf-8")
    out_dir = tmp_path / "out"
    for lang, words in (("en", "not a CACAO v2.0 playbook"), ("zh", "不是 CACAO v2.0 剧本")):
        code, out, err = run(capsys, "import", "cacao", str(bundle), str(out_dir), "--lang", lang)
        assert (code, out) == (1, "")
        assert f"{bundle}" in err and "$.type" in err and words in err
        assert "Traceback" not in err
    assert not out_dir.exists()
    old = dict(foreign_playbook(), spec_version="cacao-1.0")
    bundle.write_text(json.dumps(old), encoding="utf-8")
    code, _, err = run(capsys, "import", "cacao", str(bundle), str(out_dir), "--lang", "en")
    assert code == 1 and "$.spec_version" in err
    bundle.write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, "import", "cacao", str(bundle), str(out_dir), "--lang", "zh")
    assert code == 1 and "不是 JSON" in err


def test_files_are_private_and_never_written_over(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "tf.json"
    args = ("playbooks", "--export", "cacao", "--type", "technical-fault", "-o", str(target))
    assert run(capsys, *args)[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    target.write_text("kept", encoding="utf-8")
    code, _, err = run(capsys, *args, "--lang", "en")
    assert code == 1 and "is there already and was kept" in err
    assert target.read_text(encoding="utf-8") == "kept"
    source = tmp_path / "soc.json"
    source.write_text(json.dumps(foreign_playbook()), encoding="utf-8")
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "vendor-outage-soc.yaml").write_text("# mine\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "cacao", str(source), str(folder), "--lang", "zh")
    assert code == 1 and "已存在，未覆盖" in err
    assert (folder / "vendor-outage-soc.yaml").read_text(encoding="utf-8") == "# mine\n"


def test_the_export_goes_to_standard_output_and_needs_its_type(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "playbooks", "--export", "cacao", "--type", "data-leak")
    assert code == 0 and json.loads(out)["type"] == "playbook"
    code, _, err = run(capsys, "playbooks", "--export", "cacao", "--lang", "en")
    assert code == 2 and "--export needs --type" in err
    code, _, err = run(capsys, "playbooks", "--export", "cacao", "--type", "data-lek",
                       "--lang", "en")
    assert code == 2 and "'data-leak'" in err
    code, _, err = run(capsys, "playbooks", "--export", "cacao", "--type", "data-leak",
                       "--json", "--lang", "zh")
    assert code == 2 and "--json" in err


def test_an_import_into_an_empty_folder_is_a_valid_library_of_one_type(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder holding only the imported type plays it with the shipped plan, settings and
    facts; the shipped facts naming the other shipped types do not make it invalid."""
    exported = tmp_path / "data-leak.json"
    code, _, err = run(capsys, "playbooks", "--export", "cacao", "--type", "data-leak",
                       "-o", str(exported))
    assert code == 0, err
    folder = tmp_path / "ours"
    code, _, err = run(capsys, "import", "cacao", str(exported), str(folder), "--lang", "en")
    assert code == 0, err
    code, out, err = run(capsys, "validate", str(folder), "--lang", "en")
    assert code == 0, out + err
    imported, problems = check_folder(folder)
    assert problems == [] and list(imported.playbooks) == ["data-leak"]


def test_an_import_cites_the_clauses_of_the_institutions_own_plan(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With --playbooks, a step citing a clause only the institution's plan has is imported
    citing it (the shipped plan would not know the clause, and the step would be refused)."""
    folder = institution_folder(tmp_path)
    plan = folder / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + (
        '  - id: "9.1"\n'
        '    title: {zh: "本机构补充条款", en: "The institution\'s own clause"}\n'
        '    text:\n'
        '      zh: "本机构补充的应急要求。"\n'
        '      en: "An emergency rule the institution added."\n'), encoding="utf-8")
    doc = foreign_playbook()
    doc["external_references"] = [{"name": "Plan 9.1", "external_id": "9.1"}]
    source = tmp_path / "soc.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run(capsys, "--playbooks", str(folder), "import", "cacao", str(source),
                       str(folder), "--lang", "en")
    assert code == 0, err
    assert "cites no clause" not in err
    imported, problems = check_folder(folder)
    assert problems == []
    assert imported.playbooks["vendor-outage-soc"].steps[0].source == ("9.1",)
