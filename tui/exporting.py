"""The post-incident summary from the player: the store's export (`store.export`, the same
as `runbook export`), written to the folder the player was started from."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from runbook.errors import RunbookError
from runbook.events import Event
from runbook.i18n import Lang, Msg
from runbook.playbook import Library
from runbook.summary import ChainCheck
from store.export import FORMATS, export_events, file_name, warning_for

__all__ = ["FORMATS", "export_summary", "warning_for"]


def export_summary(events: Sequence[Event], library: Library, now: datetime, fmt: str,
                   lang: Lang, folder: Path | None = None) -> tuple[Path, ChainCheck]:
    """Write `<incident-id>-summary.<fmt>` in `folder` (the current one), owner-only, whole;
    the path and the chain's verdict (when broken, `warning_for(chain)`
    says where, as `runbook export` does)."""
    if folder is None:
        try:
            folder = Path.cwd()
        except OSError as error:
            raise RunbookError(Msg(f"The current folder cannot be used: {error.strerror}.",
                                   f"无法使用当前文件夹：{error.strerror}。")) from error
    target = folder / file_name(events[0].incident_id, fmt)
    exported = export_events(events, library, now, fmt, lang, target)
    return target, exported.chain
