"""Lay text out in terminal cells, so that Chinese (two cells a character) lines up; and
never send the terminal a character of stored text that it would obey instead of show.

Every row and pane of the player is built from `Text`, never from a markup string, and
passes through `safe` (the rule itself is `runbook.safetext`), so a title with `\\x1b[2J`
cannot clear the screen, a note cannot erase rows, and `[red]` is shown as typed.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Span, Text

from runbook.safetext import block, changes, line


def safe(text: Text | str, *, whole: bool = False) -> Text:
    """`text` as `runbook.safetext` shows stored text, its styles kept: on one line, or
    `whole` with its line breaks. The same object when there is nothing to change."""
    if isinstance(text, str):
        return Text(block(text) if whole else line(text))
    found = list(changes(text.plain, whole=whole))
    if not found:
        return text
    out = text.blank_copy()
    at = 0
    for start, end, shown in found:
        out.append_text(text[at:start])
        styles = text[start:end].spans
        out.append_text(Text(shown, spans=[Span(0, len(shown), s.style) for s in styles]))
        at = end
    out.append_text(text[at:])
    return out


def fit(text: Text | str, width: int) -> Text:
    """Exactly `width` cells: cut with an ellipsis, or padded with spaces."""
    out = safe(text)
    if out is text:
        out = out.copy()
    out.no_wrap = True
    if width <= 0:
        return Text("")
    if cell_len(out.plain) > width:
        out = cut(out, width)
    out.truncate(width, pad=True)
    return out


def cut(text: Text, width: int) -> Text:
    """At most `width` cells, ending in `…` right after the last character kept.

    Rich's own ellipsis pads a wide character that does not fit with a space, and keeps a
    space (or a ` · `) the cut lands after, so Chinese read `技术故障  …`; not here."""
    out = text.copy()
    keep = 0
    used = 0
    for char in text.plain:
        used += cell_len(char)
        if used > width - 1:
            break
        keep += 1
    while keep and text.plain[keep - 1] in " ·":  # nor a separator left hanging
        keep -= 1
    out.right_crop(len(out.plain) - keep)
    out.append("…")
    return out


def clip(text: Text | str, width: int) -> Text:
    """At most `width` cells: cut with an ellipsis if longer, never padded."""
    out = safe(text)
    if out.cell_len <= width:
        return out
    return fit(out, width)


def right(text: Text | str, width: int) -> Text:
    """Right-aligned in `width` cells."""
    out = safe(text)
    length = cell_len(out.plain)
    if length >= width:
        return fit(out, width)
    return Text(" " * (width - length)) + out


def spread(natural: Sequence[int], flexible: int, width: int, gap: int = 1,
           least: int = 8) -> list[int]:
    """Column widths in `width` cells: each column as wide as its widest cell (`natural`),
    the `flexible` one taking what is left; where that leaves it fewer than `least`
    cells, the widest other columns give up cells first, down to `least` each. The
    flexible column also takes whatever is spare."""
    widths = list(natural)
    room = width - gap * (len(widths) - 1)
    others = [i for i in range(len(widths)) if i != flexible]
    need = sum(widths[i] for i in others) + least - room
    while need > 0:
        widest = max(others, key=lambda i: widths[i])
        if widths[widest] <= least:
            break
        widths[widest] -= 1
        need -= 1
    widths[flexible] = max(least, room - sum(widths[i] for i in others))
    return widths


def columns(parts: Sequence[tuple[Text | str, int]], gap: int = 1) -> Text:
    """Columns of fixed cell widths, joined by `gap` spaces; the last may be 0 = the rest."""
    row = Text(no_wrap=True)
    for i, (part, width) in enumerate(parts):
        if i:
            row.append(" " * gap)
        row.append_text(fit(part, width))
    return row
