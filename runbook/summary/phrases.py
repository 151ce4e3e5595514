"""The sentences of the summary, in both languages: outcomes, deadlines, suggestions."""

from __future__ import annotations

from datetime import tzinfo

from runbook.describe import group_name, level_word, login_note
from runbook.events import Actor
from runbook.i18n import Lang, Msg
from runbook.punctuation import listing, paren, semi
from runbook.summary.document import Inline, Span
from runbook.summary.export_times import moment, span
from runbook.summary.model import StepOutcome, Suggestion
from runbook.vocabulary import LEVEL_IDS, level
from runbook.wording import duration_text

ANCHOR_SHORT = {
    "Td": Msg("Td", "Td"),
    "T0": Msg("T0", "T0"),
    "level": Msg("level set", "级别确定"),
    "stand_down": Msg("stand-down", "应急结束"),
}
NO_GROUP = Msg("No group", "未指定小组")


def flat(parts: Inline) -> str:
    return "".join(p if isinstance(p, str) else p.text for p in parts)


def level_name(level_id: str, lang: Lang) -> str:
    return level(level_id).name(lang) if level_id in LEVEL_IDS else level_id


def levels_short(levels: tuple[str, ...], lang: Lang) -> str:
    return listing([level_word(lv, lang) for lv in levels], lang)


def actor_text(actor: Actor | None, lang: Lang) -> str:
    if actor is None:
        return "—"
    login = login_note(actor.login, lang)
    if actor.group is None:
        return actor.name + login
    return actor.name + paren(group_name(actor.group, lang), lang) + login


def group_label(group_id: str | None, lang: Lang) -> str:
    return NO_GROUP(lang) if group_id is None else group_name(group_id, lang)


def deadline(o: StepOutcome, lang: Lang) -> Inline:
    """What the deadline counts from and how long it allows: Td + 15m (II)."""
    dl = o.step.deadline
    if dl is None:
        return (Span(Msg("none", "无")(lang)),)
    after = dl.after.get(o.due_level or "")
    amount = duration_text(after, lang) if after is not None else "—"
    due_level = level_word(o.due_level, lang) or "—"
    tail = f" + {amount}" + paren(due_level, lang)
    if o.due_from_change is not None:  # the new level's duration counted from its change
        at = o.due_from_change.isoformat(" ", "minutes")[:16]
        return (Span(Msg(f"level change at {at} + {amount}", f"级别变更（{at}）+ {amount}")(
            lang) + paren(due_level, lang)),)
    if dl.anchor_step is not None:
        return (Span(Msg("step ", "步骤 ")(lang)), Span(dl.anchor_step, code=True),
                Span(Msg(" done", " 完成")(lang) + tail))
    return (Span(ANCHOR_SHORT.get(dl.anchor, Msg(dl.anchor, dl.anchor))(lang) + tail),)


def outcome(o: StepOutcome, tz: tzinfo, lang: Lang, *, closed: bool = False) -> Inline:
    """What became of the step; `closed`: the incident is closed, so what is still open was
    not done by the close (not "not yet due")."""
    parts = list(_headline(o, lang, closed))
    if o.decision is not None and o.step.decision is not None:
        found = o.step.decision.option(o.decision)
        label = found.label(lang) if found else o.decision
        parts.append(Span(semi(lang) + Msg(f"decision: {label}", f"决策：{label}")(lang)))
    if o.occurrences:
        late = len(o.repeats_missed)
        parts.append(Span(semi(lang)))
        parts.append(Span(Msg(
            f"fell due {len(o.occurrences)} times, {late} of the repeats late or missed",
            f"共应执行 {len(o.occurrences)} 次，其中重复执行 {late} 次超时或未完成")(lang),
            tone="bad" if late else None))
    if o.done_by is not None:
        parts.append(Span(semi(lang) + Msg(f"done by record #{o.done_by}",
                                           f"由第 #{o.done_by} 条记录完成")(lang)))
    if o.waiting_on is not None and o.outcome in ("open", "missed", "blocked"):
        parts.append(Span(semi(lang) + Msg(f"waiting on decision {o.waiting_on}",
                                           f"等待决策 {o.waiting_on}")(lang)))
    if o.only_before_change:
        when = moment(o.left_at, tz) if o.left_at else "—"
        parts.append(Span(semi(lang) + Msg(
            f"applied only at level {levels_short(o.applied_at, lang)}, until the level "
            f"changed at {when}",
            f"仅在{levels_short(o.applied_at, lang)}适用，{when} 级别变更后不再适用")(lang)))
    return tuple(parts)


