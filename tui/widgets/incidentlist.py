"""The incidents in the database: open ones first (level, age, overdue), then closed."""

from __future__ import annotations

from datetime import datetime
from typing import Final, Literal

from msgspec import Struct
from rich.text import Text

from runbook.i18n import Lang, Msg
from runbook.vocabulary import LEVEL_IDS, level
from tui import levels
from tui.cells import columns, fit, safe, spread
from tui.home_feed import IncidentSummary
from tui.keys import key_for
from tui.screen_times import local, span
from tui.texts import DRILL, OVERDUE_COUNT, STOOD_DOWN, counted
from tui.widgets.rowlist import RowList

OPEN: Final = Msg("Open incidents ({n})", "进行中的事件（{n}）")
CLOSED: Final = Msg("Closed ({n})", "已关闭（{n}）")
NONE: Final = Msg("No incidents yet. Press {key} to declare one.", "尚无事件。按 {key} 宣布事件。")
AGE: Final = Msg("{span} ago", "{span}前")
CLOSED_AT: Final = Msg("closed {at}", "关闭于 {at}")
BROKEN: Final = ("{n} incident cannot be read: run `runbook verify`",
                 "{n} incidents cannot be read: run `runbook verify`",
                 "{n} 个事件无法读取：请运行 `runbook verify`")


class HomeLine(Struct, frozen=True):
    kind: Literal["head", "row", "note"]
    text: str = ""
    row: IncidentSummary | None = None


def home_lines(rows: list[IncidentSummary], broken: list[str], lang: Lang) -> list[HomeLine]:
    open_rows = [r for r in rows if r.is_open]
    closed = [r for r in rows if not r.is_open]
    open_rows.sort(key=lambda r: (rank(r.level), r.declared_at))
    closed.sort(key=lambda r: r.closed_at or r.declared_at, reverse=True)
    lines: list[HomeLine] = []
    if not rows and not broken:
        lines.append(HomeLine("note", NONE.format(key=key_for("home.declare"))(lang)))
    if open_rows:
        lines.append(HomeLine("head", OPEN.format(n=len(open_rows))(lang)))
        lines.extend(HomeLine("row", row=r) for r in open_rows)
    if closed:
        lines.append(HomeLine("head", CLOSED.format(n=len(closed))(lang)))
        lines.extend(HomeLine("row", row=r) for r in closed)
    if broken:
        lines.append(HomeLine("note", counted(len(broken), *BROKEN)(lang)))
    return lines


def rank(level_id: str) -> int:
    return level(level_id).rank if level_id in LEVEL_IDS else 9


TITLE = 2  # the column that gives up its width when the others need it


class IncidentList(RowList):
    def __init__(self, lang: Lang, now: datetime, *, id: str | None = None) -> None:
        super().__init__(lang, id=id)
        self.now = now
        self.lines: list[HomeLine] = []
        self._cells: dict[int, list[Text]] = {}
        self._natural: list[int] | None = None  # each column's widest cell, as _cells

    def show(self, lines: list[HomeLine]) -> None:
        keep = self.selected_id
        self.lines = lines
        index = next((i for i, line in enumerate(lines)
                      if line.row is not None and line.row.id == keep), None)
        self.lines_changed(cursor=index)

    def tick(self, now: datetime) -> None:
        if now.replace(second=0, microsecond=0) != self.now.replace(second=0, microsecond=0):
            self.now = now
            self.lines_changed()
        self.now = now

    @property
    def selected_id(self) -> str | None:
        if 0 <= self.cursor < len(self.lines):
            row = self.lines[self.cursor].row
            return row.id if row is not None else None
        return None

    def line_count(self) -> int:
        return len(self.lines)

    def selectable(self, index: int) -> bool:
        return self.lines[index].kind == "row"

    def lines_changed(self, cursor: int | None = None) -> None:
        self._cells = {}
        self._natural = None
        super().lines_changed(cursor)

    def _row_cells(self, index: int) -> list[Text]:
        found = self._cells.get(index)
        if found is None:
            row = self.lines[index].row
            assert row is not None
            found = self._cells[index] = self.cells(row)
        return found

    def render_row(self, index: int, width: int) -> Text:
        line = self.lines[index]
        row = line.row
        if row is None:
            style = "bold underline" if line.kind == "head" else "italic"
            return fit(Text(line.text, style=style), width)
        if self._natural is None:  # once per set of lines, not once per row drawn
            rows = [i for i, other in enumerate(self.lines) if other.row is not None]
            self._natural = [max(self._row_cells(i)[c].cell_len for i in rows)
                             for c in range(7)]
        return columns(list(zip(self._row_cells(index), spread(self._natural, TITLE, width),
                                strict=True)))

    def cells(self, row: IncidentSummary) -> list[Text]:
        """Level, type, title, age (or when closed), overdue count, drill, id."""
        lang = self.lang
        late = Text("")
        if row.state == "stood_down":
            when = Text(STOOD_DOWN(lang), style="dim")
        elif row.is_open:
            when = Text(AGE.format(span=span(self.now - row.declared_at, lang))(lang))
        else:
            at = local(row.closed_at or row.declared_at, self.now)
            day = at.strftime("%H:%M") if at.date() == self.now.date() else at.strftime("%m-%d")
            when = Text(CLOSED_AT.format(at=day)(lang), style="dim")
        if row.is_open and row.overdue:
            late = Text(OVERDUE_COUNT.format(n=row.overdue)(lang), style="bold red")
        drill = Text(DRILL(lang), style="bold black on #ffd75f") if row.drill else Text("")
        return [levels.badge(row.level, lang),
                Text(row.type_title(lang), style="bold" if row.is_open else "dim"),
                safe(row.title or "—"), when, late, drill, Text(row.id, style="dim")]
