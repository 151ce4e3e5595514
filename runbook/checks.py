"""What the playbook files mean, checked: every mistake becomes a Problem at its place."""

from __future__ import annotations

import re
from collections.abc import Mapping

from msgspec import Struct, field

from runbook.durations import (
    Duration,
    DurationSyntaxError,
    DurationTooLong,
    parse_duration,
)
from runbook.i18n import Msg
from runbook.params_text import filled, references
from runbook.playbook import Clause, Deadline, Decision, Option, Parameter, Step
from runbook.problems import Problem
from runbook.roles import ACTIONS, DECIDE_STEP, ROLE_IDS, Grant
from runbook.roster import ROSTER_LISTS
from runbook.schema import GrantSpec, ParameterSpec, StepSpec, TextSpec
from runbook.suggest import closest, one_of
from runbook.vocabulary import ANCHORS, GROUP_IDS, LEVEL_IDS, STEP_ANCHOR_PREFIX
from runbook.yamlread import Document, Path

STEP_ID = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# Parameters the code itself reads (level thresholds, drills), with the kind it reads.
THRESHOLDS = (
    "level_III_outage_under", "level_II_outage_from", "level_II_outage_to",
    "level_I_outage_over",
)
REQUIRED_PARAMETERS: dict[str, type] = {**{n: Duration for n in THRESHOLDS},
                                        "drills_per_year": int}
# What each escalation criterion reads (a type using it needs them in the settings).
ESCALATION_PARAMETERS: dict[str, tuple[str, ...]] = {
    "outage": ("level_I_outage_over", "level_II_outage_from"),
    "outage-while-out": ("level_I_outage_over", "level_II_outage_from"),
    "scale": ("dl_level_I_people", "dl_level_I_credential_people", "dl_level_II_customers",
              "dl_level_II_records"),
}


class Findings(Struct):
    """Problems gathered while checking; checking goes on after the first one."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, doc: Document, path: Path, message: Msg, *, key: bool = False) -> None:
        self.problems.append(doc.problem(path, message, key=key))


def text(spec: TextSpec) -> Msg:
    return Msg(spec.en, spec.zh)


# --- plan -----------------------------------------------------------------------------------


def check_clause_id(found: Findings, doc: Document, path: Path, clause: str,
                    clauses: Mapping[str, Clause]) -> None:
    # An empty plan failed to load and was reported; don't bury that under echoes of it.
    if clauses and clause not in clauses:
        found.add(doc, path, Msg(
            f"the plan has no clause {clause!r}; cite a clause id of plan.yaml.",
            f"预案中没有条款 {clause!r}；请引用 plan.yaml 中的条款编号。")
            + closest(clause, clauses))


# --- settings -------------------------------------------------------------------------------


def check_grants(found: Findings, doc: Document, specs: Mapping[str, GrantSpec],
                 clauses: Mapping[str, Clause]) -> dict[str, Grant]:
    """The settings' `permissions:`: known actions and roles, each on a plan clause."""
    grants: dict[str, Grant] = {}
    for action, spec in specs.items():
        where: Path = ("permissions", action)
        check_clause_id(found, doc, (*where, "clause"), spec.clause, clauses)
        if check_grant(found, doc, (*where, "roles"), action, spec.roles):
            grants[action] = Grant(tuple(spec.roles), spec.clause, spec.basis)
    return grants


def check_grant(found: Findings, doc: Document, where: Path, action: str,
                roles: list[str]) -> bool:
    """One grant: an action of `runbook.roles.ACTIONS` (or `decide:STEP`) to known roles."""
    ok = True
    if action not in ACTIONS and not (action.startswith(DECIDE_STEP)
                                      and STEP_ID.match(action[len(DECIDE_STEP):])):
        found.add(doc, where[:2], Msg(
            f"unknown action {action!r}; grant one of {one_of(ACTIONS)}, or "
            "decide:STEP-ID for one decision step.",
            f"未知操作 {action!r}；请授权 {one_of(ACTIONS)} 之一，或用 decide:步骤编号 "
            "授权某一决策步骤。") + closest(action, ACTIONS), key=True)
        ok = False
    for i, role in enumerate(roles):
        if role not in ROLE_IDS:
            found.add(doc, (*where, i) if where[-1] == "roles" else where, Msg(
                f"unknown role {role!r}; use {one_of(ROLE_IDS)}.",
                f"未知角色 {role!r}；请使用 {one_of(ROLE_IDS)}。") + closest(role, ROLE_IDS))
            ok = False
    if "observer" in roles:
        found.add(doc, where, Msg(
            "an observer only reads: grant the action to another role.",
            "观察员只读：请将该操作授予其他角色。"))
        ok = False
    return ok


