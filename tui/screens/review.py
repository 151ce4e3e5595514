"""Across incidents: how each step fared, real incidents and drills apart; drills a year.

What `runbook review` prints, read from every incident in a thread of its own (with its
own store connection), drawn as tables on a page that scrolls.
"""

from __future__ import annotations

from typing import ClassVar, Final

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from runbook.errors import RunbookError
from runbook.events import Event
from runbook.i18n import Lang, Msg
from runbook.summary.review import review
from runbook.summary.review_render import review_tables
from tui.cells import safe
from tui.context import Context
from tui.texts import CLOSE_HINT, LOADING

TITLE: Final = Msg("Review across incidents", "跨事件复盘")
UNREADABLE: Final = Msg("Cannot read the record: {detail}", "无法读取记录：{detail}")
UNPLAYABLE: Final = Msg("Not counted (playbook not installed): {ids}",
                        "未统计（剧本未安装）：{ids}")


class ReviewScreen(ModalScreen[None]):
    BINDINGS: ClassVar = [Binding("escape,enter,q", "close", show=False)]

    def __init__(self, ctx: Context) -> None:
        super().__init__(id="review")
        self.ctx = ctx
        self.lang: Lang = ctx.lang
        self.loaded = False
        self.body: RenderableType = Text("")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="page") as page:
            page.border_title = TITLE(self.lang)
            page.border_subtitle = CLOSE_HINT(self.lang)
            yield Static(Text(LOADING(self.lang), style="italic"), id="review-body")

    def on_mount(self) -> None:
        self.query_one("#page").focus()
        self.run_worker(self._read, thread=True, name="review", group="review",
                        exit_on_error=False)

    def _read(self) -> None:
        """In a thread: every incident's events, through a store opened here."""
        try:
            store = self.ctx.link.opener(self.ctx.db_path)
            try:
                incidents: list[list[Event]] = [store.events(i) for i in store.incident_ids()]
            finally:
                store.close()
            result = review(incidents, self.ctx.library, self.ctx.clock.now())
            tables: list[RenderableType] = list(review_tables(result, self.lang))
            if result.unplayable:
                tables.append(safe(Text(UNPLAYABLE.format(ids=", ".join(result.unplayable))(
                    self.lang), style="dim")))
            body: RenderableType = Group(*tables)
        except RunbookError as error:
            body = safe(Text(UNREADABLE.format(detail=error.text(self.lang))(self.lang),
                             style="bold red"), whole=True)
        except Exception as error:  # a bug: say so, never a traceback
            body = safe(Text(UNREADABLE.format(detail=f"{type(error).__name__}: {error}")(
                self.lang), style="bold red"), whole=True)
        self.app.call_from_thread(self._show, body)

    def _show(self, body: RenderableType) -> None:
        if not self.is_attached:  # closed before the record was read
            return
        self.body = body
        self.query_one("#review-body", Static).update(body)
        self.loaded = True

    def action_close(self) -> None:
        self.dismiss(None)
