"""CACAO v2.0 interchange: `runbook playbooks --export cacao` writes playbooks that the
OASIS TC's own JSON schemas (vendored in tests/cacao_schemas, see its NOTICE.md) accept, and
`runbook import cacao` reads them back.

Which semantics: the schemas declare draft-07 (`$schema`), yet use `unevaluatedProperties`,
a keyword draft-07 does not have and so ignores. The export is checked both ways:

- as declared (draft-07, every schema its own declared dialect): what any draft-07 tool
  would say;
- strictly (every schema read with Draft 2020-12 semantics, so `unevaluatedProperties:
  false` is enforced at every depth and a misspelt or invented property is refused). One
  change is needed for that: `commands/command-data.json` is the base the command schemas
  extend (`allOf`), and its own `unevaluatedProperties: false` would, under 2020-12, forbid
  every property an extension adds (`command` of `manual.json` included), so no command
  could ever be valid. That keyword is dropped from the base alone, and each command is
  also checked against the schema of its own type (`commands/manual.json`), which keeps
  its `unevaluatedProperties: false`.

`$ref`s are resolved offline, by `$id`, from a `referencing` registry of the vendored files.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT7, DRAFT202012

from runbook.cacao.export import export_cacao
from runbook.loader import load_library
from runbook.playbook import Library

SCHEMAS = Path(__file__).resolve().parent / "cacao_schemas" / "schemas"
TOP = "https://raw.githubusercontent.com/oasis-open/cacao-json-schemas/main/schemas/"
TYPES = ("business-interruption", "data-leak", "technical-fault", "vendor-breach")


@cache
def library() -> Library:
    return load_library()


def raw_schemas() -> dict[str, dict[str, Any]]:
    found = {}
    for path in sorted(SCHEMAS.rglob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        found[schema["$id"]] = schema
    return found


@cache
def declared() -> Draft7Validator:
    schemas = raw_schemas()
    registry: Registry[Any] = Registry().with_resources(
        (uri, DRAFT7.create_resource(s)) for uri, s in schemas.items())
    return Draft7Validator(schemas[TOP + "playbook.json"], registry=registry)


@cache
def strict_registry() -> tuple[dict[str, dict[str, Any]], Registry[Any]]:
    schemas = raw_schemas()
    for uri, schema in schemas.items():
        schema.pop("$schema")  # else jsonschema follows each file's declared draft-07
        if uri.endswith("/commands/command-data.json"):
            schema.pop("unevaluatedProperties")
    registry: Registry[Any] = Registry().with_resources(
        (uri, DRAFT202012.create_resource(s)) for uri, s in schemas.items())
    return schemas, registry


def strict(name: str) -> Draft202012Validator:
    schemas, registry = strict_registry()
    return Draft202012Validator(schemas[TOP + name], registry=registry)


def problems(playbook: dict[str, Any]) -> list[str]:
    """Every complaint of the schemas, as declared and strictly, each with its JSON path."""
    found = [f"draft-07 {e.json_path}: {e.message}" for e in declared().iter_errors(playbook)]
    found += [f"2020-12 {e.json_path}: {e.message}"
              for e in strict("playbook.json").iter_errors(playbook)]
    for key, step in playbook["workflow"].items():
        for i, command in enumerate(step.get("commands", [])):
            validator = strict(f"commands/{command['type']}.json")
            found += [f"2020-12 $.workflow.{key}.commands[{i}]: {e.message}"
                      for e in validator.iter_errors(command)]
    return found


def test_the_shipped_types_are_the_ones_tested() -> None:
    assert sorted(library().playbooks) == list(TYPES)


@pytest.mark.parametrize("type_id", TYPES)
def test_the_export_of_every_type_is_valid_cacao(type_id: str) -> None:
    playbook = export_cacao(library(), type_id)
    assert problems(playbook) == []


def test_the_strict_check_refuses_what_the_schemas_do_not_define() -> None:
    """The check can fail: an invented property, on the playbook, a step or a command."""
    playbook = export_cacao(library(), "technical-fault")
    action = next(k for k in playbook["workflow"] if k.startswith("action--"))
    for where in (playbook, playbook["workflow"][action],
                  playbook["workflow"][action]["commands"][0]):
        spoilt = copy.deepcopy(playbook)
        target = spoilt if where is playbook else (
            spoilt["workflow"][action] if where is playbook["workflow"][action]
            else spoilt["workflow"][action]["commands"][0])
        target["deadline_anchor"] = "T0"
        assert any("deadline_anchor" in p and p.startswith("2020-12") for p in problems(spoilt))


def test_the_export_is_reproducible() -> None:
    first = json.dumps(export_cacao(library(), "data-leak"), sort_keys=True)
    again = json.dumps(export_cacao(load_library(), "data-leak"), sort_keys=True)
    assert first == again


@pytest.mark.parametrize("type_id", TYPES)
def test_every_step_group_deadline_and_clause_is_in_the_export(type_id: str) -> None:
    book = library().playbooks[type_id]
    playbook = export_cacao(library(), type_id)
    actions = [s for s in playbook["workflow"].values() if s["type"] == "action"]
    agents = {k: a["name"] for k, a in playbook["agent_definitions"].items()}
    by_step: dict[str, list[dict[str, Any]]] = {}
    for action in actions:
        ext = next(iter(action["step_extensions"].values()))
        by_step.setdefault(ext["step"], []).append(action)
        assert action["commands"][0]["type"] == "manual"
        assert agents[action["agent"]]
    assert list(by_step) == [s.id for s in book.steps]
    for step in book.steps:
        branches = by_step[step.id]
        exts = [next(iter(a["step_extensions"].values())) for a in branches]
        assert sorted(lv for e in exts for lv in e["levels"]) == sorted(step.levels)
        for action, ext in zip(branches, exts, strict=True):
            assert [r["external_id"] for r in action["external_references"]] == list(
                step.source)
            assert ext["title"] == {"zh": step.title.zh, "en": step.title.en}
            assert action["name"] == step.title.en
            if step.deadline is None:
                assert "timeout" not in action
            else:
                for lv in ext["levels"]:
                    minutes = step.deadline.after[lv].delta.total_seconds() / 60
                    days = step.deadline.after[lv].working_days
                    assert action["timeout"] == (minutes + days * 1440) * 60_000
                assert ext["due"]["anchor"] == step.deadline.anchor


def walk(playbook: dict[str, Any], level: str) -> list[tuple[str, int | None]]:
    """The actions a CACAO executor runs with `__level__` set: (step id, timeout)."""
    from runbook.cacao.mapping import condition_levels

    workflow = playbook["workflow"]
    ran: list[tuple[str, int | None]] = []

    def run(key: str) -> None:
        while True:
            step = workflow[key]
            if step["type"] == "end":
                return
            if step["type"] == "if-condition":
                levels = condition_levels(step["condition"])
                assert levels is not None
                if level in levels:
                    run(step["on_true"])
            elif step["type"] == "action":
                ext = next(iter(step["step_extensions"].values()))
                ran.append((ext["step"], step.get("timeout")))
            key = step["on_completion"]

    run(playbook["workflow_start"])
    return ran


@pytest.mark.parametrize("level", ["I", "II", "III", "IV"])
def test_an_executor_given_the_level_runs_that_levels_steps_with_its_deadlines(
        level: str) -> None:
    book = library().playbooks["technical-fault"]
    expected = [(s.id, None if s.deadline is None else int(
        s.deadline.after[level].delta.total_seconds() * 1000
        + s.deadline.after[level].working_days * 86_400_000))
        for s in book.steps if s.applies_at(level)]
    assert walk(export_cacao(library(), "technical-fault"), level) == expected
