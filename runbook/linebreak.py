"""Where a paragraph breaks into lines of a given width, as Chinese is set.

Written by hand because neither Rich nor Textual does it: both break only at spaces and
fold a run without spaces (all of a Chinese sentence) wherever the width falls, so a line
may start with `，` or `。`. Here a line may break at a space, or between two characters
of which one is wide (Chinese), but never before a closing mark (`，。；：、！？）」》…`)
nor after an opening one (`（「《`): the break moves back so that the character before the
mark goes down with it (the rule of 禁则, kinsoku). Latin words are kept whole unless one
is wider than a line.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import get_character_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

CLOSING = frozenset("，。；：、！？）」』》〉】〕…—,.;:!?)]}%")
OPENING = frozenset("（「『《〈【〔([{")


def _breakable(text: str, i: int) -> bool:
    """Whether a line may start at index `i` (0 < i < len(text)), by the marks around it."""
    before, after = text[i - 1], text[i]
    if after in CLOSING or before in OPENING:
        return False
    if before == " " or after == " ":
        return True
    return get_character_cell_size(before) == 2 or get_character_cell_size(after) == 2


def line_starts(text: str, width: int) -> list[int]:
    """The offsets at which lines after the first start, for a paragraph with no line break.

    A space at a break is dropped by the caller (the next line starts after it)."""
    sizes = [get_character_cell_size(c) for c in text]
    total = sum(sizes)
    starts: list[int] = []
    start = 0
    done = 0  # cells before `start`
    while total - done > width:
        used = 0
        end = start
        while end < len(text) and used + sizes[end] <= width:
            used += sizes[end]
            end += 1
        # the last place in (start, end] a line may start
        cut = next((i for i in range(end, start, -1) if _breakable(text, i)), end)
        if cut == start:  # nothing fits (a width of one cell and a wide character)
            cut = start + 1
        nxt = cut
        while nxt < len(text) and text[nxt] == " ":
            nxt += 1
        if nxt >= len(text):
            break
        starts.append(nxt)
        done += sum(sizes[start:nxt])
        start = nxt
    return starts


def wrap(text: Text, width: int) -> Iterator[Text]:
    """`text` in lines of at most `width` cells, its styles kept; each line break in it
    starts a new line."""
    at = 0
    for paragraph in text.plain.split("\n"):
        piece = text[at:at + len(paragraph)]
        at += len(paragraph) + 1
        starts = line_starts(paragraph, max(width, 1))
        for i, line in enumerate(piece.divide(starts)):
            if i < len(starts):
                line.rstrip()
            yield line


class Paragraph:
    """`text` as a Rich renderable that wraps by `wrap`, for a widget that wraps what it is
    given (a `Static`): Textual's own wrapping folds Chinese anywhere."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __str__(self) -> str:  # as a Text reads: its characters
        return self.text.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in wrap(self.text, options.max_width):
            line.end = "\n"
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)
