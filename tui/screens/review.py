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
from runbook.i18n import Lang, Msg
from runbook.summary.review import Review, review
from runbook.summary.review_render import review_tables
from tui.cells import safe
from tui.context import Context
from tui.service import ForReview
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
        self.result: Review | None = None
        self.fitted_to = 0  # the width the tables were last fitted to

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
            record = await self.ctx.record.for_review()
            self.result = await asyncio.to_thread(self._review, record)
            body = self._tables(self.result, self._width())
        except RunbookError as error:
            body = safe(Text(UNREADABLE.format(detail=error.text(self.lang))(self.lang),
                             style="bold red"), whole=True)
        except Exception as error:  # a bug: say so, never a traceback
            body = safe(Text(UNREADABLE.format(detail=f"{type(error).__name__}: {error}")(
                self.lang), style="bold red"), whole=True)
        self._show(body)

    def _review(self, record: ForReview) -> Review:
        """In a worker thread (no database here): each incident by the version it played,
        and whether that version is kept (read on the record's thread: `record.kept`)."""
        workspace = self.ctx.workspace
        return review(record.incidents, workspace.library, workspace.clock.now(),
                      versions=record.kept.get)

    def _width(self) -> int:
        """The page's width inside its border, a scrollbar's width left for when it scrolls."""
        page = self.query_one("#page")
        return max(20, page.content_region.width - page.styles.scrollbar_size_vertical)

    def _tables(self, result: Review, width: int) -> RenderableType:
        """The review as tables fitted to `width` (`runbook.table_fit`: ids whole, columns
        dropped before they are cut), as the CLI fits them to the terminal."""
        tables: list[RenderableType] = list(review_tables(result, self.lang, width))
        if result.unplayable:
            tables.append(safe(Text(UNPLAYABLE.format(ids=", ".join(result.unplayable))(
                self.lang), style="dim")))
        self.fitted_to = width
        return Group(*tables)

    def on_resize(self) -> None:
        if self.result is not None and self.is_attached and self._width() != self.fitted_to:
            self._show(self._tables(self.result, self._width()))

    def _show(self, body: RenderableType) -> None:
        if not self.is_attached:  # closed before the record was read
            return
        self.body = body
        self.query_one("#review-body", Static).update(body)
        self.loaded = True

    def action_close(self) -> None:
        self.dismiss(None)
