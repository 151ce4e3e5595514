"""A long text on a page of its own: the whole plan clause of a step, or a whole event."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from runbook.i18n import Lang
from runbook.linebreak import Paragraph
from tui.cells import safe
from tui.texts import CLOSE_HINT


class ReadScreen(ModalScreen[None]):
    BINDINGS: ClassVar = [Binding("escape,enter,q", "close", show=False)]

    def __init__(self, title: str, body: Text, lang: Lang) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.lang = lang

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="page") as page:
            page.border_title = safe(self.title_text)
            page.border_subtitle = CLOSE_HINT(self.lang)
            yield Static(Paragraph(safe(self.body, whole=True)))

    def on_mount(self) -> None:
        self.query_one("#page").focus()

    def action_close(self) -> None:
        self.dismiss(None)
