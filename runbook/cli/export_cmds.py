"""`runbook export` (the post-incident summary), `runbook draft` (report drafts) and
`runbook review` (across incidents)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from runbook.cli.invocation import Invocation
from runbook.cli.main import cli
from runbook.cli.options import (
    db_option,
    echo_json,
    emitted,
    json_option,
    kept_unless_replaced,
    lang_option,
    print_tables,
    settings_option,
    wide_option,
)
from runbook.cli.usage import Choice
from runbook.drafts.kinds import DRAFT_FORMATS, KIND_IDS
from runbook.errors import RunbookError, UsageError
from runbook.events import Event
from runbook.i18n import Msg
from runbook.summary import FORMATS
from runbook.summary.review import review
from runbook.summary.review_render import review_fitted, review_json
from runbook.timewindow import outside_day


@cli.command("export")
@click.argument("incident_id")
@click.option("--format", "fmt", type=Choice(FORMATS), default="md", show_default=True,
              help="md for reports, html to print, json for tools / "
                   "md 用于报告，html 用于打印，json 供其他工具使用")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write to this file (default: standard output) / 输出文件")
@db_option
@settings_option
@lang_option
@click.pass_obj
def export_cmd(invocation: Invocation, incident_id: str, fmt: str,
               output: Path | None) -> int:
    """The post-incident summary of an incident, with its chain head to keep.

    导出事件处置总结报告（含哈希链链头，供另行保存）。
    """
    from store.export import export_incident

    workspace = invocation.workspace
    incident_id = invocation.incident_id(incident_id)
    exported = export_incident(invocation.store(), incident_id, workspace.library,
                               workspace.clock.now(), fmt, workspace.lang, output)
    if exported.warning is not None:  # say() shows it as stored text
        invocation.say(exported.warning)
    return emitted(exported.text, output)


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


def all_incidents(invocation: Invocation,
                  ) -> tuple[list[list[Event]], list[tuple[str, RunbookError]]]:
    """Every incident's events; those that cannot be read are set apart with the reason (a
    record that cannot be read leaves its incident out, not the others; a missing database
    has no incidents, and is said so)."""
    from store import DatabaseMissing, UnreadableRecord

    found: list[list[Event]] = []
    unread: list[tuple[str, RunbookError]] = []
    try:
        store = invocation.store()
    except DatabaseMissing as missing:
        invocation.say(missing.message)
        return found, unread
    for incident_id in store.incident_ids():
        try:
            found.append(store.events(incident_id))
        except UnreadableRecord as error:
            unread.append((incident_id, error))
    return found, unread


@cli.command("review")
@click.option("--since", "since_text", default=None, metavar="DATE",
              help="Only incidents declared on or after this date / 仅统计该日期及之后的事件")
@json_option
@wide_option
@db_option
@settings_option
@lang_option
@click.pass_obj
def review_cmd(invocation: Invocation, since_text: str | None, as_json: bool,
               wide: bool) -> int:
    """Across incidents: how each step fared, real incidents and drills apart; drills a year.

    跨事件复盘：各步骤的适用和超时情况（真实事件与演练分开统计）；每年演练次数。
    """
    workspace = invocation.workspace
    since = parse_since(since_text, workspace.clock.now())
    incidents, unread = all_incidents(invocation)
    now: datetime = workspace.clock.now()
    result = review(incidents, workspace.library, now, since, unread, invocation.version)
    language = workspace.lang
    for _, why in result.unreadable:
        invocation.say(Msg("Left out of the review: ", "未计入复盘：") + why)
    if as_json:
        echo_json(review_json(result))
        return 0
    return print_tables(lambda width: review_fitted(result, language, width, wide))


@cli.command("draft")
@click.argument("incident_id")
@click.option("--kind", "kind", type=Choice(KIND_IDS), required=True,
              help="brief 事发简要报告, full 事件报告, progress 续报, final 总结报告, "
                   "cac 网信部门, pipl-notice 个人信息泄露告知, customer-notice 客户告知")
@click.option("--format", "fmt", type=Choice(DRAFT_FORMATS), default="md", show_default=True,
              help="md, plain text or html / md、纯文本或 html")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write to this file, never over one that is there unless --replace / "
                   "输出文件（已存在时不覆盖，除非 --replace）")
@click.option("--replace", is_flag=True, default=False,
              help="Replace the -o file if it is there / 覆盖已存在的 -o 文件")
@db_option
@settings_option
@lang_option
@click.pass_obj
def draft_cmd(invocation: Invocation, incident_id: str, kind: str, fmt: str,
              output: Path | None, replace: bool) -> int:
    """A report draft from the record as it stands, every line traced to its events.

    根据当前事件记录起草报告（每行注明来源事件编号）。
    """
    from store.drafts import draft_incident

    workspace = invocation.workspace
    incident_id = invocation.incident_id(incident_id)
    with kept_unless_replaced():
        drafted = draft_incident(invocation.store(), incident_id, workspace.library,
                                 workspace.clock.now(), kind, fmt, workspace.lang, output,
                                 replace=replace)
    if drafted.warning is not None:
        invocation.say(drafted.warning)
    return emitted(drafted.text, output)
