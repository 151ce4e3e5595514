"""What can be done to a step in each of its states: the one table the rules, the player's
keys and its hints all ask.

A step is `pending` until someone acts on it; `in_progress` once started; `blocked` while
something outside the group holds it up; `done` or `skipped` when finished. A repeating
step can be done again while done (each completion is one occurrence). A decision step is
finished by deciding, never by a plain "done". Only a reopen acts on a step that no longer
applies at the current level (so a mistake can still be corrected after a level change).
"""

from __future__ import annotations

from typing import Final, Literal

from runbook.i18n import Msg
from runbook.playbook import Step

Verb = Literal["start", "done", "decide", "skip", "block", "reopen"]
VERBS: Final[tuple[Verb, ...]] = ("done", "decide", "start", "skip", "block", "reopen")

OPEN_STATES: Final = frozenset({"pending", "in_progress", "blocked"})
FINISHED_STATES: Final = frozenset({"done", "skipped"})

_FROM: Final[dict[Verb, frozenset[str]]] = {
    "start": frozenset({"pending", "blocked"}),
    "done": OPEN_STATES,
    "decide": OPEN_STATES,
    "skip": OPEN_STATES,
    "block": frozenset({"pending", "in_progress"}),
    "reopen": frozenset({"done", "skipped", "blocked"}),
}

# How a refusal names the verb ("it cannot be {verb} now").
VERB_WORDS: Final[dict[Verb, Msg]] = {
    "start": Msg("started", "开始"),
    "done": Msg("marked done", "标记完成"),
    "decide": Msg("decided", "决策"),
    "skip": Msg("skipped", "跳过"),
    "block": Msg("blocked", "标记受阻"),
    "reopen": Msg("reopened", "重新打开"),
}


def fits(verb: Verb, step: Step) -> bool:
    """Whether the verb is one this kind of step takes at all (a decision is decided)."""
    if verb == "decide":
        return step.decision is not None
    if verb == "done":
        return step.decision is None
    return True


def from_state(verb: Verb, state: str, step: Step) -> bool:
    """Whether `verb` may follow `state` (whether or not the step applies now)."""
    if verb == "done" and state == "done" and step.repeat is not None:
        return True  # one more occurrence of a repeating step
    return state in _FROM[verb]


def allowed(verb: Verb, state: str, step: Step, *, applies: bool) -> bool:
    """Whether `verb` can be recorded on `step` in `state`, at a level where it `applies`
    or not."""
    if not fits(verb, step) or not from_state(verb, state, step):
        return False
    return applies or verb == "reopen"


def available(state: str, step: Step, *, applies: bool) -> tuple[Verb, ...]:
    """Every verb that can be recorded now, in the order a responder most likely wants."""
    return tuple(v for v in VERBS if allowed(v, state, step, applies=applies))
