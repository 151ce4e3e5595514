"""What a Chinese reader should never meet: English words, units and level numerals.

`foreign(text, quoted=…, ids=…)` returns the ASCII words left in `text` once what may
stay in Latin letters is taken out: quoted user text (notes, reasons, names, titles as
typed), ids and hashes, and the few terms both languages write alike (the plan's clocks
Td and T0, UTC, the program's own name and its commands, key names). A piece of such a
text that touches an edge (an ellipsis, a border, the end of a line) is let through too:
a screen cuts ids and titles at a column's edge, and a dialog hides part of what is
behind it. A unit glued to a number
(`15m`, `2h`) or a level numeral (`II`) is never allowed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from runbook.events import Event

# Written alike in both languages: the plan's two clocks, the time zone, the program and
# its commands as typed, file formats, and the names on the keyboard.
ALIKE = frozenset({
    "Td", "T0", "UTC", "runbook", "verify", "export", "status", "list", "open", "note",
    "JSON", "HTML", "Markdown", "SQLite", "PDF", "md", "html", "json",
    "Esc", "Enter", "Tab", "Space", "Ctrl", "Shift", "PgUp", "PgDn", "Home", "End", "Up",
    "Down", "Left", "Right",
})
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
HEX = re.compile(r"[0-9a-f]{8,}")
ID = re.compile(r"[A-Za-z0-9]+(?:[.\-_][A-Za-z0-9]+)+")  # tf.diagnose, 20261126-test


def user_texts(events: Iterable[Event]) -> set[str]:
    """Every text a person typed into the record, and every name they gave."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.add(value)
            found.update(value.splitlines())
        elif isinstance(value, Mapping):
            for v in value.values():
                walk(v)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v)

    for event in events:
        found.add(event.actor.name)
        for key in ("text", "note", "reason", "rationale", "title", "backdate_reason", "to",
                    "at_reason", "who", "name", "value"):
            walk(event.payload.get(key))
    return {t for t in found if t.strip()}


def foreign(text: str, *, quoted: Iterable[str] = (), ids: Iterable[str] = (),
            keys: bool = False) -> list[str]:
    """The words a Chinese reader would have to read in English, in order.

    `keys`: a single letter standing alone is a key hint (`d 完成`), as on a screen.
    """
    cut_from = " ".join([*quoted, *ids])
    for q in sorted(set(quoted), key=len, reverse=True):
        text = text.replace(q, " ")
        for k in range(len(q) - 1, 2, -1):  # cut with an ellipsis where it did not fit
            text = text.replace(q[:k].rstrip() + "…", " ")
    for i in sorted(set(ids), key=len, reverse=True):
        for k in range(len(i) - 1, 2, -1):
            text = text.replace(i[:k] + "…", " ")
        text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(i)}(?![A-Za-z0-9])", " ", text)
    text = ID.sub(lambda m: " " if any(c.isdigit() for c in m.group()) else m.group(), text)
    text = HEX.sub(" ", text)
    out = []
    for m in WORD.finditer(text):
        word = m.group()
        glued = m.start() > 0 and text[m.start() - 1].isdigit()
        if not glued and word in ALIKE:
            continue
        if keys and not glued and len(word) == 1:
            continue
        if not glued and _at_an_edge(text, m.start(), m.end()) and word in cut_from:
            continue  # a piece of an id or of typed text, cut at a column's edge or a dialog's
        out.append(word)
    return out


EDGES = "…│┃█▏▕▌▐\n"


def _at_an_edge(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else "\n"
    while end < len(text) and text[end] in "-._":
        end += 1
    after = text[end] if end < len(text) else "\n"
    return before in EDGES or after in EDGES


def markdown_prose(md: str) -> str:
    """The Markdown's prose: code spans (ids, commands as typed) and the line breaks of a
    table cell (`<br>`) out, escapes undone."""
    return re.sub(r"\\(.)", r"\1", re.sub(r"`[^`\n]*`|<br>", " ", md))
