"""A report draft from the record as it stands: the summary (measured at the drafting
moment) laid out as the kind's parts, with a header saying who it goes to, under which
rule, when it is due, and that it is a draft; the blanks no record fills (who signs, the
institution's contact) as fields; and the sources of every line. Pure: no clock, no I/O."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

from msgspec import Struct

from runbook.drafts import notice_parts, report_parts
from runbook.drafts.context import Ctx, Row
from runbook.drafts.kinds import KINDS, DraftKind, kind
from runbook.drafts.trace import Trace
from runbook.errors import RefusedAction
from runbook.i18n import Lang, Msg
from runbook.punctuation import colon, listing, paren
from runbook.summary.document import Block, Fields, Heading, Pairs, Para, Span, text
from runbook.summary.model import Summary
from runbook.vocabulary import RECIPIENTS

PARTS: Final[Mapping[str, Callable[[Ctx], list[Block]]]] = {
    "overview": report_parts.overview,
    "grade": report_parts.grade,
    "times": report_parts.times,
    "measures": report_parts.measures,
    "impact": report_parts.impact,
    "recovery": report_parts.recovery,
    "vendor": report_parts.vendor,
    "cause": report_parts.cause,
    "actions": report_parts.actions,
    "next": report_parts.next_steps,
    "since": report_parts.since,
    "pipl": notice_parts.pipl,
    "customer": notice_parts.customer,
}
assert {p for k in KINDS for p in k.parts} <= set(PARTS)
DRAFT: Final = Msg("draft", "草稿")
DRAFT_NOTE: Final = Msg(
    "Draft written by runbook from the record at the time below. Check every line against "
    "the record before it is signed and sent; what is not recorded is marked missing, "
    "with the command that records it.",
    "本草稿由 runbook 根据下列时间的事件记录生成。签发和报送前请逐项核对；未记录的内容标为缺失，"
    "并给出记录命令。")
NEEDS: Final = {"notice": Msg("data-breach notice facts (PIPL Art 57)",
                              "个人信息泄露通知事实项（个人信息保护法第五十七条）")}
SIGN_FIELDS: Final = (Msg("Reporting institution", "报告单位"), Msg("Signed by", "签发人"),
                      Msg("Contact person and phone", "联系人及电话"))


class Draft(Struct, frozen=True):
    kind: DraftKind
    lang: Lang
    title: str
    blocks: tuple[Block, ...]
    sources: Mapping[int, tuple[int, ...]]  # marker -> the events behind it
    summary: Summary


def applies(s: Summary, k: DraftKind) -> bool:
    """Whether the incident's type has what the kind needs (a notice needs its facts)."""
    return k.needs is None or (s.figures is not None and s.figures.has(k.needs))


def applicable(s: Summary) -> tuple[DraftKind, ...]:
    return tuple(k for k in KINDS if applies(s, k))


def title(s: Summary, k: DraftKind, lang: Lang) -> str:
    head = k.title(lang) + paren(DRAFT(lang), lang)
    i = s.identification.incident_id
    return colon(head, i, lang)


def _due(c: Ctx, k: DraftKind) -> Row | None:
    """When the step this draft's sending completes is due, or that it was sent."""
    outcome = next((o for sid in k.steps for o in c.s.steps if o.step.id == sid), None)
    if outcome is None:
        return None
    label = c.t(Msg("Due", "报送时限"))
    if outcome.outcome == "n/a":
        return (label, text(c.t(Msg("not required: the step does not apply now",
                                    "无须报送：该步骤当前不适用"))))
    due = c.when(outcome.due) if outcome.due is not None else c.t(Msg("no deadline", "无时限"))
    if outcome.state == "done" and outcome.done_at is not None:
        at = c.when(outcome.done_at)
        sent = Msg(f"{due}; sent {at}", f"{due}；已于 {at} 报送")
        return c.row(label, text(c.t(sent)), [report_parts.done_seq(c, outcome)])
    if outcome.outcome == "missed":
        return (label, (due, Span(c.t(Msg(" (overdue)", "（已超时）")), tone="bad")))
    return (label, text(due))


def _header(c: Ctx, k: DraftKind) -> list[Block]:
    i = c.s.identification
    rows: list[Row] = [
        (c.t(Msg("To", "报送对象")), text(listing([RECIPIENTS[t](c.lang) for t in k.to], c.lang))),
        (c.t(Msg("Basis", "依据")), text(k.basis(c.lang))),
    ]
    due = _due(c, k)
    if due is not None:
        rows.append(due)
    rows += [(c.t(Msg("Drafted at", "起草时间")), text(c.when(i.exported_at))),
             (c.t(Msg("Record", "事件记录")),
              (Span(f"{i.incident_id} · {i.event_count} "), Span(c.t(Msg("events, head ",
                                                                       "条，链头 "))),
               Span(i.head_hash[:16], code=True)))]
    blocks: list[Block] = [Heading(1, title(c.s, k, c.lang), "top"),
                           Para((Span(c.t(DRAFT_NOTE), tone="warn"),)), Pairs(tuple(rows))]
    if i.drill:
        blocks.insert(1, Para((Span(c.t(Msg("DRILL — not a real incident; do not send.",
                                            "演练——非真实事件，请勿报送。")),
                                    tone="bad", strong=True),)))
    return blocks


def not_applicable(s: Summary, k: DraftKind) -> RefusedAction:
    names = ", ".join(x.id for x in applicable(s))
    zh_names = "、".join(x.id for x in applicable(s))
    what = NEEDS.get(k.needs or "", Msg(str(k.needs), str(k.needs)))
    t = s.identification.type_title
    return RefusedAction(Msg(
        f"A {k.id} draft needs the {what.en}, and the type {t.en} records none. For this "
        f"incident draft one of: {names}.",
        f"{k.id} 草稿需要{what.zh}，而事件类型“{t.zh}”不记录这些事实。本事件可起草：{zh_names}。"))


def build_draft(s: Summary, kind_id: str, lang: Lang) -> Draft:
    """The draft of `kind_id` for the summary's incident; RefusedAction when the type lacks
    what the kind needs (saying which kinds apply)."""
    k = kind(kind_id)
    if not applies(s, k):
        raise not_applicable(s, k)
    c = Ctx(s, lang, Trace())
    blocks = _header(c, k)
    for part in k.parts:
        blocks += PARTS[part](c)
    if k.id not in ("customer-notice",):
        blocks += [Heading(2, c.t(Msg("To fill in (not in the record)", "待填写（记录中没有）")),
                           "fill"), Fields(tuple(f(lang) for f in SIGN_FIELDS))]
    blocks += c.trace.appendix(s.identification.incident_id, lang)
    return Draft(k, lang, title(s, k, lang), tuple(blocks), c.trace.sources(), s)
