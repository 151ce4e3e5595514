"""A time as a responder types it in a form: `HH:MM` (today) or a full ISO 8601 time.

`HH:MM` is today, in the zone of the clock's now. A time of today still to come is refused,
not taken for yesterday: a guessed day would put a regulator's clock (counted from Td) a day
out without anyone noticing; yesterday is written with its date. A full time without a zone
is in the clock's zone. Either must be inside the window every record keeps to
(`runbook.timewindow`).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Final

from runbook.errors import UsageError
from runbook.i18n import Msg
from runbook.timewindow import outside

_CLOCK_TIME: Final = re.compile(r"^(\d{1,2})\s*[:：]\s*(\d{2})$")  # 02:20, or 02：20 (an IME's)

NOT_A_TIME: Final = Msg(
    "{text!r} is not a time: write HH:MM for today (02:20), or the date and time "
    "(2026-11-25 23:40).",
    "{text!r} 不是有效时间：今天的时间请写“时:分”（如 02:20），其他日期请写日期和时间"
    "（如 2026-11-25 23:40）。")
TO_COME: Final = Msg(
    "{text} today is still to come (it is {now} now). For a time yesterday write its date "
    "too: {example}.",
    "今天的 {text} 尚未到来（现在是 {now}）。如是昨天的时间，请写上日期：{example}。")


def parse_typed_time(text: str, now: datetime) -> datetime:
    """The moment `text` names, said at `now` (aware); UsageError, in words a responder can
    act on, if it names none or one outside the record's window."""
    text = text.strip()
    found = _CLOCK_TIME.match(text)
    if found is not None:
        hour, minute = int(found.group(1)), int(found.group(2))
        if hour > 23 or minute > 59:
            raise UsageError(NOT_A_TIME.format(text=text))
        moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
        if moment > now:
            yesterday = (moment - timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
            raise UsageError(TO_COME.format(text=moment.strftime("%H:%M"),
                                            now=now.strftime("%H:%M"), example=yesterday))
        return moment
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(NOT_A_TIME.format(text=text)) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=now.tzinfo)
    problem = outside(moment, now)
    if problem is not None:
        raise UsageError(problem)
    return moment
