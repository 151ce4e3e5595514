"""A CACAO v2.0 playbook of manual steps as a runbook type playbook (the mapping:
`runbook.cacao.mapping`).

Pure: the JSON text in, the YAML text of one self-contained type file out (every step in
it, no `include`), with every part the format cannot express listed, each with its JSON
path, never silently dropped. A playbook runbook exported carries the runbook extension,
which gives back every step exactly; one from another tool is read from CACAO's own
properties (the name as the title in both languages, the description or the manual
command as the detail, the group agent, a level `if-condition`, the timeout from T0, the
external references that name plan clauses).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Collection, Mapping
from typing import Any

import yaml
from msgspec import Struct

from runbook.cacao.mapping import (
    EXTENSION_ID,
    PLAN_SOURCE,
    SPEC_VERSION,
    condition_levels,
    timeout_duration,
)
from runbook.errors import RunbookError
from runbook.i18n import Msg
from runbook.vocabulary import GROUP_IDS, GROUPS, LEVEL_IDS

JSON = dict[str, Any]
STRUCTURE = ("start", "end", "parallel")  # shapes of the walk, nothing to play


class NotCacao(RunbookError):
    """The file is not one CACAO v2.0 playbook runbook can read."""

    def __init__(self, file: str, path: str, why: Msg) -> None:
        super().__init__(Msg(
            f"{file}: {path}: not a CACAO v2.0 playbook: {why.en} Give the JSON file of one "
            "CACAO playbook (as `runbook playbooks --export cacao` writes it).",
            f"{file}：{path}：不是 CACAO v2.0 剧本：{why.zh}请提供单个 CACAO 剧本的 JSON 文件"
            "（即 `runbook playbooks --export cacao` 导出的格式）。"))


class Unimported(Struct, frozen=True):
    """A part of the CACAO playbook the type file does not hold as it was (JSON path, why)."""

    path: str
    why: Msg

    def render(self, file: str) -> Msg:
        return Msg(f"{file}: {self.path}: ", f"{file}：{self.path}：") + self.why


class Imported(Struct, frozen=True):
    type_id: str
    text: str  # the YAML of the type file
    steps: int
    unimported: tuple[Unimported, ...]


class _Dumper(yaml.SafeDumper):
    """Never anchors and aliases: the validator refuses them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _at(key: str) -> str:
    return f"$.workflow['{key}']"


