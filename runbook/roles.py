"""The roles of the response (plan 2.1, 2.2) and what each role may record, as the settings
grant it (`permissions:` in settings.yaml).

Roles are defined here once, named in both languages. Which role may do which action is the
institution's policy and lives in the settings (`Permissions`); which kind of event is which
action is `KindSpec.action` in `runbook.kinds`; the rule that checks them is
`runbook.permissions`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from msgspec import Struct, field

from runbook.i18n import Msg


class Role(Struct, frozen=True):
    id: str
    name: Msg


ROLES: Final[tuple[Role, ...]] = (
    Role("commander", Msg("commander (head of the Command Center, or an authorised deputy)",
                          "组长（应急指挥中心负责人或其授权代理人）")),
    Role("office-lead", Msg("Office lead", "办公室负责人")),
    Role("group-lead", Msg("group lead", "小组负责人")),
    Role("member", Msg("member", "组员")),
    Role("observer", Msg("observer (read only)", "观察员（只读）")),
)
ROLE_IDS: Final = tuple(r.id for r in ROLES)
ROLE_NAMES: Final[Mapping[str, Msg]] = {r.id: r.name for r in ROLES}

# What can be granted. `write` is every other event: an observer holds none of them.
ACTIONS: Final[Mapping[str, Msg]] = {
    "write": Msg("record anything", "记录"),
    "declare": Msg("declare an incident (issue the warning)", "宣布事件（发布预警）"),
    "level": Msg("change the level", "变更级别"),
    "stand-down": Msg("stand down, or withdraw the stand-down", "宣布或撤回应急结束"),
    "close": Msg("close or reopen the incident", "关闭或重新打开事件"),
    "decide": Msg("take a decision", "作出决策"),
    "approve": Msg("approve the sign-off", "批准签署"),
}
# A decision step's own grant: `decide:STEP-ID` (e.g. `decide:report.regulator-decision`).
DECIDE_STEP: Final = "decide:"


def role_name(role_id: str) -> Msg:
    return ROLE_NAMES.get(role_id, Msg(role_id, role_id))


class Grant(Struct, frozen=True):
    """The roles that may do one action, and the plan clause the grant rests on."""

    roles: tuple[str, ...]
    clause: str = ""
    basis: str = ""


class Permissions(Struct, frozen=True):
    """Action (or `decide:STEP`) → the roles granted it."""

    grants: Mapping[str, Grant] = field(default_factory=dict)

    def roles_for(self, action: str, step: str | None = None) -> tuple[str, ...]:
        """The roles that may do `action` (for a decision, on `step`): the step's own grant,
        else the action's; an action the settings do not grant is every role's but the
        observer's (as before roles existed)."""
        if step is not None and (own := self.grants.get(DECIDE_STEP + step)) is not None:
            return own.roles
        grant = self.grants.get(action)
        if grant is not None:
            return grant.roles
        return tuple(r for r in ROLE_IDS if r != "observer")
