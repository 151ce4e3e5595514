"""Playbook texts that quote settings: `{regulator_brief_report}` in a step's text is the
parameter's value in words, in each language (`30 min`, `30 分钟`), filled in when the
library is loaded, so every screen, export and checklist shows the institution's values."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from runbook.durations import Duration
from runbook.i18n import Lang, Msg
from runbook.playbook import Parameter
from runbook.wording import count_text, duration_text

# `{name}`: a parameter name in braces; any other brace is text.
REFERENCE: Final = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def references(text: Msg) -> list[str]:
    """The parameter names a text quotes, in order, each once."""
    found = REFERENCE.findall(text.en) + REFERENCE.findall(text.zh)
    return list(dict.fromkeys(found))


def value_words(param: Parameter, lang: Lang) -> str:
    value = param.value
    return duration_text(value, lang) if isinstance(value, Duration) else count_text(value, lang)


def filled(text: Msg, params: Mapping[str, Parameter]) -> Msg:
    """`text` with every known reference replaced by its value (unknown ones are left as
    written: the validator reports them)."""
    if "{" not in text.en and "{" not in text.zh:
        return text

    def fill(lang: Lang, source: str) -> str:
        def one(match: re.Match[str]) -> str:
            param = params.get(match.group(1))
            return value_words(param, lang) if param is not None else match.group(0)

        return REFERENCE.sub(one, source)

    return Msg(fill("en", text.en), fill("zh", text.zh))
