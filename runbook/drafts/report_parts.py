"""The parts of a report to a regulator (plan 4.1.3: overview, measures taken, expected
impact, next steps), with the grade, the key times, the recovery, the vendor, the cause and
the rectification where the kind holds them. Each line comes from the record at the
drafting moment and carries its trace marker; what is not recorded says so, with the
command that records it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Final

from runbook import fact_values
from runbook.action_items import STATES
from runbook.drafts.context import Ctx, Row
from runbook.gate_words import (
    CAC_TITLE,
    CLASS1_TITLE,
    PBOC_TITLE,
    cac_words,
    class1_words,
    pboc_words,
)
from runbook.i18n import Msg
from runbook.punctuation import paren
from runbook.summary import compose_figures as cf
from runbook.summary.document import Block, Heading, Inline, Pairs, Para, Span, text
from runbook.summary.export_times import span
from runbook.summary.model import StepOutcome
from runbook.summary.phrases import actor_text, group_label, level_name
from runbook.vocabulary import RECIPIENTS, REPORT_STAGES, section

NOTHING_YET: Final = Msg("Nothing recorded yet.", "尚无记录。")
DONE_STATES: Final = ("done",)
OPEN_STATES: Final = ("pending", "in_progress", "blocked")
STATE_WORDS: Final = {
    "export": Msg("under way", "处置中"),
    "stand_down": Msg("emergency handling ended (stand-down)", "应急处置已结束"),
    "closed": Msg("closed", "已关闭"),
}


def _pairs(title: Msg, anchor: str, rows: Sequence[Row], c: Ctx) -> list[Block]:
    body: Block = Pairs(tuple(rows)) if rows else Para(text(c.t(NOTHING_YET)))
    return [Heading(2, c.t(title), anchor), body]


def overview(c: Ctx) -> list[Block]:
    s, i, o = c.s, c.s.identification, c.s.overview
    types = [x.seq for x in o.corrections if x.field == "type"]
    rows: list[Row] = [
        c.row(c.t(Msg("Incident", "事件编号")), (Span(i.incident_id, code=True),), [1]),
        c.row(c.t(Msg("Type", "事件类型")), text(i.type_title(c.lang)), [1, *types]),
    ]
    if i.title:
        rows.append(c.row(c.t(Msg("Title", "事件名称")), text(i.title), [1]))
    path = " → ".join(level_name(p.level, c.lang) for p in o.levels)
    rows.append(c.row(c.t(Msg("Warning level", "预警级别")), text(path),
                      [p.seq for p in o.levels]))
    times = {k.what: k for k in (s.figures.key_times if s.figures else ())}
    for what in ("occurred", "discovered", "td", "t0"):
        k = times.get(what)
        if k is None:
            continue
        label = cf.KEY_TIMES[what](c.lang)
        if k.at is None:
            rows.append((label, c.missing(f"runbook fact {i.incident_id} {k.detail} VALUE")))
        else:
            rows.append(c.row(label, text(c.when(k.at)), [k.seq]))
    stamp = o.stand_down if o.end_kind == "stand_down" else o.closed
    state = c.t(STATE_WORDS[o.end_kind])
    if stamp is not None:
        state += paren(c.when(stamp.at), c.lang)
    rows.append(c.row(c.t(Msg("State", "当前状态")), text(state),
                      [stamp.seq] if stamp is not None else []))
    rows += c.fact_rows(("vendor", "vendor-service"))
    return _pairs(Msg("1. Overview", "一、事件概况"), "overview", rows, c)


def grade(c: Ctx) -> list[Block]:
    f = c.s.figures
    if f is None:
        return []
    g = f.gates
    class1 = [x.seq for x in g.class1.criteria]
    people = c.fact("people-affected")
    cac = [g.cac.recorded.seq if g.cac.recorded else None,
           people.value.seq if people is not None and people.value is not None else None]
    rows = [c.row(CLASS1_TITLE(c.lang), text(class1_words(g.class1, c.lang)), class1),
            c.row(CAC_TITLE(c.lang), text(cac_words(g.cac, c.lang)), cac),
            c.row(PBOC_TITLE(c.lang), text(pboc_words(g.pboc_grade, c.lang)),
                  [g.pboc_grade.seq if g.pboc_grade else None])]
    return _pairs(Msg("Grade", "事件分级"), "grade", rows, c)


def times(c: Ctx) -> list[Block]:
    f = c.s.figures
    if f is None:
        return []
    rows: list[Row] = []
    for k in f.key_times:
        detail = cf.key_detail(k, c.s, c.lang)
        label = cf.KEY_TIMES[k.what](c.lang) + (paren(detail, c.lang) if detail else "")
        value: Inline = text(c.when(k.at)) if k.at is not None else (
            Span(cf.NOT_RECORDED(c.lang), tone="warn"),)
        rows.append(c.row(label, value, [k.seq] if k.at is not None else []))
    return _pairs(Msg("Key times", "关键时间"), "times", rows, c)


def done_seq(c: Ctx, o: StepOutcome) -> int | None:
    """The event that completed the step: the recorded action, else its last `done`."""
    if o.done_by is not None:
        return o.done_by
    return next((e.seq for e in reversed(c.s.timeline)
                 if e.kind in ("step_done", "decision_taken") and e.step == o.step.id), None)


def measures(c: Ctx) -> list[Block]:
    rows: list[Row] = []
    done = sorted((o for o in c.s.steps if o.state in DONE_STATES and o.done_at),
                  key=lambda o: (o.done_at, o.step.id))
    for o in done:
        who = actor_text(o.last_by, c.lang) if o.last_by else group_label(o.step.group, c.lang)
        rows.append(c.row(f"{c.when(o.done_at)} {o.step.title(c.lang)}", text(who),
                          [done_seq(c, o)]))
    for d in c.s.decisions:
        if d.superseded:
            continue
        label = c.t(Msg("Decision", "决策")) + f" {c.when(d.stamp.at)}"
        words = d.label(c.lang) + (f" — {d.rationale}" if d.rationale and c.lang == "en"
                                   else f"——{d.rationale}" if d.rationale else "")
        rows.append(c.row(label, text(words), [d.stamp.seq]))
    shown = {done_seq(c, o) for o in done}
    for m in c.s.communications:
        if m.stamp.seq in shown:  # the step it completed is listed already
            continue
        if m.kind == "report_sent":
            whom = RECIPIENTS[m.to](c.lang) if m.to in RECIPIENTS else str(m.to)
            label = c.t(Msg("Reported to", "报告")) + f" {whom} {c.when(m.stamp.at)}"
        elif m.kind == "vendor_contacted":
            label = c.t(Msg("Vendor contacted", "联系外包服务提供商")) + f" {c.when(m.stamp.at)}"
        else:
            continue
        rows.append(c.row(label, text(m.text), [m.stamp.seq]))
    return _pairs(Msg("2. Measures taken", "二、已采取的措施"), "measures", rows, c)


def impact(c: Ctx) -> list[Block]:
    f = c.s.figures
    rows: list[Row] = []
    if f is not None:
        outage = next((x for x in f.gates.class1.criteria if x.id == "outage"), None)
        if outage is not None and outage.value is not None:
            shown = span(outage.value, c.lang) if isinstance(outage.value, timedelta) else (
                str(outage.value))
            rows.append(c.row(c.t(Msg("Outage", "中断时长")), text(shown), [outage.seq]))
        rows += [r for line in f.facts.get("impact", ())
                 if (r := c.fact_row(line.fact.id)) is not None]
    return _pairs(Msg("3. Impact (expected and measured)", "三、影响范围（预计及已核实）"),
                  "impact", rows, c)


def recovery(c: Ctx) -> list[Block]:
    f = c.s.figures
    if f is None or not f.recovery:
        return []
    rows: list[Row] = []
    for r in f.recovery:
        label = r.fact.label(c.lang)
        if r.restored is None:
            rows.append((label, c.missing(f"runbook fact {c.incident_id} {r.fact.id} VALUE")))
            continue
        at = c.when(fact_values.as_time(r.restored.value))
        took = span(r.achieved, c.lang) if r.achieved is not None else "—"
        began = c.fact("outage-began")
        since = [began.value.seq] if began is not None and began.value is not None else []
        words = Msg(f"{at}, after {took}; ", f"{at}，用时 {took}；")(c.lang)
        rows.append(c.row(label, (words, *cf.rto_result(r, c.lang)), [r.restored.seq, *since]))
    return _pairs(Msg("Recovery (5.2)", "恢复情况（5.2）"), "recovery", rows, c)


def vendor(c: Ctx) -> list[Block]:
    f = c.s.figures
    if f is None or not f.has("vendor"):
        return []
    rows = [r for line in f.facts["vendor"] if (r := c.fact_row(line.fact.id)) is not None]
    return _pairs(Msg("Vendor (4.3.4)", "外包服务提供商（4.3.4）"), "vendor", rows, c)


CAUSE_SECTIONS: Final = ("cause", "loss", "effectiveness", "investigation", "lessons")


def cause(c: Ctx) -> list[Block]:
    sections = {x.id: x for x in (*c.s.evaluation, *c.s.post_incident)}
    rows: list[Row] = []
    for sid in CAUSE_SECTIONS:
        found = sections.get(sid)
        named = section(sid)
        label = named.title(c.lang) if named is not None else sid
        if found is None:
            continue
        if not found.entries:
            rows.append((label, c.missing(
                f"runbook evaluate {c.incident_id} TEXT --section {sid}")))
            continue
        for e in found.entries:
            rows.append(c.row(label, text(e.text), [e.stamp.seq]))
    return _pairs(Msg("Cause, loss and evaluation", "原因、损失与评估"), "cause", rows, c)


def actions(c: Ctx) -> list[Block]:
    follow = c.s.follow_up
    items = follow.action_items if follow is not None else ()
    rows: list[Row] = []
    for a in items:
        state = STATES.get(a.state, Msg(a.state, a.state))(c.lang)
        words = Msg(f"{a.text} — owner {a.owner}, due {a.due.isoformat()}, {state}",
                    f"{a.text}——责任人 {a.owner}，期限 {a.due.isoformat()}，{state}")(c.lang)
        rows.append(c.row(c.t(Msg(f"Item {a.number}", f"整改事项 {a.number}")), text(words),
                          [a.seq, a.resolved_seq]))
    if not rows:
        rows.append((c.t(Msg("Rectification", "整改措施")), c.missing(
            f"runbook action {c.incident_id} TEXT --owner NAME --due DATE")))
    return _pairs(Msg("Rectification (action items)", "整改措施"), "actions", rows, c)


def next_steps(c: Ctx) -> list[Block]:
    rows: list[Row] = []
    pending = [o for o in c.s.steps if o.state in OPEN_STATES and o.outcome != "n/a"]
    pending.sort(key=lambda o: (o.due is None, o.due or c.s.identification.exported_at,
                                o.step.id))
    for o in pending:
        due = o.due
        label = o.step.title(c.lang)
        when = Msg(f"due {c.when(due)}", f"时限 {c.when(due)}")(c.lang) if due else c.t(
            Msg("no deadline", "无时限"))
        late: Inline = (Span(c.t(Msg(" (overdue)", "（已超时）")), tone="bad"),) if (
            o.outcome == "missed") else ()
        rows.append((label, (when, *late, f" · {group_label(o.step.group, c.lang)}")))
    lead = Para(text(c.t(Msg("The plan's steps still open, first due first (from the plan, "
                             "not the record):",
                             "预案中尚未完成的步骤，按时限先后（来自预案，非记录）："))))
    body: list[Block] = [lead, Pairs(tuple(rows))] if rows else [Para(text(c.t(
        Msg("No step of the plan is open.", "预案步骤均已处理。"))))]
    return [Heading(2, c.t(Msg("4. Next steps", "四、下一步工作")), "next"), *body]


def since(c: Ctx) -> list[Block]:
    """What changed since the last report to these regulators (a progress report)."""
    to = {"pboc", "regulator", "authority"}
    last = next((m for m in reversed(c.s.communications)
                 if m.kind == "report_sent" and m.to in to), None)
    title = Msg("Since the last report", "自上次报告以来")
    if last is None:
        return [Heading(2, c.t(title), "since"), Para(text(c.t(Msg(
            "No earlier report to the PBOC or the competent authority is recorded; this "
            "report starts from the beginning.",
            "记录中尚无向人民银行或上级主管部门的报告；本续报从事件开始写起。"))))]
    last_mark = c.trace.mark([last.stamp.seq])  # numbered first: it is read first
    rows: list[Row] = []
    for e in c.s.timeline:
        if e.seq <= last.stamp.seq:
            continue
        if e.kind == "fact_recorded":
            fact = c.s.playbook.fact(str(e.payload.get("fact")))
            if fact is None:
                continue
            rows.append(c.row(fact.label(c.lang), text(
                cf.value_text(fact, e.payload.get("value"), c.s, c.lang)), [e.seq]))
        elif e.kind == "step_done" and e.step:
            step = c.s.playbook.step(e.step)
            if step is not None:
                rows.append(c.row(c.t(Msg("Done", "完成")) + f" {c.when(e.occurred_at)}",
                                  text(step.title(c.lang)), [e.seq]))
        elif e.kind == "level_changed":
            lv = level_name(str(e.payload.get("level")), c.lang)
            rows.append(c.row(c.t(Msg("Level changed", "级别调整")) + f" {c.when(e.occurred_at)}",
                              text(lv), [e.seq]))
        elif e.kind in ("stand_down", "incident_closed"):
            word = STATE_WORDS["stand_down" if e.kind == "stand_down" else "closed"]
            rows.append(c.row(c.when(e.occurred_at), text(c.t(word)), [e.seq]))
    whom = RECIPIENTS[last.to](c.lang) if last.to in RECIPIENTS else str(last.to)
    stage = next((str(e.payload.get("stage")) for e in c.s.timeline
                  if e.seq == last.stamp.seq and e.payload.get("stage")), None)
    named = f" {REPORT_STAGES[stage](c.lang)}" if stage in REPORT_STAGES else ""
    lead = Msg(f"The last report went to {whom}{named} at {c.when(last.stamp.at)}; since then:",
               f"上次报告：{c.when(last.stamp.at)} 向{whom}{named}；此后：")
    body: Block = Pairs(tuple(rows)) if rows else Para(text(c.t(NOTHING_YET)))
    return [Heading(2, c.t(title), "since"),
            Para((c.t(lead), *last_mark)), body]
