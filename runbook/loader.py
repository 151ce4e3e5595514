"""Load a playbook folder (the shipped one by default) into a validated Library."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Final, TypeVar

from msgspec import Struct, field
from msgspec.structs import replace
from pydantic import BaseModel

from runbook.changes import Change, Changes
from runbook.changes import apply as apply_change
from runbook.changes import collect as collect_changes
from runbook.check_facts import PlacedFact, check_fact, check_types_named, facts_for
from runbook.check_links import check_links, completions, condition
from runbook.checks import (
    ESCALATION_PARAMETERS,
    THRESHOLDS,
    Findings,
    PlacedStep,
    StepContext,
    check_clause_id,
    check_grant,
    check_grants,
    check_parameter,
    check_required,
    check_step,
    check_step_anchors,
    check_step_ids,
    check_thresholds,
    duration_problem,
    parameter_value,
    text,
)
from runbook.durations import DurationSyntaxError
from runbook.files import CANNOT_READ, read_limited
from runbook.i18n import Msg
from runbook.library_files import shipped_root
from runbook.playbook import ESCALATIONS, Clause, Library, Parameter, Plan, Playbook, Settings
from runbook.problems import Problem, ProblemList
from runbook.roles import DECIDE_STEP, Grant, Permissions
from runbook.roster import Roster
from runbook.roster_load import check_roster
from runbook.schema import (
    ChangeFileSpec,
    FactsFileSpec,
    ModuleFileSpec,
    OverrideFileSpec,
    PlanFileSpec,
    RosterFileSpec,
    SettingsFileSpec,
    StepSpec,
    TypeFileSpec,
)
from runbook.shape import shape
from runbook.suggest import closest, one_of
from runbook.vocabulary import GROUP_IDS
from runbook.yamlread import Document, read_yaml

M = TypeVar("M", bound=BaseModel)
FORMAT = 1


def read_entry(entry: Traversable, name: str) -> bytes:
    """A file of the library: from the file system only if it is a regular file of at most
    MAX_BYTES (a FIFO or /dev/zero among the playbooks must not hang or exhaust memory)."""
    if isinstance(entry, os.PathLike):
        return read_limited(Path(entry), name)
    try:  # inside a package archive: what the package ships
        return entry.read_bytes()
    except OSError as exc:
        raise ProblemList([Problem(name, 1, 1, CANNOT_READ.format(
            why=exc.strerror or str(exc)))]) from None


def label(entry: Traversable) -> str:
    """A file's name as a responder would type it: relative to here when it can be."""
    try:
        relative = os.path.relpath(str(entry))
    except ValueError:
        return str(entry)
    # Outside the working folder, `../../../dev/zero` says less than the path itself.
    return str(entry) if relative.startswith("..") else relative


class Loaded(Struct):
    """What the checks built, and what they found wrong."""

    found: Findings = field(default_factory=Findings)
    digests: dict[str, str] = field(default_factory=dict)
    # The `decide:STEP` grants read, where they were: checked once the steps are known.
    grant_steps: list[tuple[Document, tuple[str, str], str]] = field(default_factory=list)

    def granted_steps(self, doc: Document, actions: Iterable[str]) -> None:
        self.grant_steps.extend((doc, ("permissions", a), a[len(DECIDE_STEP):])
                                for a in actions if a.startswith(DECIDE_STEP))

    def read(self, entry: Traversable, model: type[M]) -> tuple[Document, M] | None:
        name = label(entry)
        try:
            raw = read_entry(entry, name)
        except ProblemList as bad:
            self.found.problems.extend(bad.problems)
            return None
        self.digests[name] = hashlib.sha256(raw).hexdigest()
        try:
            doc = read_yaml(name, raw)
            spec = shape(doc, model)
        except ProblemList as bad:
            self.found.problems.extend(bad.problems)
            return None
        version = getattr(spec, "format", FORMAT)
        if version != FORMAT:
            self.found.add(doc, ("format",), Msg(
                f"format {version} is not known; this runbook reads format {FORMAT}.",
                f"未知格式 {version}；本版本读取格式 {FORMAT}。"))
        return doc, spec


