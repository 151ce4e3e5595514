"""Read YAML into plain data, safely, keeping where every value stands in the file.

Only the safe loader's composer is used, and nodes are turned into data here rather than by
PyYAML's constructors: no tag can run code, aliases (and so alias bombs) are refused, and
duplicate keys are errors instead of silently keeping the last value.
"""

from __future__ import annotations

from typing import Any, Final

import yaml
import yaml.reader
from msgspec import Struct, field
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from runbook.files import MAX_BYTES, too_big
from runbook.i18n import Msg
from runbook.problems import Problem, ProblemList

MAX_NODES: Final = 200_000
MAX_DEPTH: Final = 64  # a playbook nests about 8 deep; Python's recursion would end near 300

Path = tuple[str | int, ...]

_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS: Final = {
    _STD + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
_YAML11_WORDS: Final = {"yes", "no", "on", "off", "y", "n"}


class Document(Struct):
    """Plain data from one file, with the 1-based line and column of every value and key."""

    file: str
    data: Any
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    yaml11_bools: set[Path] = field(default_factory=set)

    def where(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The mark of `path`, or of its nearest ancestor that exists."""
        probe = path
        while True:
            if key and probe in self.key_marks:
                return self.key_marks[probe]
            if probe in self.marks:
                return self.marks[probe]
            if not probe:
                return (1, 1)
            probe = probe[:-1]

    def problem(self, path: Path, message: Msg, *, key: bool = False) -> Problem:
        line, column = self.where(path, key=key)
        return Problem(self.file, line, column, message)


class _RefuseAliases:
    """Composer hook refusing anchors, aliases and nesting deeper than any playbook needs."""

    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise _AliasFound(event.start_mark)
        if self.depth >= MAX_DEPTH:
            raise _TooDeep(event.start_mark)
        self.depth += 1
        try:
            node: Node | None = super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self.depth -= 1
        return node


try:  # libyaml scans ~6x faster; its composer hands events to ours, which is Python.
    from yaml._yaml import CParser

    class _Loader(_RefuseAliases, Composer, CParser, Resolver):
        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            Composer.__init__(self)
            Resolver.__init__(self)

    _LIBYAML = True
except ImportError:  # pragma: no cover - PyYAML built without libyaml

    class _Loader(_RefuseAliases, yaml.SafeLoader):  # type: ignore[no-redef]
        pass

    _LIBYAML = False


class _AliasFound(Exception):
    def __init__(self, mark: Any) -> None:
        super().__init__("alias")
        self.mark = mark


class _TooDeep(_AliasFound):
    pass


def _at(file: str, mark: Any, message: Msg) -> Problem:
    return Problem(file, mark.line + 1, mark.column + 1, message)


def read_yaml(file: str, raw: bytes) -> Document:
    """Parse one YAML document; raise ProblemList with every reason it cannot be read."""
    if len(raw) > MAX_BYTES:
        raise too_big(file, f"{len(raw):,}", f"{len(raw):,}")
    text = _decode(file, raw)
    if not text.strip():
        raise ProblemList([Problem(file, 1, 1, Msg(
            "the file is empty; write a playbook, a module, the settings or the plan.",
            "文件为空；应包含剧本、共享模块、设置或预案条款。"))])
    root = _compose(file, text)
    doc = Document(file, None)
    doc.data = _to_data(doc, root, (), [0])
    return doc


def _decode(file: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        start_of_line = before.rfind(b"\n") + 1
        column = len(raw[start_of_line: exc.start].decode("utf-8", "replace")) + 1
        raise ProblemList([Problem(file, line, column, Msg(
            f"byte 0x{raw[exc.start]:02x} is not UTF-8 text; save the file as UTF-8.",
            f"字节 0x{raw[exc.start]:02x} 不是 UTF-8 文本；请以 UTF-8 保存文件。"))]) from None


def _compose(file: str, text: str) -> Node:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except _TooDeep as found:
        raise ProblemList([_at(file, found.mark, Msg(
            f"values nested more than {MAX_DEPTH} deep; a playbook never needs this.",
            f"嵌套超过 {MAX_DEPTH} 层；剧本不需要这样的结构。"))]) from None
    except _AliasFound as found:
        raise ProblemList([_at(file, found.mark, Msg(
            "anchors and aliases (&name, *name, <<) are not allowed; write the value out.",
            "不允许使用锚点和别名（&name、*name、<<）；请直接写出该值。"))]) from None
    except yaml.reader.ReaderError as exc:
        raise ProblemList([_reader_problem(file, text, exc)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ProblemList([_syntax_problem(file, text, mark, exc)]) from None
    except yaml.YAMLError as exc:
        raise ProblemList([Problem(file, 1, 1, Msg(
            f"not valid YAML: {exc}", f"不是有效的 YAML：{exc}"))]) from None
    if node is None:
        raise ProblemList([Problem(file, 1, 1, Msg(
            "the file holds no YAML document.", "文件中没有 YAML 文档。"))])
    return node


def _reader_problem(file: str, text: str, exc: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not accept, placed where it stands."""
    # libyaml counts bytes of UTF-8; PyYAML's own reader counts characters.
    raw = text.encode("utf-8")
    before = raw[: exc.position].decode("utf-8", "replace") if _LIBYAML else text[: exc.position]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
    return Problem(file, line, column, Msg(
        f"the control character U+{code:04X} is not allowed in YAML; delete it "
        "(often pasted from a terminal).",
        f"YAML 中不允许控制字符 U+{code:04X}；请删除（常见于从终端粘贴）。"))


def _syntax_problem(file: str, text: str, mark: Any, exc: yaml.MarkedYAMLError) -> Problem:
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    what = (exc.problem or exc.context or "syntax error").strip()
    hint_en, hint_zh = "", ""
    lines = text.splitlines()
    at = lines[line - 1][column - 1: column] if 0 < line <= len(lines) else ""
    if at == "\t" or "\t" in what:
        what = "a tab character where YAML expects spaces"
        hint_en, hint_zh = " Indent with spaces, not tabs.", " 请用空格缩进，不要用制表符。"
    context = exc.context_mark
    if context is not None and exc.context and (context.line + 1, context.column + 1) != (
            line, column):
        where = f"{context.line + 1}:{context.column + 1}"
        hint_en += f" ({exc.context.strip()} at {where})"
        hint_zh += f"（{exc.context.strip()}，位置 {where}）"
    return Problem(file, line, column, Msg(
        f"YAML syntax error: {what}.{hint_en}", f"YAML 语法错误：{what}。{hint_zh}"))


def _to_data(doc: Document, node: Node, path: Path, count: list[int]) -> Any:
    count[0] += 1
    if count[0] > MAX_NODES:
        raise ProblemList([doc_problem(doc, node, Msg(
            f"more than {MAX_NODES:,} values; this is not a playbook.",
            f"超过 {MAX_NODES:,} 个值；这不是剧本文件。"))])
    doc.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if node.tag not in _ALLOWED_TAGS:
        raise ProblemList([doc_problem(doc, node, Msg(
            f"the tag {node.tag!r} is not allowed; playbooks hold plain text, numbers, "
            "lists and mappings only.",
            f"不允许使用标签 {node.tag!r}；剧本只能包含文本、数字、列表和映射。"))])
    if isinstance(node, MappingNode):
        return _mapping(doc, node, path, count)
    if isinstance(node, SequenceNode):
        return [_to_data(doc, item, (*path, i), count) for i, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    return _scalar(doc, node, path)


def _mapping(doc: Document, node: MappingNode, path: Path, count: list[int]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.tag == _STD + "merge":
            raise ProblemList([doc_problem(doc, key_node, Msg(
                "merge keys (<<) are not allowed; write the values out.",
                "不允许使用合并键（<<）；请直接写出各值。"))])
        if not isinstance(key_node, ScalarNode):
            raise ProblemList([doc_problem(doc, key_node, Msg(
                "a key must be plain text.", "键必须是纯文本。"))])
        key = str(key_node.value)
        if key in result:
            raise ProblemList([doc_problem(doc, key_node, Msg(
                f"the key {key!r} appears twice in this mapping; keep one.",
                f"键 {key!r} 在同一映射中出现两次；请只保留一个。"))])
        child = (*path, key)
        doc.key_marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        result[key] = _to_data(doc, value_node, child, count)
    return result


def _scalar(doc: Document, node: ScalarNode, path: Path) -> Any:
    value: str = node.value
    tag = node.tag[len(_STD):]
    if tag == "bool":
        if value.lower() in _YAML11_WORDS:
            doc.yaml11_bools.add(path)
        return value.lower() in ("true", "yes", "on", "y")
    if tag == "null":
        return None
    if tag == "int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag == "float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    return value


def doc_problem(doc: Document, node: Node, message: Msg) -> Problem:
    return Problem(doc.file, node.start_mark.line + 1, node.start_mark.column + 1, message)
