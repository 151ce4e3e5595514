"""Hostile text for the display tests, and how to tell whether output carries it raw.

Every hostile text starts with a tag naming its field, so a test can say which field leaked
or vanished; then terminal escape sequences (cursor moves, erase, a C1 CSI), Rich markup
that would crash (`[/v2]`), vanish (`[red]`) or hide a link, and bidi overrides and isolates.
"""

from __future__ import annotations

import re

# What the issue reported: erases the two timeline rows above it.
ERASER = "\x1b[1A\x1b[2K\x1b[1A\x1b[2K  (nothing to see here)"
HOSTILE_TAIL = ("\x1b[2J[/v2] [red]r[/red] [bold]b[/bold] "
                "[link=https://evil.example]x[/link] \x9b31m\u202etxet\u202c \u2066i\u2069\x7f")
# The tail as shown: each control character as its escape, every bracket as typed.
SHOWN_TAIL = ("\\x1b[2J[/v2] [red]r[/red] [bold]b[/bold] "
              "[link=https://evil.example]x[/link] \\x9b31m\\u202etxet\\u202c \\u2066i\\u2069\\x7f")
# The start of it, for places that cut long text at the edge of a cell.
SHOWN_HEAD = "\\x1b[2J[/v2] [red]r[/red]"

# Raw bytes no display may pass on: C0 (tab and newline are layout), DEL, C1, the bidi
# embeddings, overrides, isolates and marks, the line and paragraph separators.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                 "\u2028\u2029]")


def hostile(tag: str) -> str:
    return f"{tag} {HOSTILE_TAIL}"


def shown(tag: str, *, whole: bool = True) -> str:
    return f"{tag} {SHOWN_TAIL if whole else SHOWN_HEAD}"


def raw_found(text: str) -> list[str]:
    """The raw control characters in `text`, as escapes (empty: none)."""
    return sorted({f"U+{ord(m.group()):04X}" for m in RAW.finditer(text)})
