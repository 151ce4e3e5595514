"""The review as JSON (stable, documented in the README section of the report) and as
terminal tables (of `Text` cells: rich would read a string as markup)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from rich.table import Table
from rich.text import Text

from runbook.describe import group_name
from runbook.i18n import Lang, Msg
from runbook.render_tables import cell
from runbook.summary.export_times import NONE, UNDER_A_MINUTE, minutes
from runbook.summary.review import Review, Tally
from runbook.table_fit import Column, Fitted, fit
from runbook.versions import short
from runbook.wording import span_text


def tally_json(t: Tally) -> dict[str, Any]:
    return {"applied": t.applied, "missed": t.missed,
            "median_late_minutes": minutes(t.median_late)}


def review_json(r: Review) -> dict[str, Any]:
    return {
        "since": r.since.isoformat() if r.since else None,
        "now": r.now.isoformat(timespec="seconds"),
        "incidents": {"real": r.real, "drills": r.drills},
        "unplayable": list(r.unplayable),
        "unreadable": [{"id": incident_id, "reason": {"zh": why.zh, "en": why.en}}
                       for incident_id, why in r.unreadable],
        "steps": [{
            "id": s.step.id, "group": s.step.group, "source": list(s.step.source),
            "title": {"zh": s.step.title.zh, "en": s.step.title.en}, "types": s.types,
            "real": tally_json(s.real), "drills": tally_json(s.drill),
        } for s in r.steps],
        "drills_per_year": {
            "target": r.target, "clause": r.target_clause,
            "full_scale_target": r.years[0].full_scale_target if r.years else None,
            "years": [{"year": y.year, "held": y.held, "types": list(y.types),
                       "met": y.met, "to_date": y.to_date, "full_scale": y.full_scale,
                       "full_scale_met": y.full_scale_met, "not_held": y.not_held}
                      for y in r.years],
        },
        "rotation": None if r.rotation is None else {
            "years": r.rotation.years, "types": list(r.rotation.types),
            "missing": list(r.rotation.missing), "met": r.rotation.met},
        "action_items": [{
            "incident": o.incident_id, "drill": o.drill, "number": o.item.number,
            "text": o.item.text, "owner": o.item.owner, "due": o.item.due.isoformat(),
            "overdue": o.overdue} for o in r.action_items],
        "versions": [{"incident": v.incident_id, "version": v.version or None,
                      "switched": v.switched, "current": v.current, "kept": v.kept}
                     for v in r.ran],
    }


def _tally_cell(t: Tally, lang: Lang) -> Text:
    late = NONE if t.median_late is None else (
        UNDER_A_MINUTE(lang) if t.median_late < timedelta(minutes=1)
        else span_text(t.median_late, lang))
    return Text(f"{t.applied} / {t.missed} / {late}")


TALLY = Msg("applied / missed\n/ median late", "适用 / 超时\n/ 超时中位数")


def review_tables(r: Review, lang: Lang, width: int | None = None,
                  wide: bool = False) -> list[Table]:
    """The review as tables (for a widget, which lays them out: `width` None)."""
    return [f.table for f in review_fitted(r, lang, width, wide)]


def review_fitted(r: Review, lang: Lang, width: int | None,
                  wide: bool = False) -> list[Fitted]:
    """The review as tables that fit `width` (`runbook.table_fit`): step ids whole."""
    steps = fit(
        [Column(Msg("Step", "步骤")(lang)), Column(Msg("Group", "小组")(lang), drop=1),
         *(Column(kind(lang) + "\n" + TALLY(lang), justify="right")
           for kind in (Msg("Real:", "真实事件："), Msg("Drills:", "演练：")))],
        [[cell(s.step.id), Text(group_name(s.step.group, lang)), _tally_cell(s.real, lang),
          _tally_cell(s.drill, lang)] for s in r.steps],
        width, wide, title=Msg(f"Steps across incidents: {r.real} real, {r.drills} drills",
                               f"跨事件步骤统计：真实事件 {r.real} 个，演练 {r.drills} 次")(lang))
    rows = []
    yes, no = Msg("yes", "是")(lang), Msg("no", "否")(lang)
    for y in r.years:
        met = yes if y.met else no
        if y.to_date:
            met += Msg(" (year to date)", "（本年截至目前）")(lang)
        rows.append([Text(str(y.year)), Text(str(y.held)), cell(", ".join(y.types) or NONE),
                     Text(f"{y.full_scale} ({yes if y.full_scale_met else no})"),
                     Text(str(y.not_held)), Text(met)])
    full = r.years[0].full_scale_target if r.years else 0
    rotation = ""
    if r.rotation is not None:
        rotation = Msg(
            f"; every type within {r.rotation.years} year(s): "
            + ("yes" if r.rotation.met else "no, not drilled: "
               + ", ".join(t.en for t in r.rotation.missing_titles)),
            f"；{r.rotation.years} 年内轮换覆盖所有类型："
            + ("是" if r.rotation.met else "否，未演练："
               + "、".join(t.zh for t in r.rotation.missing_titles)))(lang)
    drills = fit(
        [Column(Msg("Year", "年份")(lang)), Column(Msg("Held", "已开展")(lang), justify="right"),
         Column(Msg("Types", "类型")(lang), wraps=True),
         Column(Msg("Full-scale (met)", "实战演练（达标）")(lang), wraps=True),
         Column(Msg("Not held", "未开展")(lang), justify="right", drop=1),
         Column(Msg("Target met", "是否达标")(lang), wraps=True, least=8, comfort=12)],
        rows, width, wide, title=Msg(
            f"Drills held per year, at least one step completed (target {r.target}, at least "
            f"{full} full-scale, clause {r.target_clause}){rotation}",
            f"每年演练次数，至少完成一个步骤方计入（目标 {r.target} 次，其中实战演练至少 "
            f"{full} 次，条款 {r.target_clause}）{rotation}")(lang))
    return [steps, drills, *_action_items(r, lang, width, wide), *_versions(r, lang, width, wide)]


def _versions(r: Review, lang: Lang, width: int | None, wide: bool) -> list[Fitted]:
    """The version of the plan each incident ran (short digest), switched or not."""
    if not r.ran:
        return []
    yes, no = Msg("yes", "是")(lang), Msg("no", "否")(lang)
    rows = [[cell(v.incident_id), cell(v.title(lang)),
             Text(short(v.version) + (NOT_KEPT(lang) if v.kept is False else "")),
             Text(yes if v.switched else no), Text(yes if v.current else no)]
            for v in r.ran]
    return [fit(
        [Column(Msg("Incident", "事件")(lang)), Column(Msg("Type", "类型")(lang), drop=1),
         Column(Msg("Version", "剧本版本")(lang)), Column(Msg("Switched", "已切换")(lang)),
         Column(Msg("In force", "当前版本")(lang), drop=2)],
        rows, width, wide, title=Msg("The version of the plan each incident ran",
                                     "各事件执行的剧本版本")(lang))]


NOT_KEPT = Msg(" (not kept)", "（未保存）")


def _action_items(r: Review, lang: Lang, width: int | None, wide: bool) -> list[Fitted]:
    if not r.action_items:
        return []
    overdue = Msg("overdue", "已逾期")(lang)
    rows = [[cell(o.incident_id), Text(str(o.item.number)), cell(o.item.text),
             cell(o.item.owner), Text(o.item.due.isoformat()),
             Text(overdue, style="bold red") if o.overdue else Text(NONE)]
            for o in r.action_items]
    late = sum(1 for o in r.action_items if o.overdue)
    return [fit(
        [Column(Msg("Incident", "事件")(lang)), Column(Msg("No.", "编号")(lang), justify="right"),
         Column(Msg("Action item", "整改事项")(lang), wraps=True),
         Column(Msg("Owner", "负责人")(lang), wraps=True),
         Column(Msg("Due", "完成期限")(lang)), Column(Msg("Overdue", "逾期")(lang))],
        rows, width, wide, title=Msg(
            f"Open action items: {len(r.action_items)}, overdue: {late}",
            f"未完成整改事项：{len(r.action_items)} 项，已逾期 {late} 项")(lang))]
