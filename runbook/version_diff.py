"""What changed between two versions of the plan (`runbook.versions`): per incident type,
the steps added, removed and changed (deadline, title, instructions, group, clause, levels,
decision), and the settings whose value changed. Pure: two libraries in, a diff out; the
CLI writes it out (`runbook playbooks --diff`).
"""

from __future__ import annotations

from typing import Final

from msgspec import Struct

from runbook.i18n import Msg
from runbook.incident import Incident
from runbook.playbook import Library, Playbook, Step

# What can change in a step, in the order a diff names it.
ASPECTS: Final = ("deadline", "title", "instructions", "group", "clause", "levels",
                  "decision")


class StepChange(Struct, frozen=True):
    """A step in both versions, and what about it differs (`ASPECTS`)."""

    before: Step
    after: Step
    aspects: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.after.id


class TypeDiff(Struct, frozen=True):
    """One incident type: `state` is added, removed or changed (then the steps say how)."""

    type: str
    state: str
    added: tuple[Step, ...] = ()
    removed: tuple[Step, ...] = ()
    changed: tuple[StepChange, ...] = ()


class SettingChange(Struct, frozen=True):
    """A setting whose value changed, was added (`before` None) or removed (`after` None),
    as the settings write it (`30m`)."""

    name: str
    before: str | None
    after: str | None


class VersionDiff(Struct, frozen=True):
    before: str  # the digests compared
    after: str
    types: tuple[TypeDiff, ...]
    settings: tuple[SettingChange, ...]

    @property
    def same(self) -> bool:
        return not self.types and not self.settings


def aspects(before: Step, after: Step) -> tuple[str, ...]:
    """What differs between two versions of one step."""
    found = {
        "deadline": before.deadline != after.deadline or before.repeat != after.repeat,
        "title": before.title != after.title,
        "instructions": before.detail != after.detail,
        "group": before.group != after.group,
        "clause": before.source != after.source,
        "levels": before.levels != after.levels,
        "decision": before.decision != after.decision or before.when != after.when,
    }
    return tuple(a for a in ASPECTS if found[a])


def playbook_diff(before: Playbook, after: Playbook) -> TypeDiff | None:
    """How one type's playbook changed (None: its steps did not)."""
    old = {s.id: s for s in before.steps}
    new = {s.id: s for s in after.steps}
    added = tuple(s for s in after.steps if s.id not in old)
    removed = tuple(s for s in before.steps if s.id not in new)
    changed = tuple(StepChange(old[s.id], s, found) for s in after.steps
                    if s.id in old and (found := aspects(old[s.id], s)))
    if not (added or removed or changed):
        return None
    return TypeDiff(after.type, "changed", added, removed, changed)


def diff(before: Library, after: Library, before_digest: str, after_digest: str,
         types: tuple[str, ...] | None = None) -> VersionDiff:
    """What changed from `before` to `after`, for `types` (every type in either if None)."""
    wanted = types if types is not None else tuple(
        dict.fromkeys([*before.playbooks, *after.playbooks]))
    found: list[TypeDiff] = []
    for type_id in wanted:
        old, new = before.playbook(type_id), after.playbook(type_id)
        if old is None and new is None:
            continue
        if old is None:
            assert new is not None
            found.append(TypeDiff(type_id, "added", added=new.steps))
        elif new is None:
            found.append(TypeDiff(type_id, "removed", removed=old.steps))
        else:
            changed = playbook_diff(old, new)
            if changed is not None:
                found.append(changed)
    return VersionDiff(before_digest, after_digest, tuple(found),
                       settings_diff(before, after))


def settings_diff(before: Library, after: Library) -> tuple[SettingChange, ...]:
    old, new = before.settings.parameters, after.settings.parameters
    names = dict.fromkeys([*old, *new])
    return tuple(
        SettingChange(n, old[n].text if n in old else None, new[n].text if n in new else None)
        for n in names
        if n not in old or n not in new or old[n].value != new[n].value)


def carried_over(done: list[str], after: Playbook | None) -> tuple[list[str], list[str]]:
    """Of the `done` steps, those the new version still has (same id) and those it does
    not."""
    kept = [s for s in done if after is not None and after.step(s) is not None]
    return kept, [s for s in done if s not in kept]


def switch_carries(incident: Incident, current: Library) -> tuple[list[str], list[str]]:
    """What a switch of `incident` to `current` (the library in force) does to its done
    steps: those that carry over and those that do not. The `version_switched` event
    records exactly this, and the player shows it before it asks the reason."""
    done = [sid for sid, rec in incident.steps.items() if rec.state == "done"]
    return carried_over(done, current.playbook(incident.type))


def switch_preview(version: str, carried: list[str], dropped: list[str]) -> Msg:
    """What a switch to `version` (short digest) will do to the done steps, said before it
    is recorded (`switch_carries`)."""
    def ids(found: list[str]) -> Msg:
        return Msg(", ".join(found) or "none", "、".join(found) or "无")

    return SWITCH_PREVIEW.format(version=version, ncarried=len(carried), carried=ids(carried),
                                 ndropped=len(dropped), dropped=ids(dropped))


SWITCH_PREVIEW: Final = Msg(
    "Switching to the playbooks in force ({version}).\n"
    "Done steps carried over ({ncarried}): {carried}\n"
    "Not carried over, not in that version ({ndropped}): {dropped}",
    "将切换到当前剧本（{version}）。\n"
    "沿用的已完成步骤（{ncarried} 个）：{carried}\n"
    "不再沿用（该版本中已无，{ndropped} 个）：{dropped}")
