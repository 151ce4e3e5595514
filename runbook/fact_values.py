"""The values a fact takes, by its type: read from what a responder types, checked when
recorded, and shown.

Stored forms (the event's `value`), plain JSON so that any tool can read them:
- time: `{"at": "2026-03-14T01:10:00.000000Z", "offset": 480}` (UTC, and the writer's offset);
- integer: a whole number, 0 or more;
- amount: `{"amount": "1234.50", "currency": "CNY"}` (a decimal text: no binary rounding);
- text: a text; choice: an option id; choices: a list of option ids, each once.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from runbook.events import from_utc_text, offset_minutes, utc_text
from runbook.i18n import Lang, Msg
from runbook.playbook import Fact
from runbook.punctuation import listing
from runbook.timewindow import outside
from runbook.wording import count_text

CURRENCY: Final = re.compile(r"^[A-Z]{3}$")
DEFAULT_CURRENCY: Final = "CNY"


class FactValueError(ValueError):
    """What is wrong with a value given for a fact, in both languages."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message.en)
        self.message = message


def _bad(fact: Fact, en: str, zh: str) -> FactValueError:
    return FactValueError(Msg(f"{fact.id}: {en}", f"{fact.id}：{zh}"))


def parse(fact: Fact, text: str, now: datetime) -> Any:
    """The stored form of `text` typed for `fact` (a time without a zone is in `now`'s)."""
    raw = text.strip()
    if not raw:
        raise _bad(fact, "give a value.", "请给出取值。")
    kind = fact.type
    if kind == "time":
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            raise _bad(fact, f"{raw!r} is not a time; write ISO 8601, e.g. 2026-03-14T01:10.",
                       f"{raw!r} 不是有效时间；请用 ISO 8601 格式，例如 2026-03-14T01:10。"
                       ) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=now.tzinfo)
        return {"at": utc_text(moment), "offset": offset_minutes(moment)}
    if kind == "integer":
        digits = raw.replace(",", "").replace("_", "")
        if not digits.isdigit():
            raise _bad(fact, f"{raw!r} is not a whole number of 0 or more.",
                       f"{raw!r} 不是大于等于 0 的整数。")
        return int(digits)
    if kind == "amount":
        return _amount(fact, raw)
    if kind == "choice":
        if fact.option(raw) is None:
            raise _not_an_option(fact, raw)
        return raw
    if kind == "choices":
        chosen = list(dict.fromkeys(p.strip() for p in raw.split(",") if p.strip()))
        for option in chosen:
            if fact.option(option) is None:
                raise _not_an_option(fact, option)
        return chosen
    return raw


def _amount(fact: Fact, raw: str) -> dict[str, str]:
    parts = raw.replace(",", "").split()
    number, currency = [*parts, DEFAULT_CURRENCY][:2] if len(parts) <= 2 else ("", "")
    currency = currency.upper()
    try:
        amount = Decimal(number)
    except InvalidOperation:
        amount = Decimal(-1)
    if not amount.is_finite() or amount < 0 or not CURRENCY.match(currency):
        raise _bad(fact, f"{raw!r} is not an amount; write e.g. 1234.50 CNY.",
                   f"{raw!r} 不是有效金额；请写成例如 1234.50 CNY。")
    return {"amount": str(amount), "currency": currency}


def _not_an_option(fact: Fact, given: str) -> FactValueError:
    options = ", ".join(o.id for o in fact.options)
    return _bad(fact, f"{given!r} is not one of {options}.", f"{given!r} 不是 {options} 之一。")


def problem(fact: Fact, value: Any, recorded: datetime) -> Msg | None:
    """Why a stored value is not one `fact` takes (None when it is)."""
    try:
        _check(fact, value, recorded)
    except FactValueError as error:
        return error.message
    return None


def _check(fact: Fact, value: Any, recorded: datetime) -> None:
    kind = fact.type
    if kind == "time":
        moment = as_time(value)
        if moment is None:
            raise _bad(fact, "the value is not a time.", "取值不是时间。")
        late = outside(moment, recorded)
        if late is not None:
            raise FactValueError(Msg(f"{fact.id}: ", f"{fact.id}：") + late)
    elif kind == "integer":
        if type(value) is not int or value < 0:
            raise _bad(fact, "the value is not a whole number of 0 or more.",
                       "取值不是大于等于 0 的整数。")
    elif kind == "amount":
        if not isinstance(value, dict) or set(value) != {"amount", "currency"}:
            raise _bad(fact, "the value is not an amount.", "取值不是金额。")
        _amount(fact, f"{value['amount']} {value['currency']}")
    elif kind == "choice":
        if type(value) is not str or fact.option(value) is None:
            raise _not_an_option(fact, str(value))
    elif kind == "choices":
        if not isinstance(value, list) or not all(type(v) is str for v in value) \
                or len(set(value)) != len(value):
            raise _bad(fact, "the value is not a list of options.", "取值不是选项列表。")
        for option in value:
            if fact.option(option) is None:
                raise _not_an_option(fact, option)
    elif type(value) is not str or not value.strip():
        raise _bad(fact, "the value is not a text.", "取值不是文本。")


def as_time(value: Any) -> datetime | None:
    """A time fact's moment (None if the value is not one)."""
    if not isinstance(value, dict):
        return None
    at, offset = value.get("at"), value.get("offset", 0)
    if type(at) is not str or type(offset) is not int or not -1440 < offset < 1440:
        return None
    try:
        return from_utc_text(at, offset)
    except (ValueError, OverflowError):
        return None


def as_count(value: Any) -> int | None:
    return value if type(value) is int and value >= 0 else None


def shown(fact: Fact, value: Any, lang: Lang) -> str:
    """The value as people read it."""
    kind = fact.type
    if kind == "time":
        moment = as_time(value)
        return moment.isoformat(" ", "minutes") if moment is not None else repr(value)
    if kind == "integer" and type(value) is int:
        return count_text(value, lang)
    if kind == "amount" and isinstance(value, dict):
        return f"{value.get('amount')} {value.get('currency')}"
    if kind == "choice":
        option = fact.option(str(value))
        return option.label(lang) if option is not None else str(value)
    if kind == "choices" and isinstance(value, list):
        labels = [(fact.option(str(v)) or None) for v in value]
        words = [o.label(lang) if o is not None else str(v)
                 for o, v in zip(labels, value, strict=True)]
        return listing(words, lang)
    return str(value)


def typed(fact: Fact, value: Any) -> str:
    """The value as one would type it again: `parse` of this text gives `value` back (the
    player's form starts a correction from it)."""
    kind = fact.type
    if kind == "time":
        moment = as_time(value)
        return moment.isoformat(timespec="minutes") if moment is not None else ""
    if kind == "amount" and isinstance(value, dict):
        return f"{value.get('amount')} {value.get('currency')}"
    if kind == "choices" and isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)
