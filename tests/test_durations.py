"""Durations as playbooks write them (30m, 2h, 1h30m, 3d, 5wd) and when they end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from runbook.durations import Duration, DurationSyntaxError, parse_duration

CST = timezone(timedelta(hours=8))
# 2026-11-23 is a Monday.
MON, TUE, WED, THU, FRI, SAT, SUN = (datetime(2026, 11, 23 + i, 9, 30, tzinfo=CST)
                                     for i in range(7))
NEXT_MON = MON + timedelta(days=7)


@pytest.mark.parametrize(("text", "delta", "working_days"), [
    ("30m", timedelta(minutes=30), 0),
    ("2h", timedelta(hours=2), 0),
    ("1h30m", timedelta(hours=1, minutes=30), 0),
    ("3d", timedelta(days=3), 0),
    ("5wd", timedelta(), 5),
    ("1wd4h", timedelta(hours=4), 1),
    ("1d2h3m", timedelta(days=1, hours=2, minutes=3), 0),
    ("0m", timedelta(), 0),
    ("90m", timedelta(minutes=90), 0),
    ("  2h\n", timedelta(hours=2), 0),  # surrounding blanks are forgiven
])
def test_parse(text: str, delta: timedelta, working_days: int) -> None:
    assert parse_duration(text) == Duration(delta, working_days)


@pytest.mark.parametrize("text", [
    "", " ", "2 hours", "-5m", "+5m", "5", "m", "h30", "1.5h", "2H", "1h 30m", "30 m",
    "$verify", "5w", "1y", "30s", "2hours", "1h30", "wd", "1dw", "1h-30m", "2h\n3m",
])
def test_bad_text_is_refused(text: str) -> None:
    with pytest.raises(DurationSyntaxError):
        parse_duration(text)


def test_a_syntax_error_is_a_value_error_naming_the_text() -> None:
    with pytest.raises(ValueError, match="2 hours"):
        parse_duration("2 hours")


@pytest.mark.parametrize("text", ["99999999999d", "9999999999999h", "99999999999999999999m"])
def test_an_impossibly_long_duration_is_a_syntax_error(text: str) -> None:
    with pytest.raises(DurationSyntaxError):
        parse_duration(text)


@pytest.mark.parametrize(("text", "shown"), [
    ("30m", "30m"), ("2h", "2h"), ("1h30m", "1h30m"), ("3d", "3d"), ("5wd", "5wd"),
    ("90m", "1h30m"), ("1wd4h", "1wd4h"), ("0m", "0m"), ("48h", "2d"),
])
def test_text(text: str, shown: str) -> None:
    assert parse_duration(text).text() == shown
    assert parse_duration(shown) == parse_duration(text)


# --- after ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "text", "end"), [
    (MON, "30m", MON + timedelta(minutes=30)),
    (MON, "1h30m", MON + timedelta(hours=1, minutes=30)),
    (FRI, "3d", NEXT_MON),  # calendar days run through the weekend
    (MON, "1wd", TUE),
    (THU, "1wd", FRI),
    (FRI, "1wd", NEXT_MON),  # working days skip Saturday and Sunday
    (THU, "2wd", NEXT_MON),
    (FRI, "5wd", FRI + timedelta(days=7)),
    (MON, "5wd", NEXT_MON),
    (SAT, "1wd", NEXT_MON),  # from a weekend, the next working day
    (SUN, "1wd", NEXT_MON),
    (SAT, "2wd", NEXT_MON + timedelta(days=1)),
    (WED, "10wd", WED + timedelta(days=14)),
    (THU, "1wd4h", FRI + timedelta(hours=4)),
    (MON, "0m", MON),
    (SAT, "0wd", SAT),
])
def test_after(start: datetime, text: str, end: datetime) -> None:
    assert parse_duration(text).after(start) == end


def test_after_keeps_the_time_of_day_and_the_zone() -> None:
    late = datetime(2026, 11, 27, 23, 59, tzinfo=CST)  # Friday, a minute to midnight
    due = parse_duration("1wd").after(late)
    assert due == datetime(2026, 11, 30, 23, 59, tzinfo=CST)
    assert due.tzinfo is CST


def test_working_days_count_in_the_zone_of_the_moment() -> None:
    # Saturday 03:00 in Shanghai is still Friday in UTC: the weekday is the one of the moment
    # as given, so callers pass local time.
    saturday_cst = datetime(2026, 11, 28, 3, 0, tzinfo=CST)
    friday_utc = saturday_cst.astimezone(UTC)
    assert friday_utc.weekday() == 4
    assert parse_duration("1wd").after(saturday_cst) == datetime(2026, 11, 30, 3, 0, tzinfo=CST)
    assert parse_duration("1wd").after(friday_utc) == datetime(2026, 11, 30, 19, 0,
                                                               tzinfo=UTC)


def test_after_with_naive_moments() -> None:
    assert parse_duration("1wd").after(datetime(2026, 11, 27, 12)) == datetime(2026, 11, 30, 12)


def test_working_days_never_end_on_a_weekend() -> None:
    for start in (MON, TUE, WED, THU, FRI, SAT, SUN):
        for n in range(1, 12):
            due = Duration(working_days=n).after(start)
            assert due.weekday() < 5
            weekdays_between = sum(
                1 for d in range(1, (due - start).days + 1)
                if (start + timedelta(days=d)).weekday() < 5)
            assert weekdays_between == n


def test_longer_texts_end_later() -> None:
    texts = ["0m", "1m", "59m", "1h", "1h1m", "23h59m", "1d", "1d1m", "2d"]
    ends = [parse_duration(t).after(MON) for t in texts]
    assert ends == sorted(ends) and len(set(ends)) == len(ends)
