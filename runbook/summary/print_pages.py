"""What every printed page of the HTML summary carries (CSS paged media): the incident id,
the head of the record's chain, and "page x of y", so a loose page of a binder still says
which incident and which version of its record it belongs to. A printed checklist's pages
carry its type, level and library digest the same way (`margin_rule`)."""

from __future__ import annotations

from runbook.i18n import Lang, Msg
from runbook.summary.model import Summary

PAGE = Msg("page ", "第 ")
OF = Msg(" of ", " 页，共 ")
PAGES_END = Msg("", " 页")
HEAD = Msg("chain head ", "链头 ")


def css_string(text: str) -> str:
    """`text` as a CSS string literal: every character but plain letters, digits, spaces and
    `.-_:` written as an escape, so stored text cannot end the rule."""
    out = []
    for char in text:
        if char.isascii() and (char.isalnum() or char in " .-_:"):
            out.append(char)
        else:
            out.append(f"\\{ord(char):x} ")
    return f'"{"".join(out)}"'


def page_margins(summary: Summary, lang: Lang) -> str:
    """The @page rule whose margin boxes print the id, the chain head and the page count."""
    ident = summary.identification
    return margin_rule(ident.incident_id, HEAD(lang) + ident.head_hash[:16], lang)


def margin_rule(top_left: str, top_right: str, lang: Lang) -> str:
    """An A4 @page rule printing `top_left` and `top_right` at the head of every page and
    "page x of y" at its foot (the summary's and the printed checklists' pages)."""
    pages = (f"{css_string(PAGE(lang))} counter(page) {css_string(OF(lang))} counter(pages)"
             + (f" {css_string(PAGES_END(lang))}" if PAGES_END(lang) else ""))
    box = "font: 8pt sans-serif; color: #5c5c5c;"
    return (
        "@page { size: A4; margin: 16mm 12mm 16mm;\n"
        f"  @top-left {{ content: {css_string(top_left)}; {box} }}\n"
        f"  @top-right {{ content: {css_string(top_right)}; {box} }}\n"
        f"  @bottom-center {{ content: {pages}; {box} }}\n"
        "}\n"
    )
