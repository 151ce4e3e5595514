"""Printed checklists (`runbook checklist`): every type × level in both languages, in the
order deadlines fall, with the decisions, the settings in force, the contacts and the
digest; the command writes a file privately and never over one that is there."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
from cli_kit import library, run
from zh_scan import foreign, markdown_prose

from runbook.checklist import build_checklist, render_checklist
from runbook.checklist.build import AFTER, DURING, Checklist
from runbook.errors import UsageError
from runbook.i18n import LANGS, Lang
from runbook.loader import load_library
from runbook.roster import Contact, Roster
from runbook.vocabulary import GROUP_IDS, LEVEL_IDS, RECIPIENT_IDS, level

# In the shipped playbooks' Chinese texts, not the checklist's words: 手机 App, the command
# `runbook fact` as typed, and the recipient ids the reporting steps' details quote
# ("记录以 cac 为对象的报告").
PLAYBOOK_TERMS = ("App", "runbook fact", *RECIPIENT_IDS)
CASES = [(t, lv) for t in sorted(library().playbooks) for lv in LEVEL_IDS]


def ids_of(c: Checklist) -> list[str]:
    """Everything a Chinese page may write in Latin letters: ids, options, settings."""
    found = [*PLAYBOOK_TERMS, c.book.type, *(s.step.id for s in c.steps),
             *(p.name for p in c.parameters)]
    for s in c.steps:
        if s.step.decision is not None:
            found += [o.id for o in s.step.decision.options]
    return found


@pytest.mark.parametrize(("type_id", "level_id"), CASES)
@pytest.mark.parametrize("lang", LANGS)
def test_every_type_and_level_renders_with_every_step_once_in_order(
        type_id: str, level_id: str, lang: Lang) -> None:
    c = build_checklist(library(), type_id, level_id)
    book = c.book
    expected = {s.id for s in book.steps if s.applies_at(level_id)}
    assert [s.step.id for s in c.steps if s.step.id in expected] == [s.step.id for s in c.steps]
    assert len(c.steps) == len(expected)
    for fmt in ("md", "html"):
        out = render_checklist(c, fmt, lang)
        assert book.title(lang) in out and level(level_id).name(lang) in out
        assert book.digest in out and c.settings_digest in out
        mark = "<code>{}</code>" if fmt == "html" else "`{}`"
        positions = [out.index(mark.format(s.step.id)) for s in c.steps]
        assert positions == sorted(positions), "steps out of the checklist's order"
        assert out.count("☐") >= len(c.steps)
    md = render_checklist(c, "md", lang)
    reason = "paper checklist" if lang == "en" else "纸质检查单"
    assert f'--at-reason "{reason}"' in md  # the footer says how to backfill it
    if lang == "zh":
        assert foreign(markdown_prose(md), ids=ids_of(c)) == []


@pytest.mark.parametrize(("type_id", "level_id"), CASES)
def test_deadlines_fall_in_order_and_the_after_stand_down_part_comes_last(
        type_id: str, level_id: str) -> None:
    c = build_checklist(library(), type_id, level_id)
    parts = [s.part for s in c.steps]
    assert parts == sorted(parts)
    for which in (DURING, AFTER):
        mine = c.part(which)
        timed = [s.nominal for s in mine if s.nominal is not None]
        assert timed == sorted(timed)
        # the steps without a deadline close their part
        assert [s.nominal is None for s in mine] == sorted(s.nominal is None for s in mine)


def test_the_deadline_is_written_out_from_its_anchor() -> None:
    md = render_checklist(build_checklist(library(), "technical-fault", "II"), "md", "zh")
    row = next(r for r in md.splitlines() if "`report.verify`" in r and r.startswith("| ☐"))
    assert "| Td + 15 分钟 |" in row
    row = next(r for r in md.splitlines() if "`report.regulator-decision`" in r
               and r.startswith("| ☐"))
    assert "步骤「" in row and "`report.verify` 完成 + 15 分钟" in row
    assert "**决策：" in row and "☐ 报告 `report`" in row  # the question and its options
    en = render_checklist(build_checklist(library(), "technical-fault", "II"), "md", "en")
    assert "| level set + 30 min |" in en and "| Td + 15 min |" in en


def test_a_group_checklist_has_only_that_groups_steps_and_contacts() -> None:
    c = build_checklist(library(), "data-leak", "I", "tech")
    assert c.steps and {s.step.group for s in c.steps} == {"tech"}
    md = render_checklist(c, "md", "en")
    assert "| Done | Step | Deadline |" in md  # no group column
    assert "### Technical Support Group" in md and "### Security Group" not in md
    assert "Technical Support Group" in md.splitlines()[0]


def test_without_a_roster_the_contacts_are_lines_to_fill_in_by_hand() -> None:
    md = render_checklist(build_checklist(library(), "technical-fault", "I"), "md", "zh")
    contacts = md.split("## 联络人（手工填写）")[1].split("## 终端恢复后")[0]
    assert "手工填写" in contacts
    assert contacts.count("| 1 |   |   |   |   |") == len(GROUP_IDS)


def test_a_roster_fills_the_contacts_and_says_which_group_it_leaves_out() -> None:
    c = build_checklist(library(), "technical-fault", "I")
    roster = Roster(contacts={"tech": (
        Contact("Wang Wei", "on-call lead", "+86 10 1234 5678", note="pager 42"),
        Contact("Li Na", phone="+86 10 8765 4321"))})
    md = render_checklist(c, "md", "en", roster)
    assert "## Contacts\n" in md
    assert "| 1 | Wang Wei | on-call lead | +86 10 1234 5678 | pager 42 |" in md
    assert "| 2 | Li Na |   | +86 10 8765 4321 |   |" in md
    assert md.count("Not in the roster: fill in by hand.") == len(GROUP_IDS) - 1


def test_the_settings_in_force_say_which_are_the_institutions(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("format: 1\nparameters:\n  office_verify_high: 10m\n", encoding="utf-8")
    c = build_checklist(load_library(override=mine), "technical-fault", "I")
    md = render_checklist(c, "md", "zh")
    assert "| `office_verify_high` | 10 分钟 | **机构设置** | 4.1.2 |" in md
    assert "| Td + 10 分钟 |" in md
    assert re.search(r"\| `office_verify_high` .*\n", md)
    assert "| `report_decision` | 15 分钟 | 默认值 | 4.1.3 |" in md
    assert c.settings_digest != library().settings.digest
    assert c.settings_digest in md


@pytest.mark.parametrize(("args", "en", "zh"), [
    (("memo", "I", None), "'memo' is not an incident type; use one of: business-interruption",
     "'memo' 不是事件类型；可用：business-interruption"),
    (("data-leak", "V", None), "'V' is not a warning level; use one of: I, II, III, IV.",
     "'V' 不是预警级别；可用：I, II, III, IV。"),
    (("data-leak", "I", "it"), "'it' is not a group; use one of: command, office, tech",
     "'it' 不是小组；可用：command, office, tech"),
])
def test_an_unknown_type_level_or_group_lists_the_valid_ones(
        args: tuple[str, str, str | None], en: str, zh: str) -> None:
    with pytest.raises(UsageError) as refused:
        build_checklist(library(), *args)
    assert en in refused.value.message.en and zh in refused.value.message.zh


def test_the_command_writes_privately_and_never_over_a_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "tf-I.html"
    code, said, err = run(capsys, "checklist", "--type", "technical-fault", "--level", "i",
                          "--lang", "zh", "-o", str(out))
    assert code == 0, err
    assert said.strip() == str(out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "一级预警（红色）" in html
    code, _, err = run(capsys, "checklist", "--type", "technical-fault", "--level", "II",
                       "--lang", "en", "-o", str(out))
    assert code == 1 and "exists already" in err and "--replace" in err
    assert out.read_text(encoding="utf-8") == html
    code, _, err = run(capsys, "checklist", "--type", "technical-fault", "--level", "II",
                       "--lang", "en", "-o", str(out), "--replace")
    assert code == 0, err
    assert "Level II (orange)" in out.read_text(encoding="utf-8")
    code, md, _ = run(capsys, "checklist", "--type", "vendor-breach", "--level", "III",
                      "--group", "office", "--format", "md", "--lang", "en")
    assert code == 0 and md.startswith(
        "# Checklist: Vendor breach of contract · Level III (yellow) · Command Center Office")


@pytest.mark.parametrize(("args", "lang", "said"), [
    (("--type", "memo", "--level", "I"), "zh", "'memo' 不是事件类型；可用：business-interruption"),
    (("--type", "memo", "--level", "I"), "en", "use one of: business-interruption"),
    (("--type", "data-leak", "--level", "V"), "en", "'I', 'II', 'III', 'IV'"),
    (("--type", "data-leak", "--level", "I", "--group", "it"), "zh", "'command', 'office'"),
])
def test_the_command_refuses_an_unknown_type_level_or_group_as_a_usage_error(
        capsys: pytest.CaptureFixture[str], args: tuple[str, ...], lang: str,
        said: str) -> None:
    code, out, err = run(capsys, "checklist", *args, "--lang", lang)
    assert code == 2 and out == ""
    assert said in err and "Traceback" not in err
