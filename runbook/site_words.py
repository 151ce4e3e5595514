"""What several sites recorded beside each other, as people read it (`runbook status`, the
summary): a step completed on more than one site (one completion, the other recordings
kept) and the records from another site marked as made after the close here
(`runbook.merge`)."""

from __future__ import annotations

from typing import Final

from runbook.conflict_words import NO_SITE
from runbook.i18n import Lang, Msg
from runbook.incident import Claim, Incident, Marked
from runbook.kinds import name as kind_name

ALSO_HEADING: Final = Msg(
    "Steps completed on more than one site (one completion; the other recordings kept):",
    "在多个站点完成的步骤（计为一次完成，其余记录一并保留）：")
ALSO: Final = Msg("step {step}: also recorded by {by} at {site} (#{seq})",
                  "步骤 {step}：{by} 亦有记录，站点 {site}（第 {seq} 条）")
MARKED_HEADING: Final = Msg(
    "Records marked (folded as recorded, though a guard here would have refused them):",
    "已标记的记录（按原样计入，但本站点的校验本会拒绝）：")
MARKED: Final = Msg("#{seq} {kind} at {site}: {why}", "第 {seq} 条 {kind}，站点 {site}：{why}")
WHY: Final = {
    "after_close": Msg("recorded there after the close here, before that site had seen it",
                       "该站点获悉本站点关闭事件之前、在关闭之后记录"),
}


def seconds(incident: Incident) -> list[tuple[str, Claim]]:
    """Each other recording of a step's completion, with its step, in the steps' order."""
    return [(step_id, found) for step_id, record in incident.steps.items()
            for found in record.also]


def why_words(why: str) -> Msg:
    return WHY.get(why, Msg(why, why))


def also_line(step_id: str, found: Claim) -> Msg:
    return ALSO.format(step=step_id, by=found.by.name, site=found.origin or NO_SITE,
                       seq=found.seq)


def marked_line(found: Marked) -> Msg:
    return MARKED.format(seq=found.seq, kind=kind_name(found.kind), site=found.origin or NO_SITE,
                         why=why_words(found.why))


def beside_lines(incident: Incident, lang: Lang) -> list[str]:
    """A heading and a line per other recording, then per marked record; none if none."""
    lines: list[str] = []
    also = seconds(incident)
    if also:
        lines += [ALSO_HEADING(lang), *(f"- {also_line(s, c)(lang)}" for s, c in also)]
    if incident.marked:
        lines += [MARKED_HEADING(lang), *(f"- {marked_line(m)(lang)}" for m in incident.marked)]
    return lines
