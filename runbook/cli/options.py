"""Options shared by several commands, declared once."""

from __future__ import annotations

import codecs
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from runbook.i18n import Lang, default_lang
from runbook.safetext import json_text

F = TypeVar("F", bound=Callable[..., Any])


def lang_option(func: F) -> F:
    return click.option(
        "--lang", type=click.Choice(["zh", "en"]), default=None,
        help="Language of the output (default: from the locale) / 输出语言（默认取自区域设置）",
    )(func)


def json_option(func: F) -> F:
    return click.option(
        "--json", "as_json", is_flag=True, help="Print JSON for scripts / 输出 JSON 供脚本使用",
    )(func)


def echo_json(data: Any) -> None:
    """`--json` output: what the record holds, with nothing in the bytes a terminal obeys.

    On a stream that is not UTF-8 every other character is a `\\uXXXX` escape too: the same
    data, in bytes any encoding can carry."""
    click.echo(json_text(json.dumps(data, ensure_ascii=not _utf8(sys.stdout), indent=2)))


def _utf8(stream: Any) -> bool:
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name == "utf-8"
    except LookupError:
        return False


def settings_option(func: F) -> F:
    return click.option(
        "--settings", "settings_path", type=click.Path(path_type=Path, dir_okay=False),
        envvar="RUNBOOK_SETTINGS", default=None, callback=_user_settings,
        help="The institution's settings overrides (YAML; default: settings.yaml in the user "
        "config folder, if there) / 机构设置覆盖文件（YAML；默认：用户配置目录中的 settings.yaml）",
    )(func)


def _user_settings(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """An institution's settings live in the user config folder unless named otherwise."""
    if value is not None:
        return value
    from platformdirs import user_config_path

    found = user_config_path("runbook") / "settings.yaml"
    return found if found.is_file() else None


def resolve_lang(lang: str | None) -> Lang:
    if lang in ("zh", "en"):
        return lang  # type: ignore[return-value]
    return default_lang()
