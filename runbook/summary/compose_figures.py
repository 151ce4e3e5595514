"""The summary's figures as blocks: key times and the regulatory classification (after the
overview), the impact (in 5.1), the recovery time achieved per function (in 5.2), the vendor
(4.3.4) and the data-breach notice (PIPL Art 57) where the type records them. A fact not
recorded is shown as missing, with the command that records it; never a guess."""

from __future__ import annotations

from typing import Any, Final

from runbook import fact_values
from runbook.gate_words import gate_lines
from runbook.i18n import Lang, Msg
from runbook.playbook import Fact
from runbook.punctuation import listing, paren, semi
from runbook.summary.document import Block, Heading, Inline, Pairs, Para, Span, Table, text
from runbook.summary.export_times import moment, span
from runbook.summary.figures import FactLine, Figures, KeyTime, Restoration
from runbook.summary.model import Summary
from runbook.summary.phrases import level_name
from runbook.vocabulary import RECIPIENTS, REPORT_STAGES

MISSING: Final = Msg("missing", "缺失")
NOT_RECORDED: Final = Msg("not recorded", "未记录")
KEY_TIMES: Final = {
    "occurred": Msg("Occurred", "事件发生"),
    "discovered": Msg("Discovered", "发现"),
    "td": Msg("Td, first on-site report", "Td，首次现场报告"),
    "verified": Msg("Verified and reported to the head", "核实并报告负责人"),
    "t0": Msg("T0, warning issued", "T0，发布预警"),
    "decision": Msg("The head's reporting decision", "负责人作出报告决定"),
    "report": Msg("Report", "报告"),
    "customer-notice": Msg("Customers notified", "通知客户"),
    "restored": Msg("Restored", "恢复"),
    "stand-down": Msg("Stand-down", "应急结束"),
    "closed": Msg("Closed", "关闭"),
}
NOTICE_ITEMS: Final = ("data-types", "cause", "harm", "remedies", "self-help", "contact")


def _figures(s: Summary) -> Figures | None:
    return s.figures


def value_text(fact: Fact, value: Any, s: Summary, lang: Lang) -> str:
    if fact.type == "time":
        at = fact_values.as_time(value)
        return moment(at, s.tz) if at is not None else repr(value)
    return fact_values.shown(fact, value, lang)


def fact_value(line: FactLine, s: Summary, lang: Lang) -> Inline:
    if line.value is None:
        command = f"runbook fact {s.identification.incident_id} {line.fact.id} VALUE"
        return (Span(MISSING(lang), tone="warn", strong=True),
                Span(Msg(" — record with ", "——记录命令：")(lang)), Span(command, code=True))
    shown = value_text(line.fact, line.value.value, s, lang)
    if not line.earlier:
        return text(shown)
    before = semi(lang).join(
        value_text(line.fact, v, s, lang) + paren(f"#{seq}", lang) for v, seq in line.earlier)
    return (shown, Span(paren(Msg(f"corrected; earlier: {before}",
                                  f"已更正；此前：{before}")(lang), lang), tone="warn"))


def _recorded(line: FactLine, s: Summary, lang: Lang) -> Inline:
    if line.value is None:
        return text("—")
    v = line.value
    return text(f"#{v.seq} · {v.by.name} · {moment(v.at, s.tz)}")


def facts_table(lines: tuple[FactLine, ...], s: Summary, lang: Lang, name: str) -> Table:
    headers = (Msg("Fact", "事实项"), Msg("Value", "取值"), Msg("Recorded", "记录"))
    return Table(tuple(h(lang) for h in headers), tuple(
        (text(line.fact.label(lang)), fact_value(line, s, lang), _recorded(line, s, lang))
        for line in lines), name)


def key_detail(k: KeyTime, s: Summary, lang: Lang) -> str:
    if k.what == "report":
        to, _, stage = k.detail.partition(":")
        whom = RECIPIENTS[to](lang) if to in RECIPIENTS else to
        return whom + (paren(REPORT_STAGES[stage](lang), lang) if stage in REPORT_STAGES
                       else "")
    if k.what == "decision" and k.detail:
        wanted = s.playbook.reporting_decision()
        option = s.playbook.option(wanted, k.detail) if wanted else None
        return option.label(lang) if option is not None else k.detail
    if k.what == "restored":
        fact = s.playbook.fact(k.detail)
        return fact.label(lang) if fact is not None else k.detail
    return ""


def key_times(s: Summary, lang: Lang) -> list[Block]:
    f = _figures(s)
    if f is None:
        return []
    headers = (Msg("What", "事项"), Msg("When", "时间"), Msg("Record", "记录"),
               Msg("Detail", "说明"))
    rows = tuple(
        (text(KEY_TIMES[k.what](lang)),
         text(moment(k.at, s.tz)) if k.at is not None else (
             Span(NOT_RECORDED(lang), tone="warn"),),
         text(f"#{k.seq}" if k.seq is not None else "—"), text(key_detail(k, s, lang)))
        for k in f.key_times)
    return [Heading(3, Msg("Key times", "关键时间")(lang), "key-times"),
            Table(tuple(h(lang) for h in headers), rows, "key-times")]


