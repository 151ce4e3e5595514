"""Check a document's shape with pydantic and say what is wrong where, in both languages."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from runbook.i18n import Msg
from runbook.problems import Problem, ProblemList
from runbook.yamlread import Document, Path

M = TypeVar("M", bound=BaseModel)

_KIND_NAMES = {
    "string_type": ("text", "文本"),
    "int_type": ("a whole number", "整数"),
    "bool_type": ("true or false", "true 或 false"),
    "list_type": ("a list", "列表"),
    "dict_type": ("a mapping (key: value)", "映射（键: 值）"),
    "model_type": ("a mapping (key: value)", "映射（键: 值）"),
}


def shape(doc: Document, model: type[M]) -> M:
    """The document as `model`, or ProblemList naming each mistake at its place."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise ProblemList(_problems(doc, exc)) from None


def _problems(doc: Document, exc: ValidationError) -> list[Problem]:
    chosen: dict[Path, Any] = {}
    wanted: dict[Path, list[str]] = {}
    for error in exc.errors():
        path = _data_path(error["loc"], doc.data)
        if _is_type_error(error):
            wanted.setdefault(path, []).append(str(error["type"]))
        # A union reports each alternative: a broken constraint of the alternative that
        # matches the data's type says more than "must be text" from one that does not.
        if path not in chosen or (_is_type_error(chosen[path]) and not _is_type_error(error)):
            chosen[path] = error
    problems = []
    for path, error in chosen.items():
        kinds = list(dict.fromkeys(wanted.get(path, [])))
        if _is_type_error(error) and len(kinds) > 1:
            problems.append(_either(doc, path, kinds))
        else:
            problems.append(_problem(doc, path, error))
    return problems


def _either(doc: Document, path: Path, kinds: list[str]) -> Problem:
    """Every alternative of a union failed on type: name them all."""
    name = str(path[-1]) if path else "document"
    en = " or ".join(_KIND_NAMES[k][0] for k in kinds)
    zh = "或".join(_KIND_NAMES[k][1] for k in kinds)
    got = _type_name(_value_at(doc.data, path))
    return doc.problem(path, Msg(
        f"{name!r} must be {en}, not {got[0]}.", f"{name!r} 必须是{zh}，而不是{got[1]}。"))


def _is_type_error(error: Any) -> bool:
    return str(error["type"]) in _KIND_NAMES


def _data_path(loc: tuple[Any, ...], data: Any) -> Path:
    """pydantic adds union member names to `loc`; keep only the parts that exist in the data."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if _has(node, part):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not _is_member_name(part):
            path.append(part)  # a missing key: placed at its mapping
            break
    return tuple(path)


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _is_member_name(part: str) -> bool:
    # A union member is named by its type (`str`, `list[str]`) or its model class (`DoneBySpec`);
    # the documents' own keys are lower case.
    return part in {"str", "int", "list[str]", "dict[str,str]", "constrained-str"} or "[" in part \
        or part[:1].isupper()


def _problem(doc: Document, path: Path, error: Any) -> Problem:
    kind = error["type"]
    name = str(path[-1]) if path else "document"
    if kind == "missing":
        return doc.problem(path[:-1], Msg(
            f"missing field {name!r}; add it.", f"缺少字段 {name!r}；请补上。"))
    if kind == "extra_forbidden":
        return doc.problem(path, Msg(
            f"unknown key {name!r}; check its spelling against playbooks/README.md.",
            f"未知的键 {name!r}；请对照 playbooks/README.md 检查拼写。"), key=True)
    if path in doc.yaml11_bools:
        return doc.problem(path, Msg(
            f"{name!r}: YAML reads this word as true/false; put it in quotes, e.g. 'no'.",
            f"{name!r}：YAML 把这个词读作 true/false；请加引号，例如 'no'。"))
    needed = int((error.get("ctx") or {}).get("min_length", 1))
    if kind == "too_short" and needed > 1 and _value_at(doc.data, path):
        return doc.problem(path, Msg(
            f"{name!r} needs at least {needed} entries.", f"{name!r} 至少需要 {needed} 项。"))
    if kind in ("too_short", "string_too_short"):
        return doc.problem(path, Msg(
            f"{name!r} is empty; give it a value.", f"{name!r} 为空；请填写。"))
    if kind in _KIND_NAMES:
        en, zh = _KIND_NAMES[kind]
        got = _type_name(_value_at(doc.data, path))
        return doc.problem(path, Msg(
            f"{name!r} must be {en}, not {got[0]}.", f"{name!r} 必须是{zh}，而不是{got[1]}。"))
    return doc.problem(path, Msg(f"{name!r}: {error['msg']}", f"{name!r}：{error['msg']}"))


def _value_at(data: Any, path: Path) -> Any:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _type_name(value: Any) -> tuple[str, str]:
    if isinstance(value, bool):
        return ("true/false", "布尔值")
    if isinstance(value, int | float):
        return ("a number", "数字")
    if isinstance(value, str):
        return ("text", "文本")
    if isinstance(value, list):
        return ("a list", "列表")
    if isinstance(value, dict):
        return ("a mapping", "映射")
    return ("nothing", "空值")