# --- plan and settings --------------------------------------------------------------------


def load_plan(loaded: Loaded, entry: Traversable) -> tuple[Plan, Document | None]:
    got = loaded.read(entry, PlanFileSpec)
    if got is None:
        return Plan({}), None
    doc, spec = got
    clauses: dict[str, Clause] = {}
    for i, c in enumerate(spec.clauses):
        if c.id in clauses:
            loaded.found.add(doc, ("clauses", i, "id"), Msg(
                f"clause {c.id!r} is listed twice.", f"条款 {c.id!r} 重复列出。"))
        clauses[c.id] = Clause(c.id, text(c.title), text(c.text), tuple(c.parameters))
    return Plan(clauses), doc


def check_plan_parameters(loaded: Loaded, doc: Document | None, plan: Plan,
                          settings: Settings) -> None:
    """The parameters a clause names must be settings, or its blanks show nothing."""
    if doc is None or not settings.parameters:
        return
    for i, clause in enumerate(plan.clauses.values()):
        for j, name in enumerate(clause.parameters):
            if name not in settings.parameters:
                loaded.found.add(doc, ("clauses", i, "parameters", j), Msg(
                    f"clause {clause.id} names parameter {name!r}, which the settings do not "
                    "define.", f"条款 {clause.id} 引用的参数 {name!r} 在设置中不存在。")
                    + closest(name, settings.parameters))


def load_settings(loaded: Loaded, entry: Traversable, plan: Plan,
                  override: Path | None) -> Settings:
    params: dict[str, Parameter] = {}
    got = loaded.read(entry, SettingsFileSpec)
    if got is not None:
        doc, spec = got
        for name, pspec in spec.parameters.items():
            param = check_parameter(
                loaded.found, doc, ("parameters", name), name, pspec, plan.clauses)
            if param is not None:
                params[name] = param
        check_required(loaded.found, doc, params)
        check_thresholds(loaded.found, doc, params)
        grants = check_grants(loaded.found, doc, spec.permissions, plan.clauses)
        loaded.granted_steps(doc, grants)
    else:
        grants = {}
    if not grants and got is not None:
        grants = shipped_grants()
    if override is not None:
        apply_override(loaded, override, params, grants)
    canonical = json.dumps({n: p.text for n, p in sorted(params.items())}, ensure_ascii=False)
    return Settings(params, hashlib.sha256(canonical.encode()).hexdigest(), Permissions(grants))


def shipped_grants() -> dict[str, Grant]:
    """The shipped settings' `permissions:` (the plan's defaults), for a settings file of an
    institution's own that grants nothing: the table lives once, in the shipped file."""
    loaded = Loaded()
    got = loaded.read(shipped_root() / "settings.yaml", SettingsFileSpec)
    if got is None:
        return {}
    doc, spec = got
    return check_grants(Findings(), doc, spec.permissions, {})


def apply_override(loaded: Loaded, path: Path, params: dict[str, Parameter],
                   grants: dict[str, Grant] | None = None) -> None:
    got = loaded.read(path, OverrideFileSpec)
    if got is None:
        return
    doc, spec = got
    _override_values(loaded, doc, spec, params)
    loaded.granted_steps(doc, spec.permissions)
    for action, roles in spec.permissions.items():
        where = ("permissions", action)
        if check_grant(loaded.found, doc, where, action, roles) and grants is not None:
            base = grants.get(action)
            grants[action] = Grant(tuple(roles), base.clause if base else "",
                                   "the institution's settings")
    touched = [n for n in THRESHOLDS if n in spec.parameters]
    if touched:
        check_thresholds(loaded.found, doc, params, where=touched[0])