def parameter_value(raw: str | int) -> Duration | int:
    return raw if isinstance(raw, int) else parse_duration(raw)


def check_parameter(found: Findings, doc: Document, path: Path, name: str,
                    spec: ParameterSpec, clauses: Mapping[str, Clause]) -> Parameter | None:
    if not PARAM_NAME.match(name):
        found.add(doc, path, Msg(
            f"parameter name {name!r} must be letters, digits and '_'.",
            f"参数名 {name!r} 只能包含字母、数字和下划线。"), key=True)
    check_clause_id(found, doc, (*path, "clause"), spec.clause, clauses)
    try:
        value = parameter_value(spec.value)
    except DurationSyntaxError as bad:
        found.add(doc, (*path, "value"), duration_problem(str(spec.value), bad))
        return None
    return Parameter(name, value, str(spec.value), spec.clause, spec.basis)


def duration_problem(raw: str, error: DurationSyntaxError) -> Msg:
    if isinstance(error, DurationTooLong):
        return Msg(
            f"{raw!r} is longer than any deadline of the plan (at most 3660d); check the "
            "number and the unit.",
            f"{raw!r} 超过预案中任何时限（最多 3660d）；请检查数字和单位。")
    return bad_duration(raw)


def bad_duration(raw: str) -> Msg:
    return Msg(
        f"{raw!r} is not a duration; write e.g. 30m, 2h, 1h30m, 3d or 5wd (working days), "
        "or $name for a setting.",
        f"{raw!r} 不是有效时长；请写成 30m、2h、1h30m、3d 或 5wd（工作日），或用 $名称 引用设置。")


def check_required(found: Findings, doc: Document, params: Mapping[str, Parameter]) -> None:
    for name, kind in REQUIRED_PARAMETERS.items():
        param = params.get(name)
        if param is None:
            found.add(doc, ("parameters",), Msg(
                f"the settings must define {name!r}.", f"设置中必须定义 {name!r}。"))
        elif not isinstance(param.value, kind):
            en, zh = ("a duration", "时长") if kind is Duration else ("a whole number", "整数")
            found.add(doc, ("parameters", name, "value"), Msg(
                f"{name!r} must be {en}, not {param.text!r}.",
                f"{name!r} 必须是{zh}，而不是 {param.text!r}。"))


def check_thresholds(found: Findings, doc: Document, params: Mapping[str, Parameter],
                     where: str | None = None) -> None:
    """The level bands meet without a gap or an overlap: Level III is under
    level_III_outage_under, Level II runs from level_II_outage_from to level_II_outage_to,
    Level I is over level_I_outage_over; so III's bound is II's start and II's end is I's
    start. `where` names the parameter to point at."""
    spans = [params[n].value for n in THRESHOLDS if n in params]
    if len(spans) != len(THRESHOLDS) or not all(isinstance(v, Duration) for v in spans):
        return
    iii, ii_from, ii_to, i_over = (v.delta for v in spans if isinstance(v, Duration))
    path: tuple[str, ...] = ("parameters", where) if where else ("parameters",)
    problems = []
    if ii_from > ii_to:
        problems.append(Msg(
            "Level II would end before it starts: level_II_outage_from must not be above "
            "level_II_outage_to.",
            "二级区间的结束早于开始：level_II_outage_from 不能大于 level_II_outage_to。"))
    for low, high, low_name, high_name in ((iii, ii_from, "level_III_outage_under",
                                            "level_II_outage_from"),
                                           (ii_to, i_over, "level_II_outage_to",
                                            "level_I_outage_over")):
        if low < high:
            problems.append(Msg(
                f"the level bands leave a gap: an outage between {low_name} and {high_name} "
                f"belongs to no level; make {high_name} equal {low_name}.",
                f"级别区间存在空档：介于 {low_name} 与 {high_name} 之间的中断不属于任何级别；"
                f"请使 {high_name} 等于 {low_name}。"))
        elif low > high:
            problems.append(Msg(
                f"the level bands overlap: an outage between {high_name} and {low_name} "
                f"belongs to two levels; make {high_name} equal {low_name}.",
                f"级别区间重叠：介于 {high_name} 与 {low_name} 之间的中断同时属于两个级别；"
                f"请使 {high_name} 等于 {low_name}。"))
    for message in problems:
        found.add(doc, path, message, key=where is not None)


