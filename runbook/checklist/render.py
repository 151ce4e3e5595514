"""A checklist as Markdown or as one printable HTML file (A4), with the summary's renderers.

Every printed page names the type, the level (and group) and the library digest in its
margin boxes, so a loose page of a binder can be matched to the version in use."""

from __future__ import annotations

from typing import Final

from runbook.checklist.build import Checklist
from runbook.checklist.compose import compose, title
from runbook.i18n import Lang, Msg
from runbook.roster import Roster
from runbook.summary.html_style import CSS
from runbook.summary.print_pages import margin_rule
from runbook.summary.render_html import block as html_block
from runbook.summary.render_html import page
from runbook.summary.render_md import document
from runbook.vocabulary import group, level

CHECKLIST_FORMATS: Final = ("html", "md")

# Fixed column widths, and ids that wrap, so that a table never runs past the page.
CHECKLIST_CSS: Final = """
table.checklist, table.contacts, table.settings { table-layout: fixed; }
table.checklist td, table.checklist th { overflow-wrap: anywhere; }
table.checklist code, table.settings code { white-space: normal; word-break: break-all; }
table.checklist td { height: 2.6em; }
table.checklist th:nth-child(1) { width: 6%; }
table.checklist th:nth-child(2) { width: 44%; }
table.checklist th:nth-child(3) { width: 9%; }
table.checklist th:nth-child(4) { width: 15%; }
table.checklist th:nth-child(5) { width: 8%; }
table.checklist th:nth-child(6) { width: 10%; }
table.checklist th:nth-child(7) { width: 8%; }
table.checklist.one th:nth-child(2) { width: 50%; }
table.checklist.one th:nth-child(3) { width: 16%; }
table.checklist.one th:nth-child(4) { width: 8%; }
table.checklist.one th:nth-child(5) { width: 11%; }
table.checklist.one th:nth-child(6) { width: 9%; }
table.checklist td:first-child { font-size: 1.4em; text-align: center; }
table.contacts td { height: 2.2em; }
@media print { table.checklist { font-size: 9pt; } }
"""
PLAYBOOK: Final = Msg("playbook ", "剧本 ")
SETTINGS: Final = Msg("settings ", "设置 ")


def margins(c: Checklist, lang: Lang) -> str:
    """What heads every page: the checklist's type, level and group; the digests."""
    named = [Msg("Checklist", "检查单")(lang), c.book.title(lang), level(c.level).name(lang)]
    if c.group is not None:
        named.append(group(c.group).short(lang))
    digests = (PLAYBOOK(lang) + c.book.digest[:16] + " · " + SETTINGS(lang)
               + c.settings_digest[:8])
    return margin_rule(" · ".join(named), digests, lang)


def render_checklist(c: Checklist, fmt: str, lang: Lang, roster: Roster | None = None) -> str:
    """The checklist in `fmt` (html or md); `roster`: the groups' contacts, if known."""
    blocks = compose(c, lang, roster)
    if fmt == "md":
        return document(blocks, lang)
    if fmt == "html":
        return page(title(c, lang), CSS + CHECKLIST_CSS + margins(c, lang),
                         [html_block(b) for b in blocks], lang)
    raise ValueError(f"unknown checklist format {fmt!r}")
