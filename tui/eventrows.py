"""Timeline lines: every event with both timestamps, who, what; and the filters over them."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from msgspec import Struct
from rich.text import Text

from runbook.describe import OVERRIDE, event_detail, group_name, login_note
from runbook.events import Event
from runbook.i18n import Lang, Msg
from runbook.kinds import SPECS
from runbook.kinds import name as event_name
from runbook.permissions import override_reason
from runbook.playbook import Playbook
from runbook.punctuation import colon, paren
from runbook.timewindow import is_backdated
from tui.cells import columns, right
from tui.screen_times import full, local

BACKDATED: Final = Msg("backdated", "补记")
OCCURRED: Final = Msg("happened", "发生时间")
RECORDED: Final = Msg("recorded", "记录时间")
BY: Final = Msg("by", "记录人")
HASH: Final = Msg("hash", "哈希")


SEQ_DIGITS: Final = 4  # the number column holds 1 to 9,999 without moving


def seq_width(count: int) -> int:
    """The width of the number column for a record of `count` events: the same from the
    first event to the 9,999th, so that the columns do not move as the record grows."""
    return max(SEQ_DIGITS, len(str(count)))


class Filter(Struct, frozen=True):
    group: str | None = None
    kind: str | None = None

    @property
    def active(self) -> bool:
        return self.group is not None or self.kind is not None


def step_groups(book: Playbook | None) -> dict[str, str]:
    return {s.id: s.group for s in book.steps} if book is not None else {}


def who(event: Event, lang: Lang) -> str:
    group = group_name(event.actor.group, lang) if event.actor.group else ""
    return f"{event.actor.name}·{group}" if group else event.actor.name


def line(event: Event, width: int, lang: Lang, now: datetime, digits: int,
         book: Playbook | None = None) -> Text:
    """`  12 03:14:05 03:14:05 lin·Office  step done  report.verify`, cut to `width`.

    Narrower than 72 cells (the pane beside the steps): minutes only, the name without
    the group, and what happened in one column; the detail pane below shows the rest.
    """
    wide = width >= 72
    time_w = 8 if wide else 5
    fmt = "%H:%M:%S" if wide else "%H:%M"
    back = is_backdated(event.occurred_at, event.recorded_at)
    occurred = local(event.occurred_at, now).strftime(fmt)
    recorded = local(event.recorded_at, now).strftime(fmt) + ("↺" if back else "")
    spec = SPECS.get(event.kind)
    name = Text(event_name(event.kind)(lang), style=spec.style if spec is not None else "")
    head: list[tuple[Text | str, int]] = [
        (right(str(event.seq), digits), digits),
        (Text(occurred, style="bold" if back else ""), time_w),
        (Text(recorded, style="yellow" if back else "dim"), time_w + 1),
    ]
    if wide:
        kind_w = 14
        rest = max(0, width - (digits + time_w * 2 + 1 + 14 + kind_w + 5))
        return columns([*head, (Text(who(event, lang), style="cyan"), 14), (name, kind_w),
                        (Text(event_detail(event, lang, book)), rest)])
    rest = max(0, width - (digits + time_w * 2 + 1 + 8 + 4))
    what = name + Text(" " + event_detail(event, lang, book))
    return columns([*head, (Text(event.actor.name, style="cyan"), 8), (what, rest)])


def detail(event: Event, lang: Lang, now: datetime, book: Playbook | None) -> Text:
    """Everything about one event, for the pane under the timeline."""
    out = Text()
    out.append(f"#{event.seq} {event_name(event.kind)(lang)}", style="bold")
    if is_backdated(event.occurred_at, event.recorded_at):
        out.append(f"  ↺ {BACKDATED(lang)}", style="yellow")
    out.append("\n")
    out.append(f"{OCCURRED(lang)} {full(event.occurred_at, now)}  ")
    out.append(f"{RECORDED(lang)} {full(event.recorded_at, now)}\n")
    out.append(f"{BY(lang)} {event.actor.name}"
               f"{paren(group_name(event.actor.group, lang), lang)}"
               f"{login_note(event.actor.login, lang)}\n")
    reason = override_reason(event)
    if reason is not None:
        out.append(f"{colon(OVERRIDE(lang), reason, lang)}\n", style="bold red")
    text = event_detail(event, lang, book)
    if text:
        out.append(text + "\n")
    out.append(f"{HASH(lang)} {event.hash[:16]}…", style="dim")
    return out
