"""What a responder types under stress is understood, or refused saying why (issue 12 item 16):
an id's first characters, levels in any case, the valid values in --help, one message for an
incident that is not there, --at-reason only with --at, a missing database said as such, a
--head hash of the wrong length or form named as such."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from cli_kit import declare, library, now, run

from runbook.kinds import Kind
from runbook.vocabulary import EVALUATION_SECTIONS, RECIPIENT_IDS


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "r.db"


def events_of(capsys: pytest.CaptureFixture[str], db: Path, incident_id: str) -> list[dict]:
    code, out, err = run(capsys, "timeline", incident_id, "--json", "--db", str(db))
    assert code == 0, err
    rows: list[dict] = json.loads(out)
    return rows


# --- --at-reason without --at ------------------------------------------------------------------


def test_an_at_reason_without_at_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                                  db: Path) -> None:
    declare(db, "20261201-ea83")
    code, _, err = run(capsys, "note", "20261201-ea83", "vendor called", "--at-reason",
                       "written up later", "--db", str(db), "--lang", "en")
    assert code == 2 and "--at-reason" in err and "--at " in err, err
    code, _, err = run(capsys, "note", "20261201-ea83", "vendor called", "--at-reason",
                       "written up later", "--db", str(db), "--lang", "zh")
    assert code == 2 and "--at-reason" in err and "补记" in err, err
    assert len(events_of(capsys, db, "20261201-ea83")) == 1  # nothing recorded


# --- levels in any case ------------------------------------------------------------------------


def test_levels_are_taken_in_any_case(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, err = run(capsys, "start", "--type", "technical-fault", "--level", "ii",
                         "--db", str(db), "--by", "lin", "--group", "office")
    assert code == 0, err
    incident_id = out.strip()
    code, _, err = run(capsys, "level", incident_id, "i", "--reason", "full outage",
                       "--db", str(db), "--by", "wang", "--group", "command")
    assert code == 0, err
    code, out, _ = run(capsys, "list", "--json", "--db", str(db))
    assert json.loads(out)[0]["level"] == "I"
    levels = [e["payload"]["level"] for e in events_of(capsys, db, incident_id)]
    assert levels == ["II", "I"]  # stored as the plan writes them


# --- id prefixes -------------------------------------------------------------------------------


@pytest.mark.parametrize("given", ["ea83", "EA83", "ea8", "20261201-ea8", "20261201-ea83"])
def test_an_unambiguous_start_of_an_id_names_the_incident(
        capsys: pytest.CaptureFixture[str], db: Path, given: str) -> None:
    declare(db, "20261201-ea83", "20261201-b000", "20261130-ea90")
    code, out, err = run(capsys, "status", given, "--json", "--db", str(db))
    assert code == 0, err
    assert json.loads(out)["incident"]["id"] == "20261201-ea83"
    code, _, err = run(capsys, "step", given, "report.verify", "done", "--db", str(db),
                       "--by", "lin", "--group", "office")
    assert code == 0, err
    assert events_of(capsys, db, "20261201-ea83")[-1]["kind"] == Kind.STEP_DONE


def test_every_command_on_an_incident_takes_a_start_of_its_id(
        capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    declare(db, "20261201-ea83", "20261201-b000")
    began = (now() - timedelta(minutes=20)).isoformat(timespec="minutes")
    common = ("--db", str(db), "--by", "lin", "--group", "office")
    for args in (("note", "ea8", "bridge open"), ("report", "ea8", "first call", "--to", "head"),
                 ("vendor", "ea8", "ticket 42"), ("handover", "ea8", "all yours", "--to", "bo"),
                 ("fact", "ea8", "outage-began", began, "--note", "logs"),
                 ("evaluate", "ea8", "root cause", "--section", "cause"),
                 ("correct", "ea8", "title", "gateway down (east)", "--reason", "scope"),
                 ("level", "ea8", "III", "--reason", "smaller")):
        code, _, err = run(capsys, *args, *common)
        assert code == 0, (args, err)
    assert len(events_of(capsys, db, "ea8")) == 9
    code, out, err = run(capsys, "verify", "ea8", "--db", str(db), "--lang", "en")
    assert code == 0 and "9 record(s)" in out, err
    code, out, err = run(capsys, "export", "ea8", "--format", "json", "--db", str(db))
    assert code == 0 and json.loads(out)["identification"]["incident"] == "20261201-ea83", err


@pytest.mark.parametrize("lang, words", [("en", "names {n} incidents"), ("zh", "对应 {n} 个事件")])
def test_an_ambiguous_start_is_refused_naming_the_candidates(
        capsys: pytest.CaptureFixture[str], db: Path, lang: str, words: str) -> None:
    declare(db, "20261201-ea83", "20261201-ea91", "20261201-b000")
    for args in (("status", "ea"), ("note", "ea", "x"), ("step", "2026", "report.verify", "done")):
        code, out, err = run(capsys, *args, "--db", str(db), "--lang", lang)
        assert code == 2 and out == "", (args, err)
        everyone = args[1] == "2026"
        assert words.format(n=3 if everyone else 2) in err, err
        assert "20261201-ea83" in err and "20261201-ea91" in err, err
        assert ("20261201-b000" in err) == everyone, err
    for incident_id in ("20261201-ea83", "20261201-ea91", "20261201-b000"):
        assert len(events_of(capsys, db, incident_id)) == 1


def test_a_whole_id_wins_over_the_ids_it_begins(capsys: pytest.CaptureFixture[str],
                                               db: Path) -> None:
    declare(db, "ea83", "ea83-b")
    code, out, err = run(capsys, "status", "ea83", "--json", "--db", str(db))
    assert code == 0, err
    assert json.loads(out)["incident"]["id"] == "ea83"


# --- one message for an incident that is not there ---------------------------------------------


ON_AN_INCIDENT = [
    ("status", "ID"), ("timeline", "ID"), ("verify", "ID"), ("export", "ID"),
    ("step", "ID", "report.verify", "done"), ("note", "ID", "x"), ("level", "ID", "I",
                                                                   "--reason", "r"),
    ("fact", "ID", "records-affected", "20"), ("correct", "ID", "title", "t",
                                                          "--reason", "r"),
    ("report", "ID", "x", "--to", "head"), ("vendor", "ID", "x"),
    ("handover", "ID", "x", "--to", "bo"), ("stand-down", "ID", "--reason", "r"),
    ("close", "ID"), ("reopen", "ID", "--reason", "r"),
    ("evaluate", "ID", "x", "--section", "cause"),
]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_command_says_an_incident_is_not_there_in_the_same_words(
        capsys: pytest.CaptureFixture[str], db: Path, lang: str) -> None:
    declare(db, "20261201-ea83")
    said = set()
    for args in ON_AN_INCIDENT:
        code, out, err = run(capsys, "--by", "lin", "--group", "office",
                             *(a.replace("ID", "20990101-none") for a in args),
                             "--db", str(db), "--lang", lang)
        assert code == 1 and out == "", (args, err)
        said.add(err)
    assert len(said) == 1, said
    message = said.pop()
    assert "20990101-none" in message and "runbook list" in message, message


# --- a missing database ------------------------------------------------------------------------


@pytest.mark.parametrize("lang, words", [("en", "There is no runbook database"),
                                         ("zh", "没有 runbook 数据库")])
def test_list_on_a_missing_database_says_there_is_none_and_shows_no_table(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str, words: str) -> None:
    path = tmp_path / "mistyped.db"
    code, out, err = run(capsys, "list", "--db", str(path), "--lang", lang)
    assert code == 0 and words in err, err
    assert out == "", out  # no empty table that reads as "no incidents here"
    assert not path.exists()


def test_list_on_a_database_without_incidents_says_so(
        capsys: pytest.CaptureFixture[str], db: Path) -> None:
    declare(db)  # a database, no incident in it
    code, out, err = run(capsys, "list", "--db", str(db), "--lang", "en")
    assert code == 0 and "no incidents" in err and "runbook start" in err, err
    assert out == ""


# --- verify --head -----------------------------------------------------------------------------


@pytest.mark.parametrize("head, en, zh", [
    ("3f2a9c", "6 characters", "6 个字符"),
    ("3f2a9c" * 11, "66 characters", "66 个字符"),
    ("sha256:" + "a" * 57, "':'", "':'"),
    ("g" * 64, "'g'", "'g'"),
])
def test_a_head_hash_of_the_wrong_length_or_form_is_named_as_such(
        capsys: pytest.CaptureFixture[str], db: Path, head: str, en: str, zh: str) -> None:
    declare(db, "20261201-ea83")
    for lang, words in (("en", en), ("zh", zh)):
        code, out, err = run(capsys, "verify", "20261201-ea83", "--head", head, "--count", "1",
                             "--db", str(db), "--lang", lang)
        assert code == 2 and out == "", err
        assert words in err and "64" in err, err
        assert "rewritten" not in err and "改写" not in err


# --- the valid values in --help; an unknown one suggests the closest ----------------------------


def test_help_lists_the_valid_values(capsys: pytest.CaptureFixture[str]) -> None:
    for command, option, values in (
            ("start", "--type", list(library().playbooks)),
            ("evaluate", "--section", list(EVALUATION_SECTIONS)),
            ("report", "--to", list(RECIPIENT_IDS)),
            ("timeline", "--kind", [k.value for k in Kind])):
        code, out, _ = run(capsys, command, "--help")
        assert code == 0
        flat = " ".join(out.split())
        missing = [v for v in values if v not in flat]
        assert not missing, (command, option, missing)


@pytest.mark.parametrize("args, closest", [
    (("evaluate", "ID", "x", "--section", "caus"), "'cause'"),
    (("start", "--type", "technical-falt", "--level", "II"), "'technical-fault'"),
    (("correct", "ID", "type", "data-leek", "--reason", "r"), "'data-leak'"),
    (("report", "ID", "x", "--to", "regulater"), "'regulator'"),
])
@pytest.mark.parametrize("lang, words", [("en", "Did you mean"), ("zh", "是否想写")])
def test_an_unknown_value_suggests_the_closest(capsys: pytest.CaptureFixture[str], db: Path,
                                               args: tuple[str, ...], closest: str, lang: str,
                                               words: str) -> None:
    declare(db, "20261201-ea83")
    code, _, err = run(capsys, *(a.replace("ID", "20261201-ea83") for a in args),
                       "--db", str(db), "--lang", lang)
    assert code == 2, err
    assert words in err and closest in err, err
    assert len(events_of(capsys, db, "20261201-ea83")) == 1


# --- what the record holds is shown, never obeyed ----------------------------------------------


RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_candidates_and_titles_from_the_record_are_shown_never_obeyed(
        capsys: pytest.CaptureFixture[str], db: Path) -> None:
    declare(db, "20261201-ea\x1b[2J1", "20261201-ea2", title="[red]x[/red] \x1b[1A\u202e")
    code, _, err = run(capsys, "status", "ea", "--db", str(db), "--lang", "en")
    assert code == 2 and "\\x1b[2J1" in err and not RAW.search(err), err
    for lang in ("en", "zh"):
        code, out, err = run(capsys, "list", "--db", str(db), "--lang", lang)
        assert code == 0 and not RAW.search(out + err)
        assert "[red]x[/red]" in out and "\\x1b[1A" in out, out
        code, out, err = run(capsys, "--by", "\x1b[2Jann", "note", "ea2", "hi\x1b[1A",
                             "--db", str(db), "--lang", lang)
        assert code == 0 and not RAW.search(out + err), err
        code, out, err = run(capsys, "timeline", "ea2", "--grep", "ANN", "--db", str(db),
                             "--lang", lang)
        assert code == 0 and "\\x1b[2Jann" in out and not RAW.search(out + err), out
