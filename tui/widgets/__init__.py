"""Widgets of the player: virtual lists (steps, timeline, incidents), header, detail panes."""
