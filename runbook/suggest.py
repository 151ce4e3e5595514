"""'Did you mean …?' for a tired responder's typos, in both languages."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from runbook.i18n import Msg


def closest(word: str, choices: Iterable[str]) -> Msg:
    """'did you mean' in both languages, or nothing."""
    matches = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    if not matches:
        return Msg("", "")
    listed = ", ".join(repr(m) for m in matches)
    return Msg(f" Did you mean {listed}?", f" 是否想写 {listed}？")


def one_of(choices: Iterable[str]) -> str:
    return ", ".join(choices)
