"""Steps done by the actions that do them (`done_by:`): a report to the regulator completes
"send the initial brief", a handover completes the handover step, the declaration completes
"declare". One action is one event; the step's progress links it (`done_by`)."""

from __future__ import annotations

from collections.abc import Mapping

from runbook.events import Event
from runbook.incident import Incident
from runbook.playbook import Completion, Library, Playbook, Step


def completions_by_kind(playbook: Playbook) -> Mapping[str, list[tuple[Step, Completion]]]:
    """Per event kind, the steps an event of that kind may complete (built once a playbook)."""
    cached: dict[str, list[tuple[Step, Completion]]] | None = playbook.__dict__.get(
        "_done_by_cache")
    if cached is None:
        cached = {}
        for step in playbook.steps:
            for completion in step.done_by:  # `kind` is the event kind (the loader mapped it)
                cached.setdefault(completion.kind, []).append((step, completion))
        playbook.__dict__["_done_by_cache"] = cached  # a Playbook keeps a __dict__ for this
    return cached


def matches(completion: Completion, event: Event) -> bool:
    payload = event.payload
    return all(payload.get(k) == v for k, v in completion.match.items()) and all(
        payload.get(k) not in (None, "") for k in completion.present)


def complete(incident: Incident, event: Event, library: Library) -> None:
    """Record on each step `event` completes that it did (the fold calls this after it
    applied the event)."""
    playbook = library.playbook(incident.type)
    if playbook is None:
        return
    for step, completion in completions_by_kind(playbook).get(event.kind, ()):
        if matches(completion, event):
            _done(incident, step, completion, event)


def _done(incident: Incident, step: Step, completion: Completion, event: Event) -> None:
    rec = incident.record(step.id)
    if rec.state == "done" and step.repeat is None:
        # Done already. An action given after the fact that happened earlier is the one
        # that did it: the summary's "first report to X" and the step agree.
        if rec.done_by is not None and rec.done_at is not None \
                and event.occurred_at < rec.done_at:
            rec.done_at = event.occurred_at
            rec.completions[:] = [event.occurred_at]
            rec.done_by = event.seq
        return
    rec.state = "done"
    rec.done_at = event.occurred_at
    rec.completions.append(event.occurred_at)
    rec.last_event = event
    if rec.done_by is None or step.repeat is not None:
        rec.done_by = event.seq
    if step.decision is not None and completion.option is not None:
        rec.decision = completion.option
        rec.rationale = str(event.payload.get("reason") or event.payload.get("text") or "")
        rec.decided_by = event.actor
