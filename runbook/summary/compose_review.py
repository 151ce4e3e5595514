"""Sections 7 to 13: evaluation, post-incident handling, suggestions and sign-off."""

from __future__ import annotations

from collections.abc import Callable

from runbook.describe import group_name
from runbook.i18n import Lang, Msg
from runbook.summary import compose_figures, suggestion_groups
from runbook.summary.compose_steps import step_cell
from runbook.summary.document import (
    Block,
    Fields,
    Heading,
    Inline,
    Items,
    Para,
    Quote,
    Span,
    Table,
    code,
    text,
)
from runbook.summary.export_times import moment, span
from runbook.summary.model import Section, Summary
from runbook.summary.phrases import actor_text, outcome, suggestion

REPEAT = Msg(" (repeat)", "（重复）")


def _entries(section: Section, s: Summary, lang: Lang, *, fields_always: bool) -> list[Block]:
    blocks: list[Block] = [
        Quote(e.text, f"{actor_text(e.stamp.by, lang)} · {moment(e.stamp.at, s.tz)}")
        for e in section.entries]
    if fields_always or not section.entries:
        blocks.append(Fields(tuple(f(lang) for f in section.fields)))
    return blocks


def _hint(section_id: str, s: Summary, lang: Lang) -> Para:
    command = f"runbook evaluate {s.identification.incident_id} TEXT --section {section_id}"
    return Para((Span(Msg("Record with ", "记录命令：")(lang)), Span(command, code=True)))


def _effectiveness(s: Summary, lang: Lang) -> list[Block]:
    f = s.facts
    blocks: list[Block] = [Para(text(Msg(
        f"Measured: deadlines that fell due: {f.deadlines}; met: {f.met}; missed: "
        f"{f.deadlines - f.met}.",
        f"实测：已到期的时限 {f.deadlines} 个；按时完成 {f.met} 个；未按时完成 "
        f"{f.deadlines - f.met} 个。")(lang)))]
    rows: list[tuple[Inline, ...]] = []
    for o in f.missed:
        group = text(group_name(o.step.group, lang))
        if o.deadline_missed and o.missed_by is not None:
            rows.append((code(o.step.id), group, text(moment(o.due, s.tz)),
                         text(moment(o.done_at, s.tz)), text(span(o.missed_by, lang))))
        for r in o.repeats_missed:
            rows.append(((Span(o.step.id, code=True), Span(REPEAT(lang))), group,
                         text(moment(r.due, s.tz)), text(moment(r.done_at, s.tz)),
                         text(span(r.missed_by, lang) if r.missed_by else "—")))
    if rows:
        headers = (Msg("Step", "步骤"), Msg("Group", "小组"), Msg("Due", "到期时间"),
                   Msg("Done", "完成时间"), Msg("Missed by", "超时"))
        blocks.append(Table(tuple(h(lang) for h in headers), tuple(rows), "missed"))
    return blocks


def _resources(s: Summary, lang: Lang) -> list[Block]:
    if not s.facts.blocks:
        return [Para(text(Msg("Measured: no step was blocked.", "实测：没有步骤受阻。")(lang)))]
    still = Msg("still blocked", "仍受阻")(lang)
    headers = (Msg("Step", "步骤"), Msg("Blocked at", "受阻时间"), Msg("Until", "解除时间"),
               Msg("Reason", "原因"), Msg("Who", "人员"))
    return [
        Para(text(Msg(f"Measured: {len(s.facts.blocks)} time(s) a step was blocked.",
                      f"实测：步骤受阻 {len(s.facts.blocks)} 次。")(lang))),
        Table(tuple(h(lang) for h in headers), tuple(
            (code(b.step_id), text(moment(b.stamp.at, s.tz)),
             text(moment(b.until, s.tz) if b.until else still), text(b.reason),
             text(actor_text(b.stamp.by, lang))) for b in s.facts.blocks), "blocks")]


def _coordination(s: Summary, lang: Lang) -> list[Block]:
    limit = span(s.facts.gap_threshold, lang)
    if not s.facts.gaps:
        return [Para(text(Msg(
            f"Measured: no stretch of the emergency went over {limit} without recorded activity.",
            f"实测：应急处置期间没有超过 {limit}无任何记录的时段。")(lang)))]
    headers = (Msg("From", "起"), Msg("To", "止"), Msg("Length", "时长"),
               Msg("Between records", "前后记录"))
    return [
        Para(text(Msg(
            f"Measured: {len(s.facts.gaps)} stretch(es) of over {limit} with no recorded "
            "activity before the stand-down.",
            f"实测：应急结束前有 {len(s.facts.gaps)} 个超过 {limit}无任何记录的时段。")(lang))),
        Table(tuple(h(lang) for h in headers), tuple(
            (text(moment(g.start, s.tz)), text(moment(g.end, s.tz)),
             text(span(g.duration, lang)), text(f"#{g.after_seq} → #{g.before_seq}"))
            for g in s.facts.gaps), "gaps")]


