"""Sections 1 and 2: identification and overview."""

from __future__ import annotations

from datetime import datetime, timedelta

from runbook.i18n import Lang, Msg
from runbook.punctuation import paren, semi
from runbook.summary.document import (
    Block,
    Heading,
    Inline,
    Pairs,
    Para,
    Part,
    Span,
    Table,
    Verbatim,
    code,
    text,
)
from runbook.summary.export_times import moment, offset_label, span
from runbook.summary.model import (
    DigestCheck,
    Identification,
    LastCheckpoint,
    Milestone,
    Stamp,
    Summary,
)
from runbook.summary.phrases import actor_text, level_name
from runbook.versions import SHORT

REAL = Msg("real incident", "真实事件")
DRILL = Msg("drill", "演练")
NOT_YET = Msg("not yet", "尚未")
SAME = Msg("same as now", "与当前一致")
UNKNOWN = Msg("not recorded", "未记录")
CHANGED = Msg(
    "The playbook or the settings changed since the declaration: the deadlines below are "
    "computed with the ones installed now.",
    "宣布事件后剧本或设置已修改：以下时限按当前安装的版本计算。")
KEEP_HEAD = Msg(
    "Keep the head hash and the event count somewhere else (a ticket, this report): the "
    "command above then shows whether any record was altered, removed or cut off.",
    "请另行保存链头哈希和记录条数（工单或本报告）：上述命令可据此检查记录是否被修改、删除或截断。")
SITES = Msg(
    "Several sites recorded this incident, each in its own hash chain (README \"Several "
    "sites\"): each one's head hash and count, to check its copy with runbook verify.",
    "本事件由多个站点记录，各有其哈希链（见 README“Several sites”）：以下为各站点的链头哈希和"
    "记录条数，可用 runbook verify 复核各站点的副本。")
CONFLICTS = Msg("Conflicts between sites (what two sites set at once):",
                "站点之间的冲突（两个站点同时作出的不同设定）：")
END_WORDS = {
    "stand_down": Msg("to the stand-down", "至应急结束"),
    "closed": Msg("to the close (no stand-down recorded)", "至关闭（未记录应急结束）"),
    "export": Msg("to the export; still under way", "至导出时；仍在处置中"),
}


def identification(s: Summary, lang: Lang) -> list[Block]:
    i = s.identification
    kind = (DRILL if i.drill else REAL)(lang)
    rows: list[tuple[Msg, Inline]] = [
        (Msg("Incident", "事件编号"), code(i.incident_id)),
        (Msg("Type", "事件类型"), (i.type_title(lang) + " ", Span(i.type_id, code=True))),
        (Msg("Title", "标题"), text(i.title or "—")),
        (Msg("Real or drill", "真实事件或演练"), (Span(kind, strong=True),)),
        (Msg("Declared by", "宣布人"), text(actor_text(i.declared_by, lang))),
        (Msg("Playbook digest at declaration", "宣布时的剧本摘要值"), _digest(i.playbook, lang)),
        (Msg("Settings digest at declaration", "宣布时的设置摘要值"), _digest(i.settings, lang)),
        (Msg("Version of the plan played", "执行的预案版本"), _version(i, lang)),
        (Msg("Exported at", "导出时间"), text(moment(i.exported_at, s.tz))),
        (Msg("Times shown in", "时间所用时区"), text(offset_label(s.tz, i.exported_at))),
        (Msg("Chain head hash", "哈希链链头"), code(i.head_hash)),
        (Msg("Events in the record", "记录条数"), text(str(i.event_count))),
        (Msg("Re-check the record with", "复核记录的命令"), code(i.verify_command)),
    ]
    if i.chain is not None:
        broken = not i.chain.ok
        verdict = Span(i.chain.message(lang), tone="bad" if broken else None, strong=broken)
        rows.append((Msg("Chain check at export", "导出时的哈希链校验"), (verdict,)))
    blocks: list[Block] = [
        Heading(2, Msg("1. Identification", "1. 基本信息")(lang), "identification"),
        Pairs(tuple((label(lang), value) for label, value in rows))]
    if i.playbook.differs or i.settings.differs:
        blocks.append(Para((Span(CHANGED(lang), tone="warn", strong=True),)))
    blocks.append(Para(text(KEEP_HEAD(lang))))
    if i.sites:
        blocks += _sites(i, lang)
    blocks += _beside(i, lang)
    if i.checkpoint is not None:
        blocks += _checkpoint(i.checkpoint, lang)
    return blocks


