"""The links between steps and what completes them, checked: `when:` names a decision step of
the playbook and options it has, without cycles; `done_by:` names an action runbook records,
with values it can carry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from runbook.checks import Findings, PlacedStep
from runbook.i18n import Msg
from runbook.kinds import COMPLETING, Kind
from runbook.playbook import Completion, Condition, Fact
from runbook.schema import DoneBySpec, StepSpec, WhenSpec
from runbook.suggest import closest, one_of
from runbook.vocabulary import RECIPIENT_IDS, REPORT_STAGES
from runbook.yamlread import Document, Path


def condition(spec: WhenSpec | None) -> Condition | None:
    return Condition(spec.decision, frozenset(spec.is_)) if spec is not None else None


def completions(found: Findings, doc: Document, path: Path,
                spec: StepSpec) -> tuple[Completion, ...]:
    """The step's `done_by`, checked for what can be told from the step alone."""
    raw = spec.done_by
    specs = [] if raw is None else [raw] if isinstance(raw, DoneBySpec) else raw
    result = []
    for i, one in enumerate(specs):
        where = (*path, "done_by") if isinstance(raw, DoneBySpec) else (*path, "done_by", i)
        made = _completion(found, doc, where, one, spec)
        if made is not None:
            result.append(made)
    return tuple(result)


def _completion(found: Findings, doc: Document, where: Path, spec: DoneBySpec,
                step: StepSpec) -> Completion | None:
    kind = COMPLETING.get(spec.kind)
    if kind is None:
        found.add(doc, (*where, "kind"), Msg(
            f"unknown action {spec.kind!r}; a step can be done by {one_of(list(COMPLETING))}.",
            f"未知的操作 {spec.kind!r}；步骤可由以下操作完成：{one_of(list(COMPLETING))}。")
            + closest(spec.kind, COMPLETING))
        return None
    match: dict[str, str] = {}
    present: tuple[str, ...] = ()
    for key, allowed_for in (("to", Kind.REPORT_SENT), ("stage", Kind.REPORT_SENT),
                             ("fact", Kind.FACT_RECORDED)):
        value = getattr(spec, key)
        if value is not None and kind != allowed_for:
            found.add(doc, (*where, key), Msg(
                f"{key!r} goes with kind {allowed_for.name.lower()!r} only.",
                f"{key!r} 只能用于 {allowed_for.name.lower()!r}。"), key=True)
        elif value is not None:
            match[key] = value
    if spec.to is not None and kind == Kind.REPORT_SENT and spec.to not in RECIPIENT_IDS:
        found.add(doc, (*where, "to"), Msg(
            f"unknown recipient {spec.to!r}; use {one_of(RECIPIENT_IDS)}.",
            f"未知的报告对象 {spec.to!r}；请使用 {one_of(RECIPIENT_IDS)}。")
            + closest(spec.to, RECIPIENT_IDS))
    if spec.stage is not None and spec.stage not in REPORT_STAGES:
        found.add(doc, (*where, "stage"), Msg(
            f"unknown report stage {spec.stage!r}; use {one_of(list(REPORT_STAGES))}.",
            f"未知的报告阶段 {spec.stage!r}；请使用 {one_of(list(REPORT_STAGES))}。")
            + closest(spec.stage, REPORT_STAGES))
    if spec.td:
        if kind != Kind.DECLARED:
            found.add(doc, (*where, "td"), Msg(
                "'td' goes with kind 'declaration' only.", "'td' 只能用于 'declaration'。"),
                key=True)
        present = ("reported_at",)
    if spec.option is not None:
        if step.decision is None:
            found.add(doc, (*where, "option"), Msg(
                "'option' is for a decision step; this step asks no decision.",
                "'option' 只能用于决策步骤；本步骤不需要决策。"), key=True)
        elif spec.option not in {o.id for o in step.decision.options}:
            options = [o.id for o in step.decision.options]
            found.add(doc, (*where, "option"), Msg(
                f"the decision has no option {spec.option!r}; use {one_of(options)}.",
                f"该决策没有选项 {spec.option!r}；请使用 {one_of(options)}。")
                + closest(spec.option, options))
    elif step.decision is not None:
        found.add(doc, where, Msg(
            "a decision step done by an action must say which option it takes ('option').",
            "由操作完成的决策步骤必须写明所取选项（'option'）。"))
    return Completion(kind.value, match, present, spec.option)


def check_links(found: Findings, placed: Sequence[PlacedStep],
                facts: Mapping[str, Fact]) -> None:
    """`when:` and `done_by:` across the playbook."""
    by_id = {p.step.id: p for p in placed}
    for p in placed:
        when = p.step.when
        if when is not None:
            _check_when(found, p, when, by_id)
        for i, completion in enumerate(p.step.done_by):
            fact = completion.match.get("fact")
            if fact is not None and facts and fact not in facts:
                where = (*p.path, "done_by") + ((i,) if len(p.step.done_by) > 1 else ())
                found.add(p.doc, (*where, "fact"), Msg(
                    f"there is no fact {fact!r} for this type.", f"本类型没有事实项 {fact!r}。")
                    + closest(fact, facts))
    _check_when_cycles(found, placed, by_id)


def _check_when(found: Findings, p: PlacedStep, when: Condition,
                by_id: Mapping[str, PlacedStep]) -> None:
    where = (*p.path, "when", "decision")
    other = by_id.get(when.decision)
    if other is None:
        found.add(p.doc, where, Msg(
            f"there is no step {when.decision!r} in this playbook.",
            f"本剧本中没有步骤 {when.decision!r}。") + closest(when.decision, by_id))
        return
    decision = other.step.decision
    if decision is None:
        found.add(p.doc, where, Msg(
            f"step {when.decision!r} asks no decision; 'when' names a decision step.",
            f"步骤 {when.decision!r} 不是决策步骤；'when' 须引用决策步骤。"))
        return
    options = [o.id for o in decision.options]
    for option in sorted(when.options - set(options)):
        found.add(p.doc, (*p.path, "when", "is"), Msg(
            f"the decision {when.decision!r} has no option {option!r}; use {one_of(options)}.",
            f"决策 {when.decision!r} 没有选项 {option!r}；请使用 {one_of(options)}。")
            + closest(option, options))


def _check_when_cycles(found: Findings, placed: Sequence[PlacedStep],
                       by_id: Mapping[str, PlacedStep]) -> None:
    reported: set[str] = set()
    for start in placed:
        chain = [start.step.id]
        current = start.step
        while current.when is not None and current.when.decision in by_id:
            nxt = current.when.decision
            if nxt in chain:
                cycle = chain[chain.index(nxt):]
                if not reported & set(cycle):
                    first = by_id[cycle[0]]
                    shown = " → ".join([*cycle, nxt])
                    found.add(first.doc, (*first.path, "when", "decision"), Msg(
                        f"steps wait on each other's decisions in a cycle: {shown}.",
                        f"步骤之间的决策依赖形成循环：{shown}。"))
                    reported.update(cycle)
                break
            chain.append(nxt)
            current = by_id[nxt].step
