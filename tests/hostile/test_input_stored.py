"""Values that older versions accepted, or a writer got wrong, stay readable around them.

The database below is what such versions left: correctly hash-chained records holding a Td
in the year 26 (in both spellings older versions wrote), a Td in the year 9999, a
declaration dated 1970, and payloads of the wrong type. Every reader lists the other
incidents as usual, says which event of which incident it cannot interpret, and exits 1
on that incident, never 70 (an internal error) or with a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hostile_kit import run
from msgspec.structs import replace

from runbook.chain import chained
from runbook.errors import UnreadableEvent
from runbook.events import Actor, Event
from runbook.fold import fold
from runbook.loader import load_library
from runbook.readable import unreadable
from store import EventStore
from store.bulk import bulk_load
from tui.home_feed import HomeFeed

START = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
WHO = Actor("lin", "office")
DECLARED = {"type": "technical-fault", "level": "II", "title": "gateway down", "drill": False}


def event(incident: str, kind: str, minutes: int, **payload: Any) -> Event:
    at = START + timedelta(minutes=minutes)
    return Event(incident, kind, WHO, at, at, payload)


def declared(incident: str, **extra: Any) -> Event:
    return event(incident, "incident_declared", 0, **{**DECLARED, **extra})


# Incident id -> (its events, the seq that cannot be interpreted).
BROKEN: dict[str, tuple[list[Event], int]] = {
    "typo-26": ([declared("typo-26", reported_at="26-12-01T03:15:00.000000Z",
                          reported_offset=0)], 1),
    "typo-0026": ([declared("typo-0026", reported_at="0026-12-01T03:15:00.000000Z",
                            reported_offset=0)], 1),
    "far-future": ([declared("far-future", reported_at="9999-12-31T23:59:59.000000Z",
                             reported_offset=0)], 1),
    "epoch": ([replace(declared("epoch"), occurred_at=datetime(1970, 1, 1, tzinfo=UTC))], 1),
    "bad-offset": ([declared("bad-offset", reported_at="2026-11-26T02:00:00.000000Z",
                             reported_offset=99_999)], 1),
    "bad-level": ([declared("bad-level"),
                   event("bad-level", "level_changed", 5, level=5, reason="worse")], 2),
    "no-step": ([declared("no-step"), event("no-step", "note", 1, text="ok"),
                 event("no-step", "step_done", 2)], 3),
    "to-number": ([declared("to-number"),
                   event("to-number", "report_sent", 3, to=7, text="sent")], 2),
    "title-list": ([declared("title-list", title=["a"])], 1),
    "unknown-kind": ([declared("unknown-kind"), event("unknown-kind", "teleported", 4)], 2),
    "no-declaration": ([event("no-declaration", "note", 1, text="first")], 1),
}
GOOD = "good"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stored") / "old.db"
    events = chained([declared(GOOD), event(GOOD, "note", 1, text="still fine")])
    for chain, _ in BROKEN.values():
        events += chained(chain)
    bulk_load(path, events)
    return path


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("RUNBOOK_LANG", "en")
    yield


def no_crash(code: int, err: str) -> None:
    assert code != 70 and "internal error" not in err and "Traceback" not in err, err


def test_list_shows_the_others_and_names_the_unreadable(capsys: pytest.CaptureFixture[str],
                                                        db: Path) -> None:
    code, out, err = run(capsys, "list", "--json", "--db", str(db))
    no_crash(code, err)
    assert code == 0
    rows = {row["id"]: row for row in json.loads(out)}
    assert rows[GOOD]["state"] == "open" and rows[GOOD]["level"] == "II"
    for incident, (_, seq) in BROKEN.items():
        assert rows[incident]["state"] == "unreadable", incident
        assert rows[incident]["problem"]["seq"] == seq, incident
        assert f"record {seq}" in rows[incident]["problem"]["en"]
        assert f"第 {seq} 条" in rows[incident]["problem"]["zh"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_list_as_a_table_too(capsys: pytest.CaptureFixture[str], db: Path, lang: str) -> None:
    code, out, err = run(capsys, "list", "--db", str(db), "--lang", lang)
    no_crash(code, err)
    assert code == 0 and GOOD in out
    for incident in BROKEN:
        assert incident in out


@pytest.mark.parametrize("incident", sorted(BROKEN))
@pytest.mark.parametrize("command", [
    ["status"], ["status", "--json"], ["export"], ["export", "--format", "html"],
    ["export", "--format", "json"]])
def test_commands_on_it_name_the_event_and_exit_1(capsys: pytest.CaptureFixture[str],
                                                  db: Path, incident: str,
                                                  command: list[str]) -> None:
    code, _, err = run(capsys, *command[:1], incident, *command[1:], "--db", str(db))
    no_crash(code, err)
    seq = BROKEN[incident][1]
    assert code == 1 and incident in err and f"record {seq}" in err, err


@pytest.mark.parametrize("incident", sorted(BROKEN))
def test_its_timeline_still_shows_every_event(capsys: pytest.CaptureFixture[str], db: Path,
                                              incident: str) -> None:
    code, out, err = run(capsys, "timeline", incident, "--json", "--db", str(db))
    no_crash(code, err)
    assert len(json.loads(out)) == len(BROKEN[incident][0])
    assert code == 1 and f"record {BROKEN[incident][1]}" in err
    code, out, err = run(capsys, "timeline", incident, "--db", str(db))
    no_crash(code, err)
    assert code == 1


def test_the_good_incident_reads_as_usual(capsys: pytest.CaptureFixture[str],
                                          db: Path) -> None:
    for command in (["status", GOOD], ["timeline", GOOD], ["export", GOOD],
                    ["verify", GOOD]):
        code, _, err = run(capsys, *command, "--db", str(db))
        assert code == 0, (command, err)


@pytest.mark.parametrize("as_json", [True, False])
def test_review_leaves_it_out_and_says_so(capsys: pytest.CaptureFixture[str], db: Path,
                                          as_json: bool) -> None:
    code, out, err = run(capsys, "review", *(["--json"] if as_json else []), "--db", str(db))
    no_crash(code, err)
    assert code == 0
    for incident in BROKEN:
        assert incident in err
    if as_json:
        result = json.loads(out)
        assert result["incidents"]["real"] == 1
        assert {u["id"] for u in result["unreadable"]} == set(BROKEN)


def test_verify_names_the_first_event_it_cannot_interpret(
        capsys: pytest.CaptureFixture[str], db: Path) -> None:
    for incident, (_, seq) in BROKEN.items():
        if incident == "no-declaration":
            continue  # a chain of itself is sound: only the fold needs a declaration first
        code, out, err = run(capsys, "verify", incident, "--db", str(db))
        assert code == 1, (incident, out, err)
        assert f"record {seq}" in out and "cannot interpret" in out, out
    code, out, _ = run(capsys, "verify", "--db", str(db))
    assert code == 1 and "cannot interpret" in out
    with EventStore.open(db, create=False) as store:
        report = store.verify("bad-level")
    assert report.ok  # the chain is intact: nothing was tampered with
    problem = report.unreadable
    assert problem is not None and (problem.what, problem.seq) == ("unreadable", 2)


def test_the_fold_refuses_by_name(db: Path) -> None:
    with EventStore.open(db, create=False) as store:
        for incident, (_, seq) in BROKEN.items():
            with pytest.raises(UnreadableEvent) as refused:
                fold(store.events(incident))
            assert (refused.value.incident_id, refused.value.seq) == (incident, seq)


def test_one_function_says_why(db: Path) -> None:
    reasons = {incident: unreadable(chain[seq - 1])
               for incident, (chain, seq) in BROKEN.items() if incident != "no-declaration"}
    assert "Td" in reasons["typo-26"].en and "2000" in reasons["typo-0026"].en  # type: ignore[union-attr]
    assert "after it was recorded" in reasons["far-future"].en  # type: ignore[union-attr]
    assert "1970" in reasons["epoch"].en and "1970" in reasons["epoch"].zh  # type: ignore[union-attr]
    assert "'level'" in reasons["bad-level"].en  # type: ignore[union-attr]
    assert "'step'" in reasons["no-step"].en and "'to'" in reasons["to-number"].en  # type: ignore[union-attr]
    assert unreadable(declared(GOOD)) is None


def test_the_players_home_list_keeps_the_others(db: Path) -> None:
    feed = HomeFeed(load_library())
    with EventStore.open(db, create=False) as store:
        rows = feed.summaries(store, START + timedelta(hours=1))
    assert [r.id for r in rows] == [GOOD]
    assert set(feed.broken) == set(BROKEN)
    assert "record 3" in feed.reasons["no-step"].en


def test_a_row_the_store_cannot_decode_hides_nothing_else(
        capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    import shutil

    from store_helpers import raw

    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    with raw(copy, drop_triggers=True) as conn:
        conn.execute("UPDATE events SET occurred_at = 'yesterday' WHERE incident_id = ?"
                     " AND seq = 2", (GOOD,))
    code, out, err = run(capsys, "list", "--json", "--db", str(copy))
    no_crash(code, err)
    rows = {row["id"]: row for row in json.loads(out)}
    assert code == 0 and rows[GOOD]["state"] == "unreadable"
    assert f"{GOOD} record 2" in rows[GOOD]["problem"]["en"]
    assert rows["bad-level"]["problem"]["seq"] == 2 and len(rows) == len(BROKEN) + 1
    code, out, err = run(capsys, "review", "--json", "--db", str(copy))
    no_crash(code, err)
    assert code == 0 and GOOD in {u["id"] for u in json.loads(out)["unreadable"]}
