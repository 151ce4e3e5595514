"""How people name an incident: its whole id, or the first characters of it or of the part
after its date (`ea83`, `ea8` or `20261201-ea` for `20261201-ea83`), in any case; for an id
made on a site (`20261201-dc1-ea83`) also of its token after the site (`ea83`) or of the
part after the date (`dc1-ea`). The commands resolve what is typed against the incidents of
the database with `candidates`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from runbook.errors import UsageError
from runbook.i18n import Msg

SHOWN: Final = 10  # candidates named in full when a start of an id names several


def candidates(given: str, ids: Iterable[str]) -> list[str]:
    """The ids `given` is the start of (or the start of the part after the date of)."""
    wanted = given.strip().casefold()
    if not wanted:
        return []
    return [i for i in ids
            if i.casefold().startswith(wanted) or after_date(i).casefold().startswith(wanted)
            or token(i).casefold().startswith(wanted)]


def after_date(incident_id: str) -> str:
    """`ea83` of `20261201-ea83` (runbook's ids are the date, a dash, a token)."""
    _, dash, rest = incident_id.partition("-")
    return rest if dash else ""


def token(incident_id: str) -> str:
    """`ea83` of `20261201-dc1-ea83` (an id made on a site); "" for an id without a site."""
    rest = after_date(incident_id)
    _, dash, last = rest.rpartition("-")
    return last if dash else ""


class AmbiguousIncident(UsageError):
    """What was typed is the start of several incidents' ids."""

    def __init__(self, given: str, found: Sequence[str]) -> None:
        listed = ", ".join(found[:SHOWN])
        more = len(found) - SHOWN
        super().__init__(Msg(
            f"{given!r} names {len(found)} incidents: {listed}"
            + (f" and {more} more" if more > 0 else "")
            + ". Type more of the id (`runbook list` shows them all).",
            f"{given!r} 对应 {len(found)} 个事件：{listed}"
            + (f" 等（另有 {more} 个）" if more > 0 else "")
            + "。请输入更完整的编号（`runbook list` 可查看全部事件）。"))
        self.given = given
        self.found = list(found)
