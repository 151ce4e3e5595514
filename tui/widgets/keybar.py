"""The footer: one line of the keys that apply now, each clickable.

Textual's own Footer mounts a widget per key; on the incident screen's twenty keys that
cost about 0.12 s at every start and at every change of what applies. This draws the same
line as one piece of text and maps a click back to its key.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    COMPONENT_CLASSES: ClassVar = {"keybar--key", "keybar--label", "keybar--off"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $panel;
        .keybar--key { color: $footer-key-foreground; text-style: bold; }
        .keybar--label { color: $footer-description-foreground; }
        .keybar--off { color: $text-disabled; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, str]] = []  # (from x, to x, key) of each enabled key

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _changed(self, _screen: Screen[object]) -> None:
        self.refresh()

    def shown(self) -> list[tuple[Binding, bool]]:
        """The bindings the line shows, one per action, in the screen's order."""
        seen: set[str] = set()
        found = []
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                found.append((binding, enabled))
        return found

    def render(self) -> Text:
        line = Text(no_wrap=True, overflow="crop")
        self._spans = []
        for binding, enabled in self.shown():
            self._add(line, binding, enabled)
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            # At the right end, as Textual's footer has it, when the line has room.
            entry = self._entry(palette.binding, palette.enabled)
            gap = self.size.width - line.cell_len - entry.cell_len
            if gap >= 1:
                line.append(" " * gap)
                self._add(line, palette.binding, palette.enabled)
        return line

    def _entry(self, binding: Binding, enabled: bool) -> Text:
        key = self.get_component_rich_style("keybar--key" if enabled else "keybar--off")
        label = self.get_component_rich_style("keybar--label" if enabled else "keybar--off")
        return Text.assemble((f" {self.app.get_key_display(binding)} ", key),
                             (f"{binding.description} ", label))

    def _add(self, line: Text, binding: Binding, enabled: bool) -> None:
        start = line.cell_len
        line.append_text(self._entry(binding, enabled))
        if enabled:
            self._spans.append((start, line.cell_len, binding.key.split(",")[0]))

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
