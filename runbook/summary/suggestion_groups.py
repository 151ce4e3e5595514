"""Plan-revision suggestions (4.6.3) as the evaluators read them: one line per step with
everything the record says about it (missed, skipped, blocked), ranked by how much it
matters (missed by most, then most often, then blocked), and the advice for each kind said
once, below, instead of on every line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Final

from msgspec import Struct

from runbook.i18n import Lang, Msg
from runbook.punctuation import listing, semi
from runbook.summary.document import Inline, Span
from runbook.summary.export_times import span
from runbook.summary.model import Suggestion, Summary

STEP_KINDS: Final = ("missed_deadline", "blocked", "skipped")
ADVICE: Final = {
    "missed_deadline": Msg(
        "Deadline missed: check whether the time allowed is realistic and whether the group "
        "had what it needed; revise the deadline or the step.",
        "未按时完成：请核查时限是否合理、小组是否具备所需条件；修订时限或步骤。"),
    "blocked": Msg(
        "Blocked: remove the obstacle in the plan: a contact, a resource, a fallback, or a "
        "step it depends on.",
        "受阻：请在预案中消除障碍：补充联系人、资源、备用方案或其所依赖的前置步骤。"),
    "skipped": Msg(
        "Skipped: check whether the step is needed at this level and for this type of "
        "incident, or make it conditional.",
        "被跳过：请核查该步骤在此级别、此类事件中是否必要，或改为有条件执行。"),
}


class StepGroup(Struct, frozen=True):
    """The suggestions about one step."""

    step_id: str
    found: tuple[Suggestion, ...]

    def of(self, kind: str) -> Suggestion | None:
        return next((s for s in self.found if s.kind == kind), None)

    @property
    def rank(self) -> tuple[timedelta, int, int]:
        """Sort key, most important first: missed by most, most often, blocked."""
        missed = self.of("missed_deadline")
        blocked = self.of("blocked")
        return (-(missed.amount or timedelta()) if missed else timedelta(),
                -(missed.count if missed else 0), -(blocked.count if blocked else 0))


def grouped(suggestions: Sequence[Suggestion]) -> tuple[list[StepGroup], list[Suggestion]]:
    """The step suggestions grouped per step and ranked; the rest (notes, level changes)."""
    per_step: dict[str, list[Suggestion]] = {}
    rest: list[Suggestion] = []
    for s in suggestions:
        if s.kind in STEP_KINDS and s.step_id is not None:
            per_step.setdefault(s.step_id, []).append(s)
        else:
            rest.append(s)
    groups = [StepGroup(step_id, tuple(found)) for step_id, found in per_step.items()]
    return sorted(groups, key=lambda g: g.rank), rest


def _facet(s: Suggestion, lang: Lang) -> str:
    n = s.count
    if s.kind == "missed_deadline":
        by = span(s.amount, lang) if s.amount is not None else "—"
        return Msg(f"missed {n} time(s), by up to {by}", f"{n} 次未按时完成，最多超时 {by}")(lang)
    if s.kind == "blocked":
        return Msg(f"blocked {n} time(s) ({s.reason})", f"受阻 {n} 次（{s.reason}）")(lang)
    return Msg(f"skipped {n} time(s) ({s.reason})", f"被跳过 {n} 次（{s.reason}）")(lang)


def group_line(g: StepGroup, summary: Summary, lang: Lang) -> Inline:
    step = summary.playbook.step(g.step_id)
    clauses = sorted({c for s in g.found for c in s.clauses})
    title = step.title(lang) if step is not None else g.step_id
    joined = listing(clauses, lang)
    facets = semi(lang).join(
        _facet(s, lang) for kind in STEP_KINDS if (s := g.of(kind)) is not None)
    where = Msg(f" (clause {joined}): ", f"（条款 {joined}）：")(lang)
    return (Span(title, strong=True), Span(" "), Span(g.step_id, code=True), Span(where),
            Span(facets + ("." if lang == "en" else "。")))


def advice(groups: Sequence[StepGroup], lang: Lang) -> list[str]:
    """The advice for each kind that occurs, once."""
    kinds = {s.kind for g in groups for s in g.found}
    return [ADVICE[k](lang) for k in STEP_KINDS if k in kinds]
