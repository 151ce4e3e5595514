"""The incident at a glance: level in its colour, type, drill, elapsed time, what is next."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from runbook.clock import Clock
from runbook.describe import group_name
from runbook.escalation import Proposal, reason_words
from runbook.events import Actor
from runbook.i18n import Lang, Msg
from runbook.status import StepStatus
from tui import levels
from tui.keys import key_for
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
from tui.widgets.quiet import Quiet

ELAPSED: Final = Msg("T0 +{time}", "T0 +{time}")
NEXT_STEP: Final = Msg("▶ next: ", "▶ 下一步：")
BY_GROUP: Final = Msg(" ({group}) ", "（{group}）")
ONLY: Final = Msg("{group} only ({key}: all groups)", "仅{group}（{key}：全部小组）")


def who(actor: Actor, lang: Lang) -> str:
    group = group_name(actor.group, lang) if actor.group else ""
    return f"{actor.name}·{group}" if group else actor.name


class IncidentHeader(Vertical):
    DEFAULT_CSS = """
    IncidentHeader { height: 2; background: $panel; }
    IncidentHeader Horizontal { height: 1; }
    IncidentHeader #headline { width: 1fr; height: 1; }
    IncidentHeader #subline { height: 1; color: $text-muted; }
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

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Quiet(Text(LOADING(self.lang), style="italic"), id="headline")
            yield Quiet("", id="busy")
            yield LiveClock(self.clock, self._face, id="elapsed")
        yield Quiet("", id="subline")

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
             actor: Actor) -> None:
        incident = model.incident
        lang = self.lang
        self.declared_at = incident.declared_at
        self.closed_at = incident.closed_at
        head = Text(no_wrap=True, overflow="ellipsis")
        head.append_text(levels.badge(incident.level, lang, long=True))
        head.append(" ")
        head.append(model.playbook.title(lang), style="bold")
        if incident.title:
            head.append(f" · {incident.title}")
        if incident.drill:
            head.append(" ")
            head.append(f" {DRILL(lang)} ", style="bold black on #ffd75f")
        if incident.is_closed:
            head.append(f" {CLOSED(lang)} ", style="bold reverse")
        elif incident.stand_down_at is not None:
            head.append(f" [{STOOD_DOWN(lang)}]", style="bold")
        head.append(f"  {incident.id}", style="dim")
        self.query_one("#headline", Quiet).show(head)
        self.query_one("#elapsed", LiveClock).update(self._face(now))
        self.query_one("#subline", Quiet).show(self._subline(
            model, now, upcoming, overdue, proposed, group, actor))

    def _subline(self, model: IncidentModel, now: datetime, upcoming: StepStatus | None,
                 overdue: int, proposed: Proposal | None, group: str | None,
                 actor: Actor) -> Text:
        """Most urgent first, so a narrow terminal cuts the least useful words."""
        lang = self.lang
        incident = model.incident
        sub = Text(no_wrap=True, overflow="ellipsis")
        if upcoming is not None and not incident.is_closed:
            sub.append(NEXT_STEP(lang), style="bold")
            sub.append(upcoming.step.title(lang), style="bold")
            sub.append(BY_GROUP.format(group=group_name(upcoming.step.group, lang))(lang))
            sub.append_text(due_text(upcoming, now, lang, model.playbook))
        else:
            sub.append(NONE_DUE(lang))
        if overdue:
            sub.append(" · ")
            sub.append(OVERDUE_COUNT.format(n=overdue)(lang), style="bold red")
        if proposed is not None:
            sub.append(" · ")
            sub.append(PROPOSE_LEVEL.format(
                level=levels.name(proposed.level, lang), why=reason_words(proposed, lang),
                key=key_for("incident.level"))(lang), style=levels.text_style(proposed.level))
        if group is not None:
            sub.append(" · ")
            sub.append(ONLY.format(group=group_name(group, lang), key=key_for("incident.group"))(
                lang), style="bold")
        sub.append(f" · Td {hm(incident.reported_at, now)} · T0 {hm(incident.declared_at, now)}")
        sub.append(" · " + ACTING_AS.format(who=who(actor, lang))(lang), style="dim")
        return sub
