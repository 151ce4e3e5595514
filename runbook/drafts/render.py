"""A draft as text: Markdown and HTML by the summary's own block renderers (one escaping,
one look), plain text by `render_text`. The HTML page is the summary's: the same style, the
same Content Security Policy, the same printed-page margins (incident id, chain head)."""

from __future__ import annotations

from runbook.drafts.build import Draft
from runbook.summary.html_style import CSS
from runbook.summary.print_pages import page_margins
from runbook.summary.render_html import block as html_block
from runbook.summary.render_html import page
from runbook.summary.render_md import document
from runbook.summary.render_text import render_text


def render_draft(d: Draft, fmt: str) -> str:
    """The draft in `fmt` (DRAFT_FORMATS: md, text, html)."""
    if fmt == "md":
        return document(d.blocks, d.lang)
    if fmt == "text":
        return render_text(d.blocks, d.lang)
    if fmt == "html":
        return page(d.title, CSS + page_margins(d.summary, d.lang),
                    [html_block(b) for b in d.blocks], d.lang)
    raise ValueError(f"unknown draft format {fmt!r}")