def classification(s: Summary, lang: Lang) -> list[Block]:
    f = _figures(s)
    if f is None or not (f.has("classification") or f.gates.class1.criteria):
        return []
    blocks: list[Block] = [
        Heading(3, Msg("Regulatory classification (4.1.3)", "监管分级（4.1.3）")(lang),
                "classification"),
        Pairs(tuple((name, text(words)) for name, words in gate_lines(f.gates, lang)))]
    lines = f.facts.get("classification", ())
    if lines:
        blocks.append(facts_table(lines, s, lang, "classification"))
    return blocks


def impact(s: Summary, lang: Lang) -> list[Block]:
    f = _figures(s)
    if f is None or not f.has("impact"):
        return []
    return [Para(text(Msg("Figures recorded (5.1.3):", "已记录的数据（5.1.3）：")(lang))),
            facts_table(f.facts["impact"], s, lang, "impact")]


def rto_result(r: Restoration, lang: Lang) -> Inline:
    if r.achieved is None:
        return (Span(Msg("not restored (not recorded)", "未恢复（未记录）")(lang), tone="warn"),)
    margin = r.margin
    if margin is None:
        return text(Msg("no target set", "未设目标")(lang))
    if margin <= margin.__class__():
        return (Span(Msg(f"met, {span(-margin, lang)} inside the target",
                         f"达标，比目标提前 {span(-margin, lang)}")(lang), tone="good"),)
    return (Span(Msg(f"missed by {span(margin, lang)}", f"超出目标 {span(margin, lang)}")(lang),
                 tone="bad", strong=True),)


def recovery(s: Summary, lang: Lang) -> list[Block]:
    f = _figures(s)
    if f is None or not f.recovery:
        return []
    first = f.recovery[0]
    since = moment(first.since, s.tz)
    began = s.playbook.fact("outage-began")
    start = Msg(f"from the outage's start, {since}", f"自中断开始（{since}）") if (
        first.since_fact) else Msg(
        f"from Td, {since} ({began.label.en if began else 'outage began'} not recorded)",
        f"自 Td（{since}；{began.label.zh if began else '中断开始时间'}未记录）")
    level = level_name(first.level, lang)
    target: Inline = (Span(Msg(f"; target at {level}: ", f"；{level}目标：")(lang)),
                      Span(first.target_param, code=True)) if first.target_param else (
        Span(Msg("; no target in the settings", "；设置中无目标值")(lang)),)
    headers = (Msg("Function", "功能"), Msg("Restored", "恢复时间"),
               Msg("Recovery time", "恢复用时"), Msg("Target", "目标"), Msg("Result", "结果"))
    rows = tuple(
        (text(r.fact.label(lang)),
         text(moment(fact_values.as_time(r.restored.value), s.tz)) if r.restored else text("—"),
         text(span(r.achieved, lang)) if r.achieved is not None else text("—"),
         text(span(r.target, lang)) if r.target is not None else text("—"),
         rto_result(r, lang)) for r in f.recovery)
    lead = Msg("Recovery time achieved per function (5.2), measured ",
               "各功能实际恢复用时（5.2），")(lang) + start(lang)
    return [Para((Span(lead), *target, Span("." if lang == "en" else "。"))),
            Table(tuple(h(lang) for h in headers), rows, "recovery")]


def vendor(s: Summary, lang: Lang) -> list[Block]:
    f = _figures(s)
    if f is None or not f.has("vendor"):
        return []
    return [Heading(3, Msg("Vendor (4.3.4)", "外包服务提供商（4.3.4）")(lang), "vendor"),
            facts_table(f.facts["vendor"], s, lang, "vendor")]


def notice(s: Summary, lang: Lang) -> list[Block]:
    f = _figures(s)
    if f is None or not f.has("notice"):
        return []
    blocks: list[Block] = [
        Heading(3, Msg("Data-breach notice (PIPL Art 57)",
                       "个人信息泄露通知（个人信息保护法第五十七条）")(lang), "notice"),
        facts_table(f.facts["notice"], s, lang, "notice")]
    content = next((line for line in f.facts["notice"] if line.fact.id == "notice-content"),
                   None)
    if content is not None and content.value is not None and isinstance(
            content.value.value, list):
        absent = [o for o in NOTICE_ITEMS if o not in content.value.value]
        if absent:
            names = [(content.fact.option(o) or None) for o in absent]
            words = listing([n.label(lang) if n is not None else o
                             for n, o in zip(names, absent, strict=True)], lang)
            lacks = Msg(f"The notice lacks: {words}.", f"通知缺少：{words}。")
            blocks.append(Para((Span(lacks(lang), tone="warn", strong=True),)))
    return blocks