def _sites(i: Identification, lang: Lang) -> list[Block]:
    """Each site's chain, its head and count (to compare another site's copy with), and
    the conflicts between sites."""
    rows = tuple(
        (Msg("Site {site}", "站点 {site}").format(
            site=chain.site or Msg("(none)", "（未设站点）"))(lang),
         (Span(Msg("{count} records, head ", "{count} 条记录，链头 ").format(
             count=chain.count)(lang)), Span(chain.head, code=True)))
        for chain in i.sites)
    blocks: list[Block] = [
        Para(text(SITES(lang))),
        Pairs(rows),
    ]
    if i.conflicts:
        from runbook.conflict_words import conflict_line

        blocks.append(Para(text(CONFLICTS(lang))))
        blocks += [Para(text("- " + conflict_line(c)(lang))) for c in i.conflicts]
    return blocks


def _beside(i: Identification, lang: Lang) -> list[Block]:
    """Each other recording of a step completed on more than one site (who, where, record
    #), and each record marked with why; nothing when there are none."""
    from runbook.site_words import ALSO_HEADING, MARKED_HEADING, also_line, marked_line

    blocks: list[Block] = []
    if i.also:
        blocks.append(Para(text(ALSO_HEADING(lang))))
        blocks += [Para(text("- " + also_line(step, c)(lang))) for step, c in i.also]
    if i.marked:
        blocks.append(Para(text(MARKED_HEADING(lang))))
        blocks += [Para(text("- " + marked_line(m)(lang))) for m in i.marked]
    return blocks


def _checkpoint(c: LastCheckpoint, lang: Lang) -> list[Block]:
    """The last signed checkpoint, to keep with this report: it proves the record up to it
    even to someone who can rewrite the database (README "Identity and proof")."""
    signers = ", ".join(c.signers)
    return [
        Pairs(((Msg("Last signed checkpoint", "最后一个签名检查点")(lang),
                text(Msg(f"#{c.seq}: seals records 1–{c.size}, signed by {signers}",
                         f"第 {c.seq} 条：封存第 1–{c.size} 条记录，签名人 {signers}")(lang))),
               (Msg("Check the database against it with", "据此复核数据库的命令")(lang),
                code(c.verify_command + " --signers allowed-signers")))),
        Para(text(Msg(
            "The checkpoint below is a C2SP signed note. Keep it with this report; its "
            "signature can be checked without runbook (README \"Identity and proof\": "
            "python3 check-checkpoint.py NOTE allowed-signers).",
            "以下检查点为 C2SP 签名记录格式。请与本报告一并保存；其签名无需 runbook 即可验证"
            "（见 README“Identity and proof”：python3 check-checkpoint.py 检查点文件 "
            "allowed-signers）。")(lang))),
        Verbatim(c.note),
    ]


def _version(i: Identification, lang: Lang) -> Inline:
    """The version played, and how it came to be (declared with it, or switched to it)."""
    if not i.played_version:
        return text(Msg("not recorded (declared before runbook kept versions of the plan)",
                        "未记录（宣布时 runbook 尚未保存预案版本）")(lang))
    shown: list[Part] = [*code(i.played_version[:SHORT])]
    if not i.switches:
        shown += text(Msg(" (as declared)", "（与宣布时相同）")(lang))
        return tuple(shown)
    shown += text(Msg(f" (declared with {i.declared_version[:SHORT] or '—'}",
                      f"（宣布时为 {i.declared_version[:SHORT] or '—'}")(lang))
    for s in i.switches:
        shown += text(Msg(f"; switched to {s.after[:SHORT]} at #{s.seq} by "
                          f"{actor_text(s.by, 'en')}: {s.reason}",
                          f"；第 {s.seq} 条记录由{actor_text(s.by, 'zh')}切换为 "
                          f"{s.after[:SHORT]}：{s.reason}")(lang))
    shown += text(Msg(")", "）")(lang))
    return tuple(shown)


