"""Problems found in playbook files, each placed at file:line:column."""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import Struct

from runbook.errors import RunbookError
from runbook.i18n import Lang, Msg
from runbook.safetext import line


class Problem(Struct, frozen=True):
    file: str
    line: int
    column: int
    message: Msg

    def render(self, lang: Lang = "en") -> str:
        """One line; the file name and any text quoted from the file shown, never obeyed."""
        return line(f"{self.file}:{self.line}:{self.column}: {self.message(lang)}")


class ProblemList(RunbookError):
    """One or more problems; nothing was loaded."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.column))
        first = self.problems[0].message if self.problems else Msg("no problems", "无问题")
        super().__init__(first)

    def text(self, lang: Lang) -> str:
        return "\n".join(p.render(lang) for p in self.problems)
