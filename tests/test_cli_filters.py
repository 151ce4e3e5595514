"""For scripts (issue 12 item 17): one group's steps, the overdue ones, the events of a kind,
since a time, holding a text, and each incident's overdue count and next deadline."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cli_kit import declare, now, run, tokens

from runbook.cli.main import main
from runbook.kinds import Kind


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ea83: declared 3 h ago, steps overdue, notes by two people at known times; b000:
    declared 5 minutes ago; c111: closed."""
    path = tmp_path_factory.mktemp("filters") / "r.db"
    declare(path, "20261201-ea83", ago=timedelta(hours=3))
    declare(path, "20261201-b000", ago=timedelta(minutes=5))
    declare(path, "20261201-c111", ago=timedelta(hours=1))
    for args in (
            ("note", "ea83", "Vendor ticket INC-4471 opened", "--at", ago(150),
             "--at-reason", "typed up late", "--by", "ann"),
            ("note", "ea83", "bridge call at the top of the hour", "--by", "bo",
             "--group", "tech"),
            ("step", "ea83", "report.verify", "done", "--note", "confirmed with the head",
             "--by", "ann"),
            ("report", "ea83", "first call to the head", "--to", "head", "--by", "ann"),
            ("close", "c111", "--force", "--reason", "drill of the tooling"),
    ):
        with pytest.raises(SystemExit) as done:
            main([*args, "--db", str(path)])
        assert done.value.code in (0, None), args
    return path


def ago(minutes: int) -> str:
    return (now() - timedelta(minutes=minutes)).isoformat(timespec="minutes")


def json_of(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


# --- status --group, --overdue -----------------------------------------------------------------


def test_status_group_shows_only_that_groups_steps(capsys: pytest.CaptureFixture[str],
                                                   db: Path) -> None:
    every = json_of(capsys, "status", "ea83", "--db", str(db))
    tech = json_of(capsys, "status", "ea83", "--group", "tech", "--db", str(db))
    assert tech["steps"] and {s["group"] for s in tech["steps"]} == {"tech"}
    assert [s["id"] for s in tech["steps"]] == [s["id"] for s in every["steps"]
                                                 if s["group"] == "tech"]
    assert tech["overdue"] == sum(s["overdue"] for s in tech["steps"])
    assert tech["next_step"] in {s["id"] for s in tech["steps"]}
    code, out, err = run(capsys, "status", "ea83", "--group", "tech", "--db", str(db),
                         "--lang", "en")
    assert code == 0, err
    words = tokens(out)
    assert {s["id"] for s in tech["steps"]} <= words
    assert not {s["id"] for s in every["steps"] if s["group"] != "tech"} & words


def test_status_overdue_shows_only_the_overdue_steps(capsys: pytest.CaptureFixture[str],
                                                     db: Path) -> None:
    every = json_of(capsys, "status", "ea83", "--db", str(db))
    late = json_of(capsys, "status", "ea83", "--overdue", "--db", str(db))
    assert late["steps"] and all(s["overdue"] for s in late["steps"])
    assert [s["id"] for s in late["steps"]] == [s["id"] for s in every["steps"] if s["overdue"]]
    assert late["overdue"] == every["overdue"] == len(late["steps"])
    both = json_of(capsys, "status", "ea83", "--overdue", "--group", "office", "--db", str(db))
    assert [s["id"] for s in both["steps"]] == [s["id"] for s in late["steps"]
                                                 if s["group"] == "office"]
    code, out, _ = run(capsys, "status", "ea83", "--overdue", "--db", str(db), "--lang", "en")
    on_time = {s["id"] for s in every["steps"] if not s["overdue"]}
    assert code == 0 and not on_time & tokens(out)


def test_status_overdue_with_nothing_overdue_says_so(capsys: pytest.CaptureFixture[str],
                                                     db: Path) -> None:
    assert json_of(capsys, "status", "b000", "--overdue", "--db", str(db))["steps"] == []
    code, out, err = run(capsys, "status", "b000", "--overdue", "--db", str(db), "--lang", "en")
    assert code == 0 and "No step is overdue" in out + err


# --- timeline --kind, --since, --grep ----------------------------------------------------------


def test_timeline_kind_shows_only_those_events(capsys: pytest.CaptureFixture[str],
                                               db: Path) -> None:
    notes = json_of(capsys, "timeline", "ea83", "--kind", "note", "--db", str(db))
    assert [e["kind"] for e in notes] == [Kind.NOTE, Kind.NOTE]
    mixed = json_of(capsys, "timeline", "ea83", "--kind", "note", "--kind", "report_sent",
                    "--db", str(db))
    assert {e["kind"] for e in mixed} == {Kind.NOTE, Kind.REPORT_SENT} and len(mixed) == 3
    code, out, err = run(capsys, "timeline", "ea83", "--kind", "report_sent", "--db", str(db),
                         "--lang", "en")
    assert code == 0, err
    assert {"first", "call"} <= tokens(out) and "bridge" not in tokens(out), out


def test_timeline_since_shows_what_happened_or_was_recorded_since(
        capsys: pytest.CaptureFixture[str], db: Path) -> None:
    every = json_of(capsys, "timeline", "ea83", "--db", str(db))
    since = json_of(capsys, "timeline", "ea83", "--since", ago(60), "--db", str(db))
    cut = datetime.fromisoformat(ago(60))
    expected = [e["seq"] for e in every
                if datetime.fromisoformat(e["occurred_at"]) >= cut
                or datetime.fromisoformat(e["recorded_at"]) >= cut]
    assert [e["seq"] for e in since] == expected
    assert 1 not in expected and 2 in expected  # the backdated note was recorded since
    code, _, err = run(capsys, "timeline", "ea83", "--since", "yesterday", "--db", str(db))
    assert code == 2 and "--since" in err


@pytest.mark.parametrize("text, seqs", [
    ("inc-4471", [2]),  # case-insensitive, in a note's text
    ("ANN", [2, 4, 5]),  # who
    ("head", [4, 5]),  # a step note, a report's text and recipient
])
def test_timeline_grep_finds_text_and_who(capsys: pytest.CaptureFixture[str], db: Path,
                                          text: str, seqs: list[int]) -> None:
    found = json_of(capsys, "timeline", "ea83", "--grep", text, "--db", str(db))
    assert [e["seq"] for e in found] == seqs
    both = json_of(capsys, "timeline", "ea83", "--grep", text, "--kind", "note",
                   "--db", str(db))
    assert [e["seq"] for e in both] == [e["seq"] for e in found if e["kind"] == Kind.NOTE]


def test_timeline_help_lists_the_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "timeline", "--help")
    flat = " ".join(out.split())
    assert code == 0 and all(k.value in flat for k in Kind), out


# --- list --json -------------------------------------------------------------------------------


def test_list_json_gives_each_incidents_overdue_count_and_next_due(
        capsys: pytest.CaptureFixture[str], db: Path) -> None:
    rows = {r["id"]: r for r in json_of(capsys, "list", "--db", str(db))}
    late, fresh, closed = (rows[i] for i in ("20261201-ea83", "20261201-b000",
                                             "20261201-c111"))
    status = json_of(capsys, "status", "ea83", "--db", str(db))
    assert late["overdue"] == status["overdue"] > 0
    upcoming = next(s for s in status["steps"] if s["id"] == status["next_step"])
    assert late["next_due"] == (upcoming["next_due"] or upcoming["due"])
    assert fresh["overdue"] == 0 and datetime.fromisoformat(fresh["next_due"]) > now()
    assert closed["overdue"] == 0 and closed["next_due"] is None