# --- steps ----------------------------------------------------------------------------------


class StepContext(Struct, frozen=True):
    module: str
    clauses: Mapping[str, Clause]
    params: Mapping[str, Parameter]


def resolve_duration(found: Findings, doc: Document, path: Path, raw: str,
                     params: Mapping[str, Parameter]) -> Duration | None:
    if raw.startswith("$"):
        name = raw[1:]
        param = params.get(name)
        if param is None and not params:
            return None  # the settings failed to load and were reported
        if param is None:
            found.add(doc, path, Msg(
                f"the settings define no parameter {name!r}; add it to settings.yaml.",
                f"设置中没有参数 {name!r}；请在 settings.yaml 中添加。")
                + closest(name, params))
            return None
        if not isinstance(param.value, Duration):
            found.add(doc, path, Msg(
                f"parameter {name!r} is a number ({param.text}), not a duration.",
                f"参数 {name!r} 是数字（{param.text}），不是时长。"))
            return None
        return param.value
    try:
        return parse_duration(raw)
    except DurationSyntaxError as bad:
        found.add(doc, path, duration_problem(raw, bad))
        return None


def step_levels(found: Findings, doc: Document, path: Path,
                levels: str | list[str]) -> frozenset[str]:
    if isinstance(levels, str):
        if levels == "all":
            return frozenset(LEVEL_IDS)
        found.add(doc, path, Msg(
            f"levels must be a list such as [I, II] or the word all, not {levels!r}.",
            f"levels 必须是列表（如 [I, II]）或 all，而不是 {levels!r}。"))
        return frozenset()
    result = set()
    for i, lv in enumerate(levels):
        if lv not in LEVEL_IDS:
            found.add(doc, (*path, i), Msg(
                f"unknown level {lv!r}; use {one_of(LEVEL_IDS)}.",
                f"未知级别 {lv!r}；请使用 {one_of(LEVEL_IDS)}。") + closest(lv, LEVEL_IDS))
        elif lv in result:
            found.add(doc, (*path, i), Msg(
                f"level {lv!r} is listed twice.", f"级别 {lv!r} 重复列出。"))
        result.add(lv)
    return frozenset(result & set(LEVEL_IDS))