def _override_values(loaded: Loaded, doc: Document, spec: OverrideFileSpec,
                     params: dict[str, Parameter]) -> None:
    for name, raw in spec.parameters.items():
        where = ("parameters", name)
        base = params.get(name)
        if base is None:
            loaded.found.add(doc, where, Msg(
                f"the shipped settings have no parameter {name!r}; an override can only "
                "change an existing one.",
                f"内置设置中没有参数 {name!r}；覆盖文件只能修改已有参数。")
                + closest(name, params), key=True)
            continue
        try:
            value = parameter_value(raw)
        except DurationSyntaxError as bad:
            loaded.found.add(doc, where, duration_problem(str(raw), bad))
            continue
        if type(value) is not type(base.value):
            kind = Msg("a whole number", "整数") if isinstance(base.value, int) else Msg(
                "a duration", "时长")
            loaded.found.add(doc, where, Msg(
                f"{name!r} takes {kind.en} (shipped value {base.text}), not {raw!r}.",
                f"{name!r} 应为{kind.zh}（内置值 {base.text}），而不是 {raw!r}。"))
            continue
        params[name] = Parameter(name, value, str(raw), base.clause, base.basis, overridden=True)


# --- steps, modules and types ---------------------------------------------------------------


class Modules(Struct):
    """The shared modules of a folder, read once each, on first use."""

    folder: Traversable | None
    loaded: Loaded
    ctx_plan: Plan
    ctx_settings: Settings
    cache: dict[str, list[PlacedStep] | None] = field(default_factory=dict)
    facts: list[PlacedFact] = field(default_factory=list)  # shared by the types
    changes: Changes = field(default_factory=Changes)  # from the folder's changes/

    def names(self) -> list[str]:
        if self.folder is None or not self.folder.is_dir():
            return []
        return sorted(e.name[:-5] for e in self.folder.iterdir() if e.name.endswith(".yaml"))

    def steps(self, name: str) -> list[PlacedStep] | None:
        if name not in self.cache:
            self.cache[name] = self._load(name)
        return self.cache[name]

    def _load(self, name: str) -> list[PlacedStep] | None:
        if name not in self.names():
            return None
        assert self.folder is not None
        got = self.loaded.read(self.folder / f"{name}.yaml", ModuleFileSpec)
        if got is None:
            return []
        doc, spec = got
        if spec.module != name:
            self.loaded.found.add(doc, ("module",), Msg(
                f"module is named {spec.module!r} but the file is {name}.yaml; make them match.",
                f"模块名 {spec.module!r} 与文件名 {name}.yaml 不一致；请保持一致。"))
        return self.changed(self.changes.modules.get(name), self.placed(doc, spec.steps, name),
                            name)

    def changed(self, change: Change | None, own: list[PlacedStep],
                module: str) -> list[PlacedStep]:
        """A type's or module's own steps, with what its change file adds and replaces."""
        return apply_change(self.loaded.found, change, own,
                            lambda doc, steps, key: self.placed(doc, steps, module, key))

    def placed(self, doc: Document, steps: list[StepSpec], module: str,
               key: str = "steps") -> list[PlacedStep]:
        ctx = StepContext(module, self.ctx_plan.clauses, self.ctx_settings.parameters)
        result = []
        for i, spec in enumerate(steps):
            path = (key, i)
            step = check_step(self.loaded.found, doc, path, spec, ctx)
            step = replace(step, when=condition(spec.when),
                           done_by=completions(self.loaded.found, doc, path, spec))
            result.append(PlacedStep(step, doc, path))
        return result


