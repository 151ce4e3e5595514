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

HELP = "app.help"  # always shown, at the end of the keys


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
        """The bindings the line shows, one per action: those the screen ranks, in its
        order (a screen with a `footer_keys()` method: the key ids that apply now), else
        those its key tables show, in their order; the help's key last."""
        active = self.screen.active_bindings.values()
        ranked = getattr(self.screen, "footer_keys", None)
        found: list[tuple[Binding, bool]] = []
        if callable(ranked):
            by_id = {b.id: (b, enabled) for _node, b, enabled, _tip in active if b.id}
            found = [by_id[key_id] for key_id in ranked() if key_id in by_id]
        else:
            seen: set[str] = set()
            for _node, binding, enabled, _tooltip in active:
                if binding.show and binding.action not in seen and binding.id != HELP:
                    seen.add(binding.action)
                    found.append((binding, enabled))
        found += [(b, enabled) for _node, b, enabled, _tip in active if b.id == HELP][:1]
        return found

    def render(self) -> Text:
        line = Text(no_wrap=True, overflow="crop")
        self._spans = []
        keys = self.shown()
        last = keys.pop() if keys and keys[-1][0].id == HELP else None
        room = self.size.width - (self._entry(*last).cell_len if last is not None else 0)
        for binding, enabled in keys:  # the most likely first, as many as there is room for
            if line.cell_len + self._entry(binding, enabled).cell_len > room:
                break
            self._add(line, binding, enabled)
        if last is not None:
            self._add(line, *last)
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
