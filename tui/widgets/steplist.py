"""The steps that apply now, grouped by group, with state and live countdown."""

from __future__ import annotations

from rich.text import Text

from runbook.i18n import Lang
from tui.cells import columns, fit
from tui.steprows import StepLine
from tui.widgets.rowlist import RowList

STATE_W = 11
DUE_W = 20
SHORT_W = 5
NARROW_DUE_W = 17


class StepList(RowList):
    def __init__(self, lang: Lang, *, id: str | None = None) -> None:
        super().__init__(lang, id=id)
        self.lines: list[StepLine] = []

    def line_count(self) -> int:
        return len(self.lines)

    def selectable(self, index: int) -> bool:
        return self.lines[index].selectable

    @property
    def selected_step(self) -> str | None:
        if 0 <= self.cursor < len(self.lines):
            return self.lines[self.cursor].step_id
        return None

    def show(self, lines: list[StepLine], *, select: str | None = None) -> None:
        """New lines; the cursor stays on the same step (or goes to `select`)."""
        keep = select or self.selected_step
        changed = lines != self.lines
        self.lines = lines
        index = self.index_of(keep) if keep else None
        if changed or index != self.cursor:
            self.lines_changed(cursor=index if index is not None else None)

    def index_of(self, step_id: str) -> int | None:
        for i, line in enumerate(self.lines):
            if line.kind == "step" and line.step_id == step_id:
                return i
        return None

    def render_row(self, index: int, width: int) -> Text:
        line = self.lines[index]
        if line.kind != "step":
            return fit(line.text or Text(""), width)
        assert line.marker is not None and line.title is not None
        state = line.state or Text("")
        due = line.due or Text("")
        if width >= 64:
            title_w = width - 2 - STATE_W - DUE_W - 3
            return columns([(line.marker, 1), (line.title, title_w), (state, STATE_W),
                            (due, DUE_W)])
        short = line.short_state or Text("")
        due = line.short_due or due
        title_w = max(8, width - 4 - SHORT_W - NARROW_DUE_W - 1)
        return columns([(line.marker, 1), (line.title, title_w), (short, SHORT_W),
                        (due, NARROW_DUE_W)])
