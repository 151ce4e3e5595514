"""The facts form's lines: the facts of the incident's type by section, each filled (its
latest value, and that it was corrected) or missing.

Pure: what the core's figures say (`runbook.summary.figures.fact_lines`), in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from msgspec import Struct
from rich.text import Text

from runbook import fact_values
from runbook.events import Event
from runbook.i18n import Lang, Msg
from runbook.incident import Incident
from runbook.playbook import Playbook
from runbook.summary.figures import fact_lines
from tui.cells import fit, safe

SECTION_TITLES: Final = {
    "times": Msg("Times", "时间"),
    "recovery": Msg("Recovery: key functions restored", "恢复：关键功能恢复时间"),
    "impact": Msg("Impact (5.1)", "影响（5.1）"),
    "classification": Msg("Classification", "监管分级"),
    "vendor": Msg("Vendor (4.3.4)", "外包服务提供商（4.3.4）"),
    "notice": Msg("Data-breach notice (PIPL Art 57)",
                  "个人信息泄露通知（个人信息保护法第五十七条）"),
}
MISSING: Final = Msg("missing", "缺失")
CORRECTED: Final = Msg(" (corrected)", "（已更正）")
LABEL_WIDTH: Final = 26


class FactRow(Struct, frozen=True):
    """A line of the form: a section's title (`fact` None) or a fact, in words."""

    fact: str | None
    text: Text


def fact_rows(incident: Incident, playbook: Playbook, events: Sequence[Event],
              lang: Lang) -> list[FactRow]:
    rows: list[FactRow] = []
    for section, lines in fact_lines(incident, playbook, events).items():
        title = SECTION_TITLES.get(section, Msg(section, section))(lang)
        rows.append(FactRow(None, Text(title, style="bold underline")))
        for line in lines:
            text = fit(line.fact.label(lang), LABEL_WIDTH)
            text.append(" ")
            found = line.value
            if found is None:
                text.append(MISSING(lang), style="dim italic")
            else:
                text.append_text(safe(fact_values.shown(line.fact, found.value, lang)))
                text.append(f"  #{found.seq}", style="dim")
                if found.corrected:
                    text.append(CORRECTED(lang), style="yellow")
            rows.append(FactRow(line.fact.id, text))
    return rows
