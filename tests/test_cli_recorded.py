"""What a command recorded is said for people: the step by its title as well as its id, the
kind of event by its name, in the chosen language (issue 12 item 18)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_kit import declare, library, run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    declare(tmp_path / "r.db", "20261201-ea83")
    return tmp_path / "r.db"


def title(step_id: str, lang: str) -> str:
    found = library().playbook("technical-fault").step(step_id)  # type: ignore[union-attr]
    assert found is not None
    return str(found.title.zh if lang == "zh" else found.title.en)


@pytest.mark.parametrize("lang, said", [
    ("en", "Recorded #2: step done — {title} (report.verify)\n"),
    ("zh", "已记录 #2：完成步骤 — {title}（report.verify）\n"),
])
def test_a_step_recorded_is_named_by_its_title_and_id(
        capsys: pytest.CaptureFixture[str], db: Path, lang: str, said: str) -> None:
    code, _, err = run(capsys, "step", "ea83", "report.verify", "done", "--db", str(db),
                       "--lang", lang, "--by", "lin", "--group", "office")
    assert code == 0
    assert err == said.format(title=title("report.verify", lang))


def test_a_decision_is_named_as_such(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, _, err = run(capsys, "step", "ea83", "report.regulator-decision", "done",
                       "--decision", "no-report", "--note", "below the threshold",
                       "--db", str(db), "--lang", "en", "--by", "lin", "--group", "office")
    assert code == 0, err
    assert err == (f"Recorded #2: decision — {title('report.regulator-decision', 'en')} "
                   "(report.regulator-decision)\n")


@pytest.mark.parametrize("lang, said", [
    ("en", "Recorded #2: note (incident 20261201-ea83)\n"),
    ("zh", "已记录 #2：备注（事件 20261201-ea83）\n"),
])
def test_other_events_are_named_by_their_kind_and_incident(
        capsys: pytest.CaptureFixture[str], db: Path, lang: str, said: str) -> None:
    code, _, err = run(capsys, "note", "ea83", "bridge open", "--db", str(db), "--lang", lang)
    assert code == 0 and err == said


def test_a_declaration_says_its_kind_in_words(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    code, out, err = run(capsys, "start", "--type", "technical-fault", "--level", "II",
                         "--db", str(tmp_path / "new.db"), "--lang", "zh")
    assert code == 0
    assert err == f"已记录 #1：宣布事件（事件 {out.strip()}）\n"


def test_a_type_correction_names_the_done_steps_it_leaves_behind_by_title(
        capsys: pytest.CaptureFixture[str], db: Path) -> None:
    common = ("--db", str(db), "--lang", "en", "--by", "lin", "--group", "office")
    book = library().playbook("technical-fault")
    other = library().playbook("data-leak")
    assert book is not None and other is not None
    only_here = next(s for s in book.steps if other.step(s.id) is None and s.applies_at("II")
                     and s.decision is None and not s.done_by)
    code, _, err = run(capsys, "step", "ea83", only_here.id, "done", *common)
    assert code == 0, err
    code, _, err = run(capsys, "correct", "ea83", "type", "data-leak", "--reason", "leak",
                       *common)
    assert code == 0, err
    assert f"{only_here.title.en} ({only_here.id})" in err, err