def _digest(d: DigestCheck, lang: Lang) -> Inline:
    if not d.recorded:
        return text(UNKNOWN(lang))
    if d.current is None:
        gone = Msg("the playbook is no longer installed", "该剧本已不再安装")(lang)
        return (Span(d.recorded, code=True), Span(semi(lang) + gone, tone="warn"))
    if d.differs:
        differs = Msg("differs from the one installed now: ", "与当前安装的不同：")(lang)
        return (Span(d.recorded, code=True), semi(lang),
                Span(differs, tone="warn", strong=True), Span(d.current, code=True))
    return (Span(d.recorded, code=True), semi(lang) + SAME(lang))


def _stamp(stamp: Stamp | None, s: Summary, lang: Lang) -> Inline:
    if stamp is None:
        return text(NOT_YET(lang))
    return text(f"{moment(stamp.at, s.tz)} · {actor_text(stamp.by, lang)}")


def _milestone(m: Milestone | None, none: Msg, s: Summary, lang: Lang) -> Inline:
    if m is None:
        return text(none(lang))
    amount = span(m.since_td, lang)
    where = f"{moment(m.stamp.at, s.tz)} · {actor_text(m.stamp.by, lang)}"
    relation = Msg(f"{amount} after Td", f"Td 后 {amount}") if m.since_td.total_seconds() >= 0 \
        else Msg(f"{amount} before Td", f"Td 前 {amount}")
    return text(relation(lang) + paren(where, lang))


def overview(s: Summary, lang: Lang) -> list[Block]:
    ov = s.overview
    total = span(ov.total, lang) + paren(END_WORDS[ov.end_kind](lang), lang)
    rows: list[tuple[Msg, Inline]] = [
        (Msg("Declared (recorded)", "宣布（记录时间）"), _stamp(ov.declared, s, lang)),
        (Msg("Td, first on-site report", "Td，首次现场报告"), text(moment(ov.reported_at, s.tz))),
        (Msg("T0, warning issued", "T0，发布预警"), text(moment(ov.warning_at, s.tz))),
        (Msg("Stand-down", "应急结束"), _stamp(ov.stand_down, s, lang)),
        (Msg("Closed", "关闭"), _stamp(ov.closed, s, lang)),
        (Msg("Duration from T0", "自 T0 起的时长"), text(total)),
        (Msg("Duration from Td", "自 Td 起的时长"), text(span(ov.since_td, lang))),
        (Msg("First report to the head of the Command Center (4.1.2)",
             "首次向应急指挥中心负责人报告（4.1.2）"),
         _milestone(ov.first_head_report, Msg("none recorded", "未记录"), s, lang)),
    ]
    if not (s.identification.drill and ov.first_regulator_report is None):
        # a drill leaves this out unless it played a report to a regulator
        rows.append((Msg("First report to the regulator (4.1.3)", "首次向监管机构报告（4.1.3）"),
                     _milestone(ov.first_regulator_report, Msg("not reported", "未报告"), s,
                                lang)))
    declared = Msg("declared at this level", "宣布时设定")(lang)
    history = Table(
        tuple(m(lang) for m in (Msg("Level", "级别"), Msg("From", "起"), Msg("Until", "止"),
                                Msg("Duration", "时长"), Msg("Set by", "设定人"),
                                Msg("Reason", "原因"))),
        tuple((text(level_name(p.level, lang)), text(moment(p.since, s.tz)),
               text(moment(p.until, s.tz)), text(span(p.duration, lang)),
               text(actor_text(p.by, lang)), text(p.reason or declared))
              for p in ov.levels), "levels")
    per_level = Table(
        (Msg("Level", "级别")(lang), Msg("Time at this level", "该级别持续时间")(lang)),
        tuple((text(level_name(lv, lang)), text(span(d, lang))) for lv, d in ov.per_level()),
        "per-level")
    rows += _after_the_fact(s, lang)
    blocks: list[Block] = [
        Heading(2, Msg("2. Overview", "2. 概况")(lang), "overview"),
        Pairs(tuple((label(lang), value) for label, value in rows)),
        Heading(3, Msg("Level history", "级别变更记录")(lang), "level-history"), history,
        per_level]
    if ov.proposals:
        blocks += [Heading(3, Msg("Level proposals", "升级建议")(lang), "proposals"),
                   _proposals(s, lang)]
    return blocks


