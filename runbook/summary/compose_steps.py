"""Sections 3 and 4: every step that applied, by group, and the decisions taken."""

from __future__ import annotations

from runbook.i18n import Lang, Msg
from runbook.summary.document import Block, Heading, Inline, Para, Span, Table, code, text
from runbook.summary.export_times import moment
from runbook.summary.model import StepOutcome, Summary
from runbook.summary.phrases import actor_text, deadline, outcome
from runbook.vocabulary import GROUPS

STEP_HEADERS = (Msg("Step", "步骤"), Msg("Clause", "条款"),
                Msg("Deadline", "时限"), Msg("Due", "到期时间"), Msg("Done", "完成时间"),
                Msg("Outcome", "结果"))


def step_cell(o: StepOutcome, lang: Lang) -> Inline:
    """The step by its title, its id after it (in small type where the format has it)."""
    return (o.step.title(lang), " ", *code(o.step.id))


def step_row(o: StepOutcome, s: Summary, lang: Lang) -> tuple[Inline, ...]:
    done = moment(o.done_at, s.tz)
    if o.done_at is not None and o.last_by is not None:
        done += f" · {actor_text(o.last_by, lang)}"
    return (step_cell(o, lang), text(", ".join(o.step.source)),
            deadline(o, lang), text(moment(o.due, s.tz)), text(done),
            outcome(o, s.tz, lang, closed=s.overview.closed is not None))


def steps(s: Summary, lang: Lang) -> list[Block]:
    f = s.facts
    blocks: list[Block] = [
        Heading(2, Msg("3. Steps by group", "3. 各小组步骤执行情况")(lang), "steps"),
        Para(text(Msg(
            f"Steps that applied during the incident, at any level: {len(s.steps)}. "
            f"Deadlines that fell due: {f.deadlines}; met: {f.met}; missed: "
            f"{f.deadlines - f.met}.",
            f"事件期间（任一级别）适用的步骤：{len(s.steps)} 个。已到期的时限：{f.deadlines} 个；"
            f"按时完成：{f.met} 个；未按时完成：{f.deadlines - f.met} 个。")(lang))),
    ]
    for g in GROUPS:
        mine = [o for o in s.steps if o.step.group == g.id]
        if not mine:
            continue
        blocks.append(Heading(3, g.name(lang), f"group-{g.id}"))
        blocks.append(Table(tuple(h(lang) for h in STEP_HEADERS),
                            tuple(step_row(o, s, lang) for o in mine), "steps"))
    return blocks


def decisions(s: Summary, lang: Lang) -> list[Block]:
    blocks: list[Block] = [Heading(2, Msg("4. Decisions", "4. 决策记录")(lang), "decisions")]
    if not s.decisions:
        blocks.append(Para(text(Msg("No decision was recorded.", "未记录任何决策。")(lang))))
        return blocks
    superseded = Msg(" (superseded)", "（已被取代）")(lang)
    rows = tuple(
        (text(moment(d.stamp.at, s.tz)), code(d.step_id),
         (Span(d.label(lang), strong=True), Span(superseded if d.superseded else "")),
         text(d.rationale), text(actor_text(d.stamp.by, lang)))
        for d in s.decisions)
    headers = (Msg("Time", "时间"), Msg("Step", "步骤"), Msg("Decision", "决策"),
               Msg("Rationale", "理由"), Msg("Who", "决策人"))
    blocks.append(Table(tuple(h(lang) for h in headers), rows, "decisions"))
    return blocks
