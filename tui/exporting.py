"""The post-incident summary from the player: the store's export (`store.export`, the same
as `runbook export`), written where the responder said (by default the exports folder the
workspace names, never the folder runbook was started from), and never over a file that is
there unless the responder said to overwrite it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from runbook.errors import RunbookError
from runbook.events import Event
from runbook.i18n import Lang, Msg
from runbook.playbook import Library
from runbook.summary import ChainCheck
from store.export import FORMATS, SummaryExists, export_events, file_name, warning_for
from store.paths import make_private_folder

__all__ = ["FORMATS", "SummaryExists", "export_summary", "file_name", "free_name",
           "warning_for"]


def export_summary(events: Sequence[Event], library: Library, now: datetime, fmt: str,
                   lang: Lang, folder: Path, *, name: str | None = None,
                   replace: bool = False) -> tuple[Path, ChainCheck]:
    """Write `name` (default `<incident-id>-summary.<fmt>`) in `folder`, made owner-only if
    it is missing, the file owner-only and whole; the full path and the chain's verdict
    (when broken, `warning_for(chain)` says where, as `runbook export` does). A file that is
    there already is kept (SummaryExists) unless `replace`."""
    folder = absolute(folder)
    try:
        make_private_folder(folder)
    except OSError as error:
        raise RunbookError(Msg(f"Cannot create the folder {folder}: {error.strerror or error}.",
                               f"无法创建文件夹 {folder}：{error.strerror or error}。")) from error
    target = folder / (name or file_name(events[0].incident_id, fmt))
    exported = export_events(events, library, now, fmt, lang, target, replace=replace)
    return target, exported.chain


def absolute(folder: Path) -> Path:
    """`folder` with `~` for the home, relative to the current folder if relative."""
    folder = folder.expanduser()
    if folder.is_absolute():
        return folder
    try:
        return Path.cwd() / folder
    except OSError as error:
        raise RunbookError(Msg(
            f"The current folder cannot be used ({error.strerror}): give a full path.",
            f"无法使用当前文件夹（{error.strerror}）：请填写完整路径。")) from error


def free_name(path: Path, incident_id: str, fmt: str) -> Path:
    """The first `<incident-id>-summary-N.<fmt>` beside `path` that nothing has."""
    number = 2
    while True:
        candidate = path.with_name(file_name(incident_id, fmt, number))
        if not candidate.exists():
            return candidate
        number += 1