def load_type(modules: Modules, entry: Traversable) -> Playbook | None:
    loaded = modules.loaded
    got = loaded.read(entry, TypeFileSpec)
    if got is None:
        return None
    doc, spec = got
    stem = entry.name[:-5]
    if spec.type != stem:
        loaded.found.add(doc, ("type",), Msg(
            f"type is {spec.type!r} but the file is {stem}.yaml; make them match.",
            f"类型 {spec.type!r} 与文件名 {stem}.yaml 不一致；请保持一致。"))
    if spec.lead not in GROUP_IDS:
        loaded.found.add(doc, ("lead",), Msg(
            f"unknown group {spec.lead!r}; use one of {', '.join(GROUP_IDS)}.",
            f"未知小组 {spec.lead!r}；请使用 {', '.join(GROUP_IDS)} 之一。")
            + closest(spec.lead, GROUP_IDS))
    for i, clause in enumerate(spec.source):
        check_clause_id(loaded.found, doc, ("source", i), clause, modules.ctx_plan.clauses)
    own_steps = modules.changed(modules.changes.types.get(stem),
                                modules.placed(doc, spec.steps, stem), stem)
    placed = included_steps(modules, doc, spec.include) + own_steps
    check_step_ids(loaded.found, placed)
    check_step_anchors(loaded.found, placed)
    own = [check_fact(loaded.found, doc, ("facts", i), f, modules.ctx_plan.clauses)
           for i, f in enumerate(spec.facts)]
    facts = facts_for(loaded.found, stem, modules.facts, own)
    check_links(loaded.found, placed, {f.id: f for f in facts})
    params = modules.ctx_settings.parameters
    for i, name in enumerate(spec.escalation):
        if name not in ESCALATIONS:
            loaded.found.add(doc, ("escalation", i), Msg(
                f"unknown escalation criterion {name!r}; use {one_of(ESCALATIONS)}.",
                f"未知的升级依据 {name!r}；请使用 {one_of(ESCALATIONS)}。")
                + closest(name, ESCALATIONS))
            continue
        for needed in ESCALATION_PARAMETERS[name]:
            if params and needed not in params:
                loaded.found.add(doc, ("escalation", i), Msg(
                    f"the {name!r} criterion reads the setting {needed!r}, which the settings "
                    "do not define.",
                    f"升级依据 {name!r} 需要设置项 {needed!r}，但设置中没有。"))
    parts = sorted({p.doc.file for p in placed} | {doc.file})
    digest = hashlib.sha256("".join(loaded.digests.get(p, "") for p in parts).encode())
    return Playbook(
        type=stem, title=text(spec.title), summary=text(spec.summary), lead=spec.lead,
        source=tuple(spec.source), steps=tuple(p.step for p in placed),
        digest=digest.hexdigest(), facts=facts,
        escalation=tuple(e for e in spec.escalation if e in ESCALATIONS),
    )


def included_steps(modules: Modules, doc: Document, include: list[str]) -> list[PlacedStep]:
    result: list[PlacedStep] = []
    for i, name in enumerate(include):
        if name in include[:i]:
            modules.loaded.found.add(doc, ("include", i), Msg(
                f"module {name!r} is included twice.", f"模块 {name!r} 被重复包含。"))
            continue
        steps = modules.steps(name)
        if steps is None:
            modules.loaded.found.add(doc, ("include", i), Msg(
                f"there is no shared module {name!r} (shared/{name}.yaml).",
                f"没有共享模块 {name!r}（shared/{name}.yaml）。")
                + closest(name, modules.names()))
            continue
        result.extend(steps)
    return result


# --- folders --------------------------------------------------------------------------------


NOT_TYPES: Final = ("settings.yaml", "plan.yaml", "facts.yaml", "roster.yaml")


def load_facts(loaded: Loaded, entry: Traversable, plan: Plan) -> list[PlacedFact]:
    got = loaded.read(entry, FactsFileSpec)
    if got is None:
        return []
    doc, spec = got
    return [check_fact(loaded.found, doc, ("facts", i), f, plan.clauses)
            for i, f in enumerate(spec.facts)]


def _facts_file(root: Traversable) -> Traversable | None:
    """The folder's facts.yaml; the shipped one where the folder uses the shipped plan too
    (its clauses are the ones the shipped facts cite)."""
    own = root / "facts.yaml"
    if own.is_file():
        return own
    return None if (root / "plan.yaml").is_file() else shipped_root() / "facts.yaml"


def _pick(root: Traversable, name: str) -> Traversable:
    own = root / name
    return own if own.is_file() else shipped_root() / name


def _type_entries(root: Traversable) -> list[Traversable]:
    return sorted(
        (e for e in root.iterdir()
         if e.name.endswith(".yaml") and e.name not in NOT_TYPES),
        key=lambda e: e.name,
    )


