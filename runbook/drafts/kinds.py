"""The report drafts, in the regulators' own terms: one table, asked by the builder, the
command and the player.

Each kind names who it goes to, the rule it answers (with the deadline the rule sets, as
`domain.md` records it), the plan step its sending completes (so the draft can say when it
is due) and the parts it holds. Only the notice to individuals needs facts of its own (the
PIPL Art 57 items); a type that declares none has no such notice.
"""

from __future__ import annotations

from typing import Final

from msgspec import Struct

from runbook.i18n import Msg


class DraftKind(Struct, frozen=True):
    id: str
    title: Msg
    to: tuple[str, ...]  # recipients (vocabulary.RECIPIENTS)
    basis: Msg  # the rule and the deadline it sets
    steps: tuple[str, ...]  # the plan steps its sending completes, first found used
    parts: tuple[str, ...]  # what it holds, in order (see drafts.build.PARTS)
    needs: str | None = None  # a fact section the type must declare


# The content 4.1.3 requires of every report: overview, measures taken, expected impact,
# next steps; the figures and the grade go with the overview.
REPORT: Final = ("overview", "grade", "measures", "impact", "next")

KINDS: Final = (
    DraftKind(
        "brief", Msg("Initial brief", "事发简要报告"), ("pboc", "authority"),
        Msg("PBOC Order 2025 No. 4 (draft text): Large or above, a brief report within 30 "
            "minutes of Td; if the cause is not known yet, report what is known",
            "中国人民银行业务领域网络安全事件报告管理办法（2025 年第 4 号令，征求意见稿）："
            "较大及以上事件，自 Td 起 30 分钟内报送事发简要报告；原因不明的，先报已知情况"),
        ("report.regulator-brief",), REPORT),
    DraftKind(
        "full", Msg("Incident report", "事件报告"), ("pboc", "authority"),
        Msg("PBOC Order 2025 No. 4 (draft text): the incident report within 2 hours of Td",
            "中国人民银行业务领域网络安全事件报告管理办法（2025 年第 4 号令，征求意见稿）："
            "自 Td 起 2 小时内报送事件报告"),
        ("report.regulator-report",),
        ("overview", "grade", "times", "measures", "impact", "recovery", "vendor", "next")),
    DraftKind(
        "progress", Msg("Progress report", "续报"), ("pboc", "authority"),
        Msg("PBOC Order 2025 No. 4 (draft text): progress reports for Major and above; "
            "plan 4.5.3: every interval, at once on escalation or restoration",
            "中国人民银行业务领域网络安全事件报告管理办法（2025 年第 4 号令，征求意见稿）："
            "重大及以上事件续报；预案 4.5.3：按周期续报，事态升级或恢复时即时续报"),
        ("comms.regulator-progress",),
        ("since", "overview", "grade", "measures", "impact", "recovery", "next")),
    DraftKind(
        "final", Msg("Final report", "总结报告"), ("pboc", "authority"),
        Msg("PBOC Order 2025 No. 4 (draft text): the final report after the incident; CAC "
            "rule: a summary within 30 days of the end",
            "中国人民银行业务领域网络安全事件报告管理办法（2025 年第 4 号令，征求意见稿）：事件"
            "结束后报送总结报告；国家网络安全事件报告管理办法：结束后 30 日内报送总结"),
        (),
        ("overview", "grade", "times", "measures", "impact", "recovery", "vendor", "cause",
         "actions")),
    DraftKind(
        "cac", Msg("Cyber incident report to the CAC", "网络安全事件报告（网信部门）"),
        ("cac",),
        Msg("国家网络安全事件报告管理办法 (in force 2025-11-01): Large or above, to the "
            "provincial CAC within 4 hours of Td (critical-infrastructure operators 1 hour); "
            "if the cause is not known, report what is known first",
            "国家网络安全事件报告管理办法（2025 年 11 月 1 日施行）：较大及以上事件，自 Td 起 4 "
            "小时内报告省级网信部门（关键信息基础设施运营者 1 小时）；原因不明的，先报已知情况"),
        ("report.cac",),
        ("overview", "grade", "times", "measures", "impact", "recovery", "next")),
    DraftKind(
        "pipl-notice",
        Msg("Personal-information breach notice (PIPL Art 57)",
            "个人信息泄露告知（个人信息保护法第五十七条）"),
        ("data-authority", "customers"),
        Msg("PIPL Art 57: take remedies at once and notify the authority and the individuals "
            "of the data types, the cause, the possible harm, the remedies taken, what "
            "individuals can do and a contact",
            "个人信息保护法第五十七条：立即采取补救措施，并通知履行个人信息保护职责的部门和个人："
            "个人信息种类、原因和可能造成的危害，已采取的补救措施，个人可以采取的减轻危害的措施，"
            "个人信息处理者的联系方式"),
        ("dl.notify-authority", "dl.notify-customers"), ("pipl",), needs="notice"),
    DraftKind(
        "customer-notice", Msg("Notice to customers", "客户告知"), ("customers",),
        Msg("Plan 4.5.3: customers are told what happened, what is affected, what they can "
            "do and when the next update comes, in plain words",
            "预案 4.5.3：用通俗的语言告知客户发生了什么、影响哪些服务、客户可以怎么做、"
            "何时再次通报"),
        ("comms.customer-update", "dl.notify-customers"), ("customer",)),
)
KIND_IDS: Final = tuple(k.id for k in KINDS)
BY_ID: Final = {k.id: k for k in KINDS}
DRAFT_FORMATS: Final = ("md", "text", "html")


def kind(kind_id: str) -> DraftKind:
    """The kind named `kind_id` (the command's choice checked it already)."""
    return BY_ID[kind_id]
