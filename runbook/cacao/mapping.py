"""What maps to what between a runbook playbook and a CACAO v2.0 playbook, in one place.

runbook → CACAO v2.0:

- a type's playbook → one `playbook` (id `playbook--uuid5(type)`), `name` and
  `description` in English;
- a step → an `action` step with one `manual` command; `name` the English title,
  `description` the English detail and its deadline in words;
- a group → an agent of type `group` in `agent_definitions`, named in English (Chinese in
  its `description`);
- the levels a step applies at → an `if-condition` on the playbook variable `__level__`
  whose `on_true` branch is the step (with its own `end`); the condition's `on_completion`
  goes on to the next step;
- a deadline → the action's `timeout` (milliseconds; a working day counts as one calendar
  day, which a fixed timeout cannot say better); a step whose deadline differs by level has
  one branch per duration, each with its own `timeout`; the anchor (Td, T0, level,
  stand_down, step:<id>) and the durations as written are in the step's extension and in
  its description;
- a plan clause in `source` → an external reference (`source` PLAN_SOURCE, `external_id`
  the clause id);
- the Chinese texts, a decision, `when`, `done_by`, `repeat`, `addition` → the runbook
  extension (`step_extensions`, `playbook_extensions`, `agent_target_extensions`, all under
  EXTENSION_ID, defined in `extension_definitions`).

Levels are branches of one playbook rather than one playbook per level: a type is one plan
whose level changes while an incident runs (a step that applied keeps its clock), so a
playbook per level would repeat most steps four times under different ids and lose that
they are the same step; with branches each (step, deadline) pair is exported once, and a
CACAO executor given `__level__` walks exactly that level's steps with that level's
timeouts.

Identifiers are uuid5 of the type and step ids under NAMESPACE, and `created`/`modified`
are EPOCH (the library carries no date; its digest, in the extension, tells versions apart),
so the same library always exports the same bytes.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import Final

from runbook.durations import Duration

NAMESPACE: Final = uuid.UUID("4f1c2b7e-9a55-5d0e-8c3a-6b1e2f0a9d41")
SPEC_VERSION: Final = "cacao-2.0"
EPOCH: Final = "2026-01-01T00:00:00Z"
LEVEL_VARIABLE: Final = "__level__"
PLAN_SOURCE: Final = "runbook plan (playbooks/plan.yaml)"
EXTENSION_SCHEMA: Final = "https://example.invalid/runbook/cacao-extension/1"
EXTENSION_VERSION: Final = "1"
DAY_MS: Final = 86_400_000


def ident(kind: str, *parts: str) -> str:
    """A CACAO identifier (`kind--uuid`), the same for the same parts every time."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, '/'.join((kind, *parts)))}"


EXTENSION_ID: Final = ident("extension-definition", "runbook")
CREATED_BY: Final = ident("identity", "runbook")


def playbook_id(type_id: str) -> str:
    return ident("playbook", type_id)


def group_id(group: str) -> str:
    return ident("group", group)


def level_condition(levels: Iterable[str]) -> str:
    """The STIX-pattern condition that holds at these levels."""
    quoted = ", ".join(f"'{lv}'" for lv in levels)
    return f"[{LEVEL_VARIABLE}:value IN ({quoted})]"


_CONDITION = re.compile(
    r"^\[\s*" + re.escape(LEVEL_VARIABLE) + r":value\s+(?:IN\s*\(([^)]*)\)|=\s*'([^']*)')\s*\]$")


def condition_levels(condition: str) -> tuple[str, ...] | None:
    """The levels a level condition names; None if it is a condition on something else."""
    found = _CONDITION.match(condition.strip())
    if found is None:
        return None
    if found.group(2) is not None:
        return (found.group(2),)
    return tuple(p.strip().strip("'") for p in found.group(1).split(",") if p.strip())


def timeout_ms(duration: Duration) -> int:
    """A deadline as CACAO's fixed-length timeout (a working day counts as one day)."""
    return int(duration.delta / timedelta(milliseconds=1)) + duration.working_days * DAY_MS


def timeout_duration(ms: int) -> str:
    """A foreign timeout as a playbook duration (whole minutes, at least one)."""
    return f"{max(1, round(ms / 60_000))}m"
