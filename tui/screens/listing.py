"""A list on a page of its own, over the incident screen: the facts form (`f`) and the
action items (`A`). Its keys are a table of `tui.keys`; what each does is the caller's
(`on_key_action(action, row_id)`), so the list holds no rule of its own. The caller gives it
new lines whenever the record changes (`show`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from runbook.i18n import Lang
from tui.cells import safe
from tui.keys import ACTION_LIST_KEYS, FACT_LIST_KEYS, Key, bindings, localise, shown_key

Row = tuple[str | None, Text]  # (id, words); id None: a heading, not chosen
OnAction = Callable[[str, str | None], None]  # (action, the id of the selected row)


class ListScreen(ModalScreen[None]):
    KEYS: ClassVar[tuple[Key, ...]] = ()

    def __init__(self, title: str, rows: Sequence[Row], lang: Lang, on_action: OnAction, *,
                 empty: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_text = title
        self.rows = list(rows)
        keys = self.keys = self.KEYS
        self.lang = lang
        self.on_action = on_action
        self.empty = empty
        localise(self, keys, lang)

    def compose(self) -> ComposeResult:
        with Vertical(id="page") as page:
            page.border_title = safe(self.title_text)
            page.border_subtitle = " · ".join(
                f"{shown_key(k)} {k.label(self.lang)}" for k in self.keys)
            yield Static(Text(self.empty, style="italic"), id="list-empty")
            yield OptionList(id="list-rows")

    def on_mount(self) -> None:
        self.show(self.rows)
        self.query_one(OptionList).focus()

    def show(self, rows: Sequence[Row]) -> None:
        """Draw `rows`, the cursor kept on the same row (by id) where it is still there."""
        self.rows = list(rows)
        lst = self.query_one(OptionList)
        was = self.selected
        lst.clear_options()
        lst.add_options([Option(text, id=rid, disabled=rid is None) for rid, text in rows])
        ids = [rid for rid, _ in rows]
        chosen = [i for i, rid in enumerate(ids) if rid is not None]
        if chosen:
            lst.highlighted = ids.index(was) if was in ids else chosen[0]
        self.query_one("#list-empty", Static).display = not chosen and bool(self.empty)

    @property
    def selected(self) -> str | None:
        lst = self.query_one(OptionList)
        index = lst.highlighted
        if index is None or index >= lst.option_count:
            return None
        return lst.get_option_at_index(index).id

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        enter = next((k for k in self.keys if k.key == "enter"), None)
        if enter is not None:
            self.on_action(enter.action, event.option.id)

    def run_action_named(self, action: str) -> None:
        if action == "close":
            self.dismiss(None)
        else:
            self.on_action(action, self.selected)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_record(self) -> None:  # Enter in the list says it (`OptionSelected`)
        self.run_action_named("record")

    def action_add(self) -> None:
        self.run_action_named("add")

    def action_done(self) -> None:
        self.run_action_named("done")

    def action_drop(self) -> None:
        self.run_action_named("drop")


class FactsScreen(ListScreen):
    KEYS: ClassVar = FACT_LIST_KEYS
    BINDINGS: ClassVar = bindings(FACT_LIST_KEYS)


class ItemsScreen(ListScreen):
    KEYS: ClassVar = ACTION_LIST_KEYS
    BINDINGS: ClassVar = bindings(ACTION_LIST_KEYS)
