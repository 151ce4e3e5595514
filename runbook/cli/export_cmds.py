"""`runbook export` (the post-incident summary) and `runbook review` (across incidents)."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from datetime import date, datetime
from pathlib import Path

import click

from runbook.cli.context import Session, db_option, say
from runbook.cli.main import cli
from runbook.cli.options import (
    echo_json,
    json_option,
    lang_option,
    resolve_lang,
    settings_option,
)
from runbook.errors import RunbookError, UsageError
from runbook.events import Event
from runbook.i18n import Lang, Msg
from runbook.safetext import line
from runbook.summary import ChainCheck, build_summary, render_html, render_json, render_md
from runbook.summary.chain import chain_intact, intact
from runbook.summary.review import review
from runbook.summary.review_render import review_json, review_tables
from runbook.timewindow import outside_day

FORMATS = ("md", "html", "json")


@cli.command("export")
@click.argument("incident_id")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True,
              help="md for reports, html to print, json for tools / "
                   "md 用于报告，html 用于打印，json 供其他工具使用")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write to this file (default: standard output) / 输出文件")
@db_option
@settings_option
@lang_option
def export_cmd(incident_id: str, fmt: str, output: Path | None, db_path: Path | None,
               settings_path: Path | None, lang: str | None) -> int:
    """The post-incident summary of an incident, with its chain head to keep.

    导出事件处置总结报告（含哈希链链头，供另行保存）。
    """
    language = resolve_lang(lang)
    session = Session(db_path, settings_path)
    try:
        events = session.events(incident_id)
        if chain_intact(events):
            chain = intact(len(events))
        else:  # the store says where and how
            report = session.store(create=False).verify(incident_id)
            chain = ChainCheck(report.ok, report.message)
    finally:
        session.close()
    summary = build_summary(events, session.library, session.clock.now(), chain)
    if fmt == "json":
        text = render_json(summary)
    elif fmt == "html":
        text = render_html(summary, language)
    else:
        text = render_md(summary, language)
    if not chain.ok:  # the store's message names the incident: its id as stored
        warning = Msg("Warning: the record's hash chain is broken; the summary says where. ",
                      "警告：记录的哈希链已损坏；报告中注明了位置。") + chain.message
        say(warning, language)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_private(output, text)
        click.echo(line(str(output)))  # the name as typed, shown
    return 0


def write_private(path: Path, text: str) -> None:
    """Write all or nothing, readable by the owner only (the record is confidential).

    A device or a FIFO (`-o /dev/stdout`, `-o /dev/null`, a named pipe) is written into: the
    atomic rename would replace it with a regular file, and as root replace /dev's own."""
    try:
        mode = path.stat().st_mode  # follows a symlink to what it names
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise _cannot_write(path, error) from error
    if mode is not None and not stat.S_ISREG(mode):
        _write_into(path, text)
        return
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(Msg(f"There is no folder {folder}; create it or choose another -o.",
                             f"文件夹 {folder} 不存在；请先创建或另选 -o。"))
    try:
        handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise _cannot_write(path, error) from error


def _write_into(path: Path, text: str) -> None:
    """Into a device or FIFO, without waiting for ever for a reader that is not there."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as error:
        if error.errno == errno.ENXIO:  # a FIFO (or socket) that nothing reads
            raise RunbookError(Msg(
                f"Nothing is reading from {path}; start the program that reads it first, "
                "or choose a file for -o.",
                f"没有程序在读取 {path}；请先启动读取它的程序，或为 -o 另选一个文件。")) from error
        raise _cannot_write(path, error) from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            os.set_blocking(handle, True)
            stream.write(text)
    except OSError as error:
        raise _cannot_write(path, error) from error


def _cannot_write(path: Path, error: OSError) -> RunbookError:
    return RunbookError(Msg(f"Cannot write {path}: {error.strerror or error}.",
                            f"无法写入 {path}：{error.strerror or error}。"))


def parse_since(text: str | None, now: datetime) -> date | None:
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise UsageError(Msg(f"--since: {text!r} is not a date; write it as 2026-01-01.",
                             f"--since：{text!r} 不是有效日期；请写成 2026-01-01。")) from None
    problem = outside_day(day, now)
    if problem is not None:
        raise UsageError(Msg("--since: ", "--since：") + problem)
    return day


def all_incidents(session: Session) -> tuple[list[list[Event]], list[tuple[str, RunbookError]]]:
    """Every incident's events; those that cannot be read are set apart with the reason."""
    from store import DatabaseDamaged, DatabaseMissing

    found: list[list[Event]] = []
    unread: list[tuple[str, RunbookError]] = []
    try:
        store = session.store(create=False)
        for incident_id in store.incident_ids():
            try:
                found.append(store.events(incident_id))
            except DatabaseDamaged as error:
                unread.append((incident_id, error))
    except DatabaseMissing:
        pass
    return found, unread


@cli.command("review")
@click.option("--since", "since_text", default=None, metavar="DATE",
              help="Only incidents declared on or after this date / 仅统计该日期及之后的事件")
@json_option
@db_option
@settings_option
@lang_option
def review_cmd(since_text: str | None, as_json: bool, db_path: Path | None,
               settings_path: Path | None, lang: str | None) -> int:
    """Across incidents: how each step fared, real incidents and drills apart; drills a year.

    跨事件复盘：各步骤的适用和超时情况（真实事件与演练分开统计）；每年演练次数。
    """
    session = Session(db_path, settings_path)
    since = parse_since(since_text, session.clock.now())
    try:
        incidents, unread = all_incidents(session)
    finally:
        session.close()
    now: datetime = session.clock.now()
    result = review(incidents, session.library, now, since, unread)
    language: Lang = resolve_lang(lang)
    for _, why in result.unreadable:
        say(Msg("Left out of the review: ", "未计入复盘：") + why, language)
    if as_json:
        echo_json(review_json(result))
    else:
        from rich.console import Console

        console = Console()
        for table in review_tables(result, language):
            console.print(table)
    return 0
