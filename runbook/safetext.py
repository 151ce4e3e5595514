"""How stored text is made safe to show: the one rule every output asks.

Titles, notes, reasons, names and every other text typed by people (or found in a damaged or
forged file) reach terminals, Markdown, HTML and JSON. None of them may carry a character
that the reader's terminal or viewer acts on instead of showing: an ESC that moves the cursor
and erases the rows above, a carriage return that overwrites a line, a bidirectional
override that shows the rest of a cell reversed. The record keeps the text as typed; only
what is shown changes.

The form, one for every character this rule concerns: a Python-style escape, `\\x1b` below
U+0100 and `\\u202e` above, so the reader sees that the text held a control character, and
which. It covers:

- C0 controls (U+0000-U+001F) but the tab and the line breaks below, DEL (U+007F) and C1
  controls (U+0080-U+009F), which terminals obey (ESC, CSI, OSC start sequences);
- the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and
  the marks (U+200E, U+200F, U+061C). They are escaped, not isolated with FSI...PDI: many
  terminals implement no isolates (and some no bidi at all), so an isolate would protect
  nothing there and its own width is unknown to the table layout; an escape is inert in
  every terminal, in Markdown and in HTML alike, and shows that someone put it there. The
  cost, that a genuine mark in right-to-left text shows as `\\u200f`, is small in a record
  written in Chinese and English;
- the line and paragraph separators U+2028 and U+2029 (a break that only some viewers
  honour), and lone surrogates (U+D800-U+DFFF, which a damaged file can decode to and no
  terminal can be sent).

Line breaks (`\\r\\n`, `\\r`, `\\n`) are handled deliberately: `block` keeps them as `\\n`
(a detail pane, a reader page, a quoted entry), `line` shows each as `⏎` (a table cell or a
list row must not break its row). A tab becomes one space in both: its width depends on
where the terminal's tab stops fall, which no cell or wrapped pane can know.

`json_text` is the same rule for JSON printed to a terminal or saved to a file: the data
stays what was typed (the same strings after `json.loads`), but the bytes carry each of these
characters as a `\\uXXXX` escape instead of raw.

Fast path: text that holds nothing to neutralise (almost all of it) is returned itself,
after `str.isprintable()` (every character this rule concerns is a control, format,
separator or surrogate, so none is printable; a C loop, four times as fast as a regex
search) or, for text with something else unprintable such as a no-break space or a line
break, one precompiled regex search.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

LINE_BREAK: Final = "⏎"  # U+23CE: one cell wide in every locale (not East Asian ambiguous)

# Everything the rule concerns but the tab and the three line breaks.
_CONTROLS: Final = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029\ud800-\udfff"
)
_IN_LINE: Final = re.compile(f"\r\n|[{_CONTROLS}\t\r\n]")
_IN_BLOCK: Final = re.compile(f"\r\n|[{_CONTROLS}\t\r]")
# The same characters, as they can appear in encoded JSON: only inside strings (C0 and the
# quote and backslash are escaped by the encoder already; DEL and above are left raw).
_IN_JSON: Final = re.compile(f"[{_CONTROLS}]")


def shown_as(found: str, newline: str) -> str:
    """What one character the rule concerns (or a `\\r\\n`) is shown as."""
    if found in ("\r\n", "\r", "\n"):
        return newline
    if found == "\t":
        return " "
    code = ord(found)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def line(text: str, *, newline: str = LINE_BREAK) -> str:
    """`text` safe to show on one line: a table cell, a list row, a title, a name.

    Each line break becomes `newline` (a Markdown or HTML cell, read as prose, passes a
    space)."""
    if text.isprintable() or _IN_LINE.search(text) is None:
        return text
    return _IN_LINE.sub(lambda m: shown_as(m.group(), newline), text)


def block(text: str) -> str:
    """`text` safe to show whole, its line breaks kept (as `\\n`)."""
    if text.isprintable() or _IN_BLOCK.search(text) is None:
        return text
    return _IN_BLOCK.sub(lambda m: shown_as(m.group(), "\n"), text)


def changes(text: str, *, whole: bool = False) -> Iterator[tuple[int, int, str]]:
    """Where `line(text)` (or `block(text)` if `whole`) differs from `text`: (start, end,
    shown as), in order; for renderers that must keep styles laid over the text."""
    if text.isprintable():
        return
    pattern, newline = (_IN_BLOCK, "\n") if whole else (_IN_LINE, LINE_BREAK)
    for found in pattern.finditer(text):
        yield found.start(), found.end(), shown_as(found.group(), newline)


def json_text(encoded: str) -> str:
    """Encoded JSON (from `json.dumps(..., ensure_ascii=False)`) with every character of this
    rule left raw by the encoder written as a `\\uXXXX` escape: still valid JSON, the same
    data, and nothing a terminal obeys or a viewer reverses."""
    if _IN_JSON.search(encoded) is None:
        return encoded
    return _IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)
