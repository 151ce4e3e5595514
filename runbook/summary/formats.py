"""The formats a summary is rendered in, named once for the command and the player."""

from __future__ import annotations

from typing import Final

from runbook.i18n import Lang
from runbook.summary.model import Summary
from runbook.summary.render_html import render_html
from runbook.summary.render_json import render_json
from runbook.summary.render_md import render_md

# md: the form attached to investigation reports; html: one printable file; json: for tools.
FORMATS: Final = ("md", "html", "json")


def render(summary: Summary, fmt: str, lang: Lang) -> str:
    """The summary as text in `fmt` (JSON holds both languages; `lang` is for the others)."""
    if fmt == "json":
        return render_json(summary)
    if fmt == "html":
        return render_html(summary, lang)
    if fmt == "md":
        return render_md(summary, lang)
    raise ValueError(f"unknown summary format {fmt!r}")
