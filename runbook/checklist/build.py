"""What a printed checklist holds, before any wording: the steps of one type at one level
(of one group, or of all), in the order their deadlines fall, and the settings they use.

The order: the steps that run during the incident (their clock, followed through `step:`
anchors, is Td, T0 or the level set) first, then those after the stand-down; within each
part by the nominal time from that part's start, taking Td, T0 and the level set as the
same moment (on paper nobody knows yet how far apart they will be) and a step anchored on
another as due after that step's own nominal time. Steps without a deadline close their
part (the evaluation and post-incident modules belong to the part after the stand-down),
in the plan's order. A working day counts as 7/5 of a day for this ordering only.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from msgspec import Struct

from runbook.errors import UsageError
from runbook.i18n import Msg
from runbook.playbook import Library, Parameter, Playbook, Settings, Step
from runbook.vocabulary import GROUP_IDS, LEVEL_IDS

AFTER_STAND_DOWN_MODULES: Final = frozenset({"evaluation", "post-incident"})
DURING, AFTER = 0, 1  # the two parts of a checklist


class ChecklistStep(Struct, frozen=True):
    step: Step
    part: int  # DURING or AFTER
    nominal: timedelta | None  # from the part's start; None: no deadline


class Checklist(Struct, frozen=True):
    book: Playbook
    level: str
    group: str | None  # None: every group
    steps: tuple[ChecklistStep, ...]
    parameters: tuple[Parameter, ...]  # the settings this checklist's deadlines use
    settings: Settings

    @property
    def settings_digest(self) -> str:
        return self.settings.digest

    @property
    def groups(self) -> tuple[str, ...]:
        """The groups the checklist is for, in the plan's order."""
        return (self.group,) if self.group is not None else GROUP_IDS

    def part(self, which: int) -> tuple[ChecklistStep, ...]:
        return tuple(s for s in self.steps if s.part == which)


def _listed(what: Msg, value: str, valid: list[str] | tuple[str, ...]) -> UsageError:
    from runbook.suggest import closest

    listed = ", ".join(valid)
    hint = closest(value, list(valid))
    return UsageError(Msg(f"{value!r} is not {what.en}; use one of: {listed}.",
                          f"{value!r} 不是{what.zh}；可用：{listed}。")
                      + Msg(hint.en, hint.zh.lstrip()))


def build_checklist(library: Library, type_id: str, level: str,
                    group: str | None = None) -> Checklist:
    """The checklist of `type_id` at `level` (for `group`, or every group); an unknown
    type, level or group is a usage error listing the valid ones."""
    book = library.playbook(type_id)
    if book is None:
        raise _listed(Msg("an incident type", "事件类型"), type_id, sorted(library.playbooks))
    if level not in LEVEL_IDS:
        raise _listed(Msg("a warning level", "预警级别"), level, LEVEL_IDS)
    if group is not None and group not in GROUP_IDS:
        raise _listed(Msg("a group", "小组"), group, GROUP_IDS)
    applying = [s for s in book.steps if s.applies_at(level)]
    placed = [ChecklistStep(s, _part(book, s), _nominal(book, s, level, set()))
              for s in applying if group is None or s.group == group]
    order = {s.step.id: i for i, s in enumerate(placed)}
    placed.sort(key=lambda s: (s.part, s.nominal is None, s.nominal or timedelta(),
                               order[s.step.id]))
    return Checklist(book, level, group, tuple(placed),
                     _parameters(library, [s.step for s in placed], level),
                     library.settings)


def _part(book: Playbook, step: Step) -> int:
    root = book.root_anchor(step)
    if root is None:
        return AFTER if step.module in AFTER_STAND_DOWN_MODULES else DURING
    return AFTER if root == "stand_down" else DURING


def _approximate(book: Playbook, step: Step, level: str) -> timedelta | None:
    deadline = step.deadline
    after = deadline.after.get(level) if deadline is not None else None
    if after is None:
        return None
    return after.delta + timedelta(days=after.working_days * 7 / 5)


def _nominal(book: Playbook, step: Step, level: str, seen: set[str]) -> timedelta | None:
    """How long after its part's start the step is nominally due (see the module's note)."""
    own = _approximate(book, step, level)
    if own is None or step.deadline is None:
        return None
    target = step.deadline.anchor_step
    if target is None:
        return own
    anchor = book.step(target)
    if anchor is None or target in seen:
        return own
    before = _nominal(book, anchor, level, seen | {step.id})
    return own + (before or timedelta())


def _parameters(library: Library, steps: list[Step], level: str) -> tuple[Parameter, ...]:
    """The settings the deadlines of `steps` at `level` quote (`$name`), in first use."""
    names: list[str] = []
    for step in steps:
        text = step.deadline.after_text.get(level, "") if step.deadline else ""
        name = text[1:] if text.startswith("$") else ""
        if name in library.settings.parameters and name not in names:
            names.append(name)
    return tuple(library.settings.parameters[n] for n in names)
