"""`runbook sync` (runs until stopped: this site's store over NATS JetStream, `sync`) and
`runbook sites` (each site: last event seen, lag, link state; the chains held per site)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

import click

from runbook.cli.environment import NATS
from runbook.cli.invocation import Invocation
from runbook.cli.main import cli
from runbook.cli.options import db_option, echo_json, lang_option, site_option
from runbook.errors import UsageError
from runbook.i18n import Lang, Msg
from runbook.safetext import line

if TYPE_CHECKING:
    from store import EventStore
    from sync.status_file import LinkStatus

NO_SITE: Final = Msg(
    "runbook sync needs this site's name: --site NAME (or RUNBOOK_SITE), the same on every "
    "command recorded here.",
    "runbook sync 需要本站点名称：--site 名称（或 RUNBOOK_SITE），本站点的所有命令须使用同一名称。")
NO_SERVER: Final = Msg("runbook sync needs the NATS server: --nats URL (or RUNBOOK_NATS).",
                       "runbook sync 需要 NATS 服务器：--nats URL（或 RUNBOOK_NATS）。")
BAD_CREDS: Final = Msg(
    "Cannot use the NATS credentials file {path}: {why}. Give the .creds file the NATS "
    "operator issued for this site.",
    "无法使用 NATS 凭据文件 {path}：{why}。请给出 NATS 运营方为本站点签发的 .creds 文件。")
SYNCING: Final = Msg(
    "Syncing site {site} through {server}; the state is kept in {state}. Ctrl+C stops.",
    "站点 {site} 正通过 {server} 同步；状态保存在 {state}。按 Ctrl+C 停止。")
STOPPED: Final = Msg("Sync stopped; this site goes on recording locally.",
                     "同步已停止；本站点继续在本地记录。")
NEVER: Final = Msg(
    "No sync has run for this database ({state} is not there): start `runbook sync --nats "
    "URL --site NAME`.",
    "此数据库尚未运行过同步（没有 {state}）：请运行 `runbook sync --nats URL --site 名称`。")
NOT_OURS: Final = Msg(
    "{state} is not a state runbook sync wrote (edited, or another program's): it is ignored; "
    "the next runbook sync writes it anew.",
    "{state} 不是 runbook sync 写入的状态文件（被修改过，或属于其他程序）：已忽略；下次运行 "
    "runbook sync 时将重新写入。")
STALE: Final = Msg(
    "runbook sync is not running here: its last state was written at {at}.",
    "本机未在运行 runbook sync：其状态最后写于 {at}。")
WAS_STOPPED: Final = Msg(
    "runbook sync was stopped at {at}; this site records locally until it runs again. The "
    "link's last state:",
    "runbook sync 已于 {at} 停止；再次运行前本站点仅在本地记录。连接的最后状态：")
LINK_UP: Final = Msg("Site {site}: linked to {server} since {since}.",
                     "站点 {site}：自 {since} 起已连接 {server}。")
LINK_DOWN: Final = Msg("Site {site}: NOT linked ({failures} failed tries since {since}): {error}",
                       "站点 {site}：未连接（自 {since} 起失败 {failures} 次）：{error}")
PEER: Final = Msg("  site {peer}: last event seen: {seen}; {lag} of its events not here yet",
                  "  站点 {peer}：最后收到：{seen}；尚有 {lag} 条记录未到达")
NOTHING_SEEN: Final = Msg("none yet", "尚无")
SEEN: Final = Msg("#{seq} of incident {incident} at {at}", "事件 {incident} 第 {seq} 条，{at}")
REFUSED: Final = Msg("  refused: {subject}: {why}", "  已拒收：{subject}：{why}")
HELD: Final = Msg("Incident {incident}: site {site}, {count} record(s), head {head}",
                  "事件 {incident}：站点 {site}，{count} 条记录，链头 {head}")


@cli.command("sync")
@click.option("--nats", "server", default=None, metavar="URL",
              help="The NATS server (e.g. nats://hub.example:4222; default: RUNBOOK_NATS) / "
                   "NATS 服务器地址（默认：RUNBOOK_NATS）")
@click.option("--creds", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              default=None, help="A NATS credentials file / NATS 凭据文件")
@site_option
@db_option
@lang_option
@click.pass_obj
def sync_cmd(invocation: Invocation, server: str | None, creds: Path | None) -> int:
    """Share this site's incidents with the other sites through NATS JetStream, until
    stopped; recording goes on locally while the link is down, and catches up after.

    通过 NATS JetStream 与其他站点共享本站点的事件，直至停止；断线时照常本地记录，恢复后补齐。
    """
    server, site = _where(invocation, server)
    if creds is not None:
        _check_creds(creds)
    store = invocation.store(write=True, create=True)
    from sync import status_file

    state = status_file.path_for(invocation.workspace.db_path)
    invocation.say(SYNCING.format(site=site, server=_shown(server), state=str(state)))
    asyncio.run(_sync(invocation, store, server, site, creds, state))
    invocation.say(STOPPED)
    return 0


def _check_creds(creds: Path) -> None:
    """A regular file of at most a megabyte, or a clear refusal now: nats-py reads the file
    at every connection, and a named pipe there would stop sync for good."""
    from runbook.files import FileRefused, read_small

    try:
        read_small(creds)
    except FileRefused as refused:
        raise UsageError(BAD_CREDS.format(path=str(creds), why=refused.message)) from None


def _where(invocation: Invocation, server: str | None) -> tuple[str, str]:
    """The NATS server (--nats, else RUNBOOK_NATS), checked, and this site's name: sync
    needs both, whoever starts it."""
    server = server or invocation.env.nats
    if server is None:
        raise UsageError(NO_SERVER)
    check_server(server)
    site = invocation.workspace.site
    if not site:
        raise UsageError(NO_SITE)
    return server, site


async def _sync(invocation: Invocation, store: EventStore, server: str, site: str,
                creds: Path | None, state: Path) -> None:
    from sync import status_file
    from sync.link import Link
    from sync.runner import run
    from sync.store_local import StoreLocal

    clock = invocation.workspace.clock
    link = Link(clock)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)

    async def keep_state() -> None:
        while True:
            done = stop.is_set()  # the last state written says sync stopped
            status_file.write(state, status_file.encode(
                link.view(), site=site, server=_shown(server), written_at=clock.now(),
                stopped=done))
            if done:
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=1.0)

    keeper = asyncio.create_task(keep_state())
    try:
        await run(StoreLocal(store), server, site, str(creds) if creds else None,
                  link=link, stop=stop, clock=clock)
    finally:
        stop.set()
        await keeper


SCHEMES: Final = ("nats", "tls", "ws", "wss")
BAD_SERVER: Final = Msg(
    "--nats {server!r} is not a NATS server's address; give one like nats://hub.example:4222 "
    "(scheme nats, tls, ws or wss; a host; a port from 1 to 65535).",
    "--nats {server!r} 不是 NATS 服务器地址；请填写形如 nats://hub.example:4222 的地址"
    "（协议为 nats、tls、ws 或 wss；须有主机名；端口为 1 至 65535）。")


def check_server(server: str) -> None:
    """Refuse at once what is no server address: sync retries an unreachable server forever
    (the link may come back), which a typo never would."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(server)
        port = parts.port
    except ValueError:
        raise UsageError(BAD_SERVER.format(server=line(server))) from None
    if parts.scheme not in SCHEMES or not parts.hostname or (port is not None and port < 1) \
            or any(c.isspace() or not c.isprintable() for c in server):
        raise UsageError(BAD_SERVER.format(server=line(server)))


