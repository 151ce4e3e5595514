"""The summary as one self-contained, printable HTML file.

No script, no network, no external asset: inline CSS, an inline SVG chart, and a Content
Security Policy that forbids fetching anything, so the file shows the same offline, in a
mail attachment or printed.

Every text is escaped for HTML and passed through `safetext` first: control characters and
bidi controls show as escapes (inert in a browser and when the file is `cat`), so no
override can reverse the rest of a cell. Cells and paragraphs are blocks, so even strong
right-to-left letters reorder only their own block.
"""

from __future__ import annotations

from html import escape as escape_html

from runbook.i18n import Lang
from runbook.safetext import block as safe_block
from runbook.safetext import line as safe_line
from runbook.summary.compose import compose, title
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
    Table,
    Verbatim,
)
from runbook.summary.html_style import CSS
from runbook.summary.model import Summary
from runbook.summary.print_pages import page_margins

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
HTML_LANG = {"zh": "zh-CN", "en": "en"}


def escape(value: str) -> str:
    """Text as HTML shows it: escaped, nothing in it obeyed; a line break is a space."""
    return escape_html(safe_line(value, newline=" "))


def lines(value: str) -> str:
    """Text as HTML shows it, each of its lines kept (a three-line note reads as three)."""
    return "<br>".join(escape(line) for line in value.split("\n"))


def span(part: Part) -> str:
    if isinstance(part, str):
        return lines(part)
    body = escape(part.text) if part.code else lines(part.text)
    if part.code:
        body = f"<code>{body}</code>"
    if part.strong:
        body = f"<strong>{body}</strong>"
    if part.tone:
        body = f'<span class="tone-{part.tone}">{body}</span>'
    return body


def inline(parts: Inline) -> str:
    return "".join(span(p) for p in parts)


def table(b: Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in b.headers)
    rows = "".join("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in row) + "</tr>"
                   for row in b.rows)
    name = f' class="{escape(b.name)}"' if b.name else ""
    return f"<table{name}><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def block(b: Block) -> str:
    if isinstance(b, Heading):
        return f'<h{b.level} id="{escape(b.anchor)}">{escape(b.text)}</h{b.level}>'
    if isinstance(b, Para):
        return f"<p>{inline(b.parts)}</p>"
    if isinstance(b, Pairs):
        rows = "".join(f"<tr><th>{escape(label)}</th><td>{inline(value)}</td></tr>"
                       for label, value in b.rows)
        return f'<table class="pairs"><tbody>{rows}</tbody></table>'
    if isinstance(b, Table):
        return table(b)
    if isinstance(b, Fields):
        return '<div class="fields">' + "".join(
            f'<div class="field"><span class="label">{escape(label)}</span>'
            '<span class="blank"></span></div>' for label in b.labels) + "</div>"
    if isinstance(b, Quote):
        text = "<br>".join(escape(line) for line in safe_block(b.text).split("\n"))
        return f"<blockquote><p>{text}</p><footer>— {escape(b.by)}</footer></blockquote>"
    if isinstance(b, Items):
        return '<ul class="items">' + "".join(f"<li>{inline(i)}</li>" for i in b.items) + "</ul>"
    if isinstance(b, Verbatim):
        return f'<pre class="verbatim">{escape(safe_block(b.text))}</pre>'
    if isinstance(b, Chart):
        return f'<figure class="chart">{b.svg}</figure>'
    raise TypeError(b)


def contents(blocks: list[Block]) -> str:
    links = "".join(f'<li><a href="#{escape(b.anchor)}">{escape(b.text)}</a></li>'
                    for b in blocks if isinstance(b, Heading) and b.level == 2)
    return f'<nav class="toc"><ol style="list-style:none;padding:0">{links}</ol></nav>'


def render_html(summary: Summary, lang: Lang) -> str:
    blocks = compose(summary, lang, chart=True)
    body = [block(blocks[0]), contents(blocks), *(block(b) for b in blocks[1:])]
    return page(title(summary, lang), CSS + page_margins(summary, lang), body, lang)


def page(heading: str, style: str, body: list[str], lang: Lang) -> str:
    """One self-contained HTML file: `body` (rendered blocks) under `heading`, `style`
    inlined, nothing fetched (the summary's and the printed checklists')."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{HTML_LANG[lang]}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(heading)}</title>\n"
        f"<style>{style}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )
