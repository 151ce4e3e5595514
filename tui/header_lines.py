"""The incident header's lines, laid out in a width: what a responder must see is never
dropped, only wrapped onto another line, and only a title is ever cut.

Pure: pieces of text and a width in, lines of text out (in terminal cells, so Chinese lines
up). The header widget asks again whenever its width or its pieces change.
"""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import Struct, field
from rich.cells import cell_len
from rich.text import Text

from tui.cells import clip, fit

SEP = " · "
MIN_TITLE = 6  # cells of a cut title worth showing (with its ellipsis)


class Piece(Struct, frozen=True):
    """One thing the header says, kept whole on one line if it fits one: `before`, then
    `title` (the one part that may be cut, with an ellipsis), then `after`."""

    before: Text
    title: Text | None = None
    after: Text = field(default_factory=Text)

    def whole(self) -> Text:
        out = self.before.copy()
        if self.title is not None:
            out.append_text(self.title)
        out.append_text(self.after)
        return out

    @property
    def fixed(self) -> int:
        return self.before.cell_len + self.after.cell_len

    def cut(self, width: int) -> Text | None:
        """The piece in `width` cells with its title cut; None if that leaves too little."""
        if self.title is None:
            return None
        room = width - self.fixed
        if room < min(MIN_TITLE, self.title.cell_len):
            return None
        out = self.before.copy()
        out.append_text(clip(self.title, room))
        out.append_text(self.after)
        return out


def headline(badges: Sequence[Text], title: Text, marks: Text, ident: Text,
             width: int) -> Text:
    """`badge title marks  id` in `width` cells: the first badge that leaves the title
    `MIN_TITLE` cells (the long one, then the short one), the title cut to what is left;
    the id and the marks (drill, closed) are never cut while the width holds them."""
    tail = marks.copy()
    tail.append("  ")
    tail.append_text(ident)
    for badge in badges:
        piece = Piece(badge + Text(" "), title, tail)
        whole = piece.whole()
        if whole.cell_len <= width:
            return whole
        cut = piece.cut(width)
        if cut is not None:
            return cut
    # Narrower than any of that: the badge and the id, as much as fits.
    short = badges[-1] + Text(" ") + ident
    return fit(short, width)


def wrap(pieces: Sequence[Piece], width: int) -> list[Text]:
    """The pieces in order, joined by ` · `, on as few lines of `width` cells as keep each
    piece whole; a piece wider than a line has its title cut or, without one, is wrapped
    at its spaces (never cut off)."""
    lines: list[Text] = []
    current: Text | None = None
    for piece in pieces:
        whole = piece.whole()
        if current is not None and current.cell_len + len(SEP) + whole.cell_len <= width:
            current.append(SEP)
            current.append_text(whole)
            continue
        if current is not None:
            lines.append(current)
        if whole.cell_len <= width:
            current = whole
            continue
        cut = piece.cut(width)
        if cut is not None:
            current = cut
            continue
        *full, current = by_words(whole, width)
        lines.extend(full)
    if current is not None:
        lines.append(current)
    return lines


def by_words(text: Text, width: int) -> list[Text]:
    """`text` on lines of at most `width` cells, broken at spaces; a word wider than a
    line is broken where the line ends."""
    lines: list[Text] = []
    current = Text()
    for word in text.split(" ", allow_blank=True):
        if current.cell_len and current.cell_len + 1 + word.cell_len > width:
            lines.append(current)
            current = Text()
        if current.cell_len:
            current.append(" ")
        current.append_text(word)
        while current.cell_len > width:
            head, current = _split_cells(current, width)
            lines.append(head)
    lines.append(current)
    return lines


def _split_cells(text: Text, width: int) -> tuple[Text, Text]:
    """The first `width` cells of `text`, and the rest."""
    cells = 0
    for index, char in enumerate(text.plain):
        cells += cell_len(char)
        if cells > width:
            return text[:index], text[index:]
    return text, Text()
