"""Text that repaints only when it changes: screens recompute every second, most of it same.

One line, shown as `tui.cells.safe` shows stored text (a string is text, never markup).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.cells import safe


class Quiet(Static):
    def __init__(self, content: Text | str = "", *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(safe(content), id=id, classes=classes)
        self._shown: Text | str = content

    def show(self, content: Text | str) -> None:
        if content != self._shown:
            self._shown = content
            self.update(safe(content))
