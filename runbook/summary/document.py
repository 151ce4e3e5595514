"""A small document model: what the summary says, independent of Markdown or HTML.

`compose` fills it; `render_md` and `render_html` only lay it out. Text is split into spans
so that ids and commands (code) and warnings (tone) survive into either format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Span(NamedTuple):
    """A run of text with a role: code, strong, or a tone."""

    text: str
    code: bool = False
    strong: bool = False
    tone: str | None = None  # "bad", "good" or "warn"


Part = Span | str  # a bare str is plain text: the common case, and the cheapest
Inline = tuple[Part, ...]


def text(value: str) -> Inline:
    return (value,)


def code(value: str) -> Inline:
    return (Span(value, code=True),)


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Para:
    parts: Inline


@dataclass(frozen=True)
class Pairs:
    """Label: value lines."""

    rows: tuple[tuple[str, Inline], ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    name: str = ""


@dataclass(frozen=True)
class Fields:
    """Blank fields for people to fill in on paper or in the file."""

    labels: tuple[str, ...]


@dataclass(frozen=True)
class Quote:
    """A recorded entry, with who wrote it and when."""

    text: str
    by: str


@dataclass(frozen=True)
class Items:
    items: tuple[Inline, ...]


@dataclass(frozen=True)
class Verbatim:
    """Text to copy exactly as it is, line by line (a signed checkpoint)."""

    text: str


@dataclass(frozen=True)
class Chart:
    """An inline SVG; only the HTML shows it."""

    svg: str


Block = Heading | Para | Pairs | Table | Fields | Quote | Items | Verbatim | Chart