def _nothing(s: Summary, lang: Lang) -> list[Block]:
    return []


FIGURES: dict[str, Callable[[Summary, Lang], list[Block]]] = {
    "loss": compose_figures.impact, "recovery": compose_figures.recovery,
}
def _action_items(s: Summary, lang: Lang) -> list[Block]:
    from runbook.summary.compose_followup import action_items

    return action_items(s, lang)


MEASURED: dict[str, Callable[[Summary, Lang], list[Block]]] = {
    "effectiveness": _effectiveness, "resources": _resources, "coordination": _coordination,
    "actions": _action_items,
}


def evaluation(s: Summary, lang: Lang) -> list[Block]:
    blocks: list[Block] = [
        Heading(2, Msg("7. Evaluation (4.6.2)", "7. 评估（4.6.2）")(lang), "evaluation"),
        Para(text(Msg(
            "Measured facts come from the record; the evaluators write each part. Empty "
            "fields are still to be filled in.",
            "实测内容来自记录；各部分由评估人员填写。空白栏目尚待填写。")(lang)))]
    for section in s.evaluation:
        blocks.append(Heading(3, section.title(lang), f"evaluation-{section.id}"))
        blocks += MEASURED.get(section.id, _nothing)(s, lang)
        if section.id == "actions":  # items are events of their own (runbook action)
            blocks += _entries(section, s, lang, fields_always=False)[:len(section.entries)]
            continue
        blocks += _entries(section, s, lang, fields_always=False)
        if not section.entries:
            blocks.append(_hint(section.id, s, lang))
    return blocks


def _recovery_facts(s: Summary, lang: Lang) -> list[Block]:
    ov = s.overview
    if ov.stand_down is None:
        return [Para(text(Msg("Measured: emergency handling has not been stood down.",
                              "实测：应急处置尚未结束。")(lang)))]
    return [Para(text(Msg(
        f"Measured: emergency handling was stood down at {moment(ov.stand_down.at, s.tz)}, "
        f"{span(ov.total, lang)} after T0 and {span(ov.since_td, lang)} after Td.",
        f"实测：应急处置于 {moment(ov.stand_down.at, s.tz)} 结束，距 T0 {span(ov.total, lang)}，"
        f"距 Td {span(ov.since_td, lang)}。")(lang)))]


def post_incident(s: Summary, lang: Lang) -> list[Block]:
    blocks: list[Block] = []
    for number, section in enumerate(s.post_incident, start=8):
        title = f"{number}. {section.title(lang)} ({section.clause})" if lang == "en" else \
            f"{number}. {section.title(lang)}（{section.clause}）"
        blocks.append(Heading(2, title, section.id))
        if section.id == "recovery":
            blocks += _recovery_facts(s, lang)
        blocks += FIGURES.get(section.id, _nothing)(s, lang)
        if section.steps:
            headers = (Msg("Step", "步骤"), Msg("Due", "到期时间"),
                       Msg("Done", "完成时间"), Msg("Outcome", "结果"))
            closed = s.overview.closed is not None
            blocks.append(Table(tuple(h(lang) for h in headers), tuple(
                (step_cell(o, lang), text(moment(o.due, s.tz)),
                 text(moment(o.done_at, s.tz)), outcome(o, s.tz, lang, closed=closed))
                for o in section.steps), f"steps steps-{section.id}"))
        blocks += _entries(section, s, lang, fields_always=True)
    return blocks


def suggestions(s: Summary, lang: Lang) -> list[Block]:
    blocks: list[Block] = [Heading(2, Msg("12. Plan revision suggestions (4.6.3)",
                                          "12. 预案修订建议（4.6.3）")(lang), "suggestions")]
    if not s.suggestions:
        blocks.append(Para(text(Msg("The record suggests no revision.",
                                    "记录中未发现需要修订之处。")(lang))))
        return blocks
    blocks.append(Para(text(Msg(
        "Derived from the record; the evaluators decide which to take up.",
        "以下建议由记录推导得出；由评估人员决定是否采纳。")(lang))))
    groups, rest = suggestion_groups.grouped(s.suggestions)
    lines = [suggestion_groups.group_line(g, s, lang) for g in groups]
    blocks.append(Items((*lines, *(suggestion(x, lang) for x in rest))))
    hints = suggestion_groups.advice(groups, lang)
    if hints:
        blocks.append(Items(tuple(text(h) for h in hints)))
    return blocks


def signoff(s: Summary, lang: Lang) -> list[Block]:
    return [Heading(2, Msg("13. Sign-off", "13. 签署")(lang), "signoff"),
            *_entries(s.signoff, s, lang, fields_always=True)]
