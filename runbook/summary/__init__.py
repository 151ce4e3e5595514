"""The post-incident summary: built from the record, rendered as Markdown, HTML or JSON.

Pure: no clock (the export moment is passed in), no storage, no UI.
"""

from runbook.summary.build import build_summary
from runbook.summary.formats import FORMATS, render
from runbook.summary.model import ChainCheck, Summary
from runbook.summary.render_html import render_html
from runbook.summary.render_json import render_json, summary_json
from runbook.summary.render_md import render_md

__all__ = ["FORMATS", "ChainCheck", "Summary", "build_summary", "render", "render_html",
           "render_json", "render_md", "summary_json"]
