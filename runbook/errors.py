"""Errors as types, each with a message for a tired responder, in both languages."""

from __future__ import annotations

from runbook.i18n import Lang, Msg


class RunbookError(Exception):
    """Base of every error runbook explains instead of showing a traceback."""

    exit_code = 1

    def __init__(self, message: Msg) -> None:
        super().__init__(message.en)
        self.message = message

    def text(self, lang: Lang) -> str:
        return self.message(lang)


class UsageError(RunbookError):
    """The command was called wrongly (exit 2)."""

    exit_code = 2


class RefusedAction(RunbookError):
    """The action would break a rule of the plan or of the record (exit 1)."""


class NotFound(RunbookError):
    """An incident, step or file that does not exist."""


class StoreError(RunbookError):
    """The database cannot be used as asked; nothing was written."""
