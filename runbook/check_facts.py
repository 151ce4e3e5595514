"""The facts a playbook declares (`facts.yaml` for every type or some, and a type file's own
`facts:`), checked: ids, types, options, the clause each serves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from msgspec import Struct

from runbook.checks import STEP_ID, Findings, check_clause_id, text
from runbook.i18n import Msg
from runbook.playbook import FACT_SECTIONS, FACT_TYPES, Clause, Fact, Option
from runbook.schema import FactSpec
from runbook.suggest import closest, one_of
from runbook.yamlread import Document, Path


class PlacedFact(Struct, frozen=True):
    fact: Fact
    types: frozenset[str] | None  # the types a shared fact serves (None: every type)
    doc: Document
    path: Path


def check_fact(found: Findings, doc: Document, path: Path, spec: FactSpec,
               clauses: Mapping[str, Clause]) -> PlacedFact:
    if not STEP_ID.match(spec.id):
        found.add(doc, (*path, "id"), Msg(
            f"fact id {spec.id!r} must be lower-case letters, digits, '.' and '-'.",
            f"事实项编号 {spec.id!r} 只能包含小写字母、数字、'.' 和 '-'。"))
    if spec.type not in FACT_TYPES:
        found.add(doc, (*path, "type"), Msg(
            f"unknown fact type {spec.type!r}; use {one_of(FACT_TYPES)}.",
            f"未知的事实项类型 {spec.type!r}；请使用 {one_of(FACT_TYPES)}。")
            + closest(spec.type, FACT_TYPES))
    if spec.section not in FACT_SECTIONS:
        found.add(doc, (*path, "section"), Msg(
            f"unknown fact section {spec.section!r}; use {one_of(FACT_SECTIONS)}.",
            f"未知的事实项分类 {spec.section!r}；请使用 {one_of(FACT_SECTIONS)}。")
            + closest(spec.section, FACT_SECTIONS))
    check_clause_id(found, doc, (*path, "clause"), spec.clause, clauses)
    choosing = spec.type in ("choice", "choices")
    if choosing and len(spec.options) < 2:
        found.add(doc, path, Msg(
            f"a {spec.type} fact needs at least 2 options.",
            f"{spec.type} 类型的事实项至少需要 2 个选项。"))
    if not choosing and spec.options:
        found.add(doc, (*path, "options"), Msg(
            f"options are for choice and choices facts, not {spec.type}.",
            f"只有 choice 和 choices 类型的事实项才有选项，{spec.type} 没有。"), key=True)
    seen: set[str] = set()
    for i, option in enumerate(spec.options):
        if option.id in seen:
            found.add(doc, (*path, "options", i, "id"), Msg(
                f"option id {option.id!r} is used twice.", f"选项编号 {option.id!r} 重复。"))
        seen.add(option.id)
    fact = Fact(spec.id, text(spec.label), spec.type, spec.clause,
                tuple(Option(o.id, text(o.label)) for o in spec.options), spec.section)
    return PlacedFact(fact, frozenset(spec.types) if spec.types is not None else None,
                      doc, path)


def facts_for(found: Findings, type_id: str, shared: Sequence[PlacedFact],
              own: Sequence[PlacedFact]) -> tuple[Fact, ...]:
    """The facts of one type: the shared ones it is served by, then its own; each id once."""
    chosen = [p for p in shared if p.types is None or type_id in p.types] + list(own)
    result: dict[str, PlacedFact] = {}
    for p in chosen:
        earlier = result.get(p.fact.id)
        if earlier is not None:
            line, _ = earlier.doc.where(earlier.path)
            found.add(p.doc, (*p.path, "id"), Msg(
                f"fact {p.fact.id!r} is already declared at {earlier.doc.file}:{line}.",
                f"事实项 {p.fact.id!r} 已在 {earlier.doc.file}:{line} 声明。"))
            continue
        result[p.fact.id] = p
    return tuple(p.fact for p in result.values())


def check_types_named(found: Findings, shared: Sequence[PlacedFact],
                      types: Sequence[str]) -> None:
    """A shared fact names only types the folder has."""
    if not types:
        return
    for p in shared:
        for name in sorted(p.types or ()):
            if name not in types:
                found.add(p.doc, (*p.path, "types"), Msg(
                    f"there is no type {name!r}; use {one_of(list(types))}.",
                    f"没有类型 {name!r}；请使用 {one_of(list(types))}。")
                    + closest(name, types))
