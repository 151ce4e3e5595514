"""The summary as Markdown (GitHub-flavoured tables), to attach to investigation reports."""

from __future__ import annotations

from runbook.i18n import Lang
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
)
from runbook.summary.model import Summary

_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|"})
BLANK = "_" * 24  # neither left- nor right-flanking: shown as is
COLON = {"en": ": ", "zh": "："}


def escape(value: str) -> str:
    """Plain text that Markdown shows as written, on one line."""
    if "\n" in value or "\r" in value:
        value = " ".join(value.splitlines())
    return value.translate(_ESCAPES)


def at_line_start(rendered: str) -> str:
    """Keep text that opens a line from reading as a heading, list or rule."""
    return "\\" + rendered if rendered[:1] in ("#", "-", "+", "=") else rendered


def _body(part: Part) -> str:
    if isinstance(part, str):
        return escape(part)
    if not part.code:
        return escape(part.text)
    if not part.text:
        return ""
    fence = "``" if "`" in part.text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{part.text}{pad}{fence}"


def _bold(part: Span) -> bool:
    return part.strong or part.tone == "bad"


def inline(parts: Inline) -> str:
    """Spans in a row; neighbouring bold spans share one pair of markers."""
    if len(parts) == 1 and (isinstance(parts[0], str) or not _bold(parts[0])):
        return _body(parts[0])
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
            run.append(_body(part))
            continue
        if run:
            close()
        out.append(_body(part))
    if run:
        close()
    return "".join(out)


def cell(parts: Inline) -> str:
    return inline(parts) or " "


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
                         for line in b.text.splitlines() or [""])
        return f"{body}\n>\n> — {escape(b.by)}"
    if isinstance(b, Items):
        return "\n".join(f"- {inline(item)}" for item in b.items)
    if isinstance(b, Chart):
        return ""
    raise TypeError(b)


def render_md(summary: Summary, lang: Lang) -> str:
    parts = (block(b, lang) for b in compose(summary, lang))
    return "\n\n".join(p for p in parts if p) + "\n"
