"""What a search of the player's lists matches: a step line by its title, id, state and
deadline; an event by its text, who recorded it and its kind (in either language).

Pure: a query and a line or an event in, a yes or no out. Case and width folded
(`str.casefold`), so `TECH` finds `tech` and `Ｔech`.
"""

from __future__ import annotations

import unicodedata

from runbook.describe import event_detail
from runbook.events import Event
from runbook.i18n import Lang
from runbook.kinds import name as event_name
from tui.eventrows import who
from tui.steprows import StepLine


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where `query` occurs in `text`, folded as the search folds: (start, end) offsets in
    `text` itself, for highlighting (a character that folds to several still maps back)."""
    wanted = fold(query)
    if not wanted:
        return []
    origin: list[int] = []
    pieces: list[str] = []
    for i, char in enumerate(text):
        folded = fold(char)
        pieces.append(folded)
        origin.extend([i] * len(folded))
    haystack = "".join(pieces)
    spans: list[tuple[int, int]] = []
    start = haystack.find(wanted)
    while start >= 0:
        end = start + len(wanted)
        spans.append((origin[start], origin[end - 1] + 1))
        start = haystack.find(wanted, end)
    return spans


def step_matches(line: StepLine, query: str) -> bool:
    if line.kind != "step" or not query:
        return False
    cells = [line.step_id or "", *(c.plain for c in (line.title, line.state, line.due)
                                   if c is not None)]
    return fold(query) in fold(" ".join(cells))


def event_matches(event: Event, query: str, lang: Lang) -> bool:
    if not query:
        return False
    kind = event_name(event.kind)
    cells = [event_detail(event, lang), who(event, lang), event.actor.name, event.kind,
             kind.en, kind.zh]
    return fold(query) in fold(" ".join(cells))
