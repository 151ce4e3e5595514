"""The step list as lines: group headings, steps with state and countdown, decisions.

Pure: rows and a moment in, lines out. The widget only lays them out in its width.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final, Literal

from msgspec import Struct
from rich.text import Text

from runbook.describe import state_name
from runbook.i18n import Lang, Msg
from runbook.playbook import Playbook, Step
from runbook.status import DUE_SOON, StepStatus, next_due, overdue_count
from runbook.vocabulary import ANCHORS, GROUPS
from tui.keys import key_for
from tui.screen_times import hm, span
from tui.texts import counted

LineKind = Literal["section", "group", "step", "sub", "more"]

OVERDUE: Final = Msg("overdue +{span}", "已超时 +{span}")
LEFT: Final = Msg("in {span} · {at}", "{span}后 · {at}")
LEFT_SHORT: Final = Msg("in {span}", "{span}后")
NEXT_REPEAT: Final = Msg("next {at} · {span}", "下次 {at} · {span}后")
NEXT_REPEAT_SHORT: Final = Msg("next in {span}", "下次 {span}后")
DONE_AT: Final = Msg("done {at}", "完成 {at}")
DONE_LATE: Final = Msg("{at} late {span}", "{at} 超时{span}")
SKIPPED_AT: Final = Msg("skipped {at}", "跳过 {at}")
SKIPPED_LATE: Final = Msg("skipped {at} late {span}", "跳过 {at} 超时{span}")
AFTER: Final = Msg("after {what}", "待{what}")
NO_DEADLINE: Final = Msg("no deadline", "无时限")
RULED_OUT: Final = Msg("n/a: decided {option}", "不适用：已决策 {option}")
NOT_DONE_AT_CLOSE: Final = Msg("not done by the close", "关闭时未完成")
WAITING: Final = Msg(" · waits on a decision", " · 待决策")
GROUP_HEAD: Final = Msg("{name} · {open} open", "{name} · 待办 {open}")
GROUP_OVERDUE: Final = Msg(" · {n} overdue", " · 超时 {n}")
AFTER_STAND_DOWN: Final = Msg("After the stand-down: post-incident steps",
                              "应急结束后：后期处置步骤")
MORE_LATER: Final = ("+ {n} step starts after the stand-down ({key}: show)",
                     "+ {n} steps start after the stand-down ({key}: show)",
                     "+ {n} 个步骤在应急结束后开始（{key}：显示）")
HIDE_LATER: Final = Msg("({key}: hide the steps that start after the stand-down)",
                        "（{key}：隐藏应急结束后才开始的步骤）")
NOTHING: Final = Msg("No steps apply for this group now.", "该小组当前没有适用的步骤。")
DECIDED: Final = Msg("= {option} — {why}", "= {option} — {why}")

STATE_SHORT: Final[dict[str, Msg]] = {
    "pending": Msg("todo", "待办"),
    "in_progress": Msg("doing", "进行"),
    "done": Msg("done", "完成"),
    "skipped": Msg("skip", "跳过"),
    "blocked": Msg("block", "受阻"),
    "n/a": Msg("n/a", "不适用"),
}
STATE_STYLES: Final[dict[str, str]] = {
    "pending": "",
    "in_progress": "bold cyan",
    "done": "green",
    "skipped": "dim",
    "blocked": "bold magenta",
    "n/a": "dim",
}


class StepLine(Struct, frozen=True):
    """One line of the list. Steps carry four cells; other lines one text."""

    kind: LineKind
    step_id: str | None = None
    marker: Text | None = None
    title: Text | None = None
    state: Text | None = None
    short_state: Text | None = None
    due: Text | None = None
    short_due: Text | None = None
    text: Text | None = None
    # The deadline column names what the clock waits for ("after Verify and report to …"),
    # not a time: it may be cut, so that it never takes the titles' width.
    due_words: bool = False

    @property
    def selectable(self) -> bool:
        return self.kind == "step"


class StepView(Struct, frozen=True):
    lines: list[StepLine]
    upcoming: StepStatus | None
    overdue: int
    shown: tuple[StepStatus, ...] = ()

    def next_in(self, group: str) -> StepStatus | None:
        """The step of `group` whose time comes first (where the cursor goes once a step of
        that group is done), else the one of any group (`upcoming`)."""
        return next_due([r for r in self.shown if r.step.group == group]) or self.upcoming


def is_later(row: StepStatus, later: frozenset[str], stood_down: bool) -> bool:
    return (not stood_down and row.step.id in later and row.state == "pending"
            and row.anchor_at is None)


def build(rows: list[StepStatus], *, now: datetime, lang: Lang, group: str | None,
          later: frozenset[str], show_later: bool, stood_down: bool,
          book: Playbook | None = None) -> StepView:
    mine = [r for r in rows if group is None or r.step.group == group]
    hidden = [] if show_later else [r for r in mine if is_later(r, later, stood_down)]
    hidden_ids = {r.step.id for r in hidden}
    shown = [r for r in mine if r.step.id not in hidden_ids]
    upcoming = next_due(shown)
    overdue = overdue_count(shown)
    lines: list[StepLine] = []
    # The steps that start after the stand-down (post-incident work) in a section of their
    # own, after the emergency's, once they show.
    emergency = [r for r in shown if r.step.id not in later]
    post = [r for r in shown if r.step.id in later]
    _grouped(lines, emergency, now, lang, upcoming, book)
    if post:
        lines.append(StepLine("section", text=Text(AFTER_STAND_DOWN(lang), style="bold")))
        _grouped(lines, post, now, lang, upcoming, book)
    if not shown:
        lines.append(StepLine("more", text=Text(NOTHING(lang), style="dim")))
    key = key_for("incident.later")
    if hidden:
        more = counted(len(hidden), *MORE_LATER, key=key)(lang)
        lines.append(StepLine("more", text=Text(more, style="dim italic")))
    elif show_later and any(is_later(r, later, stood_down) for r in mine):
        hide = HIDE_LATER.format(key=key)(lang)
        lines.append(StepLine("more", text=Text(hide, style="dim italic")))
    return StepView(lines, upcoming, overdue, tuple(shown))


def _grouped(lines: list[StepLine], rows: list[StepStatus], now: datetime, lang: Lang,
             upcoming: StepStatus | None, book: Playbook | None) -> None:
    for g in GROUPS:
        members = [r for r in rows if r.step.group == g.id]
        if not members:
            continue
        lines.append(_heading(g.name(lang), members, lang))
        for r in members:
            lines.append(step_line(r, now, lang, r is upcoming, book))
            sub = _decision_line(r, lang)
            if sub is not None:
                lines.append(sub)


def _heading(name: str, members: list[StepStatus], lang: Lang) -> StepLine:
    still_open = sum(1 for r in members if r.is_open)
    late = overdue_count(members)
    text = Text(GROUP_HEAD.format(name=name, open=still_open)(lang), style="bold underline")
    if late:
        text.append(GROUP_OVERDUE.format(n=late)(lang), style="bold red")
    return StepLine("group", text=text)


def step_line(r: StepStatus, now: datetime, lang: Lang, upcoming: bool,
              book: Playbook | None = None) -> StepLine:
    if upcoming:
        marker = Text("▶", style="bold reverse")
    elif r.overdue_by is not None:
        marker = Text("!", style="bold red")
    else:
        marker = Text(" ")
    prefix = "◆ " if r.step.decision is not None else ("↻ " if r.step.repeat else "")
    title_style = "dim" if r.state in ("done", "skipped") and r.next_due is None else ""
    if upcoming:
        title_style = "bold"
    title = Text(prefix + r.step.title(lang), style=title_style)
    if r.waiting_on is not None:  # in the title's column: the deadline's stays a time
        title.append(WAITING(lang), style="dim")
    style = STATE_STYLES.get(r.state, "")
    state = Text(state_name(r.state, lang), style=style)
    short = Text(STATE_SHORT.get(r.state, Msg(r.state, r.state))(lang), style=style)
    return StepLine("step", r.step.id, marker, title, state, short,
                    due_text(r, now, lang, book, waiting=False),
                    due_text(r, now, lang, book, compact=True), due_words=_clock_waits(r))


def _clock_waits(r: StepStatus) -> bool:
    """Whether the deadline column says what the step's clock waits for (`AFTER`)."""
    return (r.ruled_out is None and not (r.closed and r.is_open) and r.overdue_by is None
            and r.next_due is None and r.state not in ("done", "skipped") and r.due is None
            and r.step.deadline is not None)