def check_step(found: Findings, doc: Document, path: Path, spec: StepSpec,
               ctx: StepContext) -> Step:
    if not STEP_ID.match(spec.id):
        found.add(doc, (*path, "id"), Msg(
            f"step id {spec.id!r} must be lower-case letters, digits, '.' and '-'.",
            f"步骤编号 {spec.id!r} 只能包含小写字母、数字、'.' 和 '-'。"))
    if spec.group not in GROUP_IDS:
        found.add(doc, (*path, "group"), Msg(
            f"unknown group {spec.group!r}; use one of {one_of(GROUP_IDS)}.",
            f"未知小组 {spec.group!r}；请使用 {one_of(GROUP_IDS)} 之一。")
            + closest(spec.group, GROUP_IDS))
    levels = step_levels(found, doc, (*path, "levels"), spec.levels)
    for i, clause in enumerate(spec.source):
        check_clause_id(found, doc, (*path, "source", i), clause, ctx.clauses)
    repeat = None
    if spec.repeat is not None:
        repeat = resolve_duration(found, doc, (*path, "repeat"), spec.repeat, ctx.params)
        if repeat is not None and repeat == Duration():
            found.add(doc, (*path, "repeat"), Msg(
                "a repeat interval must be longer than zero.", "重复间隔必须大于零。"))
    for i, name in enumerate(spec.roster):
        if name not in ROSTER_LISTS:
            found.add(doc, (*path, "roster", i), Msg(
                f"unknown roster list {name!r}; a step can show {one_of(ROSTER_LISTS)} "
                "(its group's contacts it always shows).",
                f"未知的名册列表 {name!r}；步骤可显示 {one_of(ROSTER_LISTS)}"
                "（本组联系人总会显示）。")
                + closest(name, ROSTER_LISTS))
    return Step(
        id=spec.id, group=spec.group,
        title=quoting(found, doc, (*path, "title"), text(spec.title), ctx.params),
        detail=quoting(found, doc, (*path, "detail"), text(spec.detail), ctx.params),
        levels=levels, source=tuple(spec.source), module=ctx.module,
        deadline=check_deadline(found, doc, path, spec, levels, ctx.params),
        repeat=repeat, decision=check_decision(found, doc, path, spec),
        addition=spec.addition,
        roster=tuple(n for n in spec.roster if n in ROSTER_LISTS),
    )


def quoting(found: Findings, doc: Document, path: Path, written: Msg,
            params: Mapping[str, Parameter]) -> Msg:
    """A text that may quote settings (`{name}`): filled in; an unknown name is a problem."""
    if params:  # else the settings failed to load and were reported
        for name in references(written):
            if name not in params:
                found.add(doc, path, Msg(
                    f"the text quotes {{{name}}}, which the settings do not define; name a "
                    "parameter of settings.yaml.",
                    f"文本引用了 {{{name}}}，但设置中没有该参数；请引用 settings.yaml 中的参数。")
                    + closest(name, params))
    return filled(written, params)


def check_deadline(found: Findings, doc: Document, path: Path, spec: StepSpec,
                   levels: frozenset[str], params: Mapping[str, Parameter]) -> Deadline | None:
    due = spec.due
    if due is None:
        return None
    anchor = due.anchor
    if anchor not in ANCHORS and not anchor.startswith(STEP_ANCHOR_PREFIX):
        found.add(doc, (*path, "due", "anchor"), Msg(
            f"unknown anchor {anchor!r}; use Td, T0, level, stand_down or step:<id>.",
            f"未知锚点 {anchor!r}；请使用 Td、T0、level、stand_down 或 step:<编号>。")
            + closest(anchor, ANCHORS))
    if isinstance(due.after, str):
        value = resolve_duration(found, doc, (*path, "due", "after"), due.after, params)
        after = {lv: value for lv in levels if value is not None}
        return Deadline(anchor, after, {lv: due.after for lv in after})
    raw_by_level = dict(due.after)
    check_level_keys(found, doc, (*path, "due", "after"), raw_by_level, levels)
    after = {}
    for lv, raw in raw_by_level.items():
        resolved = resolve_duration(found, doc, (*path, "due", "after", lv), raw, params)
        if resolved is not None and lv in levels:
            after[lv] = resolved
    return Deadline(anchor, after, {lv: raw_by_level[lv] for lv in after})


def check_level_keys(found: Findings, doc: Document, path: Path,
                     by_level: Mapping[str, str], levels: frozenset[str]) -> None:
    for lv in by_level:
        if lv not in LEVEL_IDS:
            found.add(doc, (*path, lv), Msg(
                f"unknown level {lv!r}; use {one_of(LEVEL_IDS)}.",
                f"未知级别 {lv!r}；请使用 {one_of(LEVEL_IDS)}。") + closest(lv, LEVEL_IDS),
                key=True)
        elif lv not in levels:
            found.add(doc, (*path, lv), Msg(
                f"a deadline for level {lv!r}, but the step does not apply at that level.",
                f"为级别 {lv!r} 设了时限，但该步骤不适用于该级别。"), key=True)
    missing = sorted(set(levels) - set(by_level), key=LEVEL_IDS.index)
    if missing:
        found.add(doc, path, Msg(
            f"no deadline for level(s) {one_of(missing)}; give every level of the step one.",
            f"缺少级别 {one_of(missing)} 的时限；步骤适用的每个级别都需要时限。"))


