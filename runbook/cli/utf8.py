"""Text given to runbook that is not UTF-8: found, and shown without harm."""

from __future__ import annotations

from runbook.i18n import Msg

NOT_UTF8 = Msg(
    "{what} is not valid UTF-8 text: {shown}. Type it again, or set the terminal to UTF-8 "
    "(e.g. LANG=zh_CN.UTF-8); nothing was recorded.",
    "{what_zh}不是有效的 UTF-8 文本：{shown}。请重新输入，或将终端设为 UTF-8"
    "（例如 LANG=zh_CN.UTF-8）；未记录任何内容。")


def is_text(value: str) -> bool:
    """Whether `value` came from UTF-8 bytes (undecodable bytes arrive as lone surrogates,
    PEP 383)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def escaped(value: str) -> str:
    """The value with its undecodable bytes as \\xNN, safe to print anywhere."""
    try:
        raw = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return ascii(value)
    text = raw.decode("utf-8", "backslashreplace")
    return "'" + "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text) + "'"
