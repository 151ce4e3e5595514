"""Durations as the playbooks write them: 30m, 2h, 1h30m, 3d, 5wd (working days)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from msgspec import Struct

_PART = re.compile(r"([0-9]+)(wd|d|h|m)")
_WHOLE = re.compile(r"^(?:[0-9]+(?:wd|d|h|m))+$")
# No deadline of an emergency plan is ten years away; beyond this it is a typo.
LONGEST = timedelta(days=3660)


class DurationSyntaxError(ValueError):
    pass


class DurationTooLong(DurationSyntaxError):
    pass


class Duration(Struct, frozen=True):
    """Calendar time plus a count of working days (Monday to Friday)."""

    delta: timedelta = timedelta()
    working_days: int = 0

    def after(self, moment: datetime) -> datetime:
        """The moment this long after `moment`; working days skip Saturdays and Sundays."""
        result = moment
        remaining = self.working_days
        while remaining > 0:
            result += timedelta(days=1)
            if result.weekday() < 5:
                remaining -= 1
        return result + self.delta

    def text(self) -> str:
        parts = []
        if self.working_days:
            parts.append(f"{self.working_days}wd")
        seconds = int(self.delta.total_seconds())
        days, rest = divmod(seconds, 86400)
        hours, rest = divmod(rest, 3600)
        minutes = rest // 60
        for amount, unit in ((days, "d"), (hours, "h"), (minutes, "m")):
            if amount:
                parts.append(f"{amount}{unit}")
        return "".join(parts) or "0m"


def parse_duration(text: str) -> Duration:
    compact = text.strip()
    if not _WHOLE.match(compact):
        raise DurationSyntaxError(text)
    minutes = 0
    working = 0
    for amount, unit in _PART.findall(compact):
        n = int(amount)
        if unit == "wd":
            working += n
        else:
            minutes += n * {"d": 1440, "h": 60, "m": 1}[unit]
    if minutes > LONGEST.total_seconds() // 60 or working * 7 > LONGEST.days * 5:
        raise DurationTooLong(text)
    return Duration(timedelta(minutes=minutes), working)