CRITERIA = {
    "outage": Msg("outage", "中断时长"),
    "people": Msg("people whose data leaked", "信息泄露涉及人数"),
    "records": Msg("records leaked", "泄露信息条数"),
    "credentials": Msg("payment credentials, people", "涉及支付敏感信息的人数"),
}
FIELD_NAMES = {
    "td": Msg("Td", "Td"), "type": Msg("type", "事件类型"), "drill": Msg("drill", "演练"),
    "title": Msg("title", "标题"),
}


def _after_the_fact(s: Summary, lang: Lang) -> list[tuple[Msg, Inline]]:
    """Corrections, withdrawn stand-downs and a close with work open: what changed the story
    after it was first told."""
    ov = s.overview
    rows: list[tuple[Msg, Inline]] = []
    for c in ov.corrections:
        before, after = (moment(v, s.tz) if isinstance(v, datetime) else str(v)
                         for v in (c.before, c.after))
        name = FIELD_NAMES.get(c.field, Msg(c.field, c.field))(lang)
        rows.append((Msg("Corrected", "更正"), text(Msg(
            f"{name}: {before} → {after} ({c.reason}; #{c.seq}, {moment(c.at, s.tz)})",
            f"{name}：{before} → {after}（{c.reason}；#{c.seq}，{moment(c.at, s.tz)}）")(lang))))
    for d in ov.stand_downs:
        if d.withdrawn_at is not None:
            rows.append((Msg("Stand-down withdrawn", "撤回应急结束"), text(Msg(
                f"stood down {moment(d.at, s.tz)} ({d.reason}); withdrawn "
                f"{moment(d.withdrawn_at, s.tz)} ({d.withdrawn_reason})",
                f"{moment(d.at, s.tz)} 应急结束（{d.reason}）；{moment(d.withdrawn_at, s.tz)} "
                f"撤回（{d.withdrawn_reason}）")(lang))))
    if ov.open_at_close:
        spans: list[Span] = [Span(Msg(f"{len(ov.open_at_close)} step(s): ",
                                      f"{len(ov.open_at_close)} 个步骤：")(lang))]
        for i, step_id in enumerate(ov.open_at_close):
            spans += [Span("、" if lang == "zh" else ", ")] if i else []
            spans.append(Span(step_id, code=True))
        if ov.close_reason:
            spans.append(Span(paren(ov.close_reason, lang)))
        rows.append((Msg("Open at the close", "关闭时未完成"), tuple(spans)))
    return rows


def _proposals(s: Summary, lang: Lang) -> Table:
    def figure(value: timedelta | int) -> str:
        return span(value, lang) if isinstance(value, timedelta) else str(value)

    taken_no = Msg("not taken", "未采纳")(lang)
    rows = tuple(
        (text(level_name(p.level, lang)), text(CRITERIA.get(p.criterion, Msg(
            p.criterion, p.criterion))(lang)),
         text(f"{figure(p.value)} ≥ {figure(p.threshold)}"), text(moment(p.since, s.tz)),
         text(moment(p.taken_at, s.tz) if p.taken_at is not None else taken_no))
        for p in s.overview.proposals)
    headers = (Msg("Proposed level", "建议级别"), Msg("Criterion", "依据"),
               Msg("Figure", "数值"), Msg("Since", "提出时间"), Msg("Taken", "采纳时间"))
    return Table(tuple(h(lang) for h in headers), rows, "proposals")
