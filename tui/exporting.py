"""The post-incident summary from the player: the store's export (`store.export`, the same
as `runbook export`), written where the responder said (by default the exports folder the
workspace names, never the folder runbook was started from), and never over a file that is
there unless the responder said to overwrite it. Beside the summary's formats, the report
drafts (`store.drafts`, the same as `runbook draft`), in Markdown: `draft-brief`, …"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Final

from runbook.drafts.kinds import KINDS
from runbook.errors import RunbookError
from runbook.events import Event
from runbook.i18n import Lang, Msg
from runbook.playbook import Library
from runbook.summary import ChainCheck
from store.drafts import draft_events, draft_file_name
from store.export import FORMATS as SUMMARY_FORMATS
from store.export import SummaryExists, export_events, warning_for
from store.export import file_name as summary_file_name
from store.paths import make_private_folder

__all__ = ["DRAFT_NAMES", "FORMATS", "SummaryExists", "export_summary", "file_name",
           "free_name", "warning_for"]

DRAFT_PREFIX: Final = "draft-"
DRAFT_FORMAT: Final = "md"  # the player writes drafts in Markdown; `runbook draft` has all
DRAFT_NAMES: Final = {
    DRAFT_PREFIX + k.id: Msg(f"draft — {k.title.en} (md)", f"草稿 — {k.title.zh}（md）")
    for k in KINDS}
FORMATS: Final = (*SUMMARY_FORMATS, *DRAFT_NAMES)


def _draft_kind(fmt: str) -> str | None:
    return fmt.removeprefix(DRAFT_PREFIX) if fmt in DRAFT_NAMES else None


def file_name(incident_id: str, fmt: str, number: int = 1) -> str:
    """The summary's name, or a draft's (`<incident-id>-draft-<kind>.md`)."""
    kind = _draft_kind(fmt)
    if kind is None:
        return summary_file_name(incident_id, fmt, number)
    return draft_file_name(incident_id, kind, DRAFT_FORMAT, number)


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
    kind = _draft_kind(fmt)
    if kind is not None:
        drafted = draft_events(events, library, now, kind, DRAFT_FORMAT, lang, target,
                               replace=replace)
        return target, drafted.chain
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
