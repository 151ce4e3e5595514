"""Warning levels in their colours: red, orange, yellow, blue (plan 3.2)."""

from __future__ import annotations

from typing import Final

from rich.text import Text

from runbook.i18n import Lang, Msg
from runbook.playbook import Settings
from runbook.vocabulary import LEVEL_IDS, level

# (badge style, text style) by the colour the vocabulary gives each level.
_STYLES: Final[dict[str, tuple[str, str]]] = {
    "red": ("bold #ffffff on #c62828", "bold #ff5f5f"),
    "orange": ("bold #000000 on #ff8f00", "bold #ffaf00"),
    "yellow": ("bold #000000 on #fdd835", "bold #ffff5f"),
    "blue": ("bold #ffffff on #1565c0", "bold #5fafff"),
}
SHORT: Final[dict[str, Msg]] = {
    "I": Msg("I", "一级"),
    "II": Msg("II", "二级"),
    "III": Msg("III", "三级"),
    "IV": Msg("IV", "四级"),
}


def badge_style(level_id: str) -> str:
    return _STYLES.get(_colour(level_id), ("reverse", "bold"))[0]


def text_style(level_id: str) -> str:
    return _STYLES.get(_colour(level_id), ("reverse", "bold"))[1]


def _colour(level_id: str) -> str:
    return level(level_id).colour if level_id in LEVEL_IDS else ""


def badge(level_id: str, lang: Lang, *, long: bool = False) -> Text:
    """` II ` or ` 二级预警（橙色） ` on the level's colour."""
    if level_id not in LEVEL_IDS:
        return Text(f" {level_id} ", style="reverse")
    label = level(level_id).name(lang) if long else SHORT[level_id](lang)
    return Text(f" {label} ", style=badge_style(level_id))


def name(level_id: str, lang: Lang) -> str:
    return level(level_id).name(lang) if level_id in LEVEL_IDS else level_id


def definition(level_id: str, settings: Settings) -> Msg:
    """The level's definition with the institution's thresholds filled in."""
    lv = level(level_id)
    texts = settings.texts()
    try:
        return lv.definition.format(**texts)
    except KeyError:
        return lv.definition


def clause(level_id: str) -> str:
    return level(level_id).clause


def above(level_id: str) -> str | None:
    """The next more severe level (II → I), None at I."""
    i = LEVEL_IDS.index(level_id)
    return LEVEL_IDS[i - 1] if i > 0 else None
