"""A draft as text: Markdown and HTML by the summary's own block renderers (one escaping,
one look), plain text by `render_text`. The HTML page is the summary's: the same style, the
same Content Security Policy, the same printed-page margins (incident id, chain head)."""

from __future__ import annotations

from runbook.drafts.build import Draft
from runbook.summary.html_style import CSS
from runbook.summary.print_pages import page_margins
from runbook.summary.render_html import CSP, HTML_LANG
from runbook.summary.render_html import block as html_block
from runbook.summary.render_html import escape as html_escape
from runbook.summary.render_md import block as md_block
from runbook.summary.render_text import render_text


def _html(d: Draft) -> str:
    body = "\n".join(html_block(b) for b in d.blocks)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{HTML_LANG[d.lang]}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html_escape(d.title)}</title>\n"
        f"<style>{CSS}{page_margins(d.summary, d.lang)}</style>\n</head>\n<body>\n<main>\n"
        + body + "\n</main>\n</body>\n</html>\n")


def render_draft(d: Draft, fmt: str) -> str:
    """The draft in `fmt` (DRAFT_FORMATS: md, text, html)."""
    if fmt == "md":
        parts = (md_block(b, d.lang) for b in d.blocks)
        return "\n\n".join(p for p in parts if p) + "\n"
    if fmt == "text":
        return render_text(d.blocks, d.lang)
    if fmt == "html":
        return _html(d)
    raise ValueError(f"unknown draft format {fmt!r}")
