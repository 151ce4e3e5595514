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


UNREADABLE = Msg(
    en="Incident {incident}, record {seq}: runbook cannot interpret it ({reason}). The record "
    "is kept as it is: `runbook timeline {incident}` shows it; the other incidents are not "
    "affected.",
    zh="事件 {incident} 第 {seq} 条记录：runbook 无法解读（{reason}）。记录原样保留："
    "`runbook timeline {incident}` 可查看；其他事件不受影响。",
)


class UnreadableEvent(RunbookError):
    """A stored event the core cannot interpret (see `runbook.readable`): its incident
    cannot be played or summarised, but its record is kept and shown as it is."""

    def __init__(self, incident_id: str, seq: int, reason: Msg) -> None:
        super().__init__(UNREADABLE.format(incident=incident_id, seq=seq, reason=reason))
        self.incident_id = incident_id
        self.seq = seq
        self.reason = reason