NOT_A_FOLDER: Final = Msg(
    "there is no playbooks folder here. Give the folder `runbook init` wrote (--playbooks, "
    "RUNBOOK_PLAYBOOKS), or leave them out to play the shipped playbooks.",
    "此处没有剧本文件夹。请给出 `runbook init` 写出的文件夹（--playbooks、RUNBOOK_PLAYBOOKS），"
    "或不设置它们以使用内置剧本。")


def check_folder(root: Traversable, override: Path | None = None,
                 *, only: Traversable | None = None) -> tuple[Library, list[Problem]]:
    """Read a playbook folder; `only` narrows it to one type or module file."""
    if not root.is_dir():
        return Library(Plan({}), Settings({}, ""), {}), [
            Problem(label(root), 1, 1, NOT_A_FOLDER)]
    loaded = Loaded()
    plan, plan_doc = load_plan(loaded, _pick(root, "plan.yaml"))
    settings = load_settings(loaded, _pick(root, "settings.yaml"), plan, override)
    check_plan_parameters(loaded, plan_doc, plan, settings)
    base = _types_root(loaded, root)
    types = _type_entries(base)
    modules = Modules(base / "shared", loaded, plan, settings)
    modules.facts = load_facts(loaded, facts_entry, plan) if (
        facts_entry := _facts_file(root)) is not None else []
    if base is not root or (root / "facts.yaml").is_file():
        # the shipped catalogue names the shipped types: a folder of its own types that
        # keeps the shipped facts is not held to having all of them
        check_types_named(loaded.found, modules.facts, [e.name[:-5] for e in types])
    modules.changes = load_changes(loaded, root / "changes", [e.name[:-5] for e in types],
                                   modules.names())
    playbooks: dict[str, Playbook] = {}
    if only is None or only.name not in NOT_TYPES:
        entries = [only] if only is not None else types
        for entry in entries:
            book = load_type(modules, entry)
            if book is not None:
                playbooks[book.type] = book
    if only is None:
        check_lone_modules(modules)
        check_grant_steps(loaded, playbooks)
    roster = load_roster(loaded, root / "roster.yaml")
    return Library(plan, settings, playbooks, roster), in_order(loaded.found.problems)


def check_grant_steps(loaded: Loaded, playbooks: Mapping[str, Playbook]) -> None:
    """A `decide:STEP` grant names a decision step of some playbook: a misspelt one would
    grant nothing, and the step would fall under `decide` without anyone noticing."""
    decisions = sorted({s.id for book in playbooks.values() for s in book.steps
                        if s.decision is not None})
    for doc, where, step in loaded.grant_steps:
        if step not in decisions:
            loaded.found.add(doc, where, Msg(
                f"{DECIDE_STEP}{step} names no decision step of the playbooks; give the id of "
                "one (a step with a `decision:`).",
                f"{DECIDE_STEP}{step} 不是任何剧本中的决策步骤；请填写带 `decision:` 的步骤编号。")
                + closest(step, decisions), key=True)


def load_roster(loaded: Loaded, entry: Traversable) -> Roster:
    """The folder's roster.yaml (contacts, vendors, resources); none is an empty roster."""
    if not entry.is_file():
        return Roster()
    got = loaded.read(entry, RosterFileSpec)
    if got is None:
        return Roster()
    return check_roster(loaded.found, *got)


def roster_problems(path: Path) -> tuple[Roster, list[Problem]]:
    """A roster file given on its own (--roster, RUNBOOK_ROSTER), in place of the folder's
    roster.yaml, checked as that one is."""
    loaded = Loaded()
    if not path.is_file():
        return Roster(), [Problem(str(path), 1, 1, Msg(
            "no such roster file: give the roster.yaml to use (--roster, RUNBOOK_ROSTER).",
            "没有这个名册文件：请给出要使用的 roster.yaml（--roster、RUNBOOK_ROSTER）。"))]
    roster = load_roster(loaded, path)
    return roster, in_order(loaded.found.problems)


def load_roster_file(path: Path) -> Roster:
    """The roster file; ProblemList if anything in it is wrong."""
    roster, problems = roster_problems(path)
    if problems:
        raise ProblemList(problems)
    return roster


