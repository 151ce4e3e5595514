"""What the command palette offers, for tests to wait on instead of sleeping."""

from __future__ import annotations

from textual.app import App
from textual.command import CommandList, CommandPalette


def palette_open(app: App[object]) -> bool:
    return isinstance(app.screen, CommandPalette)


def first_offer(app: App[object]) -> str | None:
    """The text of the command Enter would run now, once the palette has finished searching;
    None while it is closed, still searching, or offers nothing."""
    palette = app.screen
    if not isinstance(palette, CommandPalette):
        return None
    searching = CommandPalette._GATHER_COMMANDS_GROUP
    if any(w.group == searching and not w.is_finished for w in app.workers):
        return None
    commands = palette.query_one(CommandList)
    if commands.highlighted is None:
        return None
    option = commands.get_option_at_index(commands.highlighted)
    hit = getattr(option, "hit", None)
    return hit.text if hit is not None else None


def offers(app: App[object], label: str) -> bool:
    """The palette's first offer is the command labelled `label` (`note  (n)`)."""
    text = first_offer(app)
    return text is not None and text.split("  (")[0] == label
