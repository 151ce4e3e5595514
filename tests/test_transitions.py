"""One table of step transitions: the rules, the player's keys and the step hint agree."""

from __future__ import annotations

from datetime import timedelta

import pytest
from memlog import START, MemLog, mini_library

from runbook import transitions
from runbook.errors import RefusedAction
from runbook.fold import fold
from runbook.incident import StepProgress
from runbook.playbook import Library, Step
from runbook.status import StepStatus, step_status
from runbook.transitions import Verb
from tui.footer import footer_keys
from tui.keys import VERB_KEYS
from tui.stepdetail import verb_hint

STATES = ("pending", "in_progress", "blocked", "done", "skipped")


def row(step: Step, state: str, applies: bool = True) -> StepStatus:
    return StepStatus(step, StepProgress(step.id, state), state if applies else "n/a",
                      applies, None, None, None, None, None)


@pytest.fixture(scope="module")
def library() -> Library:
    return mini_library()


def steps(library: Library) -> dict[str, Step]:
    book = library.playbook("fault")
    assert book is not None
    plain = next(s for s in book.steps if s.decision is None and s.repeat is None)
    repeating = next(s for s in book.steps if s.repeat is not None)
    decision = next(s for s in book.steps if s.decision is not None)
    return {"plain": plain, "repeating": repeating, "decision": decision}


def test_the_hint_never_offers_what_cannot_be_recorded(library: Library) -> None:
    plain = steps(library)["plain"]
    assert verb_hint(row(plain, "pending"), "en") == "d done · i start · s skip · b blocked"
    # Already in progress: starting again is not on offer (the hint offered it before).
    assert verb_hint(row(plain, "in_progress"), "en") == "d done · s skip · b blocked"
    # Blocked: blocking again is not on offer; reopening is.
    assert verb_hint(row(plain, "blocked"), "en") == "d done · i start · s skip · o reopen"
    assert verb_hint(row(plain, "done"), "en") == "o reopen"
    assert verb_hint(row(plain, "done"), "zh") == "o 重开"


def test_a_decision_is_decided_and_a_repeating_step_done_again(library: Library) -> None:
    found = steps(library)
    assert verb_hint(row(found["decision"], "pending"), "en") == (
        "D decide · i start · s skip · b blocked")
    assert verb_hint(row(found["repeating"], "done"), "en") == "d done · o reopen"


def test_a_step_that_no_longer_applies_can_only_be_reopened(library: Library) -> None:
    plain = steps(library)["plain"]
    assert verb_hint(row(plain, "done", applies=False), "en") == "o reopen"
    assert verb_hint(row(plain, "pending", applies=False), "en") == ""


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("kind", ["plain", "repeating", "decision"])
def test_the_rules_and_the_keys_agree_with_the_table(library: Library, kind: str,
                                                     state: str) -> None:
    """For every state and kind of step: the player's footer offers the verb's key exactly
    when the rules would record the verb, and the table says so."""
    step = steps(library)[kind]
    offered = footer_keys("open", row(step, state))
    for verb in transitions.VERBS:
        expected = transitions.allowed(verb, state, step, applies=True)
        assert (VERB_KEYS[verb] in offered) == expected, (verb, state)
        if transitions.fits(verb, step):
            assert recorded(library, step, state, verb) == expected, (verb, state)


def recorded(library: Library, step: Step, state: str, verb: Verb) -> bool:
    """Whether the rules record `verb` on `step` once it is in `state`."""
    log = MemLog(library)
    log.declare("II", reported_at=START)
    minute = 1
    for before in _path_to(state):
        log.at(minute)
        minute += 1
        _act(log, step, before)
    log.at(minute)
    try:
        _act(log, step, verb)
    except RefusedAction:
        return False
    return True


def _path_to(state: str) -> tuple[Verb, ...]:
    return {"pending": (), "in_progress": ("start",), "blocked": ("block",),
            "done": ("done",), "skipped": ("skip",)}[state]


def _act(log: MemLog, step: Step, verb: Verb) -> None:
    if verb in ("done", "decide") and step.decision is not None:
        option = step.decision.options[0].id
        log.step(step.id, "done", decision=option, note="why")
    elif verb == "decide":
        raise RefusedAction(transitions.VERB_WORDS["decide"])  # nothing to decide
    else:
        log.step(step.id, verb, note="because")


def test_a_status_row_reads_its_state_from_the_record(library: Library) -> None:
    log = MemLog(library)
    log.declare("II", reported_at=START)
    plain = steps(library)["plain"]
    log.at(1)
    log.step(plain.id, "start")
    incident = fold(log.events)
    status = step_status(plain, incident, START + timedelta(minutes=2))
    assert verb_hint(status, "en") == "d done · s skip · b blocked"
