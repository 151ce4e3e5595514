"""Every key of the screen underneath, and what the marks and clocks mean."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Final

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from runbook.i18n import Lang, Msg
from runbook.linebreak import Paragraph
from runbook.vocabulary import LEVEL_IDS
from tui import levels
from tui.keys import Key, key_for, shown_key
from tui.texts import CLOSE_HINT

TITLE: Final = Msg("Help — keys", "帮助 — 按键")
MARKS: Final = Msg("Marks and clocks", "符号与时钟")
LEGEND: Final = (
    ("▶", Msg("the step due next: look here first", "下一个到期的步骤：先看这里")),
    ("!", Msg("overdue (its deadline shows “overdue +12m” in red)",
              "已超时（时限栏以红色显示“已超时 +12 分钟”）")),
    ("◆", Msg("a decision: pick an option and write why ({decide})",
              "决策步骤：选择选项并写明理由（{decide}）")),
    ("↻", Msg("a repeating step: due again after each completion",
              "重复性步骤：每次完成后再次到期")),
    ("↺", Msg("backdated: recorded later than it happened", "补记：记录时间晚于发生时间")),
    ("Td", Msg("the first on-site report; regulators' deadlines count from it",
               "首次现场报告时间；监管报送时限由此起算")),
    ("T0", Msg("the warning issued; group deadlines count from it, and a level change "
               "starts the new level's steps afresh",
               "发布预警时间；各小组时限由此起算，级别变更后新级别的步骤重新起算")),
)
COLOURS: Final = Msg("Levels", "预警级别")


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar = [Binding("escape,q,question_mark,f1,enter", "close", show=False)]

    def __init__(self, sections: Sequence[tuple[str, Sequence[Key]]], lang: Lang) -> None:
        super().__init__()
        self.sections = sections
        self.lang = lang

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as box:
            box.border_title = TITLE(self.lang)
            box.border_subtitle = CLOSE_HINT(self.lang)
            for title, keys in self.sections:
                yield Static(Text(title, style="bold underline"), classes="section")
                yield Static(self._table([(shown_key(k), k.help(self.lang)) for k in keys]))
            yield Static(Text(MARKS(self.lang), style="bold underline"), classes="section")
            yield Static(self._table([
                (mark, words.format(decide=key_for("step.decide"))(self.lang))
                for mark, words in LEGEND]))
            yield Static(Text(COLOURS(self.lang), style="bold underline"), classes="section")
            row = Text()
            for lv in LEVEL_IDS:
                row.append_text(levels.badge(lv, self.lang, long=True))
                row.append(" ")
            yield Static(row)

    def _table(self, rows: Sequence[tuple[str, str]]) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True, min_width=8)
        table.add_column()
        for key, words in rows:
            table.add_row(key, Paragraph(Text(words)))
        return table

    def action_close(self) -> None:
        self.dismiss(None)
