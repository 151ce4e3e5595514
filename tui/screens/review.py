"""Across incidents: how each step fared, real incidents and drills apart; drills a year.

What `runbook review` prints: every incident read by the record's thread, the review worked
out in a worker thread (the screen stays live meanwhile), drawn as tables on a page that
scrolls.
"""

from __future__ import annotations

import asyncio
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
        self.lang: Lang = ctx.workspace.lang
        self.loaded = False
        self.body: RenderableType = Text("")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="page") as page:
            page.border_title = TITLE(self.lang)
            page.border_subtitle = CLOSE_HINT(self.lang)
            yield Static(Text(LOADING(self.lang), style="italic"), id="review-body")

    def on_mount(self) -> None:
        self.query_one("#page").focus()
        self.run_worker(self._read(), name="review", group="review", exit_on_error=False)

    async def _read(self) -> None:
        try:
            incidents = await self.ctx.record.every_incident()
            body = await asyncio.to_thread(self._tables, incidents)
        except RunbookError as error:
            body = safe(Text(UNREADABLE.format(detail=error.text(self.lang))(self.lang),
                             style="bold red"), whole=True)
        except Exception as error:  # a bug: say so, never a traceback
            body = safe(Text(UNREADABLE.format(detail=f"{type(error).__name__}: {error}")(
                self.lang), style="bold red"), whole=True)
        self._show(body)

    def _tables(self, incidents: list[list[Event]]) -> RenderableType:
        """In a worker thread (no database here): the review, as tables."""
        workspace = self.ctx.workspace
        result = review(incidents, workspace.library, workspace.clock.now())
        tables: list[RenderableType] = list(review_tables(result, self.lang))
        if result.unplayable:
            tables.append(safe(Text(UNPLAYABLE.format(ids=", ".join(result.unplayable))(
                self.lang), style="dim")))
        return Group(*tables)

    def _show(self, body: RenderableType) -> None:
        if not self.is_attached:  # closed before the record was read
            return
        self.body = body
        self.query_one("#review-body", Static).update(body)
        self.loaded = True

    def action_close(self) -> None:
        self.dismiss(None)
