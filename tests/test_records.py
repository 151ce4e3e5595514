"""The product's record types are msgspec Structs, never dataclasses: Python 3.11 builds each
dataclass by compiling its methods when the module is imported (40 ms of every launch of
the player for the 74 on its way to the first frame), where a Struct is made in C. Textual's
own dataclasses (its Binding) are used as Textual gives them."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("runbook", "store", "tui", "sync")


def dataclass_definitions(root: Path = ROOT, packages: tuple[str, ...] = PACKAGES) -> list[str]:
    found = []
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ClassDef) and any(
                        "dataclass" in ast.unparse(d) for d in node.decorator_list):
                    found.append(f"{path.relative_to(root)}:{node.lineno} {node.name}")
    return found


def test_no_product_module_defines_a_dataclass() -> None:
    assert dataclass_definitions() == [], "define these as msgspec.Struct (frozen=True)"


def test_the_check_finds_a_dataclass(tmp_path: Path) -> None:
    (tmp_path / "runbook").mkdir()
    (tmp_path / "runbook" / "late.py").write_text(
        "from dataclasses import dataclass\n\n@dataclass(frozen=True)\nclass Late:\n    x: int\n")
    assert dataclass_definitions(tmp_path, ("runbook",)) == ["runbook/late.py:4 Late"]
