"""The summary as Markdown (GitHub-flavoured tables), to attach to investigation reports.

What the record holds is shown as written: `safetext` makes its control characters and
bidi controls visible (the file is also read with `cat`), and every character Markdown would
read as syntax is escaped, so no note, reason or entry can add a heading, a list, a code
block, a link, an HTML tag, an entity or a table column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from runbook.i18n import Lang
from runbook.safetext import block as safe_block
from runbook.safetext import line as safe_line
from runbook.summary.compose import compose
from runbook.summary.document import (
    Block,
    Chart,
    Fields,
    Heading,
    Inline,
    Items,
    Pairs,
    Para,
    Part,
    Quote,
    Span,
    Table,
    Verbatim,
)
from runbook.summary.model import Summary

_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|&"})
_LINE_START = frozenset("#-+=~")  # heading, list, setext underline, rule, fence
_ORDERED = re.compile(r"^(\d{1,9})([.)])")  # `1.` or `1)` would open an ordered list
_INDENT = re.compile(r"[ \t]+")  # four spaces would open a code block, fewer hide a `#`
_BACKTICKS = re.compile("`+")
BLANK = "_" * 24  # neither left- nor right-flanking: shown as is
COLON = {"en": ": ", "zh": "："}


def escape(value: str) -> str:
    """Plain text that Markdown shows as written, on one line (a line break reads as a
    space, as in the prose of a table cell)."""
    return safe_line(value, newline=" ").translate(_ESCAPES)


def at_line_start(rendered: str) -> str:
    """Keep text that opens a line from reading as a heading, list, rule, fence or code."""
    indent = _INDENT.match(rendered)
    if indent:  # kept, as no-break spaces: Markdown reads them as text, not as indentation
        rendered = "\u00a0" * indent.end() + rendered[indent.end():]
    elif rendered[:1] in _LINE_START:
        rendered = "\\" + rendered
    else:
        rendered = _ORDERED.sub(r"\1\\\2", rendered, count=1)
    return rendered


def _code(value: str, table: bool) -> str:
    """A code span that holds `value` whatever backticks it has; in a table, a pipe is
    escaped even there (GitHub splits cells before it reads code spans)."""
    text = safe_line(value, newline=" ")
    if not text:
        return ""
    if table:
        text = text.replace("|", "\\|")
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def cell_text(value: str) -> str:
    """Plain text in a table cell, each of its lines kept: GitHub shows `<br>` in a cell as
    a line break, and the row stays one line of the file."""
    return "<br>".join(escape(line) for line in value.split("\n"))


def _body(part: Part, table: bool = False) -> str:
    text = part if isinstance(part, str) else part.text
    if isinstance(part, str) or not part.code:
        return cell_text(text) if table else escape(text)
    return _code(part.text, table)


def _bold(part: Span) -> bool:
    return part.strong or part.tone == "bad"


def inline(parts: Inline, table: bool = False) -> str:
    """Spans in a row; neighbouring bold spans share one pair of markers."""
    if len(parts) == 1 and (isinstance(parts[0], str) or not _bold(parts[0])):
        return _body(parts[0], table)
    out: list[str] = []
    run: list[str] = []

    def close() -> None:
        joined = "".join(run)
        core = joined.strip()
        if core:
            lead = joined[: len(joined) - len(joined.lstrip())]
            trail = joined[len(joined.rstrip()):]
            out.append(f"{lead}**{core}**{trail}")
        else:
            out.append(joined)
        run.clear()

    for part in parts:
        if not isinstance(part, str) and _bold(part):
            run.append(_body(part, table))
            continue
        if run:
            close()
        out.append(_body(part, table))
    if run:
        close()
    return "".join(out)


def cell(parts: Inline) -> str:
    return inline(parts, table=True) or " "


def block(b: Block, lang: Lang) -> str:
    if isinstance(b, Heading):
        return f"{'#' * b.level} {escape(b.text)}"
    if isinstance(b, Para):
        return at_line_start(inline(b.parts))
    if isinstance(b, Pairs):
        colon = COLON[lang]
        return "\n".join(f"- **{escape(label)}**{colon}{inline(value)}" for label, value in b.rows)
    if isinstance(b, Table):
        lines = ["| " + " | ".join(escape(h) for h in b.headers) + " |",
                 "|" + "|".join("---" for _ in b.headers) + "|"]
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in b.rows]
        return "\n".join(lines)
    if isinstance(b, Fields):
        return "\n".join(f"- {escape(label)}{COLON[lang]}{BLANK}" for label in b.labels)
    if isinstance(b, Quote):
        body = "\n".join(f"> {at_line_start(escape(line))}" if line.strip() else ">"
                         for line in safe_block(b.text).split("\n"))
        return f"{body}\n>\n> — {escape(b.by)}"
    if isinstance(b, Items):
        return "\n".join(f"- {inline(item)}" for item in b.items)
    if isinstance(b, Verbatim):
        shown = safe_block(b.text)
        fence = "`" * max([3, *(len(run) + 1 for run in re.findall("`+", shown))])
        return f"{fence}text\n{shown.rstrip(chr(10))}\n{fence}"
    if isinstance(b, Chart):
        return ""
    raise TypeError(b)


def document(blocks: Iterable[Block], lang: Lang) -> str:
    """Blocks as one Markdown file (the summary's, a draft's, a checklist's)."""
    parts = (block(b, lang) for b in blocks)
    return "\n\n".join(p for p in parts if p) + "\n"


def render_md(summary: Summary, lang: Lang) -> str:
    return document(compose(summary, lang), lang)
