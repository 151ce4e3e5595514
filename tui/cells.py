"""Lay text out in terminal cells, so that Chinese (two cells a character) lines up."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text


def fit(text: Text | str, width: int) -> Text:
    """Exactly `width` cells: cut with an ellipsis, or padded with spaces."""
    out = Text(text) if isinstance(text, str) else text.copy()
    out.no_wrap = True
    if width <= 0:
        return Text("")
    out.truncate(width, overflow="ellipsis", pad=True)
    return out


def right(text: Text | str, width: int) -> Text:
    """Right-aligned in `width` cells."""
    out = Text(text) if isinstance(text, str) else text.copy()
    length = cell_len(out.plain)
    if length >= width:
        return fit(out, width)
    return Text(" " * (width - length)) + out


def columns(parts: Sequence[tuple[Text | str, int]], gap: int = 1) -> Text:
    """Columns of fixed cell widths, joined by `gap` spaces; the last may be 0 = the rest."""
    line = Text(no_wrap=True)
    for i, (part, width) in enumerate(parts):
        if i:
            line.append(" " * gap)
        line.append_text(fit(part, width))
    return line
