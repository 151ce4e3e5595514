"""The follow-up in the document: the action items table (in the evaluation), the sign-off
lines and what the approval approved, and a drill's goals (6.4)."""

from __future__ import annotations

from runbook.action_items import STATES
from runbook.drills import LABELS, SCALES
from runbook.i18n import Lang, Msg
from runbook.punctuation import listing, paren
from runbook.signoff import ROLE_NAMES
from runbook.summary.document import (
    Block,
    Fields,
    Heading,
    Inline,
    Pairs,
    Para,
    Quote,
    Span,
    Table,
    text,
)
from runbook.summary.export_times import NONE, moment
from runbook.summary.model import Stamp, Summary
from runbook.summary.phrases import actor_text

NO_ITEMS = Msg("No action items recorded.", "尚未记录整改事项。")


def _stamped(stamp: Stamp, s: Summary, lang: Lang) -> str:
    seq = paren(f"#{stamp.seq}", lang)
    return f"{actor_text(stamp.by, lang)} · {moment(stamp.at, s.tz)}{seq}"


def action_items(s: Summary, lang: Lang) -> list[Block]:
    f = s.follow_up
    incident = s.identification.incident_id
    hint = Para((Span(Msg("Record with ", "记录命令：")(lang)),
                 Span(f"runbook action {incident} TEXT --owner NAME --due DATE", code=True)))
    if f is None or not f.action_items:
        return [Para(text(NO_ITEMS(lang))), hint]
    rows: list[tuple[Inline, ...]] = []
    for item in f.action_items:
        late: Inline = text(NONE)
        if f.overdue(item):
            late = (Span(Msg("overdue", "已逾期")(lang), tone="bad"),)
        elif item.late and item.resolved_at is not None:
            late = (Span(Msg(f"done late ({item.resolved_at.date().isoformat()})",
                             f"逾期完成（{item.resolved_at.date().isoformat()}）")(lang),
                         tone="warn"),)
        resolved = NONE
        if item.resolved_by is not None and item.resolved_at is not None:
            resolved = _stamped(Stamp(item.resolved_at, item.resolved_by,
                                      item.resolved_seq or 0), s, lang)
            if item.note:
                resolved += f" · {item.note}"
        rows.append((text(str(item.number)), text(item.text), text(item.owner),
                     text(item.due.isoformat()), text(STATES[item.state](lang)), late,
                     text(resolved)))
    headers = (Msg("No.", "编号"), Msg("Action item", "整改事项"), Msg("Owner", "负责人"),
               Msg("Due", "完成期限"), Msg("State", "状态"), Msg("Late", "逾期"),
               Msg("Resolved", "办结"))
    open_count = sum(1 for i in f.action_items if i.is_open)
    overdue = sum(1 for i in f.action_items if f.overdue(i))
    return [Para(text(Msg(
        f"Recorded: {len(f.action_items)} action item(s); open: {open_count}; overdue: "
        f"{overdue} (on {f.exported_at.date().isoformat()}).",
        f"已记录整改事项 {len(f.action_items)} 项；未完成 {open_count} 项；已逾期 {overdue} 项"
        f"（截至 {f.exported_at.date().isoformat()}）。")(lang))),
        Table(tuple(h(lang) for h in headers), tuple(rows), "action-items")]


def signoff(s: Summary, lang: Lang) -> list[Block]:
    blocks: list[Block] = [Heading(2, Msg("13. Sign-off", "13. 签署")(lang), "signoff")]
    f = s.follow_up
    signed: list[tuple[str, Inline]] = []
    blank: list[str] = []
    for role, name in ROLE_NAMES.items():  # signed in this order: the filled lines first
        stamp = f.signoffs.lines.get(role) if f is not None else None
        if stamp is None:
            blank.append(name(lang))
        else:
            signed.append((name(lang), text(_stamped(stamp, s, lang))))
    if signed:
        blocks.append(Pairs(tuple(signed)))
    if blank:
        blocks.append(Fields(tuple(blank)))
    approval = f.signoffs.approval if f is not None else None
    if approval is not None:
        blocks.append(Para(text(Msg(
            f"Approved the record of {approval.events} event(s), chain head {approval.head}.",
            f"所批准的记录：共 {approval.events} 条，链头 {approval.head}。")(lang))))
        if not approval.matches:
            blocks.append(Para((Span(Msg(
                f"The chain head the approval names is not the hash of event "
                f"#{approval.events} in this record.",
                f"批准所记录的链头与本记录第 #{approval.events} 条的哈希不一致。")(lang),
                tone="bad"),)))
        if approval.later:
            seqs = ", ".join(f"#{n}" for n in approval.later)
            blocks.append(Para((Span(Msg(
                f"The approval predates {len(approval.later)} later event(s): {seqs}.",
                f"批准早于其后的 {len(approval.later)} 条记录：{seqs}。")(lang), tone="warn"),)))
    incident = s.identification.incident_id
    blocks.append(Para((Span(Msg("Sign with ", "签署命令：")(lang)),
                        Span(f"runbook signoff {incident} prepared|reviewed|approved --by NAME",
                             code=True))))
    for entry in s.signoff.entries:  # free-text sign-off notes (runbook evaluate)
        blocks.append(Quote(entry.text, f"{actor_text(entry.stamp.by, lang)} · "
                                        f"{moment(entry.stamp.at, s.tz)}"))
    return blocks


def drill_goals(s: Summary, lang: Lang) -> list[Block]:
    """The drill's plan, whether it was held, and what the evaluators say of its goals."""
    f = s.follow_up
    if f is None or f.drill is None:
        return []
    d = f.drill
    blocks: list[Block] = [Heading(2, Msg("Drill goals achieved (6.4)", "演练目标达成情况（6.4）")(
        lang), "drill-goals")]
    plan = d.plan
    if plan is None:
        blocks.append(Para(text(Msg(
            "No drill plan was recorded (runbook start --drill --purpose … --scenario … "
            "--participant … --scale …).",
            "未记录演练方案（runbook start --drill --purpose … --scenario … --participant … "
            "--scale …）。")(lang))))
    else:
        scale = SCALES[plan.scale](lang) if plan.scale in SCALES else NONE
        blocks.append(Pairs((
            (LABELS["purpose"](lang), text(plan.purpose or NONE)),
            (LABELS["scenario"](lang), text(plan.scenario or NONE)),
            (LABELS["participants"](lang), text(listing(plan.participants, lang) or NONE)),
            (LABELS["scale"](lang), text(scale)))))
    held = Msg(f"Held: yes; {d.steps_done} of the {d.steps_applied} steps that applied were "
               "completed.",
               f"是否已开展：是；适用的 {d.steps_applied} 个步骤中完成 {d.steps_done} 个。") \
        if d.held else Msg("Held: no; no step was completed, so it does not count as a drill "
                           "held (6.3).",
                           "是否已开展：否；没有完成任何步骤，不计入已开展的演练（6.3）。")
    blocks.append(Para(text(held(lang))))
    met = s.facts
    blocks.append(Para(text(Msg(
        f"Procedures executed: deadlines that fell due: {met.deadlines}; met: {met.met}.",
        f"程序执行情况：已到期的时限 {met.deadlines} 个；按时完成 {met.met} 个。")(lang))))
    blocks.append(Fields((Msg("Each goal: achieved, partly, not achieved; why",
                              "各项目标：达成、部分达成、未达成；原因")(lang),)))
    blocks.append(Para((Span(Msg("Record with ", "记录命令：")(lang)),
                        Span(f"runbook evaluate {s.identification.incident_id} TEXT --section "
                             "effectiveness", code=True))))
    return blocks
