"""Two first-class languages: every user-facing string is written in both."""

from __future__ import annotations

import locale
import os
from dataclasses import dataclass
from typing import Any, Final, Literal

Lang = Literal["zh", "en"]
LANGS: Final[tuple[Lang, ...]] = ("zh", "en")


@dataclass(frozen=True)
class Msg:
    """A message in both languages; `format` fills the same fields in each."""

    en: str
    zh: str

    def __call__(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def format(self, **fields: Any) -> Msg:
        return Msg(self.en.format(**fields), self.zh.format(**fields))

    def __add__(self, other: Msg) -> Msg:
        return Msg(self.en + other.en, self.zh + other.zh)


def default_lang(environ: dict[str, str] | None = None) -> Lang:
    """zh when the locale says Chinese, en otherwise."""
    env = os.environ if environ is None else environ
    for key in ("RUNBOOK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(key, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        name = locale.getlocale()[0] or ""
    except ValueError:
        name = ""
    return "zh" if name.lower().startswith("zh") else "en"