def check_decision(found: Findings, doc: Document, path: Path,
                   spec: StepSpec) -> Decision | None:
    if spec.decision is None:
        return None
    seen: set[str] = set()
    for i, option in enumerate(spec.decision.options):
        if not STEP_ID.match(option.id):
            found.add(doc, (*path, "decision", "options", i, "id"), Msg(
                f"option id {option.id!r} must be lower-case letters, digits, '.' and '-'.",
                f"选项编号 {option.id!r} 只能包含小写字母、数字、'.' 和 '-'。"))
        if option.id in seen:
            found.add(doc, (*path, "decision", "options", i, "id"), Msg(
                f"option id {option.id!r} is used twice.", f"选项编号 {option.id!r} 重复。"))
        seen.add(option.id)
    return Decision(
        text(spec.decision.question),
        tuple(Option(o.id, text(o.label)) for o in spec.decision.options),
    )


# --- step anchors across a playbook ----------------------------------------------------------


class PlacedStep(Struct, frozen=True):
    """A step with the document and path it was read from, for messages."""

    step: Step
    doc: Document
    path: Path


def check_step_ids(found: Findings, placed: list[PlacedStep]) -> None:
    first: dict[str, PlacedStep] = {}
    for p in placed:
        earlier = first.get(p.step.id)
        if earlier is None:
            first[p.step.id] = p
            continue
        line, _ = earlier.doc.where(earlier.path)
        found.add(p.doc, (*p.path, "id"), Msg(
            f"step id {p.step.id!r} is already used at {earlier.doc.file}:{line}; "
            "step ids must be unique.",
            f"步骤编号 {p.step.id!r} 已在 {earlier.doc.file}:{line} 使用；步骤编号必须唯一。"))


def check_step_anchors(found: Findings, placed: list[PlacedStep]) -> None:
    by_id = {p.step.id: p for p in placed}
    for p in placed:
        target = p.step.deadline.anchor_step if p.step.deadline else None
        if target is None:
            continue
        where = (*p.path, "due", "anchor")
        other = by_id.get(target)
        if other is None:
            found.add(p.doc, where, Msg(
                f"anchor step {target!r} does not exist in this playbook.",
                f"锚点步骤 {target!r} 在本剧本中不存在。") + closest(target, by_id))
        elif not p.step.levels <= other.step.levels:
            gap = one_of(sorted(p.step.levels - other.step.levels, key=LEVEL_IDS.index))
            found.add(p.doc, where, Msg(
                f"anchor step {target!r} does not apply at level(s) {gap}, so this step "
                "would never fall due there.",
                f"锚点步骤 {target!r} 不适用于级别 {gap}，本步骤在这些级别永远不会到期。"))
    _check_cycles(found, placed, by_id)


def _check_cycles(found: Findings, placed: list[PlacedStep],
                  by_id: Mapping[str, PlacedStep]) -> None:
    reported: set[str] = set()
    for start in placed:
        chain = [start.step.id]
        current = start.step
        while current.deadline and current.deadline.anchor_step in by_id:
            nxt = current.deadline.anchor_step
            assert nxt is not None
            if nxt in chain:
                cycle = chain[chain.index(nxt):]
                if not reported & set(cycle):
                    shown = " → ".join([*cycle, nxt])
                    first = by_id[cycle[0]]
                    found.add(first.doc, (*first.path, "due", "anchor"), Msg(
                        f"step anchors form a cycle: {shown}; one step must count from "
                        "Td, T0, level or stand_down.",
                        f"步骤锚点形成循环：{shown}；其中一步必须以 Td、T0、level 或 "
                        "stand_down 为锚点。"))
                    reported.update(cycle)
                break
            chain.append(nxt)
            current = by_id[nxt].step
