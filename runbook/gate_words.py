"""The regulatory gates (`runbook.gates`) in words, for `runbook status` and the summary:
`PBOC class-1 material event: met — outage 2 h 10 min > 2 h`."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from runbook.gates import MET, NOT_MET, CacGrade, Class1, Criterion, Gates
from runbook.i18n import Lang, Msg
from runbook.incident import FactValue
from runbook.punctuation import semi
from runbook.wording import count_text, span_text

STATES: Final = {
    MET: Msg("met", "已达到"),
    NOT_MET: Msg("not met", "未达到"),
    "unknown": Msg("unknown", "尚不能确定"),
}
CRITERIA: Final = {
    "outage": Msg("outage", "中断时长"),
    "transactions": Msg("transactions affected", "受影响交易"),
    "records": Msg("records leaked", "泄露信息条数"),
    "customers": Msg("customers whose data leaked", "信息泄露涉及客户"),
    "publicity": Msg("major negative publicity", "重大负面舆情"),
    "vendor-misuse": Msg("vendor misused for fraud or laundering", "外包服务提供商涉及诈骗或洗钱"),
}
GRADE_NAMES: Final = {
    "general": Msg("General", "一般"),
    "large": Msg("Large", "较大"),
    "major": Msg("Major", "重大"),
    "especially-major": Msg("Especially major", "特别重大"),
}
CLASS1_TITLE: Final = Msg("PBOC class-1 material event (银发〔2021〕198号)",
                          "人民银行一类重大事项（银发〔2021〕198号）")
CAC_TITLE: Final = Msg("CAC grade (国家网络安全事件报告管理办法)",
                       "网信部门事件分级（国家网络安全事件报告管理办法）")
PBOC_TITLE: Final = Msg("PBOC grade (Order 2025 No. 4)", "人民银行事件分级（2025 年第 4 号令）")


def _figure(value: timedelta | int | str | None, lang: Lang) -> str:
    if isinstance(value, timedelta):
        return span_text(value, lang)
    if isinstance(value, int):
        return count_text(value, lang)
    return {"yes": Msg("yes", "是"), "no": Msg("no", "否")}.get(
        str(value), Msg(str(value), str(value)))(lang)


def criterion_words(c: Criterion, lang: Lang) -> str:
    """`outage 2 h 10 min > 2 h`, `受影响交易 未记录`, `重大负面舆情 否`."""
    name = CRITERIA.get(c.id, Msg(c.id, c.id))(lang)
    if c.value is None:
        return f"{name} " + Msg("not recorded", "未记录")(lang)
    figure = _figure(c.value, lang)
    if c.threshold is None:
        if c.id in ("publicity", "vendor-misuse"):
            return f"{name} {figure}"
        return f"{name} {figure}" + Msg(" (no threshold set)", "（未设阈值）")(lang)
    relation = ">" if c.state == MET else "≤"
    words = f"{name} {figure} {relation} {_figure(c.threshold, lang)}"
    if c.state == "unknown" and isinstance(c.value, timedelta):
        words += Msg(" so far, still under way", "，仍在持续")(lang)
    return words


def class1_words(gate: Class1, lang: Lang) -> str:
    """`met — outage 2 h 10 min > 2 h`; `unknown — 受影响交易 未记录; …`."""
    state = STATES[gate.state](lang)
    shown = gate.met_by if gate.state == MET else gate.criteria
    if not shown:
        return Msg(f"{state} (no criterion this type records)",
                   f"{state}（本类型不记录相关数据）")(lang)
    parts = semi(lang).join(
        criterion_words(c, lang) for c in shown)
    return f"{state} — {parts}" if lang == "en" else f"{state}——{parts}"


def _recorded(found: FactValue | None, lang: Lang) -> str | None:
    if found is None or found.value not in GRADE_NAMES:
        return None
    name = GRADE_NAMES[str(found.value)](lang)
    by = found.by.name
    corrected = Msg(", corrected", "，已更正")(lang) if found.corrected else ""
    return Msg(f"recorded {name} (by {by}, #{found.seq}{corrected})",
               f"记录为{name}（{by}，#{found.seq}{corrected}）")(lang)


def cac_words(grade: CacGrade, lang: Lang) -> str:
    """`Large — people 1,200,000 ≥ 1,000,000; recorded Major (by wang, #12)`."""
    parts: list[str] = []
    if grade.by_people is not None and grade.people is not None and grade.threshold is not None:
        name = GRADE_NAMES[grade.by_people](lang)
        people = count_text(grade.people, lang)
        limit = count_text(grade.threshold, lang)
        if grade.by_people == "general":
            parts.append(Msg(f"below Large by the people leaked ({people} < {limit})",
                             f"按泄露人数未达较大（{people} < {limit}）")(lang))
        else:
            parts.append(Msg(f"{name} by the people leaked ({people} ≥ {limit})",
                             f"按泄露人数为{name}（{people} ≥ {limit}）")(lang))
    recorded = _recorded(grade.recorded, lang)
    if recorded is not None:
        parts.append(recorded)
    if not parts:
        return Msg("not graded: no figure the rule fixes is recorded; the head grades it",
                   "尚未分级：未记录该办法规定的数据；由负责人分级")(lang)
    if grade.reportable:
        parts.append(Msg("reportable to the CAC", "须向网信部门报告")(lang))
    return semi(lang).join(parts)


def pboc_words(found: FactValue | None, lang: Lang) -> str:
    return _recorded(found, lang) or Msg("not graded: the head grades it",
                                         "尚未分级：由负责人分级")(lang)


def gate_lines(gates: Gates, lang: Lang) -> list[tuple[str, str]]:
    """(title, words) for each gate, in the order the head weighs them."""
    return [(CLASS1_TITLE(lang), class1_words(gates.class1, lang)),
            (CAC_TITLE(lang), cac_words(gates.cac, lang)),
            (PBOC_TITLE(lang), pboc_words(gates.pboc_grade, lang))]


def gate_value(value: object) -> object:
    """A criterion's figure as JSON: minutes for a duration, else as it is."""
    if isinstance(value, timedelta):
        return int(value.total_seconds() // 60)
    return value

