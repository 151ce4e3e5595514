"""The two notices: the PIPL Art 57 notice (to the authority and the individuals: the six
items the law names, each from its fact) and the notice to customers in plain words (what
happened, what is affected, what to do, when the next update comes). What the record does
not hold is marked missing with the command that records it, or left as a blank to fill in
when no command records it; nothing is made up."""

from __future__ import annotations

from typing import Final

from runbook import fact_values
from runbook.drafts.context import Ctx, Row
from runbook.drafts.report_parts import OPEN_STATES, STATE_WORDS
from runbook.i18n import Msg
from runbook.summary.document import Block, Fields, Heading, Inline, Pairs, Para, Span, text

# PIPL Art 57's six items (the options of `notice-content`) and the fact that words each.
PIPL_ITEMS: Final = (
    ("data-types", "data-categories", Msg("Types of personal information concerned",
                                          "涉及的个人信息种类")),
    ("cause", "notice-cause", Msg("Cause", "发生的原因")),
    ("harm", "notice-harm", Msg("Possible harm", "可能造成的危害")),
    ("remedies", "notice-remedies", Msg("Remedies taken", "已采取的补救措施")),
    ("self-help", "notice-self-help", Msg("What you can do to reduce the harm",
                                          "个人可以采取的减轻危害的措施")),
    ("contact", "notice-contact", Msg("Contact", "个人信息处理者的联系方式")),
)
SCALE: Final = ("people-affected", "records-affected", "payment-credentials")
HOW: Final = ("notice-channels", "people-notified", "notified-at", "no-notice-reason",
              "notice-content")


def _item(c: Ctx, fact_id: str, label: Msg) -> Row:
    row = c.fact_row(fact_id, label(c.lang))
    if row is not None:
        return row
    return (label(c.lang), (Span(c.t(Msg("not in the record: write it before sending",
                                         "记录中没有：发送前请填写")), tone="warn"),))


def _numbered(n: int, label: str, c: Ctx) -> str:
    return f"{n}. {label}" if c.lang == "en" else f"{'一二三四五六七八九'[n - 1]}、{label}"


def pipl(c: Ctx) -> list[Block]:
    rows = [_item(c, fact, label) for _, fact, label in PIPL_ITEMS]
    return [
        Heading(2, c.t(Msg("The six items of PIPL Art 57", "个人信息保护法第五十七条规定的事项")),
                "items"),
        Pairs(tuple((_numbered(i, label, c), value)
                    for i, (label, value) in enumerate(rows, start=1))),
        Heading(2, c.t(Msg("Scale", "涉及范围")), "scale"),
        Pairs(tuple(c.fact_rows(SCALE))),
        Heading(2, c.t(Msg("How and when it is notified", "通知方式和时间")), "how"),
        Pairs(tuple(c.fact_rows(HOW))),
    ]


def _happened(c: Ctx) -> list[Row]:
    s, o = c.s, c.s.overview
    rows: list[Row] = []
    first = c.fact("occurred-at") or c.fact("discovered-at")
    if first is not None and first.value is not None:
        at = fact_values.as_time(first.value.value)
        rows.append(c.row(c.t(Msg("When", "时间")), text(c.when(at)), [first.value.seq]))
    else:
        rows.append(c.row(c.t(Msg("When (first reported)", "时间（首次报告）")),
                          text(c.when(o.reported_at)), [1]))
    what = s.identification.type_title(c.lang)
    if s.identification.title:
        what += f": {s.identification.title}" if c.lang == "en" else f"：{s.identification.title}"
    rows.append(c.row(c.t(Msg("What happened", "发生了什么")), text(what), [1]))
    stamp = o.stand_down if o.end_kind == "stand_down" else o.closed
    rows.append(c.row(c.t(Msg("Where things stand", "目前情况")), text(c.t(
        STATE_WORDS[o.end_kind])), [stamp.seq] if stamp is not None else []))
    return rows


def _affected(c: Ctx) -> list[Row]:
    f = c.s.figures
    rows: list[Row] = []
    if f is not None:
        for r in f.recovery:
            label = r.fact.label(c.lang)
            if r.restored is None:
                rows.append((label, (Span(c.t(Msg("not restored yet (or not recorded)",
                                                  "尚未恢复（或未记录）")), tone="warn"),)))
            else:
                at = c.when(fact_values.as_time(r.restored.value))
                rows.append(c.row(label, text(at), [r.restored.seq]))
    rows += c.fact_rows(("data-categories", "payment-credentials", "customers-affected"))
    return rows


def _blank(c: Ctx, label: Msg) -> Block:
    return Fields((c.t(label),))


def _next_update(c: Ctx) -> Inline | None:
    wanted = ("comms.customer-update", "dl.notify-customers")
    for o in c.s.steps:
        if o.step.id in wanted and o.state in OPEN_STATES and o.outcome != "n/a":
            due = next((x.due for x in o.occurrences if x.done_at is None), None) or o.due
            if due is not None:
                late: Inline = (Span(c.t(Msg(" (overdue)", "（已超时）")), tone="bad"),) if (
                    due < c.s.identification.exported_at) else ()
                return (c.when(due), *late)
    return None


def customer(c: Ctx) -> list[Block]:
    happened = _happened(c)  # first: the markers are numbered in the order lines are made
    affected = _affected(c)
    blocks: list[Block] = [
        Heading(2, c.t(Msg("What happened", "发生了什么")), "happened"),
        Pairs(tuple(happened)),
        Heading(2, c.t(Msg("What is affected", "影响哪些服务和信息")), "affected"),
        Pairs(tuple(affected)) if affected else Para(text(c.t(Msg(
            "Nothing affected is recorded yet.", "尚未记录受影响的服务或信息。")))),
        Heading(2, c.t(Msg("What you can do", "您可以怎么做")), "do")]
    self_help = c.fact_row("notice-self-help", c.t(Msg("What you can do", "您可以怎么做")))
    blocks.append(Pairs((self_help,)) if self_help is not None else _blank(
        c, Msg("What customers can do (not in the record)", "客户可以怎么做（记录中没有）")))
    blocks.append(Heading(2, c.t(Msg("Next update", "下次通报时间")), "update"))
    due = _next_update(c)
    blocks.append(Pairs(((c.t(Msg("Planned by", "计划不晚于")), due),)) if due is not None
                  else _blank(c, Msg("Next update (no update step is open)",
                                     "下次通报时间（无待办的通报步骤）")))
    blocks.append(Heading(2, c.t(Msg("Contact", "联系方式")), "contact"))
    contact = c.fact_row("notice-contact", c.t(Msg("Contact", "联系方式")))
    blocks.append(Pairs((contact,)) if contact is not None else _blank(
        c, Msg("Contact (customer service line)", "联系方式（客服电话）")))
    return blocks
