"""Tables that fit the terminal without losing what matters.

A column either keeps its whole width (ids, states, times: never cut) or wraps (titles,
details: at spaces, Chinese between characters but never before `，` or `。`, and a word
longer than the column is folded, never cut to an ellipsis).
A column may be optional: when the table does not fit, the optional columns go, in the
order given, before anything is squeezed; `wide` keeps them all. A table whose narrowest
form is wider than the terminal is printed at that width, whole (the terminal wraps its
lines), rather than cut.

Written here because rich's own fitting, when a table is too wide, shrinks every column
alike, the ids included, and cuts them to an ellipsis; so every width is set here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from msgspec import Struct
from rich import box
from rich.cells import cell_len
from rich.console import JustifyMethod
from rich.table import Table
from rich.text import Text

from runbook.linebreak import wrap

WRAP_LEAST: Final = 16  # the narrowest a wrapping column gets
COMFORT: Final = 30  # the width below which a wrapping column reads badly
WORD_CAP: Final = 32  # a wrapping column is kept as wide as its longest word, up to this
SHORT: Final = 16  # a wrapping column this wide or less is given its whole width first
# Between two columns: a cell's right padding, the (blank) rule, the next one's left
# padding; and the outer padding at each end (the table is drawn without its edge).
GAP: Final = 3


class Column(Struct, frozen=True):
    header: str
    wraps: bool = False
    drop: int = 0  # 0: always shown; else dropped when too narrow, lowest first
    least: int = WRAP_LEAST  # wrapping: the narrowest it gets
    comfort: int = COMFORT  # wrapping: optional columns go before it gets narrower than this
    justify: JustifyMethod = "left"


class Fitted(Struct, frozen=True):
    """A table and the width to print it at (the terminal's, or more if it must be)."""

    table: Table
    width: int


def text_width(text: Text) -> int:
    return max((cell_len(line) for line in text.plain.split("\n")), default=0)


def header_width(header: str) -> int:
    return max((cell_len(line) for line in header.split("\n")), default=0)


def longest_word(text: Text) -> int:
    return max((cell_len(word) for word in text.plain.split()), default=0)


def fit(columns: Sequence[Column], rows: Sequence[Sequence[Text]], width: int | None,
        wide: bool = False, **table: Any) -> Fitted:
    """`rows` (one `Text` per column) as a table of at most `width` cells if it can be.

    `width` None: every column, laid out by whatever shows the table (a widget whose width
    changes), the wrapping columns narrowed first. A title or caption given as a string is
    text, never markup."""
    for part in ("title", "caption"):
        if isinstance(table.get(part), str):
            table[part] = Text(table[part])
    if width is None:
        free = Table(box=box.SIMPLE_HEAD, show_edge=False, **table)
        for c in columns:
            free.add_column(c.header, justify=c.justify, no_wrap=not c.wraps, overflow="fold")
        for row in rows:
            free.add_row(*row)
        return Fitted(free, 0)
    natural = [max([header_width(c.header), *(text_width(r[i]) for r in rows)])
               for i, c in enumerate(columns)]
    words = [max([0, *(longest_word(r[i]) for r in rows)]) for i in range(len(columns))]

    def least(i: int, comfortable: bool = False) -> int:
        c = columns[i]
        if not c.wraps:
            return natural[i]
        narrowest = max(c.comfort if comfortable else c.least, min(words[i], WORD_CAP),
                        header_width(c.header))
        return min(natural[i], narrowest)

    def needed(kept: list[int], comfortable: bool = False) -> int:
        return sum(least(i, comfortable) for i in kept) + GAP * len(kept) - 1

    kept = list(range(len(columns)))
    if not wide:  # optional columns go before long text is squeezed
        for i in sorted((i for i in kept if columns[i].drop), key=lambda i: columns[i].drop):
            if needed(kept, comfortable=True) <= width:
                break
            kept.remove(i)
    total = max(width, needed(kept, comfortable=wide))
    widths = {i: least(i) for i in kept}
    spare = total - needed(kept)
    growing = [i for i in kept if columns[i].wraps]
    for i in sorted(growing, key=lambda i: natural[i]):  # short texts whole, if they can be
        if natural[i] <= SHORT and natural[i] - widths[i] <= spare:
            spare -= natural[i] - widths[i]
            widths[i] = natural[i]
    while spare > 0:  # then room for the long ones, the narrowest first
        wanting = [i for i in growing if widths[i] < natural[i]]
        if not wanting:
            break
        narrowest = min(wanting, key=lambda i: widths[i])
        widths[narrowest] += 1
        spare -= 1
    result = Table(box=box.SIMPLE_HEAD, show_edge=False, **table)
    for i in kept:
        c = columns[i]
        result.add_column(c.header, width=widths[i], justify=c.justify,
                          no_wrap=not c.wraps, overflow="fold")
    for row in rows:  # wrapped here, so Chinese breaks as it is set (runbook.linebreak)
        result.add_row(*(Text("\n").join(wrap(row[i], widths[i])) if columns[i].wraps
                         else row[i] for i in kept))
    return Fitted(result, max(width, sum(widths.values()) + GAP * len(kept) - 1))


def printed_width(fitted: Sequence[Fitted], width: int) -> int:
    """The width to print several fitted tables at."""
    return max([width, *(f.width for f in fitted)])
