"""Two first-class languages: every user-facing string is written in both."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal

from msgspec import Struct

Lang = Literal["zh", "en"]
LANGS: Final[tuple[Lang, ...]] = ("zh", "en")


class Msg(Struct, frozen=True):
    """A message in both languages; `format` fills the same fields in each."""

    en: str
    zh: str

    def __call__(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def format(self, **fields: Any) -> Msg:
        """The same fields filled in each language; a field that is itself a Msg gives its
        English to the English and its Chinese to the Chinese."""
        def filled(lang: Lang) -> dict[str, Any]:
            return {k: v(lang) if isinstance(v, Msg) else v for k, v in fields.items()}

        return Msg(self.en.format(**filled("en")), self.zh.format(**filled("zh")))

    def __add__(self, other: Msg) -> Msg:
        return Msg(self.en + other.en, self.zh + other.zh)


def default_lang(environ: Mapping[str, str], locale_name: str = "") -> Lang:
    """zh when the first language setting of `environ` that is set (RUNBOOK_LANG, then the
    locale's LC_ALL, LC_MESSAGES, LANG), or failing them `locale_name` (the process locale),
    says Chinese; en otherwise. The caller reads the environment (`runbook.cli.environment`)."""
    for key in ("RUNBOOK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(key, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "zh" if locale_name.lower().startswith("zh") else "en"
