"""Sections 5 and 6: reports and communication (4.5), and the full activity log."""

from __future__ import annotations

from runbook.describe import OVERRIDE, event_detail, group_name, login_note
from runbook.events import Event
from runbook.i18n import Lang, Msg
from runbook.json_views import is_backdated
from runbook.kinds import name as event_name
from runbook.permissions import override_reason
from runbook.punctuation import colon, paren
from runbook.summary.document import Block, Heading, Inline, Para, Span, Table, text
from runbook.summary.export_times import moment
from runbook.summary.model import Communication, Summary
from runbook.summary.phrases import actor_text
from runbook.vocabulary import RECIPIENTS

BACKDATED = Msg("backdated", "补记")
NONE_RECORDED = Msg("None recorded.", "无记录。")


def _when(c: Communication, s: Summary, lang: Lang) -> Inline:
    mark = paren(BACKDATED(lang), lang) if c.backdated else ""
    return text(moment(c.stamp.at, s.tz) + mark)


def communications(s: Summary, lang: Lang) -> list[Block]:
    blocks: list[Block] = [Heading(2, Msg("5. Reports and communication (4.5)",
                                          "5. 报告与沟通（4.5）")(lang), "communication")]
    reports = [c for c in s.communications if c.kind == "report_sent"]
    blocks.append(Heading(3, Msg("Reports sent, by recipient", "已发送的报告（按对象）")(lang),
                          "reports"))
    if reports:
        blocks.append(Table(
            (Msg("To", "对象")(lang), Msg("Time", "时间")(lang), Msg("Who", "报告人")(lang),
             Msg("Content", "内容")(lang)),
            tuple((text(RECIPIENTS[c.to](lang) if c.to in RECIPIENTS else str(c.to)),
                   _when(c, s, lang), text(actor_text(c.stamp.by, lang)), text(c.text))
                  for c in reports), "reports"))
    else:
        blocks.append(Para(text(NONE_RECORDED(lang))))
    for kind, title, anchor in (
            ("vendor_contacted", Msg("Contacts with the vendor", "与外包服务提供商的联系"),
             "vendor"),
            ("shift_handed_over", Msg("Shift handovers", "交接班"), "handovers")):
        found = [c for c in s.communications if c.kind == kind]
        blocks.append(Heading(3, title(lang), anchor))
        if not found:
            blocks.append(Para(text(NONE_RECORDED(lang))))
            continue
        headers = [Msg("Time", "时间"), Msg("Who", "人员")]
        if kind == "shift_handed_over":
            headers.append(Msg("Handed to", "接班人"))
        headers.append(Msg("Content", "内容"))
        blocks.append(Table(tuple(h(lang) for h in headers), tuple(
            (_when(c, s, lang), text(actor_text(c.stamp.by, lang)),
             *((text(c.to or "—"),) if kind == "shift_handed_over" else ()), text(c.text))
            for c in found), anchor))
    return blocks


def timeline_row(e: Event, s: Summary, lang: Lang,
                 names: dict[str | None, str] | None = None) -> tuple[Inline, ...]:
    backdated = is_backdated(e)
    detail = event_detail(e, lang, s.playbook)
    occurred: Inline = text(moment(e.occurred_at, s.tz, seconds=True))
    if backdated:
        reason = str(e.payload.get("backdate_reason", ""))
        occurred = (*occurred, Span(paren(BACKDATED(lang), lang), tone="warn"))
        if reason:
            detail += " · " + colon(BACKDATED(lang), reason, lang)
    overridden = override_reason(e)
    if overridden is not None:
        detail += " · " + colon(OVERRIDE(lang), overridden, lang)
    return (text(str(e.seq)), occurred, text(moment(e.recorded_at, s.tz, seconds=True)),
            text(e.actor.name + login_note(e.actor.login, lang)),
            text(names[e.actor.group] if names else group_name(e.actor.group, lang)),
            text(event_name(e.kind)(lang)), text(detail))


def timeline(s: Summary, lang: Lang) -> list[Block]:
    names = {g: group_name(g, lang) for g in {e.actor.group for e in s.timeline}}
    headers = (Msg("#", "#"), Msg("Occurred", "发生时间"), Msg("Recorded", "记录时间"),
               Msg("Who", "人员"), Msg("Group", "小组"), Msg("What", "事项"),
               Msg("Detail", "详情"))
    return [
        Heading(2, Msg("6. Timeline (activity log)", "6. 时间线（处置活动记录）")(lang),
                "timeline"),
        Para(text(Msg(
            "Every event in the order recorded. Occurred is when it happened, recorded is when "
            "it was written down; entries written more than a minute after the fact are marked "
            "backdated, with the reason given.",
            "按记录顺序列出全部记录。发生时间为事情发生的时刻，记录时间为写入记录的时刻；"
            "事后超过一分钟才记录的条目标为补记，并注明原因。")(lang))),
        Table(tuple(h(lang) for h in headers),
              tuple(timeline_row(e, s, lang, names) for e in s.timeline), "timeline"),
        *identities(s, lang),
    ]


def identities(s: Summary, lang: Lang) -> list[Block]:
    """Where the names come from, and every emergency override with its reason (issue 15)."""
    people = s.identities.roster_people
    blocks: list[Block] = [
        Heading(3, Msg("Identities and emergency overrides", "身份与紧急越权")(lang),
                "identities"),
        Para(text((Msg(
            f"Names and groups come from the roster ({people} people listed), by the "
            "operating-system login that wrote each event; while a roster is in use, each "
            "event is checked when written against the roles the settings grant.",
            f"姓名和小组取自名册（列有 {people} 人），依据写入每条记录的操作系统登录名；"
            "使用名册期间，每条记录写入时均按设置授予的角色核查。") if people else Msg(
            "Identities were self-declared: no roster lists who may act, so names and groups "
            "are as the responders gave them (events written since logins are kept show the "
            "operating-system login beside the name).",
            "身份为自报：没有名册列明可操作人员，姓名和小组按处置人员自行填写"
            "（自记录登录名以来的条目在姓名旁注明操作系统登录名）。"))(lang)))]
    if not s.identities.overrides:
        blocks.append(Para(text(Msg("No emergency override was recorded.",
                                    "未记录紧急越权。")(lang))))
        return blocks
    headers = (Msg("#", "#"), Msg("Recorded", "记录时间"), Msg("Who", "人员"),
               Msg("What", "事项"), Msg("Reason", "原因"))
    blocks.append(Table(tuple(h(lang) for h in headers), tuple(
        (text(str(e.seq)), text(moment(e.recorded_at, s.tz, seconds=True)),
         text(e.actor.name + login_note(e.actor.login, lang)),
         text(event_name(e.kind)(lang)), text(override_reason(e) or ""))
        for e in s.identities.overrides), "overrides"))
    return blocks
