"""Times enter the record only inside a sane window: not before 2000, not in the future.

A typo such as `--reported-at 0026-12-01T03:15` used to be stored and then made every
later reading of the database fail; now it is a usage error naming the option, and the
rules refuse such times from any writer (the player too).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hostile_kit import run
from memlog import START, MemLog, mini_library

from runbook.actions import When, declaration, make_event
from runbook.errors import RefusedAction

TYPE = ("--type", "technical-fault", "--level", "II")


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "r.db")


def ago(minutes: int) -> str:
    return (datetime.now().astimezone() - timedelta(minutes=minutes)).isoformat(
        timespec="seconds")


def listed(capsys: pytest.CaptureFixture[str], db: str) -> list[dict[str, object]]:
    code, out, err = run(capsys, "list", "--json", "--db", db)
    assert code == 0, err
    rows: list[dict[str, object]] = json.loads(out)
    return rows


@pytest.mark.parametrize("value", [
    "0026-12-01T03:15", "1970-01-01T00:00", "1999-12-31T23:59+00:00",
    "9999-12-31T23:59:59", "2999-01-01T00:00"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_reported_time_outside_the_window_is_a_usage_error(
        capsys: pytest.CaptureFixture[str], db: str, value: str, lang: str) -> None:
    code, _, err = run(capsys, "start", *TYPE, "--reported-at", value, "--db", db,
                       "--lang", lang)
    assert code == 2, err
    assert "--reported-at" in err
    assert ("2000" in err) or ("future" in err if lang == "en" else "未来" in err)
    assert listed(capsys, db) == []


@pytest.mark.parametrize("value", ["1970-01-01T00:00", "0026-12-01T03:15"])
def test_a_declaration_dated_before_2000_is_refused(capsys: pytest.CaptureFixture[str],
                                                     db: str, value: str) -> None:
    code, _, err = run(capsys, "start", *TYPE, "--at", value, "--at-reason", "paper log",
                       "--db", db, "--lang", "en")
    assert code == 2 and "--at" in err and "2000" in err
    assert listed(capsys, db) == []


def test_a_future_time_on_an_action_names_the_option(capsys: pytest.CaptureFixture[str],
                                                     db: str) -> None:
    reported = ago(30)  # once: the clock may pass a second between two calls
    code, out, err = run(capsys, "start", *TYPE, "--reported-at", reported, "--db", db)
    assert code == 0, err
    assert listed(capsys, db)[0]["reported"] == reported  # a plausible Td is kept
    incident = out.strip()
    code, _, err = run(capsys, "note", incident, "later", "--at", "2999-01-01T00:00",
                       "--db", db, "--lang", "en")
    assert code == 2 and "--at" in err and "future" in err


@pytest.mark.parametrize("value", ["1900-01-01", "0026-12-01", "2999-01-01"])
def test_review_since_outside_the_window_is_a_usage_error(
        capsys: pytest.CaptureFixture[str], db: str, value: str) -> None:
    code, _, err = run(capsys, "review", "--since", value, "--db", db, "--lang", "en")
    assert code == 2 and "--since" in err


def test_a_backdated_declaration_needs_its_reason(capsys: pytest.CaptureFixture[str],
                                                  db: str) -> None:
    code, _, err = run(capsys, "start", *TYPE, "--at", ago(90), "--db", db, "--lang", "en")
    assert code == 2 and "--at-reason" in err
    code, _, err = run(capsys, "start", *TYPE, "--at", ago(90), "--db", db, "--lang", "zh")
    assert code == 2 and "--at-reason" in err and "原因" in err
    assert listed(capsys, db) == []
    code, out, err = run(capsys, "start", *TYPE, "--at", ago(90), "--at-reason",
                         "declared by phone, entered later", "--db", db)
    assert code == 0, err
    code, out, _ = run(capsys, "timeline", out.strip(), "--json", "--db", db)
    declared = json.loads(out)[0]
    assert declared["backdated"] and declared["payload"]["backdate_reason"] == (
        "declared by phone, entered later")


def test_the_rules_refuse_such_times_from_any_writer() -> None:
    """The player and scripts using the core get the same window as the command line."""
    log = MemLog(mini_library())
    log.at(10)
    for reported in (datetime(26, 12, 1, 3, 15, tzinfo=START.tzinfo),
                     datetime(9999, 12, 31, 23, 59, tzinfo=START.tzinfo),
                     START + timedelta(days=1)):
        with pytest.raises(RefusedAction, match="Td"):
            log.append(declaration(log.author, log.library, log.incident_id, type_id="fault",
                                   level="II", title="t", drill=False, reported_at=reported))
    with pytest.raises(RefusedAction, match="2000"):
        log.append(declaration(log.author, log.library, log.incident_id, type_id="fault",
                               level="II", title="t", drill=False,
                               when=When(datetime(1970, 1, 1, tzinfo=START.tzinfo),
                                         "paper")))
    log.declare("II", reported_at=START)
    with pytest.raises(RefusedAction, match="reason"):
        log.append(make_event(log.author, log.incident_id, "note", {"text": "x"},
                              at=START + timedelta(minutes=1)))
    log.append(make_event(log.author, log.incident_id, "note", {"text": "x"},
                          at=START + timedelta(minutes=1), at_reason="phone call"))


@pytest.mark.parametrize(("typed", "meant"), [
    ("02:20", datetime(2026, 11, 26, 2, 20)),
    ("2:20", datetime(2026, 11, 26, 2, 20)),
    ("02：20", datetime(2026, 11, 26, 2, 20)),  # an IME's full-width colon
    (" 03:00 ", datetime(2026, 11, 26, 3, 0)),
    ("2026-11-25 23:40", datetime(2026, 11, 25, 23, 40)),
    ("2026-11-25T18:00:00+00:00", None),  # its own zone, kept
])
def test_a_typed_first_report_time(typed: str, meant: datetime | None) -> None:
    """Issue 12 item 11: the declare form's "first reported at", as a responder types it."""
    from datetime import UTC

    from runbook.typed_time import parse_typed_time

    now = datetime(2026, 11, 26, 3, 40, tzinfo=START.tzinfo)
    got = parse_typed_time(typed, now)
    if meant is None:
        assert got == datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
    else:
        assert got == meant.replace(tzinfo=now.tzinfo)


@pytest.mark.parametrize("typed", ["24:00", "03:60", "03:41", "half past two", "2026-13-01"])
def test_a_typed_time_it_cannot_use_is_a_usage_error(typed: str) -> None:
    from runbook.errors import UsageError
    from runbook.typed_time import parse_typed_time

    now = datetime(2026, 11, 26, 3, 40, tzinfo=START.tzinfo)
    with pytest.raises(UsageError):
        parse_typed_time(typed, now)
