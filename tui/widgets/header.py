"""The incident at a glance: level in its colour, type, drill, id, elapsed time, what is next,
who acts; laid out by `tui.header_lines` so that none of it is lost on a narrow terminal."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from runbook import versions
from runbook.clock import Clock
from runbook.describe import group_name
from runbook.escalation import Proposal, reason_words
from runbook.events import Actor
from runbook.i18n import Lang, Msg
from runbook.status import StepStatus
from tui import levels
from tui.cells import safe
from tui.header_lines import Piece, headline, wrap
from tui.keys import key_for
from tui.link_lines import LinkWords, conflict_words
from tui.model import IncidentModel
from tui.screen_times import elapsed, hm
from tui.steprows import due_text
from tui.texts import (
    ACTING_AS,
    CLOSED,
    DRILL,
    LOADING,
    NONE_DUE,
    OVERDUE_COUNT,
    PROPOSE_LEVEL,
    STOOD_DOWN,
)
from tui.widgets.clock import LiveClock
from tui.widgets.lines import Lines
from tui.widgets.quiet import Quiet

ELAPSED: Final = Msg("T0 +{time}", "T0 +{time}")
NEXT_STEP: Final = Msg("▶ next: ", "▶ 下一步：")
BY_GROUP: Final = Msg(" ({group}) ", "（{group}）")
ONLY: Final = Msg("{group} only ({key}: all groups)", "仅{group}（{key}：全部小组）")
OVERRIDE_ARMED: Final = Msg(" EMERGENCY OVERRIDE armed for the next action ({key}: take back) ",
                            " 紧急越权已启用：用于下一项操作（{key}：撤回） ")
UNREAD: Final = Msg("✉ {n} unread ({key})", "✉ {n} 条未读（{key}）")


def who(actor: Actor, lang: Lang) -> str:
    group = group_name(actor.group, lang) if actor.group else ""
    return f"{actor.name}·{group}" if group else actor.name


class IncidentHeader(Vertical):
    DEFAULT_CSS = """
    IncidentHeader { height: auto; background: $panel; }
    IncidentHeader Horizontal { height: 1; }
    IncidentHeader #headline { width: 1fr; height: 1; }
    IncidentHeader #subline { height: auto; color: $text-muted; }
    IncidentHeader #elapsed { text-style: bold; }
    IncidentHeader #busy { width: auto; height: 1; padding: 0 1; display: none;
                           color: $text-warning; text-style: italic; }
    """

    def __init__(self, clock: Clock, lang: Lang) -> None:
        super().__init__()
        self.clock = clock
        self.lang = lang
        self.declared_at: datetime | None = None
        self.closed_at: datetime | None = None
        self._shown: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        loading = Text(LOADING(self.lang), style="italic")
        with Horizontal():
            yield Lines(lambda width: [loading], id="headline")
            yield Quiet("", id="busy")
            yield LiveClock(self.clock, self._face, id="elapsed")
        yield Lines(lambda width: [], id="subline")

    def _face(self, now: datetime) -> Text:
        if self.declared_at is None:
            return Text("")
        end = self.closed_at or now
        return Text(ELAPSED.format(time=elapsed(end - self.declared_at, self.lang))(self.lang))

    def busy(self, text: str | None) -> None:
        """What runs in the background (a summary being written), shown until it is done."""
        busy = self.query_one("#busy", Quiet)
        busy.show(text or "")
        busy.display = text is not None

    def show(self, model: IncidentModel, *, now: datetime, upcoming: StepStatus | None,
             overdue: int, proposed: Proposal | None, group: str | None,
             actor: Actor, unread: int = 0, override: bool = False,
             link: LinkWords | None = None) -> None:
        """`link`: what to say of the link between sites (None: this database has none)."""
        incident = model.incident
        lang = self.lang
        self.declared_at = incident.declared_at
        self.closed_at = incident.closed_at
        badges = [levels.badge(incident.level, lang, long=True),
                  levels.badge(incident.level, lang)]
        title = Text(model.playbook.title(lang), style="bold")
        if incident.title:
            title.append_text(Text(" · ") + safe(incident.title))
        marks = Text()
        if incident.drill:
            marks.append(" ")
            marks.append(f" {DRILL(lang)} ", style="bold black on #ffd75f")
        if incident.is_closed:
            marks.append(" ")
            marks.append(f" {CLOSED(lang)} ", style="bold reverse")
        elif incident.stand_down_at is not None:
            marks.append(f" [{STOOD_DOWN(lang)}]", style="bold")
        ident = Text(incident.id, style="dim")
        pieces = self._pieces(model, now, upcoming, overdue, proposed, group, actor, unread,
                              link)
        if override:  # armed for the next action: before everything, never folded away
            pieces = (Piece(Text(OVERRIDE_ARMED.format(key=key_for("incident.override"))(lang),
                                 style="bold white on red")), *pieces)
        shown = (badges, title, marks, ident, pieces)
        if shown != self._shown:  # the same every second but the clock: drawn once
            self._shown = shown
            self.query_one("#headline", Lines).show(
                lambda width: [headline(badges, title, marks, ident, width)])
            self.query_one("#subline", Lines).show(lambda width: wrap(pieces, width))
        self.query_one("#elapsed", LiveClock).update(self._face(now))

    def _pieces(self, model: IncidentModel, now: datetime, upcoming: StepStatus | None,
                overdue: int, proposed: Proposal | None, group: str | None, actor: Actor,
                unread: int, link: LinkWords | None) -> tuple[Piece, ...]:
        """Most urgent first: on a narrow terminal the later ones go to another line."""
        lang = self.lang
        incident = model.incident
        pieces: list[Piece] = []
        if upcoming is not None and not incident.is_closed:
            after = Text(BY_GROUP.format(group=group_name(upcoming.step.group, lang))(lang))
            after.append_text(due_text(upcoming, now, lang, model.playbook))
            pieces.append(Piece(Text(NEXT_STEP(lang), style="bold"),
                                safe(Text(upcoming.step.title(lang), style="bold")), after))
        else:
            pieces.append(Piece(Text(NONE_DUE(lang))))
        if overdue:
            pieces.append(Piece(Text(OVERDUE_COUNT.format(n=overdue)(lang), style="bold red")))
        conflicts = conflict_words(incident.conflicts, incident.id)
        if conflicts is not None:
            pieces.append(Piece(Text(conflicts(lang), style="bold red")))
        if link is not None and link.warn:
            pieces.append(Piece(safe(Text(link.text(lang), style="bold yellow"))))
        if proposed is not None:
            pieces.append(Piece(Text(PROPOSE_LEVEL.format(
                level=levels.name(proposed.level, lang), why=reason_words(proposed, lang),
                key=key_for("incident.level"))(lang), style=levels.text_style(proposed.level))))
        changed = versions.line(incident, model.state.played)
        if changed is not None:
            pieces.append(Piece(Text(changed(lang), style="bold yellow")))
        if unread:
            pieces.append(Piece(Text(UNREAD.format(n=unread, key=key_for("incident.timeline"))(
                lang), style="bold reverse")))
        if group is not None:
            pieces.append(Piece(Text(ONLY.format(
                group=group_name(group, lang), key=key_for("incident.group"))(lang),
                style="bold")))
        pieces.append(Piece(safe(Text(ACTING_AS.format(who=who(actor, lang))(lang)))))
        if link is not None and not link.warn:
            pieces.append(Piece(safe(Text(link.text(lang), style="dim"))))
        pieces.append(Piece(Text(
            f"Td {hm(incident.reported_at, now)} · T0 {hm(incident.declared_at, now)}",
            style="dim")))
        return tuple(pieces)
