"""Lines laid out at the widget's own width, as many as the width needs: the header's."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

Layout = Callable[[int], list[Text]]


class Lines(Widget):
    """Lines laid out at the widget's own width (`layout(width)`), as tall as they are."""

    DEFAULT_CSS = "Lines { height: auto; }"

    def __init__(self, layout: Layout, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._layout = layout
        self._height = 1

    def show(self, layout: Layout) -> None:
        """Lay out anew; the header grows or shrinks only if the number of lines changes."""
        self._layout = layout
        width = self.content_region.width or self.size.width
        height = max(1, len(layout(width))) if width else self._height
        self.refresh(layout=height != self._height)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        self._height = max(1, len(self._layout(width)))
        return self._height

    def render(self) -> Text:
        width = self.content_region.width or self.size.width
        return Text("\n").join(self._layout(width)) if width else Text("")
