"""`roster.yaml` checked: every mistake a Problem at its file:line:column (as the playbook
files), the rest a `runbook.roster.Roster`."""

from __future__ import annotations

from runbook.checks import STEP_ID, Findings
from runbook.i18n import Msg
from runbook.roles import ROLE_IDS
from runbook.roster import Contact, Person, Resource, Roster, Vendor
from runbook.schema import ContactSpec, PersonSpec, RosterFileSpec
from runbook.suggest import closest, one_of
from runbook.vocabulary import GROUP_IDS
from runbook.yamlread import Document, Path


def check_roster(found: Findings, doc: Document, spec: RosterFileSpec) -> Roster:
    contacts: dict[str, tuple[Contact, ...]] = {}
    for group, people in spec.contacts.items():
        if group not in GROUP_IDS:
            found.add(doc, ("contacts", group), Msg(
                f"unknown group {group!r}; contacts are listed per group: "
                f"{one_of(GROUP_IDS)}.",
                f"未知小组 {group!r}；联系人按小组列出：{one_of(GROUP_IDS)}。")
                + closest(group, GROUP_IDS), key=True)
            continue
        contacts[group] = _contacts(found, doc, ("contacts", group), people)
    vendors = tuple(
        Vendor(v.id, v.name, v.service or "", v.contract or "", v.sla or "",
               _contacts(found, doc, ("vendors", i, "contacts"), v.contacts), v.note or "")
        for i, v in enumerate(spec.vendors))
    resources = tuple(
        Resource(r.id, r.name, r.supplier or "", r.contract or "",
                 _contacts(found, doc, ("resources", i, "contacts"), r.contacts), r.note or "")
        for i, r in enumerate(spec.resources))
    _check_ids(found, doc, "vendors", [v.id for v in vendors])
    _check_ids(found, doc, "resources", [r.id for r in resources])
    return Roster(contacts, vendors, resources, _people(found, doc, spec.people))


def _people(found: Findings, doc: Document, people: list[PersonSpec]) -> tuple[Person, ...]:
    """Who may act: each login once, known groups and roles, a deputy of someone listed."""
    logins = [p.login for p in people]
    result = []
    for i, p in enumerate(people):
        if p.login in logins[:i]:
            found.add(doc, ("people", i, "login"), Msg(
                f"login {p.login!r} is listed twice; each login is one person.",
                f"登录名 {p.login!r} 重复列出；每个登录名对应一个人。"))
        for key, values, known, what in (("groups", p.groups, GROUP_IDS, ("group", "小组")),
                                         ("roles", p.roles, ROLE_IDS, ("role", "角色"))):
            for j, value in enumerate(values):
                if value not in known:
                    found.add(doc, ("people", i, key, j), Msg(
                        f"unknown {what[0]} {value!r}; use {one_of(known)}.",
                        f"未知{what[1]} {value!r}；请使用 {one_of(known)}。")
                        + closest(value, known))
        if p.deputy_of is not None and (p.deputy_of == p.login or p.deputy_of not in logins):
            found.add(doc, ("people", i, "deputy_of"), Msg(
                f"{p.name} deputises for {p.deputy_of!r}, who is not another person of the "
                "roster; give the login of the one they stand in for.",
                f"{p.name} 代理的 {p.deputy_of!r} 不是名册中的其他人员；请填写被代理人的登录名。")
                + closest(p.deputy_of, [x for x in logins if x != p.login]))
        result.append(Person(p.login, p.name, tuple(p.groups), tuple(p.roles),
                             p.deputy_of or ""))
    return tuple(result)


def _check_ids(found: Findings, doc: Document, name: str, ids: list[str]) -> None:
    for i, entry in enumerate(ids):
        where: Path = (name, i, "id")
        if not STEP_ID.match(entry):
            found.add(doc, where, Msg(
                f"id {entry!r} must be lower-case letters, digits, '.' and '-'.",
                f"编号 {entry!r} 只能包含小写字母、数字、'.' 和 '-'。"))
        if entry in ids[:i]:
            found.add(doc, where, Msg(
                f"{entry!r} is listed twice in {name}; give each its own id.",
                f"{entry!r} 在 {name} 中重复列出；请为每项使用不同编号。"))


def _contacts(found: Findings, doc: Document, path: Path,
              people: list[ContactSpec]) -> tuple[Contact, ...]:
    result = []
    for i, person in enumerate(people):
        if person.phone is None and person.email is None:
            found.add(doc, (*path, i, "name"), Msg(
                f"{person.name} has no phone and no email: give at least one, or a responder "
                "cannot reach them.",
                f"{person.name} 没有电话也没有邮箱：请至少填写一项，否则处置人员无法联系。"))
        result.append(Contact(person.name, person.role or "", person.phone or "",
                              person.email or "", person.note or ""))
    return tuple(result)
