"""A virtual list with a cursor: renders only the lines on screen (Textual's Line API).

Subclasses say how many lines there are, which can hold the cursor, and how one looks.
Updating the data keeps the cursor and repaints in place: no recompose, no flicker.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from runbook.i18n import Lang
from tui.cells import fit
from tui.keys import LIST_KEYS, Key, bindings, localise


class RowList(ScrollView, can_focus=True):
    KEYS: ClassVar[tuple[Key, ...]] = LIST_KEYS
    BINDINGS: ClassVar = bindings(LIST_KEYS)
    COMPONENT_CLASSES: ClassVar[set[str]] = {"rowlist--cursor", "rowlist--cursor-blurred"}
    DEFAULT_CSS = """
    RowList {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        & > .rowlist--cursor { background: $block-cursor-background; text-style: bold; }
        & > .rowlist--cursor-blurred { background: $block-cursor-blurred-background; }
    }
    """

    class Highlighted(Message):
        """The cursor moved to another line (or the data under it changed)."""

        def __init__(self, rowlist: RowList, index: int) -> None:
            super().__init__()
            self.rowlist = rowlist
            self.index = index

        @property
        def control(self) -> RowList:
            return self.rowlist

    def __init__(self, lang: Lang, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.lang = lang
        self.cursor = -1
        self._cache: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(1024)
        localise(self, self.KEYS, lang)

    # --- for subclasses -------------------------------------------------------------------

    def line_count(self) -> int:
        raise NotImplementedError

    def selectable(self, index: int) -> bool:
        return True

    def render_row(self, index: int, width: int) -> Text:
        raise NotImplementedError

    # --- data changes ---------------------------------------------------------------------

    def lines_changed(self, cursor: int | None = None) -> None:
        """The lines changed: repaint, keep (or move) the cursor, say what is under it."""
        self._cache.clear()
        count = self.line_count()
        self.virtual_size = Size(0, count)
        target = self.cursor if cursor is None else cursor
        self._place(target, scroll=cursor is not None)
        self.refresh()
        self.post_message(self.Highlighted(self, self.cursor))

    def lines_added(self) -> None:
        """Lines were appended at the end; repaint only if they show."""
        count = self.line_count()
        self.virtual_size = Size(0, count)
        if self.cursor < 0:
            self._place(0, scroll=False)
            self.post_message(self.Highlighted(self, self.cursor))
        self.refresh()

    # --- cursor ---------------------------------------------------------------------------

    def set_cursor(self, index: int, *, scroll: bool = True) -> None:
        old = self.cursor
        self._place(index, scroll=scroll)
        if self.cursor != old:
            self._refresh_index(old)
            self._refresh_index(self.cursor)
            self.post_message(self.Highlighted(self, self.cursor))

    def _place(self, index: int, *, scroll: bool) -> None:
        count = self.line_count()
        if count == 0:
            self.cursor = -1
            return
        index = max(0, min(index, count - 1))
        found = self._nearest(index)
        self.cursor = found
        if scroll and found >= 0:
            self.scroll_to_line(found)

    def _nearest(self, index: int) -> int:
        count = self.line_count()
        for offset in range(count):
            for candidate in (index + offset, index - offset):
                if 0 <= candidate < count and self.selectable(candidate):
                    return candidate
        return -1

    def _step(self, index: int, direction: int) -> int:
        count = self.line_count()
        i = index + direction
        while 0 <= i < count:
            if self.selectable(i):
                return i
            i += direction
        return index

    def scroll_to_line(self, index: int) -> None:
        height = self.scrollable_content_region.height or self.size.height
        top = int(self.scroll_offset.y)
        if height <= 0:  # not laid out yet: once it is
            self.call_after_refresh(self._scroll_later, index)
            return
        if index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False, immediate=True)

    def _scroll_later(self, index: int) -> None:
        if self.scrollable_content_region.height > 0 and index == self.cursor:
            self.scroll_to_line(index)

    def _refresh_index(self, index: int) -> None:
        if index >= 0:
            self.refresh_line(index)

    def action_cursor_up(self) -> None:
        self.set_cursor(self._step(self.cursor, -1))

    def action_cursor_down(self) -> None:
        self.set_cursor(self._step(self.cursor, +1))

    def action_page_up(self) -> None:
        page = max(1, self.scrollable_content_region.height - 1)
        self.set_cursor(self._nearest(max(0, self.cursor - page)))

    def action_page_down(self) -> None:
        page = max(1, self.scrollable_content_region.height - 1)
        self.set_cursor(self._nearest(min(self.line_count() - 1, self.cursor + page)))

    def action_first(self) -> None:
        self.set_cursor(self._step(-1, +1))

    def action_last(self) -> None:
        self.set_cursor(self._step(self.line_count(), -1))

    def on_click(self, event: object) -> None:
        y = getattr(event, "y", None)
        if isinstance(y, int):
            index = int(self.scroll_offset.y) + y
            if 0 <= index < self.line_count() and self.selectable(index):
                self.set_cursor(index)

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()

    # --- Line API -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width or self.size.width
        base = self.rich_style
        if index >= self.line_count() or width <= 0:
            return Strip.blank(width, base)
        selected = index == self.cursor
        key = (index, width, selected, self.has_focus)
        strip = self._cache.get(key)
        if strip is None:
            text = fit(self.render_row(index, width), width)
            self.mark(text)
            if selected:
                text.stylize(self._cursor_style())
            strip = Strip(list(text.render(self.app.console)), width).apply_style(base)
            self._cache[key] = strip
        return strip.apply_offsets(0, index)

    def mark(self, text: Text) -> None:
        """Style what a row shows before it is drawn (a search marks its matches)."""

    def _cursor_style(self) -> Style:
        name = "rowlist--cursor" if self.has_focus else "rowlist--cursor-blurred"
        return self.get_component_rich_style(name, partial=True)
