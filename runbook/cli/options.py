"""Options shared by several commands, declared once.

The workspace options (--db, --lang, --settings, --by, --group) are declared on the group
and again on each subcommand that uses them, so they work before the subcommand or after it;
either way their value goes to the command's `Invocation` (the subcommand's, parsed later,
wins), and the environment fills in what is not given (`runbook.cli.environment`).
"""

from __future__ import annotations

import codecs
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from runbook.cli.invocation import Invocation
from runbook.cli.usage import Choice
from runbook.errors import RunbookError, UsageError
from runbook.i18n import LANGS, Msg
from runbook.vocabulary import GROUP_IDS

if TYPE_CHECKING:  # the group imports this module: what only commands need comes later
    from runbook.actions import When
    from runbook.clock import Clock
    from runbook.table_fit import Fitted

F = TypeVar("F", bound=Callable[..., Any])


def _given(name: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    def remember(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        if value is not None:
            ctx.ensure_object(Invocation).give(name, value)

    return remember


def db_option(func: F) -> F:
    return click.option(
        "--db", "db_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
        expose_value=False, callback=_given("db_path"),
        help="The database file (default: RUNBOOK_DB or the user data folder) / 数据库文件",
    )(func)


def lang_option(func: F) -> F:
    return click.option(
        "--lang", type=Choice(LANGS), default=None, expose_value=False,
        callback=_given("lang"),
        help="Language of the output (default: RUNBOOK_LANG or the locale) / "
             "输出语言（默认取自 RUNBOOK_LANG 或区域设置）",
    )(func)


def playbooks_option(func: F) -> F:
    return click.option(
        "--playbooks", "playbooks_dir", type=click.Path(path_type=Path, file_okay=False),
        default=None, expose_value=False, callback=_given("playbooks_dir"),
        help="The institution's playbooks folder (default: RUNBOOK_PLAYBOOKS, or playbooks in "
        "the user config folder, if there; else the shipped ones) / 机构剧本文件夹（默认："
        "RUNBOOK_PLAYBOOKS 或用户配置目录中的 playbooks；否则用内置剧本）",
    )(func)


def roster_option(func: F) -> F:
    return click.option(
        "--roster", "roster_path", type=click.Path(path_type=Path, dir_okay=False),
        default=None, expose_value=False, callback=_given("roster_path"),
        help="A roster file in place of the playbooks folder's roster.yaml (default: "
        "RUNBOOK_ROSTER) / 名册文件，替代剧本文件夹中的 roster.yaml（默认：RUNBOOK_ROSTER）",
    )(func)


def settings_option(func: F) -> F:
    """The library's options: --settings, --playbooks and --roster (every command that
    reads the playbooks takes them)."""
    return roster_option(playbooks_option(click.option(
        "--settings", "settings_path", type=click.Path(path_type=Path, dir_okay=False),
        default=None, expose_value=False, callback=_given("settings_path"),
        help="The institution's settings overrides (YAML; default: RUNBOOK_SETTINGS, or "
        "settings.yaml in the user config folder, if there) / 机构设置覆盖文件（YAML；默认："
        "RUNBOOK_SETTINGS 或用户配置目录中的 settings.yaml）",
    )(func)))


GROUP_HELP = "The group you act for (default: RUNBOOK_GROUP) / 你所代表的小组"


def site_option(func: F) -> F:
    return click.option(
        "--site", "site", default=None, expose_value=False, callback=_given("site"),
        help="The site you record as, when several sites share incidents (default: "
             "RUNBOOK_SITE; none: a single site) / 你所在的站点（多站点共享事件时；默认："
             "RUNBOOK_SITE；不设即单站点）",
    )(func)


def actor_options(group_help: str = GROUP_HELP) -> Callable[[F], F]:
    """--by, --group, --override and --site: who acts, for which group, by what right,
    and where."""

    def decorate(func: F) -> F:
        func = click.option(
            "--group", "by_group", type=Choice(GROUP_IDS), default=None,
            expose_value=False, callback=_given("by_group"), help=group_help,
        )(func)
        func = click.option(
            "--override", "override", default=None, metavar="REASON", expose_value=False,
            callback=_given("override"),
            help="Emergency override: record what your roles may not, with the reason (the "
                 "summary lists it) / 紧急越权：记录你的角色无权进行的操作，"
                 "须写明原因（总结报告会列出）",
        )(func)
        func = site_option(func)
        return click.option(
            "--by", "by_name", default=None, expose_value=False, callback=_given("by_name"),
            help="Your name (default: RUNBOOK_USER or the login name) / "
                 "你的姓名（默认：RUNBOOK_USER 或登录名）",
        )(func)

    return decorate


def workspace_options(group_help: str = GROUP_HELP) -> Callable[[F], F]:
    """All six: on the group, and on the commands that record or open the player."""

    def decorate(func: F) -> F:
        return actor_options(group_help)(db_option(settings_option(lang_option(func))))

    return decorate


class PlaybookTypeOption(click.Option):
    """An option naming an incident type: its help lists the types the playbooks define,
    read when the help is shown (the library is not loaded to parse a command line)."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        written = self.help
        self.help = f"{written}: {', '.join(playbook_types(ctx))}"
        try:
            return super().get_help_record(ctx)
        finally:
            self.help = written


def playbook_types(ctx: click.Context) -> list[str]:
    """The incident types of the library the command would use (none if it cannot be read:
    the command itself will say why)."""
    from runbook.errors import RunbookError

    try:
        return list(ctx.ensure_object(Invocation).workspace.library.playbooks)
    except RunbookError:
        return []


def check_type(type_id: str, invocation: Invocation, option: str) -> None:
    """An incident type the playbooks define, or a usage error naming the closest."""
    from runbook.cli.usage import not_one_of

    known = list(invocation.workspace.library.playbooks)
    if type_id not in known:
        raise UsageError(Msg(f"{option}: ", f"{option}：") + not_one_of(
            Msg("an incident type", "事件类型"), type_id, known))


def json_option(func: F) -> F:
    return click.option(
        "--json", "as_json", is_flag=True, help="Print JSON for scripts / 输出 JSON 供脚本使用",
    )(func)


def wide_option(func: F) -> F:
    return click.option(
        "--wide", is_flag=True,
        help="Every column, however narrow the terminal (lines may wrap) / "
             "显示所有列（不论终端宽度，行可能折行）")(func)


def print_tables(tables: Callable[[int], list[Fitted]]) -> int:
    """Tables for people, fitted to the terminal's width (wider, whole, if they must be)."""
    from rich.console import Console

    from runbook.table_fit import printed_width

    width = Console().width
    fitted = tables(width)
    console = Console(width=printed_width(fitted, width))
    for one in fitted:
        console.print(one.table)
    return 0


def echo_json(data: Any) -> None:
    """`--json` output: what the record holds, with nothing in the bytes a terminal obeys.

    On a stream that is not UTF-8 every other character is a `\\uXXXX` escape too: the same
    data, in bytes any encoding can carry."""
    from runbook.safetext import json_text

    click.echo(json_text(json.dumps(data, ensure_ascii=not _utf8(sys.stdout), indent=2)))


def _utf8(stream: Any) -> bool:
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name == "utf-8"
    except LookupError:
        return False


def at_options(func: F) -> F:
    func = click.option(
        "--at-reason", default=None,
        help="Why the time is given after the fact / 补记时间的原因",
    )(func)
    return click.option(
        "--at", "at_text", default=None,
        help="When it happened, ISO 8601 (default: now) / 发生时间（ISO 8601，默认：现在）",
    )(func)


def parse_at(text: str | None, clock: Clock, option: str = "--at") -> datetime | None:
    """The time an option gives, inside the window every record keeps to (`timewindow`)."""
    from runbook.timewindow import outside

    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(Msg(
            f"{option}: {text!r} is not a time; write ISO 8601, e.g. 2026-11-26T03:15 or "
            "2026-11-26T03:15+08:00.",
            f"{option}：{text!r} 不是有效时间；请用 ISO 8601 格式，例如 2026-11-26T03:15 或 "
            "2026-11-26T03:15+08:00。")) from None
    now = clock.now()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=now.tzinfo)
    problem = outside(moment, now)
    if problem is not None:
        raise UsageError(Msg(f"{option}: ", f"{option}：") + problem)
    return moment


def parse_when(at_text: str | None, at_reason: str | None, clock: Clock) -> When:
    """`--at`, and `--at-reason` when that time is before now: a backdated entry says why."""
    from runbook.actions import When
    from runbook.timewindow import is_backdated

    if at_text is None and at_reason is not None:
        raise UsageError(Msg(
            "--at-reason says why a time is given after the fact: give that time with --at "
            "(ISO 8601, e.g. --at 2026-11-26T03:15), or leave --at-reason out to record it "
            "as happening now.",
            "--at-reason 用于说明补记原因：请同时用 --at 给出发生时间（ISO 8601，例如 "
            "--at 2026-11-26T03:15），或去掉 --at-reason，按现在的时间记录。"))
    at = parse_at(at_text, clock)
    if at is not None and is_backdated(at, clock.now()) and not (at_reason or "").strip():
        raise UsageError(Msg(
            f"--at {at_text} is before now: add --at-reason saying why it is recorded after "
            "the fact (the record marks it as backdated).",
            f"--at {at_text} 早于现在：请用 --at-reason 说明补记原因（记录会将其标为补记）。"))
    return When(at, at_reason)


def emitted(text: str, output: Path | None) -> int:
    """What a command wrote: the text on standard output, or the file's name as typed."""
    from runbook.safetext import line

    if output is None:
        click.echo(text, nl=False)
    else:
        click.echo(line(str(output)))
    return 0


@contextmanager
def kept_unless_replaced() -> Iterator[None]:
    """An -o file that is there is kept: say so, and how to replace it (--replace)."""
    from store.export import SummaryExists

    try:
        yield
    except SummaryExists as there:
        raise RunbookError(there.message + Msg(" Choose another -o, or add --replace.",
                                               "请另选 -o，或加 --replace 覆盖。")) from None
