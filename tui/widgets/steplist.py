"""The steps that apply now, grouped by group, with state and live countdown."""

from __future__ import annotations

from msgspec import Struct
from rich.text import Text

from runbook.i18n import Lang, Msg
from tui.cells import columns, fit
from tui.search import step_matches
from tui.steprows import StepLine
from tui.widgets.search import Searchable

FULL_TITLE = 30  # cells of title the full columns must leave, or the short ones are used
MIN_TITLE = 8
WORDS_MOST = 12  # what a clock waits for ("after Verify…") is given at most this, or the time's


class Widths(Struct, frozen=True):
    """The columns of the step lines, each as wide as its widest cell."""

    title: int = 0
    state: int = 0
    due: int = 0
    short_state: int = 0
    short_due: int = 0
    due_words: int = 0  # the widest deadline column that names what a clock waits for
    short_due_words: int = 0


def widths(lines: list[StepLine]) -> Widths:
    """Each column as wide as its widest cell; a deadline column that names what a clock
    waits for (not a time) is not made wider than the times' for it, beyond `WORDS_MOST`."""
    steps = [line for line in lines if line.kind == "step"]

    def widest(cells: list[Text | None]) -> int:
        return max((cell.cell_len for cell in cells if cell is not None), default=0)

    def due(pick: str) -> tuple[int, int]:
        times = widest([getattr(line, pick) for line in steps if not line.due_words])
        words = widest([getattr(line, pick) for line in steps if line.due_words])
        return max(times, min(words, WORDS_MOST)), words

    (full, words), (short, short_words) = due("due"), due("short_due")
    return Widths(widest([line.title for line in steps]), widest([line.state for line in steps]),
                  full, widest([line.short_state for line in steps]), short, words, short_words)


class StepList(Searchable):
    HINT = Msg("Search the steps (title, id, state): Enter finds, Esc cancels",
               "搜索步骤（标题、编号、状态）：Enter 查找，Esc 取消")

    def __init__(self, lang: Lang, *, id: str | None = None) -> None:
        super().__init__(lang, id=id)
        self.lines: list[StepLine] = []
        self.widths = Widths()

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
        self.widths = widths(lines)
        index = self.index_of(keep) if keep else None
        if changed or index != self.cursor:
            self.lines_changed(cursor=index if index is not None else None)

    async def match_from(self, start: int, direction: int) -> int | None:
        return next((i for i in self.positions(start, direction)
                     if step_matches(self.lines[i], self.search_text)), None)

    def index_of(self, step_id: str) -> int | None:
        for i, line in enumerate(self.lines):
            if line.kind == "step" and line.step_id == step_id:
                return i
        return None

    def render_row(self, index: int, width: int) -> Text:
        """Marker, title, state, deadline: the state and deadline as wide as the widest of
        the list, so that no deadline is cut; the title has the rest, up to the widest
        title. Where that leaves too little of the titles, the short state and deadline
        (no clock time)."""
        line = self.lines[index]
        if line.kind != "step":
            return fit(line.text or Text(""), width)
        assert line.marker is not None and line.title is not None
        w = self.widths
        title_w = min(width - 4 - w.state - w.due, w.title + 2)  # the deadline near its title
        if title_w >= min(w.title, FULL_TITLE):
            due_w = max(w.due, min(w.due_words, width - 4 - w.state - title_w))
            return columns([(line.marker, 1), (line.title, title_w),
                            (line.state or Text(""), w.state), (line.due or Text(""), due_w)])
        title_w = max(MIN_TITLE, width - 4 - w.short_state - w.short_due)
        due_w = max(w.short_due, min(w.short_due_words, width - 4 - w.short_state - title_w))
        return columns([(line.marker, 1), (line.title, title_w),
                        (line.short_state or Text(""), w.short_state),
                        (line.short_due or line.due or Text(""), due_w)])
