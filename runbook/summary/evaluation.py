"""The evaluation (4.6.2) and post-incident sections (5.x): measured facts, entries, fields.

Facts are measured, never judged: deadlines missed, steps blocked, stretches of the
emergency with no recorded activity. The evaluators' words come from evaluation_recorded
events; a section nobody has written yet gets empty fields to fill in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Final

from runbook.events import Event
from runbook.i18n import Msg
from runbook.kinds import ACTIVITY_KINDS, SPECS
from runbook.summary.model import Block, Entry, Facts, Gap, Section, StepOutcome
from runbook.summary.overview import stamp
from runbook.vocabulary import EVALUATION_SECTIONS, section

GAP_THRESHOLD = timedelta(minutes=30)

# What each section asks the evaluators (its id, clause and title are the vocabulary's).
FIELDS: dict[str, tuple[Msg, ...]] = {
    "cause": (Msg("Root cause", "根本原因"), Msg("Trigger", "触发因素"),
              Msg("How it was detected", "发现途径")),
    "effectiveness": (Msg("Did the measures work; was the plan usable as written?",
                          "措施是否有效；预案是否切实可用？"),),
    "resources": (Msg("Resources mobilised (people, reserve systems, suppliers)",
                      "调用的资源（人员、备用系统、供应商）"),
                  Msg("What was missing", "欠缺的资源")),
    "coordination": (Msg("How the groups worked together", "各小组之间的配合情况"),),
    "lessons": (Msg("What went well", "做得好的方面"), Msg("What went badly", "做得不好的方面"),
                Msg("Where we were lucky", "侥幸之处")),
    "actions": (Msg("Action, owner, due date", "事项、负责人、完成期限"),),
    "loss": (Msg("Direct economic loss (system repair, customer compensation)",
                 "直接经济损失（系统修复费用、客户赔偿）"),
             Msg("Indirect economic loss (revenue lost to the interruption)",
                 "间接经济损失（业务中断造成的收入损失）"),
             Msg("Transactions affected: count and amount", "受影响交易：笔数和金额"),
             Msg("Customers affected; complaints", "受影响客户数；客户投诉"),
             Msg("Records of personal data leaked", "泄露的个人信息条数"),
             Msg("Reputational damage (public opinion, customer feedback)",
                 "声誉损害（舆情监测、客户反馈）")),
    "recovery": (Msg("Recovery plan: goals, tasks, time points", "恢复计划：目标、任务、时间节点"),
                 Msg("Technical recovery: systems checked, repaired, upgraded",
                     "技术恢复：系统全面检查、修复和升级"),
                 Msg("Business recovery: processes restored, service improved",
                     "业务恢复：逐步恢复正常流程、改进服务"),
                 Msg("Follow-on risks watched until recovery is stable",
                     "持续监测后续风险直至恢复稳定"),
                 Msg("Recovery time achieved against the target", "实际恢复时间与目标的对比")),
    "investigation": (Msg("Cause, course and responsibility", "事件原因、经过和责任"),
                      Msg("Responsible parties and people; proposed handling",
                          "责任单位和责任人；处理建议"),
                      Msg("Rectification: internal controls, processes and systems improved",
                          "整改：完善内部控制、流程和制度")),
    "insurance": (Msg("Coverage and claim conditions checked", "保险责任范围和理赔条件核查"),
                  Msg("Insurer notified; claim filed (date, documents)",
                      "通知保险公司；提交理赔（日期、材料）"),
                  Msg("Claim followed to payment (amount, date)", "理赔跟进至赔付（金额、日期）")),
    "signoff": (Msg("Prepared by (name, date)", "编制人（姓名、日期）"),
                Msg("Reviewed by (name, date)", "审核人（姓名、日期）"),
                Msg("Approved by (name, date)", "批准人（姓名、日期）")),
}
EVALUATION: Final = ("cause", "effectiveness", "resources", "coordination", "lessons", "actions")
POST_INCIDENT: Final = ("loss", "recovery", "investigation", "insurance")
assert set(FIELDS) == set(EVALUATION_SECTIONS) == {*EVALUATION, *POST_INCIDENT, "signoff"}


def entries(events: Sequence[Event]) -> dict[str, list[Entry]]:
    found: dict[str, list[Entry]] = {}
    for event in events:
        if event.kind == "evaluation_recorded":
            section = str(event.payload.get("section", ""))
            found.setdefault(section, []).append(
                Entry(section, str(event.payload.get("text", "")), stamp(event)))
    return found


def sections(ids: Sequence[str], recorded: dict[str, list[Entry]],
             steps: Sequence[StepOutcome] = ()) -> tuple[Section, ...]:
    """Sections with their entries; post-incident ones also with the steps citing them."""
    result = []
    for sid in ids:
        found = section(sid)
        assert found is not None
        result.append(Section(
            sid, found.clause, found.title, tuple(recorded.get(sid, ())), FIELDS[sid],
            tuple(o for o in steps if any(_under(c, found.clause) for c in o.step.source))))
    return tuple(result)


def signoff(recorded: dict[str, list[Entry]]) -> Section:
    return sections(("signoff",), recorded)[0]


def _under(clause: str, parent: str) -> bool:
    return clause == parent or clause.startswith(parent + ".")


def gaps(events: Sequence[Event], until: datetime | None,
         threshold: timedelta = GAP_THRESHOLD) -> tuple[Gap, ...]:
    """Stretches longer than `threshold` with no event, up to `until` (the stand-down)."""
    timed = sorted((e for e in events if (until is None or e.occurred_at <= until)
                    and e.kind in ACTIVITY_KINDS),
                   key=lambda e: (e.occurred_at, e.seq))
    return tuple(
        Gap(a.occurred_at, b.occurred_at, a.seq, b.seq)
        for a, b in pairwise(timed)
        if b.occurred_at - a.occurred_at > threshold
    )




def blocks(events: Sequence[Event]) -> tuple[Block, ...]:
    """Every time a step was blocked, with the reason and when work on it resumed."""
    result: list[Block] = []
    open_blocks: dict[str, int] = {}
    for event in events:
        step = event.step
        if step is None:
            continue
        if event.kind == "step_blocked":
            open_blocks[step] = len(result)
            result.append(Block(step, str(event.payload.get("reason", "")), stamp(event), None))
        elif step in open_blocks and (spec := SPECS.get(event.kind)) and spec.unblocks:
            i = open_blocks.pop(step)
            b = result[i]
            result[i] = Block(b.step_id, b.reason, b.stamp, event.occurred_at)
    return tuple(result)


def facts(outcomes: Sequence[StepOutcome], events: Sequence[Event],
          until: datetime | None) -> Facts:
    judged = [o for o in outcomes if o.outcome in ("met", "late", "missed") or (
        o.outcome == "blocked" and o.overdue_by is not None)]
    missed = tuple(o for o in outcomes if o.deadline_missed or o.repeats_missed)
    return Facts(
        missed=missed, blocks=blocks(events), gaps=gaps(events, until),
        gap_threshold=GAP_THRESHOLD, deadlines=len(judged),
        met=sum(1 for o in judged if o.outcome == "met"),
    )