def _headline(o: StepOutcome, lang: Lang, closed: bool = False) -> Inline:
    by = span(o.missed_by, lang) if o.missed_by is not None else ""
    if o.outcome == "met":
        return (Span(Msg("met", "按时完成")(lang), tone="good"),)
    if o.outcome == "late":
        return (Span(Msg(f"late by {by}", f"超时 {by}完成")(lang), tone="bad"),)
    if o.outcome == "missed":
        if o.only_before_change:
            return (Span(Msg(f"missed: not done before the level change, {by} past the deadline",
                             f"未完成：级别变更前未完成，已超过时限 {by}")(lang), tone="bad"),)
        return (Span(Msg(f"missed: not done, {by} past the deadline",
                         f"未完成：已超过时限 {by}")(lang), tone="bad"),)
    if o.outcome == "skipped":
        late = "" if o.late_by is None else Msg(
            f", {span(o.late_by, lang)} after the deadline",
            f"，晚于时限 {span(o.late_by, lang)}")(lang)
        return (Span(Msg(f"skipped: {o.reason}{late}", f"已跳过：{o.reason}{late}")(lang),
                     tone="warn"),)
    if o.outcome == "blocked":
        past = "" if o.overdue_by is None else Msg(
            f"; {by} past the deadline", f"；已超过时限 {by}")(lang)
        return (Span(Msg(f"blocked: {o.reason}{past}", f"受阻：{o.reason}{past}")(lang),
                     tone="bad" if past else "warn"),)
    if o.outcome == "done":
        return (Span(Msg("done (no deadline)", "已完成（无时限）")(lang)),)
    if o.outcome == "n/a" and o.ruled_out is not None:
        rule = o.ruled_out
        option = o.ruled_out_label(lang) if o.ruled_out_label is not None else rule.option
        return (Span(Msg(f"n/a: decision {rule.decision} = {option}",
                         f"不适用：决策 {rule.decision} = {option}")(lang)),)
    if o.outcome == "n/a":
        return (Span(Msg("no longer applied after the level change, before its deadline",
                         "时限到达前因级别变更不再适用")(lang)),)
    if closed:
        return (Span(Msg("not done by the close", "结案时未完成")(lang), tone="warn"),)
    if o.due is None and o.step.deadline is not None:
        return (Span(Msg("open; its clock has not started", "未完成；时限尚未起算")(lang)),)
    if o.due is None:
        return (Span(Msg("open", "未完成")(lang)),)
    return (Span(Msg("open, not yet due", "未完成，尚未到期")(lang)),)


def _step_ref(s: Suggestion, lang: Lang) -> list[Span]:
    clauses = listing(list(s.clauses), lang)
    if s.step_id is None:
        return [Span(Msg(f"Clause {clauses}: ", f"条款 {clauses}：")(lang))]
    return [Span(Msg("Step ", "步骤 ")(lang)), Span(s.step_id, code=True),
            Span(Msg(f" (clause {clauses}): ", f"（条款 {clauses}）：")(lang))]


def suggestion(s: Suggestion, lang: Lang) -> Inline:
    if s.kind == "ad_hoc":
        return (Span(_ad_hoc(s, lang)),)
    head = _step_ref(s, lang)
    if s.kind == "level_changes":
        path = " → ".join(level_word(lv, lang) for lv in s.levels)
        head = [Span(Msg(f"The level changed {s.count} times ({path}). ",
                         f"预警级别变更 {s.count} 次（{path}）。")(lang)), *head]
    return (*head, Span(_advice(s, lang)))


def _advice(s: Suggestion, lang: Lang) -> str:
    n = s.count
    if s.kind == "missed_deadline":
        by = span(s.amount, lang) if s.amount is not None else "—"
        return Msg(
            f"deadline missed {n} time(s), by up to {by}. Check whether the time allowed is "
            "realistic and whether the group had what it needed; revise the deadline or the "
            "step.",
            f"{n} 次未按时完成，最多超时 {by}。请核查时限是否合理、小组是否具备所需条件；"
            "修订时限或步骤。")(lang)
    if s.kind == "skipped":
        return Msg(
            f"skipped {n} time(s) ({s.reason}). Check whether the step is needed at this level "
            "and for this type of incident, or make it conditional.",
            f"被跳过 {n} 次（{s.reason}）。请核查该步骤在此级别、此类事件中是否必要，"
            "或改为有条件执行。")(lang)
    if s.kind == "blocked":
        return Msg(
            f"blocked {n} time(s) ({s.reason}). Remove the obstacle in the plan: a contact, a "
            "resource, a fallback, or a step it depends on.",
            f"受阻 {n} 次（{s.reason}）。请在预案中消除障碍：补充联系人、资源、备用方案"
            "或其所依赖的前置步骤。")(lang)
    return Msg(
        "check the level criteria and the escalation thresholds in the settings.",
        "请核查分级标准和设置中的升级阈值。")(lang)


def _ad_hoc(s: Suggestion, lang: Lang) -> str:
    who = group_label(s.group, lang)
    clauses = listing(list(s.clauses), lang)
    return Msg(
        f"{who}: {s.count} note(s) recorded work that no step held (for example: {s.reason}). "
        f"Consider adding a step for it (clause {clauses}).",
        f"{who}：{s.count} 条备注记录了没有对应步骤的工作（例如：{s.reason}）。"
        f"请考虑为此增加步骤（条款 {clauses}）。")(lang)
