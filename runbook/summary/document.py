"""A small document model: what the summary says, independent of Markdown or HTML.

`compose` fills it; `render_md` and `render_html` only lay it out. Text is split into spans
so that ids and commands (code) and warnings (tone) survive into either format.
"""

from __future__ import annotations

from typing import NamedTuple

from msgspec import Struct


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


class Heading(Struct, frozen=True):
    level: int
    text: str
    anchor: str


class Para(Struct, frozen=True):
    parts: Inline


class Pairs(Struct, frozen=True):
    """Label: value lines."""

    rows: tuple[tuple[str, Inline], ...]


class Table(Struct, frozen=True):
    headers: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    name: str = ""


class Fields(Struct, frozen=True):
    """Blank fields for people to fill in on paper or in the file."""

    labels: tuple[str, ...]


class Quote(Struct, frozen=True):
    """A recorded entry, with who wrote it and when."""

    text: str
    by: str


class Items(Struct, frozen=True):
    items: tuple[Inline, ...]


class Verbatim(Struct, frozen=True):
    """Text to copy exactly as it is, line by line (a signed checkpoint)."""

    text: str


class Chart(Struct, frozen=True):
    """An inline SVG; only the HTML shows it."""

    svg: str


Block = Heading | Para | Pairs | Table | Fields | Quote | Items | Verbatim | Chart
