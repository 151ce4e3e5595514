"""What another terminal recorded that calls for this one's attention: a note for my group,
or an action on one of my group's steps, by someone else.

Pure: an event, my group, who I am and the playbook's step groups in; a yes or no, and the
one line a notification says. "Someone else" is another identity: the record does not say
which terminal wrote an event, so what I record under my name here does not call me.
"""

from __future__ import annotations

from collections.abc import Mapping

from runbook.describe import event_detail
from runbook.events import Actor, Event
from runbook.i18n import Lang
from runbook.kinds import Kind
from runbook.kinds import name as event_name
from runbook.safetext import line
from tui.eventrows import who


def calls(event: Event, group: str | None, me: Actor, groups: Mapping[str, str]) -> bool:
    """Whether `event` is for `group`'s attention (`groups`: each step's group)."""
    if group is None or event.actor == me:
        return False
    if event.kind == Kind.NOTE:
        return event.payload.get("group") == group
    step = event.step
    return step is not None and groups.get(step) == group


def words(event: Event, lang: Lang) -> str:
    """`wang·Tech: note · restart the gateway at 04:00`, on one line."""
    detail = event_detail(event, lang)
    said = f"{who(event, lang)}: {event_name(event.kind)(lang)}"
    return line(f"{said} · {detail}" if detail else said)