def due_text(r: StepStatus, now: datetime, lang: Lang, book: Playbook | None = None, *,
             compact: bool = False, waiting: bool = True) -> Text:
    """The deadline column: a countdown, `overdue +12m` in red, or when it was done.

    `compact` leaves out the clock time of a countdown (for narrow panes) and, like
    `waiting=False`, that the step waits on a decision."""
    if r.ruled_out is not None:
        return Text(RULED_OUT.format(option=r.ruled_out.option)(lang), style="dim")
    if r.closed and r.is_open:  # no clock runs on a closed incident
        return Text(NOT_DONE_AT_CLOSE(lang), style="dim")
    if r.overdue_by is not None:
        return Text(OVERDUE.format(span=span(r.overdue_by, lang))(lang), style="bold red")
    if r.next_due is not None:
        until = span(r.next_due - now, lang)
        words = NEXT_REPEAT_SHORT.format(span=until) if compact else NEXT_REPEAT.format(
            at=hm(r.next_due, now), span=until)
        return Text(words(lang), style="cyan")
    if r.state in ("done", "skipped"):
        at = r.record.done_at
        if at is None:
            return Text("")
        skipped = r.state == "skipped"
        if r.late_by is not None:
            late = (SKIPPED_LATE if skipped else DONE_LATE).format(
                at=hm(at, now), span=span(r.late_by, lang))
            return Text(late(lang), style="yellow")
        if skipped:
            return Text(SKIPPED_AT.format(at=hm(at, now))(lang), style="dim")
        return Text(DONE_AT.format(at=hm(at, now))(lang), style="dim green")
    if r.due is not None:
        remaining = r.due - now
        style = "bold yellow" if remaining < DUE_SOON else ""
        words = LEFT_SHORT.format(span=span(remaining, lang)) if compact else LEFT.format(
            span=span(remaining, lang), at=hm(r.due, now))
        shown = Text(words(lang), style=style)
        if r.waiting_on is not None and waiting and not compact:
            shown.append(WAITING(lang), style="dim")
        return shown
    if r.step.deadline is None:
        return Text(NO_DEADLINE(lang), style="dim")
    return Text(AFTER.format(what=anchor_words(r.step, book, lang))(lang), style="dim")


def anchor_words(step: Step, book: Playbook | None, lang: Lang) -> str:
    """What a deadline counts from: `first report (Td)`, or the title of another step."""
    deadline = step.deadline
    if deadline is None:
        return ""
    anchor = ANCHORS.get(deadline.anchor)
    if anchor is not None:
        return anchor(lang)
    other = book.step(deadline.anchor_step or "") if book is not None else None
    return other.title(lang) if other is not None else deadline.anchor


def _decision_line(r: StepStatus, lang: Lang) -> StepLine | None:
    decision = r.step.decision
    if decision is None or r.state == "skipped":
        return None
    chosen = r.record.decision
    if chosen is not None:
        option = decision.option(chosen)
        label = option.label(lang) if option else chosen
        words = DECIDED.format(option=label, why=r.record.rationale or "—")(lang)
        return StepLine("sub", r.step.id, text=Text("    " + words, style="green"))
    options = " / ".join(o.label(lang) for o in decision.options)
    text = Text("    " + decision.question(lang) + " ", style="italic")
    text.append(options, style="dim")
    return StepLine("sub", r.step.id, text=text)
