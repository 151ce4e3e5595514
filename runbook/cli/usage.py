"""Usage errors (a missing option, an unknown one, a value not among the choices, a missing
argument, an unknown command...) said in the language of the command.

click words its errors in English, through gettext: it ships no Chinese catalog, and gettext
takes its language from the process locale, not from `--lang`. So runbook words them here.
Each of click's errors carries what it is about (the parameter, the option or command named,
the close matches), and is worded from that; the few that click words as plain text (its
parser's, a number that is not one) are matched against click's own message templates, its
gettext msgids, which stay stable because translators depend on them. What no template
matches is shown as click says it. Option names, metavars and values are never translated.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, Final

import click

from runbook.i18n import LANGS, Lang, Msg


class BadValue(click.BadParameter):
    """A value click cannot take, said in both languages (the English shown by click)."""

    def __init__(self, message: Msg, ctx: click.Context | None = None,
                 param: click.Parameter | None = None) -> None:
        super().__init__(message.en, ctx=ctx, param=param)
        self.said = message


class Choice(click.Choice[str]):
    """click's choice of values, that names the closest one to a value it does not take.

    `any_case`: `ii` is taken as `II` (click's own `case_sensitive=False` would also show
    the choices folded to lower case in the help and the errors)."""

    def __init__(self, choices: Iterable[str], *, any_case: bool = False) -> None:
        super().__init__(choices)
        self.any_case = any_case

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        if self.any_case and isinstance(value, str):
            value = next((c for c in self.choices if c.casefold() == value.casefold()), value)
        try:
            return str(super().convert(value, param, ctx))
        except click.BadParameter:
            from runbook.suggest import closest

            choices = [str(c) for c in self.choices]
            listed = ", ".join(repr(c) for c in choices)
            raise BadValue(Msg(f"{value!r} is not one of {listed}.",
                               f"{value!r} 不是可选值（{listed}）之一。")
                           + _tight(closest(str(value), choices)), ctx, param) from None


def not_one_of(what: Msg, value: str, choices: Sequence[str]) -> Msg:
    """`'x' is not a WHAT; use one of: a, b, c. Did you mean 'a'?`, for values checked
    after parsing (those that come from the playbooks)."""
    from runbook.suggest import closest

    listed = ", ".join(choices)
    return Msg(f"{value!r} is not {what.en}; use one of: {listed}.",
               f"{value!r} 不是{what.zh}；可用：{listed}。") + _tight(closest(value, choices))


def _tight(suggestion: Msg) -> Msg:
    """Chinese sentences follow each other without a space."""
    return Msg(suggestion.en, suggestion.zh.lstrip())


def language_given(argv: Iterable[str]) -> Lang | None:
    """The `--lang` on the command line (the last one), read before click has: a usage
    error can come before click reaches the option."""
    found: Lang | None = None
    words = list(argv)
    for i, word in enumerate(words):
        value = words[i + 1] if word == "--lang" and i + 1 < len(words) else (
            word.split("=", 1)[1] if word.startswith("--lang=") else None)
        for lang in LANGS:
            if value == lang:
                found = lang
    return found


class _Shown(io.StringIO):
    """Where click writes its message, claiming a terminal so that click keeps the escape
    sequences in it (it strips some when not writing to one) for `safetext` to show."""

    def isatty(self) -> bool:
        return True


def shown_in_english(exc: click.ClickException) -> str:
    """click's own message (usage, hint, error), which quotes the arguments as typed:
    shown, never obeyed."""
    from runbook.safetext import block

    captured = _Shown()
    exc.show(file=captured)
    return block(captured.getvalue())


def show(error: click.ClickException, lang: Lang) -> None:
    """Print `error` as click would, in `lang`: the usage line, where to find help, why."""
    if lang == "en":
        click.echo(shown_in_english(error), err=True, nl=False)
        return
    ctx = getattr(error, "ctx", None)
    if isinstance(error, click.UsageError) and ctx is not None:
        usage = ctx.get_usage()
        if usage.startswith("Usage:"):
            usage = "用法：" + usage[len("Usage:"):].lstrip()
        click.echo(usage, err=True)
        help_names = ctx.command.get_help_option_names(ctx)
        if help_names:
            click.echo(f"查看帮助：{ctx.command_path} {max(help_names, key=len)}\n", err=True)
    from runbook.safetext import block  # what was typed is shown, never obeyed

    click.echo(block(f"错误：{chinese(error)}"), err=True)


def chinese(error: click.ClickException) -> str:
    """What went wrong, in Chinese."""
    if isinstance(error, click.MissingParameter):
        return _missing(error)
    if isinstance(error, click.NoSuchOption):
        return f"没有选项 {error.option_name!r}。" + _possibly(error.possibilities)
    if isinstance(error, click.exceptions.NoSuchCommand):
        return f"没有命令 {error.command_name!r}。" + _possibly(error.possibilities)
    if isinstance(error, click.BadParameter):
        detail = error.said.zh if isinstance(error, BadValue) else translated(error.message)
        hint = _hint(error)
        return f"{hint} 的取值无效：{detail}" if hint else f"取值无效：{detail}"
    return translated(error.format_message())


def _hint(error: click.BadParameter) -> str | None:
    hint = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint(error.ctx)
    if hint is None or isinstance(hint, str):
        return hint
    return " / ".join(repr(h) for h in hint)


def _missing(error: click.MissingParameter) -> str:
    kind = error.param_type
    if kind is None and error.param is not None:
        kind = error.param.param_type_name
    noun = "选项" if kind == "option" else "参数"
    hint = _hint(error)
    text = f"缺少{noun} {hint}。" if hint else f"缺少{noun}。"
    if error.param is not None and isinstance(error.param.type, click.Choice):
        text += "可选值：" + ", ".join(str(c) for c in error.param.type.choices) + "。"
    return text


def _possibly(possibilities: Sequence[str] | None) -> str:
    if not possibilities:
        return ""
    return "是否想写 " + ", ".join(repr(p) for p in sorted(possibilities)) + "？"


# click's messages worded as plain text, as it renders them (`{x}` stands for what it fills
# in, quotes included), and the same in Chinese.
TEMPLATES: Final[tuple[tuple[str, str], ...]] = (
    ("Option {name} requires an argument.", "选项 {name} 需要一个取值。"),
    ("Option {name} requires {n} arguments.", "选项 {name} 需要 {n} 个取值。"),
    ("Option {name} does not take a value.", "选项 {name} 不接受取值。"),
    ("Got unexpected extra argument ({args})",
     "多余的参数（{args}）；含空格的文本请加引号。"),
    ("Got unexpected extra arguments ({args})",
     "多余的参数（{args}）；含空格的文本请加引号。"),
    ("Missing command.", "缺少命令。"),
    ("{value} is not a valid integer.", "{value} 不是有效的整数。"),
    ("{value} is not a valid float.", "{value} 不是有效的数字。"),
    ("{value} is not in the range {range}.", "{value} 不在范围 {range} 内。"),
    ("File {name} is a directory.", "{name} 是文件夹，这里需要文件。"),
    ("Argument {name} takes {n} values.", "参数 {name} 需要 {n} 个取值。"),
)


def _pattern(template: str) -> re.Pattern[str]:
    pieces = re.split(r"\{(\w+)\}", template)
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)"
                    for i, p in enumerate(pieces))
    return re.compile(f"^{regex}$", re.DOTALL)


@cache
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Compiled when first needed: not on the start-up path of every command."""
    return tuple((_pattern(en), zh) for en, zh in TEMPLATES)


def translated(message: str) -> str:
    """One of click's plain-text messages in Chinese; as it is, if none matches."""
    for pattern, zh in _compiled():
        found = pattern.match(message)
        if found is not None:
            return zh.format(**found.groupdict())
    return message
