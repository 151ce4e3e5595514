"""The times an incident's record can hold, and when a time counts as given after the fact.

One rule: a time is not before 2000-01-01 (UTC) and not after now plus a few minutes'
tolerance for clocks that differ. It is checked where times enter (the command line's
options, the rules every writer passes) and where they are read back (`runbook.readable`),
so a typo's year never reaches the record, and a record written before this rule reads
as "cannot be interpreted" instead of failing every reader.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Final

from runbook.i18n import Msg

EARLIEST: Final = datetime(2000, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE: Final = timedelta(minutes=5)
BACKDATE_THRESHOLD: Final = timedelta(minutes=1)
# When a record says it was written. Past this no clock was right, and deadlines counted
# from such times (up to `durations.LONGEST` later) would leave the range of `datetime`.
LATEST_RECORDED: Final = datetime(9000, 1, 1, tzinfo=UTC)

EARLY: Final = Msg(
    "{at} is before {earliest}: no incident runbook records is that old; check the year.",
    "{at} 早于 {earliest}：runbook 不记录这么早的事件；请检查年份。")
FUTURE: Final = Msg(
    "{at} is in the future (it is now {now}); give the time it happened.",
    "{at} 在未来（现在是 {now}）；请填写实际发生的时间。")


def shown(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def too_early(moment: datetime) -> bool:
    return moment < EARLIEST


def too_late(moment: datetime, now: datetime) -> bool:
    """After `now` by more than the tolerance (a subtraction: never out of range)."""
    return moment - now > FUTURE_TOLERANCE


def is_backdated(occurred: datetime, recorded: datetime) -> bool:
    """Given after the fact: recorded more than a minute after it happened."""
    return recorded - occurred > BACKDATE_THRESHOLD


def outside(moment: datetime, now: datetime) -> Msg | None:
    """Why `moment` cannot be when something of an incident happened, said at `now`."""
    if too_early(moment):
        return EARLY.format(at=shown(moment), earliest=EARLIEST.date().isoformat())
    if too_late(moment, now):
        return FUTURE.format(at=shown(moment), now=shown(now))
    return None


def outside_day(day: date, now: datetime) -> Msg | None:
    """The same window for a calendar day (`review --since`). A day is a date in some
    writer's offset, which can be a day ahead of ours: tomorrow is still inside."""
    if day < EARLIEST.date():
        return EARLY.format(at=day.isoformat(), earliest=EARLIEST.date().isoformat())
    if day > (now + timedelta(days=1)).date():
        return FUTURE.format(at=day.isoformat(), now=now.date().isoformat())
    return None
