"""Searching a list: `/` asks for the words on a line at the bottom of the screen, the
cursor goes to the next line that has them, `n`/`N` to the next/previous, Esc ends it.

`Searchable` is a `RowList` that says which of its lines match (`match_from`); `SearchBar`
is the one line the words are typed on (a screen with searchable lists yields one). While
no search is on, `n`, `N` and Esc are not the list's: the screen's keys (note, back) act.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Final

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Input

from runbook.i18n import Msg
from runbook.safetext import line
from tui.keys import LIST_KEYS, SEARCH_KEYS, Key, bindings
from tui.widgets.rowlist import RowList

NO_MATCH: Final = Msg("No match for “{words}”.", "未找到“{words}”。")
WHILE_SEARCHING: Final = frozenset({"next_match", "previous_match", "end_search"})
LONGEST: Final = 200  # characters of a search


class Searchable(RowList):
    KEYS: ClassVar[tuple[Key, ...]] = LIST_KEYS + SEARCH_KEYS
    BINDINGS: ClassVar = bindings(SEARCH_KEYS)
    HINT: ClassVar[Msg] = Msg("Search: Enter finds, Esc cancels", "搜索：Enter 查找，Esc 取消")

    search_text = ""  # the search on, if any
    MATCH_STYLE: ClassVar[Style] = Style(reverse=True, bold=True)

    # --- for subclasses -------------------------------------------------------------------

    async def match_from(self, start: int, direction: int) -> int | None:
        """The first line after `start` (before it, `direction` -1), round the end, that
        the search matches; None if none does."""
        raise NotImplementedError

    def mark(self, text: Text) -> None:
        """While a search is on, what it matches stands out in every row shown."""
        if self.search_text:
            from tui.search import match_spans  # the search's own folding, once one is on

            for start, end in match_spans(text.plain, self.search_text):
                text.stylize(self.MATCH_STYLE, start, end)

    # --- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return bool(self.search_text) if action in WHILE_SEARCHING else True

    def action_search(self) -> None:
        bars = self.screen.query(SearchBar)
        if bars:
            bars.first().ask(self)

    def search(self, words: str) -> None:
        """Search for `words` (nothing: end the search) from the cursor on."""
        self.search_text = words.strip()
        self._cache.clear()  # the rows' marks change
        self.refresh()
        self.screen.refresh_bindings()
        if self.search_text:
            self.action_next_match()

    def action_next_match(self) -> None:
        self.run_worker(self._find(+1), group="search", exclusive=True)

    def action_previous_match(self) -> None:
        self.run_worker(self._find(-1), group="search", exclusive=True)

    def action_end_search(self) -> None:
        self.search("")

    async def _find(self, direction: int) -> None:
        found = await self.match_from(self.cursor, direction)
        if found is None:
            self.notify(line(NO_MATCH.format(words=self.search_text)(self.lang)),
                        severity="warning", timeout=4, markup=False)
        else:
            self.set_cursor(found)

    def positions(self, start: int, direction: int) -> Iterator[int]:
        """The lines to look at from `start` on, round the end, `start` itself last."""
        count = self.line_count()
        for k in range(1, count + 1):
            yield (start + direction * k) % count


class SearchBar(Input):
    """The line the search is typed on, shown while it is asked for."""

    BINDINGS: ClassVar = [Binding("escape", "cancel", show=False)]
    DEFAULT_CSS = """
    SearchBar {
        display: none;
        height: 1;
        border: none;
        padding: 0 1;
        &.-asking { display: block; }
        &:focus { border: none; }
    }
    """

    def __init__(self) -> None:
        super().__init__(max_length=LONGEST, select_on_focus=False)
        self.target: Searchable | None = None

    def ask(self, target: Searchable) -> None:
        self.target = target
        self.placeholder = target.HINT(target.lang)
        self.value = target.search_text
        self.cursor_position = len(self.value)
        self.add_class("-asking")
        self.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        target = self._done()
        if target is not None:
            target.search(event.value)

    def action_cancel(self) -> None:
        self._done()

    def _done(self) -> Searchable | None:
        self.remove_class("-asking")
        target, self.target = self.target, None
        if target is not None:
            target.focus()
        return target
