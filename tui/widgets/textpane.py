"""A paragraph or two of text, wrapped once per width and drawn line by line.

The detail pane changes at every cursor move. Textual's own wrapping of a long styled
paragraph costs about 50 ms each time (most of the player's first frame); wrapping it here
(`runbook.linebreak`, which also sets Chinese lines as Chinese is set) takes about a
millisecond, and the Line API draws only what shows.
"""

from __future__ import annotations

from rich.text import Text
from textual.events import Resize
from textual.geometry import Size

from runbook.i18n import Lang
from runbook.linebreak import wrap
from tui.cells import safe
from tui.widgets.rowlist import RowList


class TextPane(RowList, can_focus=False):
    DEFAULT_CSS = """
    TextPane { overflow-y: auto; }
    """

    def __init__(self, lang: Lang, *, id: str | None = None) -> None:
        super().__init__(lang, id=id)
        self._text = Text("")
        self._lines: list[Text] = []
        self._width = -1

    def show(self, text: Text) -> None:
        """Show `text` from its top (nothing is redrawn if it is the same)."""
        text = safe(text, whole=True)
        if text == self._text:
            return
        self._text = text
        self._rewrap()
        self.scroll_to(y=0, animate=False, immediate=True)

    @property
    def text(self) -> Text:
        return self._text

    def on_resize(self, _event: Resize) -> None:
        self._rewrap()

    def _rewrap(self) -> None:
        width = self.scrollable_content_region.width or self.size.width
        self._width = width
        self._lines = list(wrap(self._text, width)) if width > 0 else []
        self._cache.clear()
        self.virtual_size = Size(0, len(self._lines))
        self.refresh()

    def line_count(self) -> int:
        return len(self._lines)

    def selectable(self, index: int) -> bool:
        return False

    def render_row(self, index: int, width: int) -> Text:
        if width != self._width:
            self._rewrap()
        return self._lines[index] if index < len(self._lines) else Text("")
