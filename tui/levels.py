"""Warning levels in their colours: red, orange, yellow, blue (plan 3.2)."""

from __future__ import annotations

from string import Formatter

from rich.text import Text

from runbook.i18n import Lang, Msg
from runbook.playbook import Settings
from runbook.vocabulary import LEVEL_IDS, level
from runbook.wording import setting_words
from tui.texts import origin


def badge_style(level_id: str) -> str:
    return level(level_id).badge_style if level_id in LEVEL_IDS else "reverse"


def text_style(level_id: str) -> str:
    return level(level_id).text_style if level_id in LEVEL_IDS else "bold"


def badge(level_id: str, lang: Lang, *, long: bool = False) -> Text:
    """` II ` or ` 二级预警（橙色） ` on the level's colour."""
    if level_id not in LEVEL_IDS:
        return Text(f" {level_id} ", style="reverse")
    label = level(level_id).name(lang) if long else level(level_id).numeral(lang)
    return Text(f" {label} ", style=badge_style(level_id))


def name(level_id: str, lang: Lang) -> str:
    return level(level_id).name(lang) if level_id in LEVEL_IDS else level_id


def definition(level_id: str, settings: Settings) -> Msg:
    """The level's definition with the institution's thresholds filled in."""
    lv = level(level_id)
    try:
        return lv.definition.format(**setting_words(settings))
    except KeyError:
        return lv.definition


def detail(level_id: str, settings: Settings, lang: Lang) -> Text:
    """The level's definition, clause, and whether its thresholds are the defaults."""
    names = [name for _, name, _, _ in Formatter().parse(level(level_id).definition.en) if name]
    out = Text(definition(level_id, settings)(lang))
    out.append(f" §{clause(level_id)} · {origin(settings, names)(lang)}", style="dim")
    return out


def clause(level_id: str) -> str:
    return level(level_id).clause


def above(level_id: str) -> str | None:
    """The next more severe level (II → I), None at I."""
    i = LEVEL_IDS.index(level_id)
    return LEVEL_IDS[i - 1] if i > 0 else None
