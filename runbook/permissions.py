"""The roles' rule (issue 15, plan 2.1, 2.2): checked inside the store's write transaction
with the other rules, and only when the roster lists people (without one, identities are
self-declared and everyone may record everything, as before).

The event's login must be the roster's, with the roster's name and one of its groups; the
login's roles (and those of whom it deputises for) must hold the grant of what the event
records (`KindSpec.action`, refined here: a sign-off's approval is `approve`, a decision is
its step's own grant if the settings give one). An action refused so can still be recorded
with an emergency override: a reason in the event's `override` field, which the record and
the summary show. An observer writes nothing, override or not.
"""

from __future__ import annotations

from typing import Final

from msgspec.structs import replace

from runbook.errors import RefusedAction
from runbook.events import Event
from runbook.i18n import Msg
from runbook.identity import check_group, check_name, not_listed
from runbook.kinds import SPECS, Kind
from runbook.playbook import Library
from runbook.roles import ACTIONS, role_name
from runbook.roster import Roster

OVERRIDE: Final = "override"  # the payload field: why the rule was overridden


def action_of(event: Event) -> str:
    """What recording `event` is, for the grants of the settings."""
    spec = SPECS.get(event.kind)
    action = spec.action if spec is not None else "write"
    if event.kind == Kind.SIGNED_OFF and event.payload.get("role") == "approved":
        return "approve"
    return action


def override_reason(event: Event) -> str | None:
    """The override's reason, if the event was recorded by one."""
    value = event.payload.get(OVERRIDE)
    return value if isinstance(value, str) and value.strip() else None


def refusal(event: Event, library: Library) -> RefusedAction | None:
    """Why the event's writer may not record it (its override aside), or None."""
    roster = library.roster
    if not roster.has_people:
        return None
    person = roster.person(event.actor.login)
    if person is None:
        return not_listed(event.actor.login)
    check_name(person, event.actor.name)
    if event.actor.group is not None:
        check_group(person, event.actor.group)
    held = roster.roles_of(person)
    action = action_of(event)
    step = event.step if action == "decide" else None
    granted = library.settings.permissions.roles_for(action, step)
    if set(held) & set(granted):
        return None
    return _refused(roster, action, granted, held)


def overridden(event: Event, reason: str, library: Library) -> Event:
    """The event with the override's reason, if the rule would refuse it without one: an
    override is recorded only where it is one (the CLI's --override, the player's `!`)."""
    if refusal(event, library) is None:
        return event
    return replace(event, payload={**event.payload, OVERRIDE: reason})


def may_override(event: Event, library: Library) -> bool:
    """Whether the writer may record `event` as an emergency override: someone the roster
    lists with a role other than observer (an observer writes nothing, override or not)."""
    person = library.roster.person(event.actor.login)
    roles = library.roster.roles_of(person) if person is not None else ()
    return person is not None and bool(set(roles) - {"observer"})


class Overridable(RefusedAction):
    """Refused by the roles, where the writer may record it as an emergency override (the
    player then says how)."""


def check_permission(event: Event, library: Library) -> None:
    """Refuse (RefusedAction) what the writer's roles do not allow, unless overridden;
    `Overridable` where an override with a reason would record it."""
    problem = refusal(event, library)
    if problem is None:
        return
    if not may_override(event, library):
        raise problem  # not in the roster, or an observer: no override
    if override_reason(event) is not None:
        return
    if OVERRIDE in event.payload:
        raise Overridable(Msg("An override needs its reason (--override REASON). ",
                              "紧急越权须写明原因（--override 原因）。") + problem.message)
    raise Overridable(problem.message)


def _refused(roster: Roster, action: str, granted: tuple[str, ...],
             held: tuple[str, ...]) -> RefusedAction:
    what = ACTIONS.get(action, ACTIONS["write"])
    if action.startswith("decide"):
        what = ACTIONS["decide"]
    holders = roster.holders(granted)
    names_en = ", ".join(_holder(roster, p.login, "en") for p in holders) or "nobody listed"
    names_zh = "、".join(_holder(roster, p.login, "zh") for p in holders) or "名册中无人"
    roles_en = ", ".join(role_name(r).en for r in granted)
    roles_zh = "、".join(role_name(r).zh for r in granted)
    mine_en = ", ".join(role_name(r).en for r in held)
    mine_zh = "、".join(role_name(r).zh for r in held)
    if held and set(held) <= {"observer"}:
        return RefusedAction(Msg(
            f"An observer only reads: your roles ({mine_en}) record nothing. To {what.en}, "
            f"ask: {names_en}.",
            f"观察员只读：你的角色（{mine_zh}）不能记录任何内容。如需{what.zh}，请联系："
            f"{names_zh}。"))
    return RefusedAction(Msg(
        f"Your roles ({mine_en}) may not {what.en}: that is for the {roles_en} — {names_en}. "
        "Ask one of them; if none can be reached, record it as an emergency override with "
        "its reason (--override REASON), which the summary lists.",
        f"你的角色（{mine_zh}）无权{what.zh}：该操作属于{roles_zh}——{names_zh}。请联系其中一人；"
        "如均无法联系，可用紧急越权记录并写明原因（--override 原因），总结报告将列出。"))


def _holder(roster: Roster, login: str, lang: str) -> str:
    person = roster.person(login)
    assert person is not None
    if person.deputy_of:
        principal = roster.person(person.deputy_of)
        of = principal.name if principal is not None else person.deputy_of
        return (f"{person.name} ({person.login}, deputy of {of})" if lang == "en"
                else f"{person.name}（{person.login}，{of}的代理人）")
    return f"{person.name} ({person.login})" if lang == "en" else f"{person.name}（{person.login}）"
