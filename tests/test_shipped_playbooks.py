"""The shipped playbooks: valid, complete over types × levels × groups, and faithful to the plan."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from runbook.loader import load_library, validate
from runbook.playbook import Library
from runbook.vocabulary import GROUP_IDS, LEVEL_IDS

PLAN_EN = Path(__file__).resolve().parents[2] / "shared" / "seed" / "plan.en.md"
TYPES = {"technical-fault", "business-interruption", "data-leak", "vendor-breach"}
MUST_CITE = re.compile(r"^(2\.2|3\.3|4\.[1-6]|5\.[1-4])(\.\d+)?$")


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def test_the_shipped_playbooks_are_valid() -> None:
    assert [p.render() for p in validate([])] == []


def test_four_types_each_with_every_level_and_every_group(library: Library) -> None:
    assert set(library.playbooks) == TYPES
    for book in library.playbooks.values():
        for level in LEVEL_IDS:
            assert any(s.applies_at(level) for s in book.steps), (book.type, level)
        assert {s.group for s in book.steps} == set(GROUP_IDS), book.type


def plan_ids(library: Library) -> set[str]:
    if PLAN_EN.exists():
        return set(re.findall(r"\[(\d+(?:\.\d+)*)\]", PLAN_EN.read_text(encoding="utf-8")))
    return set(library.plan.clauses)


def test_the_plan_file_holds_every_clause_of_the_source(library: Library) -> None:
    if not PLAN_EN.exists():
        pytest.skip("the source plan is not beside this checkout")
    assert set(library.plan.clauses) == plan_ids(library)


def test_the_steps_cite_every_clause_that_asks_for_action(library: Library) -> None:
    cited = {c for book in library.playbooks.values() for s in book.steps for c in s.source}
    required = {c for c in plan_ids(library) if MUST_CITE.match(c) and not _is_heading(c)}
    assert required - cited == set()


def _is_heading(clause: str) -> bool:
    """3.3 and 5.1 style ids are headings whose sub-clauses carry the actions."""
    return clause.count(".") == 1


def test_every_step_names_its_source_and_additions_are_marked(library: Library) -> None:
    for book in library.playbooks.values():
        for step in book.steps:
            assert step.source, step.id
            assert all(c in library.plan.clauses for c in step.source), step.id
            if step.module == "additions":
                assert step.addition, step.id


def test_every_setting_says_where_its_default_comes_from(library: Library) -> None:
    for name, param in library.settings.parameters.items():
        assert param.basis.strip(), name
        assert param.clause in library.plan.clauses, name
    for clause in library.plan.clauses.values():
        if "[X]" in clause.text.en:
            assert clause.parameters, clause.id
            assert all(p in library.settings.parameters for p in clause.parameters)


def test_every_step_reads_in_both_languages(library: Library) -> None:
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for book in library.playbooks.values():
        for step in book.steps:
            assert cjk.search(step.title.zh) and cjk.search(step.detail.zh), step.id
            assert not cjk.search(step.title.en), step.id


def test_the_installed_command_finds_its_playbooks_from_anywhere(tmp_path: Path) -> None:
    runbook = Path(sys.executable).with_name("runbook")
    listing = subprocess.run([str(runbook), "playbooks", "--json"], cwd=tmp_path,
                             capture_output=True, text=True, timeout=60, check=True)
    types = json.loads(listing.stdout)["types"]
    assert {t["type"] for t in types} == TYPES
    checked = subprocess.run([str(runbook), "validate"], cwd=tmp_path,
                             capture_output=True, text=True, timeout=60)
    assert (checked.returncode, checked.stdout) == (0, ""), checked.stdout + checked.stderr
