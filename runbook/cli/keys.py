"""Each login's signing key, and the institution's allowed signers.

The key is Ed25519, kept in the OpenSSH private-key format (so `ssh-keygen` reads it too) in
`<keys folder>/<login>.key`, created 0600 on first use; its name in signatures is the
operating-system login (`Environment.os_login`), never $USER. The allowed-signers file is
`allowed-signers` in the institution's playbooks folder (or `--signers FILE`): one verifier
key a line, as `runbook keys export` prints it, `#` starting a comment.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from runbook.checkpoints import Sealer
from runbook.errors import UsageError
from runbook.events import Event
from runbook.files import FileRefused, read_small
from runbook.i18n import Msg
from runbook.signed_note import NoteError, Signer, Verifier

SIGNERS_FILE: Final = "allowed-signers"

CANNOT_SIGN: Final = Msg(
    en="Note: runbook could not use a signing key ({why}); the events are recorded but not "
    "sealed by a signed checkpoint, and `runbook verify` will say so. Fix the key folder "
    "(RUNBOOK_KEYS, default: the user config folder's `keys`), then `runbook keys show`.",
    zh="提示：runbook 无法使用签名密钥（{why}）；记录已写入，但未由签名检查点封存，"
    "`runbook verify` 会指出这一点。请修复密钥文件夹（RUNBOOK_KEYS，默认为用户配置文件夹中的 "
    "`keys`），然后执行 `runbook keys show`。",
)
KEYS_OFF: Final = Msg(
    en="Signing is off (RUNBOOK_KEYS=off): no key is made or used.",
    zh="签名已关闭（RUNBOOK_KEYS=off）：不生成也不使用密钥。",
)
BAD_SIGNERS: Final = Msg(
    en="{path}, line {line}: {error}. Each line is one key as `runbook keys export` prints "
    "it (NAME+KEYHASH+KEY); # starts a comment.",
    zh="{path} 第 {line} 行：{error}。每行是 `runbook keys export` 输出的一个密钥"
    "（名称+密钥哈希+密钥）；# 开始注释。",
)
UNREADABLE_SIGNERS: Final = Msg(
    en="Cannot read the allowed-signers file {path}: {error}.",
    zh="无法读取允许签名人文件 {path}：{error}。",
)
KEY_BYTES: Final = 64_000  # an OpenSSH Ed25519 private key is about 400 bytes
BAD_KEY: Final = Msg(
    en="the key file {path} is not an Ed25519 key in the OpenSSH format",
    zh="密钥文件 {path} 不是 OpenSSH 格式的 Ed25519 密钥",
)


class KeyUnavailable(Exception):
    """No signing key can be read or made; `why` says what happened."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def key_path(folder: Path, login: str) -> Path:
    return folder / f"{login.replace('/', '_')}.key"


def load_or_create(folder: Path, login: str) -> Signer:
    """The login's key, made (0600, in a 0700 folder) if there is none. KeyUnavailable if it
    cannot be read or written."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        load_ssh_private_key,
    )

    path = key_path(folder, login)
    try:
        if path.exists() or path.is_symlink():
            # A regular file of a key's size only: a named pipe there would hang every write.
            key = load_ssh_private_key(read_small(path, KEY_BYTES), password=None)
            if not isinstance(key, Ed25519PrivateKey):
                raise KeyUnavailable(BAD_KEY.format(path=path).en)
            raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
            return Signer(login, raw)
        signer = Signer.generate(login)
        key = Ed25519PrivateKey.from_private_bytes(signer.private)
        text = key.private_bytes(Encoding.PEM, PrivateFormat.OpenSSH, NoEncryption())
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        # O_EXCL: two runbook processes making the key at once keep one (the loser reads it).
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return load_or_create(folder, login)
        with os.fdopen(fd, "wb") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        return signer
    except OSError as error:
        raise KeyUnavailable(f"{path}: {error.strerror or error}") from error
    except FileRefused as refused:  # not a regular file, far too big for a key, unreadable
        raise KeyUnavailable(f"{path}: {refused.message.en}") from None
    except ValueError as error:  # not a key cryptography can load
        raise KeyUnavailable(BAD_KEY.format(path=path).en) from error


def read_signers(path: Path) -> list[Verifier]:
    """The keys an allowed-signers file lists; UsageError naming the line that is wrong."""
    try:  # a regular file of at most a megabyte: a named pipe would hang verify
        text = read_small(path).decode("utf-8")
    except FileRefused as refused:
        raise UsageError(UNREADABLE_SIGNERS.format(path=path, error=refused.message)) from None
    except UnicodeDecodeError as error:
        raise UsageError(UNREADABLE_SIGNERS.format(path=path, error=error)) from error
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split("#", 1)[0].strip()
        if not content:
            continue
        try:
            found.append(Verifier.parse(content))
        except NoteError as error:
            raise UsageError(BAD_SIGNERS.format(path=path, line=number, error=error)) from None
    return found


def signers_path(given: Path | None, playbooks_dir: Path | None) -> Path | None:
    """`--signers FILE`, else the playbooks folder's allowed-signers file if there is one."""
    if given is not None:
        return given
    if playbooks_dir is not None and (playbooks_dir / SIGNERS_FILE).is_file():
        return playbooks_dir / SIGNERS_FILE
    return None


def make_sealer(signer: Signer, every: int) -> Sealer:
    """What the store asks after each append: a signed checkpoint when one is due."""
    from runbook.checkpoints import checkpoint, due

    def seal(history: Sequence[Event]) -> Event | None:
        return checkpoint(history[-1], signer) if due(history, every) else None

    return seal
