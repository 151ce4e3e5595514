"""The document model as plain text: for a mail body, a ticket or a form field, where
Markdown's marks would be noise. Headings are underlined, label: value lines and items are
indented, tables are one `a | b | c` line a row. What the record holds is shown as written,
through `safetext` (control and bidi characters as escapes), never obeyed."""

from __future__ import annotations

from runbook.i18n import Lang
from runbook.safetext import block as safe_block
from runbook.safetext import line as safe_line
from runbook.summary.document import (
    Block,
    Chart,
    Fields,
    Heading,
    Inline,
    Items,
    Pairs,
    Para,
    Quote,
    Table,
    Verbatim,
)
from runbook.summary.render_md import BLANK, COLON

UNDERLINE = {1: "=", 2: "-"}


def inline(parts: Inline) -> str:
    return safe_line("".join(p if isinstance(p, str) else p.text for p in parts),
                     newline=" ")


def block(b: Block, lang: Lang) -> str:
    if isinstance(b, Heading):
        title = safe_line(b.text, newline=" ")
        mark = UNDERLINE.get(b.level)
        width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in title)  # CJK: two columns
        return f"{title}\n{mark * width}" if mark else title
    if isinstance(b, Para):
        return inline(b.parts)
    if isinstance(b, Pairs):
        return "\n".join(f"  {safe_line(label, newline=' ')}{COLON[lang]}{inline(value)}"
                         for label, value in b.rows)
    if isinstance(b, Table):
        return "\n".join([" | ".join(safe_line(h, newline=" ") for h in b.headers),
                          *(" | ".join(inline(c) for c in row) for row in b.rows)])
    if isinstance(b, Fields):
        return "\n".join(f"  {safe_line(label, newline=' ')}{COLON[lang]}{BLANK}"
                         for label in b.labels)
    if isinstance(b, Quote):
        body = "\n".join(f"  {line}" for line in safe_block(b.text).split("\n"))
        return f"{body}\n  — {safe_line(b.by, newline=' ')}"
    if isinstance(b, Items):
        return "\n".join(f"  - {inline(item)}" for item in b.items)
    if isinstance(b, Verbatim):
        return "\n".join(f"  {line}" for line in safe_block(b.text).rstrip("\n").split("\n"))
    if isinstance(b, Chart):
        return ""
    raise TypeError(b)


def render_text(blocks: list[Block] | tuple[Block, ...], lang: Lang) -> str:
    parts = (block(b, lang) for b in blocks)
    return "\n\n".join(p for p in parts if p) + "\n"
