"""A type's playbook as one CACAO v2.0 playbook (the mapping: `runbook.cacao.mapping`).

Pure: a Library in, a JSON-ready dict out, the same dict for the same library.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from runbook.cacao.mapping import (
    CREATED_BY,
    EPOCH,
    EXTENSION_ID,
    EXTENSION_SCHEMA,
    EXTENSION_VERSION,
    LEVEL_VARIABLE,
    PLAN_SOURCE,
    SPEC_VERSION,
    group_id,
    ident,
    level_condition,
    playbook_id,
    timeout_ms,
)
from runbook.i18n import Msg
from runbook.kinds import COMPLETING
from runbook.playbook import Completion, Library, Playbook, Step
from runbook.vocabulary import GROUP_IDS, LEVEL_IDS
from runbook.vocabulary import group as vocabulary_group

JSON = dict[str, Any]
_DONE_BY_WORD = {kind.value: word for word, kind in COMPLETING.items()}


def texts(msg: Msg) -> JSON:
    return {"zh": msg.zh, "en": msg.en}


def export_cacao(library: Library, type_id: str) -> JSON:
    """The CACAO playbook of `type_id` (which the library must hold)."""
    book = library.playbooks[type_id]
    workflow: JSON = {}
    start = ident("start", type_id)
    end = ident("end", type_id)
    heads = [_branches(book, step) for step in book.steps]
    firsts = [branches[0][0] for branches in heads]
    workflow[start] = {"type": "start", "name": "Start", "on_completion": firsts[0] if firsts
                       else end}
    for index, (step, branches) in enumerate(zip(book.steps, heads, strict=True)):
        after = firsts[index + 1] if index + 1 < len(firsts) else end
        for number, (condition_id, levels) in enumerate(branches):
            following = branches[number + 1][0] if number + 1 < len(branches) else after
            action = ident("action", type_id, step.id, *levels)
            branch_end = ident("end", type_id, step.id, *levels)
            workflow[condition_id] = {
                "type": "if-condition",
                "name": f"{step.id} at level {', '.join(levels)}",
                "condition": level_condition(levels),
                "on_true": action,
                "on_completion": following,
            }
            workflow[action] = _action(library, step, levels, branch_end)
            workflow[branch_end] = {"type": "end", "name": f"End of {step.id}"}
    workflow[end] = {"type": "end", "name": "End"}
    groups = sorted({s.group for s in book.steps} | {book.lead}, key=_group_order)
    return {
        "type": "playbook",
        "spec_version": SPEC_VERSION,
        "id": playbook_id(type_id),
        "name": book.title.en,
        "description": book.summary.en,
        "created_by": CREATED_BY,
        "created": EPOCH,
        "modified": EPOCH,
        "labels": ["runbook", type_id],
        "external_references": _clauses(library, book.source),
        "playbook_variables": {LEVEL_VARIABLE: {
            "type": "string",
            "description": "The warning level in force: I (red), II (orange), III (yellow), "
                           "IV (blue). / "
                           "当前预警级别：一级（红）、二级（橙）、三级（黄）、四级（蓝）。",
            "value": None,
            "external": True,
        }},
        "workflow_start": start,
        "workflow": workflow,
        "agent_definitions": {group_id(g): _agent(g) for g in groups},
        "extension_definitions": {EXTENSION_ID: {
            "type": "extension-definition",
            "name": "runbook playbook",
            "description": "What a runbook playbook holds that CACAO has no property for: "
                           "both languages, the deadline's anchor and durations, decisions, "
                           "conditions and the actions that complete a step.",
            "created_by": CREATED_BY,
            "schema": EXTENSION_SCHEMA,
            "version": EXTENSION_VERSION,
        }},
        "playbook_extensions": {EXTENSION_ID: {
            "type": type_id,
            "title": texts(book.title),
            "summary": texts(book.summary),
            "lead": book.lead,
            "source": list(book.source),
            "escalation": list(book.escalation),
            "digest": book.digest,
            "settings_digest": library.settings.digest,
        }},
    }


def _group_order(group: str) -> int:
    return GROUP_IDS.index(group) if group in GROUP_IDS else len(GROUP_IDS)


def _branches(book: Playbook, step: Step) -> list[tuple[str, tuple[str, ...]]]:
    """The step's levels grouped by deadline (one group if it has none or one duration),
    each with the id of its if-condition, in level order."""
    levels = [lv for lv in LEVEL_IDS if lv in step.levels]
    groups: dict[str, list[str]] = {}
    for lv in levels:
        key = "" if step.deadline is None else step.deadline.after_text.get(lv, "")
        groups.setdefault(key, []).append(lv)
    return [(ident("if-condition", book.type, step.id, *lvs), tuple(lvs))
            for lvs in groups.values()]


def _action(library: Library, step: Step, levels: Sequence[str], end: str) -> JSON:
    action: JSON = {
        "type": "action",
        "name": step.title.en,
        "description": step.detail.en + _due_words(step, levels),
        "commands": [{"type": "manual", "command": _command(step)}],
        "agent": group_id(step.group),
        "external_references": _clauses(library, step.source),
        "on_completion": end,
    }
    if step.deadline is not None:
        action["timeout"] = timeout_ms(step.deadline.after[levels[0]])
    action["step_extensions"] = {EXTENSION_ID: _step_extension(step, levels)}
    return action


def _command(step: Step) -> str:
    command = step.detail.en
    if step.decision is not None:
        options = " / ".join(o.label.en for o in step.decision.options)
        command += f" Decide: {step.decision.question.en} ({options})"
    return command


def _due_words(step: Step, levels: Sequence[str]) -> str:
    if step.deadline is None:
        return ""
    after = step.deadline.after[levels[0]].text()
    words = f"\n\nDue {after} after {step.deadline.anchor} (level {', '.join(levels)})."
    if step.repeat is not None:
        words += f" Again every {step.repeat.text()}."
    return words


def _step_extension(step: Step, levels: Sequence[str]) -> JSON:
    ext: JSON = {
        "step": step.id,
        "group": step.group,
        "module": step.module,
        "title": texts(step.title),
        "detail": texts(step.detail),
        "levels": list(levels),
        "source": list(step.source),
    }
    if step.deadline is not None:
        ext["due"] = {"anchor": step.deadline.anchor,
                      "after": {lv: step.deadline.after_text[lv] for lv in levels}}
    if step.repeat is not None:
        ext["repeat"] = step.repeat.text()
    if step.decision is not None:
        ext["decision"] = {
            "question": texts(step.decision.question),
            "options": [{"id": o.id, "label": texts(o.label)} for o in step.decision.options],
        }
    if step.addition:
        ext["addition"] = True
    if step.when is not None:
        ext["when"] = {"decision": step.when.decision, "is": sorted(step.when.options)}
    if step.done_by:
        ext["done_by"] = [done_by_spec(c) for c in step.done_by]
    if step.roster:
        ext["roster"] = list(step.roster)
    return ext


def done_by_spec(completion: Completion) -> JSON:
    """A completion as the playbook format writes it (`{kind: report, to: pboc}`)."""
    spec: JSON = {"kind": _DONE_BY_WORD[completion.kind], **completion.match}
    if "reported_at" in completion.present:
        spec["td"] = True
    if completion.option is not None:
        spec["option"] = completion.option
    return spec


def _clauses(library: Library, source: Sequence[str]) -> list[JSON]:
    refs = []
    clauses: Mapping[str, Any] = library.plan.clauses
    for clause_id in source:
        clause = clauses.get(clause_id)
        title = clause.title if clause is not None else Msg(clause_id, clause_id)
        refs.append({"name": f"{clause_id} {title.en}", "description": title.zh,
                     "source": PLAN_SOURCE, "external_id": clause_id})
    return refs


def _agent(group: str) -> JSON:
    found = vocabulary_group(group)
    return {"type": "group", "name": found.name.en, "description": found.name.zh,
            "agent_target_extensions": {EXTENSION_ID: {"group": group,
                                                       "name": texts(found.name)}}}
