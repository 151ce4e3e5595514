"""Conflicts between sites as people read them (`runbook status`, the summary)."""

from __future__ import annotations

from typing import Final

from runbook.i18n import Lang, Msg
from runbook.incident import Claim, Conflict

HEADING: Final = Msg(
    en="Conflicts between sites (resolve with `runbook resolve ID --level L` or "
    "`--step S --decision O`, and --reason):",
    zh="站点之间的冲突（用 `runbook resolve 编号 --level 级别` 或 `--step 步骤 --decision 选项` "
    "并附 --reason 裁定）：",
)
LEVEL: Final = Msg("the level", "级别")
STEP: Final = Msg("step {step}", "步骤 {step}")
CLAIM: Final = Msg("{value} ({by} at {site}, #{seq})", "{value}（{by}，站点 {site}，第 {seq} 条）")
RESOLVED: Final = Msg("resolved: {value} by {by} (#{seq}): {reason}",
                      "已裁定：{value}，{by}（第 {seq} 条）：{reason}")
NO_SITE: Final = Msg("this store", "本库")


def about(conflict: Conflict) -> Msg:
    return LEVEL if conflict.about == "level" else STEP.format(step=conflict.step)


def claim_words(found: Claim) -> Msg:
    return CLAIM.format(value=found.value, by=found.by.name, site=found.origin or NO_SITE,
                        seq=found.seq)


def conflict_line(conflict: Conflict) -> Msg:
    """`the level: I (lin at dc1, #5); III (wang at dc2, #6)` and how it was resolved."""
    said = about(conflict) + Msg(": ", "：")
    for index, found in enumerate(conflict.claims):
        said = said + (Msg("; ", "；") if index else Msg("", "")) + claim_words(found)
    if conflict.resolved is not None:
        said = said + Msg(" — ", "——") + RESOLVED.format(
            value=conflict.resolved.value, by=conflict.resolved.by.name,
            seq=conflict.resolved.seq, reason=conflict.reason)
    return said


def open_conflict_lines(conflicts: list[Conflict], lang: Lang) -> list[str]:
    """The heading and a line per open conflict; none if there is none."""
    shown = [c for c in conflicts if c.is_open]
    if not shown:
        return []
    return [HEADING(lang), *(f"- {conflict_line(c)(lang)}" for c in shown)]
