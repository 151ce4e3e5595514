"""The whole summary as a document, in one language, sections in the order investigators
expect them: identification, overview, steps, decisions, communication, timeline,
evaluation, loss, recovery, investigation, insurance, suggestions, sign-off."""

from __future__ import annotations

from runbook.i18n import Lang, Msg
from runbook.summary import (
    compose_figures,
    compose_followup,
    compose_head,
    compose_records,
    compose_review,
    compose_steps,
)
from runbook.summary.chart import timeline_svg
from runbook.summary.document import Block, Chart, Heading, Para, Span
from runbook.summary.model import Summary

TITLE = Msg("Post-incident summary", "事件处置总结报告")
DRILL_TITLE = Msg("Drill summary", "演练总结报告")


def title(s: Summary, lang: Lang) -> str:
    i = s.identification
    head = (DRILL_TITLE if i.drill else TITLE)(lang)
    return f"{head}: {i.incident_id}" if lang == "en" else f"{head}：{i.incident_id}"


def compose(s: Summary, lang: Lang, *, chart: bool = False) -> list[Block]:
    """The blocks of the summary; `chart` adds the SVG timeline (HTML only)."""
    blocks: list[Block] = [Heading(1, title(s, lang), "top")]
    if s.identification.title:
        blocks.append(Para((Span(s.identification.title, strong=True),)))
    blocks += compose_head.identification(s, lang)
    blocks += compose_head.overview(s, lang)
    blocks += compose_figures.key_times(s, lang)
    blocks += compose_figures.classification(s, lang)
    blocks += compose_figures.vendor(s, lang)
    blocks += compose_figures.notice(s, lang)
    if chart:
        blocks.append(Chart(timeline_svg(s, lang)))
    blocks += compose_steps.steps(s, lang)
    blocks += compose_steps.decisions(s, lang)
    blocks += compose_records.communications(s, lang)
    blocks += compose_records.timeline(s, lang)
    blocks += compose_followup.drill_goals(s, lang)
    blocks += compose_review.evaluation(s, lang)
    blocks += compose_review.post_incident(s, lang)
    blocks += compose_review.suggestions(s, lang)
    blocks += compose_followup.signoff(s, lang)
    return blocks