@contextlib.contextmanager
def sync_beside(invocation: Invocation, server: str, creds: Path | None) -> Iterator[None]:
    """`runbook sync` for this site as a child process while the player runs (`runbook open
    --nats URL`): its own process, so the player's one database thread stays the only one in
    the player, and a hung link never touches the screen. Its output goes to `<db>.sync.log`;
    it is stopped (SIGTERM, as Ctrl+C would) when the player quits."""
    import os
    import subprocess
    import sys

    server, site = _where(invocation, server)
    if creds is not None:  # refused now, not in the child's log while the player runs
        _check_creds(creds)
    db = invocation.workspace.db_path
    # The server by the environment, not the command line: a password in the URL would be
    # in the process list for every local user to read.
    args = [sys.executable, "-c", "from runbook.cli.entry import run; run()", "sync",
            "--db", str(db), "--site", site, "--lang", invocation.lang]
    if creds is not None:
        args += ["--creds", str(creds)]
    log = db.with_name(db.name + ".sync.log")
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)
    with os.fdopen(fd, "ab") as out:
        child = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                 env={**invocation.env.variables, NATS: server})
    try:
        yield
    finally:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


def _shown(server: str) -> str:
    """The server's address without any password in it (it goes to a file and a screen)."""
    scheme, sep, rest = server.partition("://")
    if sep and "@" in rest:
        return f"{scheme}://…@{rest.rsplit('@', 1)[1]}"
    return server


@cli.command("sites")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output / 机器可读输出")
@db_option
@lang_option
@click.pass_obj
def sites_cmd(invocation: Invocation, as_json: bool) -> int:
    """Each site: the last event seen from it, how far behind this site is, the link's
    state; and the chains held here per incident and site.

    各站点：最后收到的记录、本站点落后多少、连接状态；以及本机按事件和站点保存的记录链。
    """
    from sync import status_file

    state_path = status_file.path_for(invocation.workspace.db_path)
    state = status_file.read(state_path)
    now = invocation.workspace.clock.now()
    running = state is not None and status_file.running(state, now)
    heads = invocation.store().heads()
    held = [{"incident": incident, "site": origin or None, "count": head.count,
             "head": head.hash} for (incident, origin), head in sorted(heads.items())]
    if as_json:
        echo_json({"state": None if state is None else status_file.as_json(state),
                   "running": running, "held": held})
        return 0
    lang = invocation.lang
    if state is None and state_path.exists():
        invocation.say(NOT_OURS.format(state=str(state_path)))
    elif state is None:
        invocation.say(NEVER.format(state=str(state_path)))
    else:
        if state.stopped:
            invocation.say(WAS_STOPPED.format(at=_local(state.written_at)))
        elif not running:
            invocation.say(STALE.format(at=_local(state.written_at)))
        for text in _link_lines(state, lang):
            click.echo(line(text))
    for row in held:
        click.echo(line(HELD.format(incident=row["incident"], site=row["site"] or "—",
                                    count=row["count"], head=str(row["head"])[:16])(lang)))
    return 0


def _local(moment: datetime | None) -> str:
    """A time of the state file as this terminal's local time."""
    return "—" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _link_lines(state: LinkStatus, lang: Lang) -> list[str]:
    where = {"site": state.site, "server": state.server, "since": _local(state.since),
             "failures": state.failures,
             "error": "" if state.last_error is None else state.last_error(lang)}
    lines = [(LINK_UP if state.up else LINK_DOWN).format(**where)(lang)]
    for peer in state.peers:
        last = peer.last
        seen = (NOTHING_SEEN(lang) if last is None else SEEN.format(
            incident=last.incident, seq=last.seq, at=_local(last.at))(lang))
        lines.append(PEER.format(peer=peer.site, seen=seen, lag=peer.lag)(lang))
    for refused in state.refused:
        lines.append(REFUSED.format(subject=refused.subject, why=refused.message(lang))(lang))
    return lines
