"""`runbook keys show|export`: the login's signing key, as the allowed-signers file lists it."""

from __future__ import annotations

import click

from runbook.cli.environment import Environment
from runbook.cli.invocation import Invocation
from runbook.cli.keys import (
    KEYS_OFF,
    SIGNERS_FILE,
    KeyUnavailable,
    key_path,
    load_or_create,
    read_signers,
    signers_path,
)
from runbook.cli.main import cli
from runbook.cli.options import lang_option, playbooks_option
from runbook.cli.usage import Choice
from runbook.errors import RefusedAction
from runbook.i18n import Msg
from runbook.safetext import block

NO_KEY = Msg("No signing key can be used: {why}.", "无法使用签名密钥：{why}。")
SHOWN = Msg(
    en="Signing key of {login}: {path}\nIts line for the allowed-signers file "
    "({file} in the institution's playbooks folder):\n{vkey}\n{listed}",
    zh="{login} 的签名密钥：{path}\n它在允许签名人文件（机构播放手册文件夹中的 {file}）中的一行：\n"
    "{vkey}\n{listed}",
)
LISTED = Msg("It is listed in {path}.", "它已登记在 {path} 中。")
NOT_LISTED = Msg(
    "It is not listed in {path}: until an administrator adds the line, `runbook verify` "
    "refuses the checkpoints it signs.",
    "它未登记在 {path} 中：在管理员加入这一行之前，`runbook verify` 不认可它签名的检查点。")
NO_FILE = Msg(
    "There is no allowed-signers file in the playbooks folder: an administrator makes one, "
    "with a line per login, so that `runbook verify` checks the checkpoints.",
    "播放手册文件夹中没有允许签名人文件：请管理员建立该文件，每个登录名一行，"
    "以便 `runbook verify` 检查检查点。")


@cli.command("keys")
@click.argument("action", type=Choice(["show", "export"]))
@lang_option
@playbooks_option
@click.pass_obj
def keys_cmd(invocation: Invocation, action: str) -> int:
    """Show the login's signing key (made on first use), or export its allowed-signers line.

    显示当前登录名的签名密钥（首次使用时生成），或导出其允许签名人文件中的一行。
    """
    folder = invocation.env.keys_dir
    if folder is None:
        raise RefusedAction(KEYS_OFF)
    login = Environment.os_login()
    try:
        signer = load_or_create(folder, login)
    except KeyUnavailable as error:
        raise RefusedAction(NO_KEY.format(why=error.why)) from None
    vkey = signer.verifier.vkey
    if action == "export":
        click.echo(vkey)
        return 0
    signers = signers_path(None, invocation.playbooks_dir)
    if signers is None:
        listed = NO_FILE
    elif any(v == signer.verifier for v in read_signers(signers)):
        listed = LISTED.format(path=signers)
    else:
        listed = NOT_LISTED.format(path=signers)
    click.echo(block(SHOWN.format(login=login, path=key_path(folder, login), file=SIGNERS_FILE,
                                  vkey=vkey, listed=listed(invocation.lang))(invocation.lang)))
    return 0