def _types_root(loaded: Loaded, root: Traversable) -> Traversable:
    """Where the types and shared modules come from: the folder, if it has type files; else
    the shipped library, which the folder then changes (its changes/, settings, roster)."""
    if _type_entries(root):
        return root
    shared = root / "shared"
    if shared.is_dir():
        loaded.found.problems.append(Problem(label(shared), 1, 1, Msg(
            "this folder has no type files, so it changes the shipped library: its shared/ "
            "folder is not read. Put the steps a module gains or replaces in changes/ "
            "(module: NAME), or copy the whole library with `runbook init`.",
            "此文件夹没有类型文件，因此是对内置剧本的修改：其中的 shared/ 文件夹不会被读取。"
            "请把对模块新增或替换的步骤写在 changes/ 中（module: 模块名），"
            "或用 `runbook init` 复制整个剧本库。")))
    return shipped_root()


def load_changes(loaded: Loaded, folder: Traversable, type_names: list[str],
                 module_names: list[str]) -> Changes:
    if not folder.is_dir():
        return Changes()
    read = [got for entry in sorted(folder.iterdir(), key=lambda e: e.name)
            if entry.name.endswith(".yaml")
            and (got := loaded.read(entry, ChangeFileSpec)) is not None]
    return collect_changes(loaded.found, read, type_names, module_names)


def in_order(problems: list[Problem]) -> list[Problem]:
    """Each problem once, by file, line and column: the order an editor walks them."""
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.file, p.line, p.column))


def check_lone_modules(modules: Modules) -> None:
    """Modules no type includes are still checked: ids and anchors, against every module."""
    lone = {n for n in modules.names() if n not in modules.cache}
    if not lone:
        return
    placed = [p for name in modules.names() for p in (modules.steps(name) or [])]
    placed.sort(key=lambda p: p.step.module in lone)  # included modules first: they keep ids
    ids = Findings()
    check_step_ids(ids, placed)
    lone_files = {p.doc.file for p in placed if p.step.module in lone}
    modules.loaded.found.problems.extend(p for p in ids.problems if p.file in lone_files)
    check_step_anchors(modules.loaded.found, [p for p in placed if p.step.module in lone])


def load_library(root: Traversable | None = None, override: Path | None = None) -> Library:
    """The library to play; ProblemList if anything in it is wrong."""
    library, problems = check_folder(root or shipped_root(), override)
    if problems:
        raise ProblemList(problems)
    return library


def validate(paths: list[Path], override: Path | None = None,
             root: Path | None = None) -> list[Problem]:
    """Every problem in the given files or folders (by default the folder `root`, else the
    shipped one)."""
    if not paths:
        return check_folder(root or shipped_root(), override)[1]
    return [p for path in paths for p in _validate_one(path, override)]


def _validate_one(path: Path, override: Path | None) -> list[Problem]:
    try:
        where = path.resolve()
        is_dir = where.is_dir()
    except (OSError, RuntimeError) as error:  # a name too long; a symlink loop (RuntimeError)
        why = (error.strerror or str(error)) if isinstance(error, OSError) else os.strerror(
            errno.ELOOP)
        return [Problem(str(path), 1, 1, CANNOT_READ.format(why=why))]
    if is_dir:
        if where.name in ("shared", "changes"):  # checked within its playbook folder
            return [p for p in check_folder(where.parent, override)[1]
                    if Path(p.file).resolve().parent == where]
        return check_folder(where, override)[1]
    if not where.exists():
        return [Problem(str(path), 1, 1, Msg(
            "no such file or folder.", "文件或文件夹不存在。"))]
    if where.suffix not in (".yaml", ".yml"):
        return [Problem(str(path), 1, 1, Msg(
            "not a playbook file: playbook files end in .yaml.",
            "不是剧本文件：剧本文件以 .yaml 结尾。"))]
    if where.parent.name in ("shared", "changes"):
        found = check_folder(where.parent.parent, override)[1]
        return [p for p in found if Path(p.file).resolve() == where]
    return check_folder(where.parent, override, only=where)[1]
