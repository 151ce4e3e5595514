"""Groups, levels, anchors, step states, report recipients and evaluation sections: defined
here once, named in both languages."""

from __future__ import annotations

from typing import Final

from msgspec import Struct

from runbook.i18n import Msg


class Group(Struct, frozen=True):
    id: str
    name: Msg
    short: Msg


class Level(Struct, frozen=True):
    """A warning level: its names, its colour and how the colour is drawn everywhere (the
    badge on its fill, text in a brighter shade on a dark terminal, the chart's fill)."""

    id: str
    rank: int  # 1 is the most severe
    name: Msg
    short: Msg  # I red, 一级 红
    numeral: Msg  # I, 一级
    definition: Msg
    clause: str
    fill: str  # the colour, for badges and the chart
    ink: str  # text on the fill
    bright: str  # the colour as text on a dark background

    @property
    def badge_style(self) -> str:
        return f"bold {self.ink} on {self.fill}"

    @property
    def text_style(self) -> str:
        return f"bold {self.bright}"


GROUPS: Final[tuple[Group, ...]] = (
    Group("command", Msg("Emergency Command Center", "应急指挥中心"), Msg("Command", "指挥中心")),
    Group("office", Msg("Command Center Office", "应急指挥中心办公室"), Msg("Office", "办公室")),
    Group("tech", Msg("Technical Support Group", "技术支持小组"), Msg("Tech", "技术支持")),
    Group("ops", Msg("Business Operations Group", "业务运营小组"), Msg("Ops", "业务运营")),
    Group("risk", Msg("Risk Management Group", "风险管理小组"), Msg("Risk", "风险管理")),
    Group("security", Msg("Security Group", "安全保障小组"), Msg("Security", "安全保障")),
)
GROUP_IDS: Final = tuple(g.id for g in GROUPS)

LEVELS: Final[tuple[Level, ...]] = (
    Level(
        "I", 1, Msg("Level I (red)", "一级预警（红色）"), Msg("I red", "一级 红"),
        Msg("I", "一级"),
        Msg("Severe fault: payment business fully interrupted, expected outage over "
            "{level_I_outage_over}.",
            "严重故障，支付业务全面中断，预计中断时间超过{level_I_outage_over}。"),
        "3.2.1", "#c62828", "#ffffff", "#ff5f5f",
    ),
    Level(
        "II", 2, Msg("Level II (orange)", "二级预警（橙色）"),
        Msg("II orange", "二级 橙"), Msg("II", "二级"),
        Msg("Large fault: part of payment business affected, expected outage "
            "{level_II_outage_from} to {level_II_outage_to}, or clear impact on customers.",
            "较大故障，部分支付业务受影响，预计中断{level_II_outage_from}至{level_II_outage_to}，"
            "或对客户和市场有较明显影响。"),
        "3.2.2", "#ff8f00", "#000000", "#ffaf00",
    ),
    Level(
        "III", 3, Msg("Level III (yellow)", "三级预警（黄色）"),
        Msg("III yellow", "三级 黄"), Msg("III", "三级"),
        Msg("Ordinary fault: basic operation kept, expected outage under "
            "{level_III_outage_under}.",
            "一般故障，仍可维持基本运行，预计中断时间在{level_III_outage_under}以内。"),
        "3.2.3", "#fdd835", "#000000", "#ffff5f",
    ),
    Level(
        "IV", 4, Msg("Level IV (blue)", "四级预警（蓝色）"), Msg("IV blue", "四级 蓝"),
        Msg("IV", "四级"),
        Msg("Minor anomaly: potential risk to payment business, needs close watch.",
            "轻微异常，可能对支付业务产生潜在风险，需要密切关注。"),
        "3.2.4", "#1565c0", "#ffffff", "#5fafff",
    ),
)
LEVEL_IDS: Final = tuple(lv.id for lv in LEVELS)

ANCHORS: Final[dict[str, Msg]] = {
    "Td": Msg("first report (Td)", "首次报告（Td）"),
    "T0": Msg("warning issued (T0)", "发布预警（T0）"),
    "level": Msg("current level set", "当前级别确定"),
    "stand_down": Msg("stand-down", "应急结束"),
}
STEP_ANCHOR_PREFIX: Final = "step:"

STEP_STATES: Final[dict[str, Msg]] = {
    "pending": Msg("pending", "待处理"),
    "in_progress": Msg("in progress", "进行中"),
    "done": Msg("done", "已完成"),
    "skipped": Msg("skipped", "已跳过"),
    "blocked": Msg("blocked", "受阻"),
    "n/a": Msg("n/a", "不适用"),
}


# Whom a report goes to (plan 4.1.3, 4.5), in the plan's order; each regulator by name, its
# own clock (`regulator`, unnamed, is kept so that older records and scripts still read).
RECIPIENTS: Final[dict[str, Msg]] = {
    "head": Msg("head of the Command Center", "应急指挥中心负责人"),
    "regulator": Msg("regulator", "监管机构"),  # unnamed: how older records name the PBOC
    "pboc": Msg("People's Bank of China", "中国人民银行"),
    "cac": Msg("Cyberspace Administration (CAC)", "网信部门"),
    "data-authority": Msg("personal-information protection authority",
                          "个人信息保护主管部门"),
    "authority": Msg("competent authority", "上级主管部门"),
    "customers": Msg("customers", "客户"),
    "vendor": Msg("vendor", "外包服务提供商"),
    "partners": Msg("partners", "合作伙伴"),
}
RECIPIENT_IDS: Final = tuple(RECIPIENTS)
REGULATORS: Final = ("regulator", "pboc", "cac", "data-authority")  # who regulates, by name

# What a report to a regulator is, in the rules' own terms (4.1.3, 4.5.3).
REPORT_STAGES: Final[dict[str, Msg]] = {
    "brief": Msg("initial brief", "事发简要报告"),
    "full": Msg("incident report", "事件报告"),
    "progress": Msg("progress report", "续报"),
    "final": Msg("final report", "总结报告"),
}


class Section(Struct, frozen=True):
    """A part of the evaluation (4.6) or of the post-incident handling (5.x)."""

    id: str
    clause: str
    title: Msg


SECTIONS: Final[tuple[Section, ...]] = (
    Section("cause", "4.6.2", Msg("Cause analysis", "原因分析")),
    Section("effectiveness", "4.6.2", Msg("Effectiveness of the measures", "处置措施的有效性")),
    Section("resources", "4.6.2", Msg("Adequacy of resources", "资源保障是否充足")),
    Section("coordination", "4.6.2", Msg("Coordination among departments and people",
                                         "部门和人员之间的协调配合")),
    Section("loss", "5.1", Msg("Loss assessment", "损失评估")),
    Section("recovery", "5.2", Msg("Recovery and reconstruction", "恢复与重建")),
    Section("investigation", "5.3", Msg("Investigation and rectification", "调查与整改")),
    Section("insurance", "5.4", Msg("Insurance claim", "保险理赔")),
    Section("lessons", "4.6.1", Msg("Lessons learned", "经验教训")),
    Section("actions", "4.6.3", Msg("Action items", "整改事项")),
    Section("signoff", "4.6.2", Msg("Sign-off", "签署")),
)
EVALUATION_SECTIONS: Final = tuple(s.id for s in SECTIONS)


def section(section_id: str) -> Section | None:
    return next((s for s in SECTIONS if s.id == section_id), None)


def group(group_id: str) -> Group:
    return next(g for g in GROUPS if g.id == group_id)


def level(level_id: str) -> Level:
    return next(lv for lv in LEVELS if lv.id == level_id)