def import_cacao(text: str, file: str, clauses: Collection[str]) -> Imported:
    """The type file for the CACAO playbook `text` (read from `file`); `clauses` are the
    plan's clause ids, which every step must cite."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotCacao(file, f"line {error.lineno} column {error.colno}", Msg(
            f"it is not JSON ({error.msg}).", f"文件不是 JSON（{error.msg}）。")) from None
    if not isinstance(doc, dict) or doc.get("type") != "playbook":
        found = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        raise NotCacao(file, "$.type", Msg(
            f"its type is {found!r}, not 'playbook'.", f"其 type 为 {found!r}，而非 'playbook'。"))
    if doc.get("spec_version") != SPEC_VERSION:
        raise NotCacao(file, "$.spec_version", Msg(
            f"its spec_version is {doc.get('spec_version')!r}, not {SPEC_VERSION!r}.",
            f"其 spec_version 为 {doc.get('spec_version')!r}，而非 {SPEC_VERSION!r}。"))
    workflow = doc.get("workflow")
    start = doc.get("workflow_start")
    if not isinstance(workflow, dict) or not workflow:
        raise NotCacao(file, "$.workflow", Msg(
            "it has no workflow of steps.", "其中没有工作流步骤（workflow）。"))
    if not isinstance(start, str) or start not in workflow:
        raise NotCacao(file, "$.workflow_start", Msg(
            "its workflow_start names no step of the workflow.",
            "其 workflow_start 未指向工作流中的步骤。"))
    reader = _Reader(doc, workflow, frozenset(clauses), file)
    reader.walk(start)
    for key in workflow:  # steps nothing leads to are still steps of the playbook
        reader.walk(key)
    return reader.result()


class _Reader:
    def __init__(self, doc: JSON, workflow: JSON, clauses: frozenset[str], file: str) -> None:
        self.file = file
        self.doc = doc
        self.workflow = workflow
        self.clauses = clauses
        self.ext: JSON = _extension(doc.get("playbook_extensions"))
        self.agents: JSON = doc.get("agent_definitions") or {}
        self.steps: dict[str, JSON] = {}
        self.unimported: list[Unimported] = []
        self.seen: set[str] = set()
        self.own_source = self._clauses(doc.get("external_references"))

    def say(self, path: str, en: str, zh: str) -> None:
        self.unimported.append(Unimported(path, Msg(en, zh)))

    # --- the walk ---------------------------------------------------------------------

    def walk(self, first: str) -> None:
        stack: list[tuple[str, tuple[str, ...] | None]] = [(first, None)]
        while stack:
            key, levels = stack.pop()
            if key in self.seen:
                continue
            self.seen.add(key)
            step = self.workflow.get(key)
            if not isinstance(step, dict):
                self.say(_at(key), "a step pointer names no step of the workflow.",
                         "步骤指针指向的步骤不在工作流中。")
                continue
            stack.extend(reversed(self._visit(key, step, levels)))

    def _visit(self, key: str, step: JSON, levels: tuple[str, ...] | None,
               ) -> list[tuple[str, tuple[str, ...] | None]]:
        kind = step.get("type")
        inner = levels
        if kind == "if-condition":
            found = condition_levels(str(step.get("condition", "")))
            if found is None or not set(found) <= set(LEVEL_IDS):
                self.say(f"{_at(key)}.condition",
                         f"the condition {step.get('condition')!r} is not on the warning level "
                         "(__level__); runbook steps cannot depend on it, so the steps of its "
                         "branches were imported without it.",
                         f"条件 {step.get('condition')!r} 不是预警级别（__level__）条件；runbook "
                         "步骤无法依赖该条件，其分支中的步骤已按无条件导入。")
            else:
                inner = found if levels is None else tuple(
                    lv for lv in found if lv in levels)
        elif kind == "action":
            self._action(key, step, levels)
        elif kind == "switch-condition":
            self.say(_at(key), "a switch-condition cannot be imported: runbook steps depend "
                     "on the level (an if-condition on __level__) only; the steps of its cases "
                     "were imported without it.",
                     "switch-condition 无法导入：runbook 步骤只依赖预警级别（__level__ 的 "
                     "if-condition）；其各分支的步骤已按无条件导入。")
        elif kind == "while-condition":
            self.say(_at(key), "a while-condition cannot be imported: a runbook step repeats "
                     "by time (repeat), not by a condition; the steps of its loop were "
                     "imported once.",
                     "while-condition 无法导入：runbook 步骤按时间重复（repeat），不按条件循环；"
                     "循环内的步骤已导入一次。")
        elif kind == "playbook-action":
            self.say(_at(key), "a playbook-action (a call to another playbook) cannot be "
                     "imported: import that playbook on its own.",
                     "playbook-action（调用另一个剧本）无法导入：请单独导入该剧本。")
        elif kind not in STRUCTURE:
            self.say(f"{_at(key)}.type", f"a step of type {kind!r} cannot be imported.",
                     f"类型为 {kind!r} 的步骤无法导入。")
        following: list[tuple[str, tuple[str, ...] | None]] = []
        for name, branch_levels in (("on_true", inner), ("on_false", levels)):
            if isinstance(step.get(name), str):
                following.append((step[name], branch_levels))
        for target in step.get("next_steps") or []:
            following.append((str(target), levels))
        cases = step.get("cases")
        if isinstance(cases, dict):
            following.extend((str(t), levels) for t in cases.values())
        for name in ("on_success", "on_completion", "on_failure"):
            if isinstance(step.get(name), str):
                following.append((step[name], levels))
        return following

    # --- one action -----------------------------------------------------------------------

    def _action(self, key: str, step: JSON, levels: tuple[str, ...] | None) -> None:
        commands = step.get("commands") or []
        for i, command in enumerate(commands):
            kind = command.get("type") if isinstance(command, dict) else None
            if kind != "manual":
                self.say(f"{_at(key)}.commands[{i}]",
                         f"a {kind!r} command cannot be imported: runbook steps are done by "
                         "people (manual commands only); the step was left out.",
                         f"{kind!r} 命令无法导入：runbook 步骤由人执行（仅限 manual 命令）；"
                         "该步骤未导入。")
                return
        ext = _extension(step.get("step_extensions"))
        if ext.get("step"):
            self._known(key, ext)
        else:
            self._foreign(key, step, commands, levels)

    def _known(self, key: str, ext: JSON) -> None:
        """A step runbook exported: its extension holds the step; branches join again."""
        step_id = str(ext["step"])
        there = self.steps.get(step_id)
        levels = [str(lv) for lv in ext.get("levels") or LEVEL_IDS]
        due = ext.get("due")
        if there is None:
            made: JSON = {"id": step_id, "group": ext.get("group"),
                          "title": ext.get("title"), "detail": ext.get("detail"),
                          "levels": levels}
            if due:
                made["due"] = {"anchor": due["anchor"], "after": dict(due["after"])}
            for name in ("repeat", "decision"):
                if ext.get(name) is not None:
                    made[name] = ext[name]
            made["source"] = list(ext.get("source") or [])
            for name in ("addition", "when", "roster"):
                if ext.get(name):
                    made[name] = ext[name]
            if ext.get("done_by"):
                done_by = list(ext["done_by"])
                made["done_by"] = done_by[0] if len(done_by) == 1 else done_by
            self.steps[step_id] = made
            return
        there["levels"] = [lv for lv in LEVEL_IDS if lv in {*there["levels"], *levels}]
        if due and "due" in there:
            there["due"]["after"].update(due["after"])
        elif due or "due" in there:
            self.say(_at(key), f"the branches of step {step_id!r} disagree on whether it has "
                     "a deadline; the first was kept.",
                     f"步骤 {step_id!r} 的各分支对是否有时限不一致；已保留第一个。")

    def _foreign(self, key: str, step: JSON, commands: list[Any],
                 levels: tuple[str, ...] | None) -> None:
        name = str(step.get("name") or "").strip()
        texts = [str(step.get("description") or "").strip()]
        texts += [_command_text(c) for c in commands]
        detail = next((t for t in texts if t), name)
        if not name:
            name = detail[:80]
        if not name:
            self.say(_at(key), "an action step with no name, description or command cannot "
                     "be imported.", "没有名称、说明或命令的 action 步骤无法导入。")
            return
        source = self._clauses(step.get("external_references")) or self.own_source
        if not source:
            self.say(f"{_at(key)}.external_references",
                     "the step cites no clause of the plan (an external reference whose "
                     "external_id is a clause id, e.g. 4.2.1); a runbook step must cite one, "
                     "so it was left out.",
                     "该步骤未引用预案条款（external_id 为条款编号的外部引用，如 4.2.1）；"
                     "runbook 步骤必须引用条款，故未导入。")
            return
        made: JSON = {"id": self._new_id(name), "group": self._group(key, step),
                      "title": {"zh": name, "en": name},
                      "detail": {"zh": detail, "en": detail},
                      "levels": list(levels) if levels else "all"}
        timeout = step.get("timeout")
        if isinstance(timeout, int) and timeout > 0:
            made["due"] = {"anchor": "T0", "after": timeout_duration(timeout)}
            self.say(f"{_at(key)}.timeout",
                     "a CACAO timeout counts from the step's start, which runbook has no "
                     "clock for; the deadline was counted from T0 (the warning issued).",
                     "CACAO 的 timeout 从步骤开始计时，runbook 没有该时钟；时限已改为自 T0"
                     "（发布预警）起算。")
        made["source"] = source
        self.steps[made["id"]] = made

    def _new_id(self, name: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40].strip("-") or "step"
        candidate, n = base, 2
        while candidate in self.steps:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def _group(self, key: str, step: JSON) -> str:
        agent_id = step.get("agent")
        agent = self.agents.get(agent_id) if isinstance(agent_id, str) else None
        if isinstance(agent, dict):
            known = _extension(agent.get("agent_target_extensions")).get("group")
            if known in GROUP_IDS:
                return str(known)
            wanted = str(agent.get("name", "")).casefold()
            for group in GROUPS:
                if wanted in {group.id, group.name.en.casefold(), group.name.zh,
                              group.short.en.casefold(), group.short.zh}:
                    return group.id
        lead = self.lead()
        self.say(f"{_at(key)}.agent",
                 f"the agent {agent_id!r} is not one of runbook's six groups; the step was "
                 f"given to the lead group {lead!r}.",
                 f"执行者 {agent_id!r} 不是 runbook 的六个小组之一；该步骤已交由牵头小组 "
                 f"{lead!r}。")
        return lead

    def _clauses(self, refs: Any) -> list[str]:
        found = []
        for ref in refs if isinstance(refs, list) else []:
            if not isinstance(ref, dict):
                continue
            clause = ref.get("external_id")
            cited = ref.get("source") == PLAN_SOURCE or clause in self.clauses
            if cited and isinstance(clause, str) and clause not in found:
                found.append(clause)
        return found

    # --- the type file --------------------------------------------------------------------

    def lead(self) -> str:
        lead = self.ext.get("lead")
        if lead in GROUP_IDS:
            return str(lead)
        groups = [s["group"] for s in self.steps.values()]
        return max(GROUP_IDS, key=groups.count) if groups else "command"

    def result(self) -> Imported:
        doc, ext = self.doc, self.ext
        if not self.steps:
            raise NotCacao(self.file, "$.workflow", Msg(
                "none of its steps could be imported.", "其中没有可导入的步骤。"))
        name = str(doc.get("name") or "playbook")
        type_id = str(ext.get("type") or re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
                      or "playbook")
        summary = ext.get("summary") or {"zh": str(doc.get("description") or name),
                                         "en": str(doc.get("description") or name)}
        source = list(ext.get("source") or self.own_source) or next(
            iter(s["source"] for s in self.steps.values()))
        out: JSON = {"format": 1, "type": type_id,
                     "title": ext.get("title") or {"zh": name, "en": name},
                     "summary": summary, "lead": self.lead(), "source": source}
        if ext.get("escalation"):
            out["escalation"] = list(ext["escalation"])
        out["steps"] = list(self.steps.values())
        head = (f"# Imported from the CACAO v2.0 playbook {doc.get('id')} "
                f"({len(self.steps)} steps, {len(self.unimported)} parts listed as not "
                "imported as they were).\n")
        body = yaml.dump(out, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
        return Imported(type_id, head + body, len(self.steps), tuple(self.unimported))


def _extension(extensions: Any) -> JSON:
    if isinstance(extensions, Mapping):
        found = extensions.get(EXTENSION_ID)
        if isinstance(found, dict):
            return found
    return {}


def _command_text(command: Any) -> str:
    if not isinstance(command, dict):
        return ""
    if isinstance(command.get("command"), str):
        return str(command["command"]).strip()
    encoded = command.get("command_b64")
    if isinstance(encoded, str):
        try:
            return base64.b64decode(encoded, validate=True).decode("utf-8").strip()
        except (binascii.Error, UnicodeDecodeError):
            return ""
    return str(command.get("description") or "").strip()
