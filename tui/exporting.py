"""The post-incident summary from the player: the same text as `runbook export`, to a file."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Final

from runbook.cli.export_cmds import FORMATS, write_private
from runbook.errors import RunbookError
from runbook.events import Event
from runbook.i18n import Lang, Msg
from runbook.playbook import Library
from runbook.summary import ChainCheck, build_summary, render_html, render_json, render_md
from runbook.summary.chain import chain_intact, intact

__all__ = ["FORMATS", "export_summary", "summary_text"]

BROKEN: Final = Msg("The hash chain of the record does not verify; run `runbook verify` "
                    "for where and how.",
                    "记录的哈希链校验未通过；请运行 `runbook verify` 查看位置和原因。")


def summary_text(events: Sequence[Event], library: Library, now: datetime, fmt: str,
                 lang: Lang) -> tuple[str, ChainCheck]:
    """The summary as `runbook export --format fmt` renders it, and the chain check."""
    chain = intact(len(events)) if chain_intact(events) else ChainCheck(False, BROKEN)
    summary = build_summary(events, library, now, chain)
    if fmt == "json":
        return render_json(summary), chain
    if fmt == "html":
        return render_html(summary, lang), chain
    return render_md(summary, lang), chain


def export_summary(events: Sequence[Event], library: Library, now: datetime, fmt: str,
                   lang: Lang, folder: Path | None = None) -> tuple[Path, ChainCheck]:
    """Write `<incident-id>-summary.<fmt>` in `folder` (the current one), owner-only, whole."""
    text, chain = summary_text(events, library, now, fmt, lang)
    incident_id = events[0].incident_id
    if folder is None:
        try:
            folder = Path.cwd()
        except OSError as error:
            raise RunbookError(Msg(f"The current folder cannot be used: {error.strerror}.",
                                   f"无法使用当前文件夹：{error.strerror}。")) from error
    path = folder / f"{incident_id}-summary.{fmt}"
    write_private(path, text)
    return path, chain
