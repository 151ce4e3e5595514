"""Who acts (issue 15, identity): the operating-system login that runs runbook, beside the
name and group the responder gives. With a roster that lists people, the name and groups
come from the roster, and what the responder says must agree with it; without one, they are
self-declared, as before.
"""

from __future__ import annotations

from runbook.describe import group_name
from runbook.errors import RefusedAction
from runbook.events import Actor
from runbook.i18n import Msg
from runbook.roster import Person, Roster


def not_listed(login: str | None) -> RefusedAction:
    shown = login or "?"
    return RefusedAction(Msg(
        f"Your login {shown!r} is not in the roster (roster.yaml, people:), so runbook cannot "
        "tell who you are. Ask whoever keeps the roster to add you, with your groups and "
        "roles, and run `runbook validate`.",
        f"你的登录名 {shown!r} 不在名册中（roster.yaml 的 people:），runbook 无法确认你的身份。"
        "请名册维护人添加你（含小组和角色），再运行 `runbook validate`。"))


def identify(roster: Roster, login: str | None, claimed: Actor,
             claimed_name: str | None) -> Actor:
    """Who acts, by the roster (RefusedAction if the login is not in it, or the name or
    group given disagrees with it); `claimed_name` is the name given (--by,
    RUNBOOK_USER), None if none was."""
    person = roster.person(login)
    if person is None:
        raise not_listed(login)
    if claimed_name is not None:
        check_name(person, claimed_name)
    group = claimed.group
    if group is not None:
        check_group(person, group)
    return Actor(person.name, group or person.groups[0], person.login)


def check_name(person: Person, name: str) -> None:
    if name not in (person.name, person.login):
        raise RefusedAction(Msg(
            f"The name given ({name!r}, --by or RUNBOOK_USER) disagrees with the roster: the "
            f"login {person.login!r} is {person.name}. Leave --by out: the roster says who "
            "you are.",
            f"给出的姓名（{name!r}，--by 或 RUNBOOK_USER）与名册不符：登录名 {person.login!r} "
            f"是 {person.name}。请去掉 --by：身份以名册为准。"))


def check_group(person: Person, group: str) -> None:
    if group not in person.groups:
        listed = ", ".join(person.groups)
        raise RefusedAction(Msg(
            f"{person.name} ({person.login}) does not act for the group "
            f"{group_name(group, 'en')}: the roster lists {listed}. Choose one of those "
            "(--group), or ask whoever keeps the roster.",
            f"名册中 {person.name}（{person.login}）不属于{group_name(group, 'zh')}："
            f"名册列出的小组为 {listed}。请选择其中之一（--group），或联系名册维护人。"))
