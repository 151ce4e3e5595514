"""The institution's roster: what the plan refers to but cannot hold as steps (plan 2.2,
4.4, 4.5.1). Contacts per group in duty order, the vendors of outsourced services with their
contract and service-level references, and the emergency resources with their suppliers.

Read from `roster.yaml` in the playbooks folder (checked by `runbook.roster_load`). A step
shows its group's contacts, and the lists its `roster:` names (`vendors`, `resources`);
`for_step` says which. Names, numbers and references are the institution's own words,
shown as written, in whichever language it wrote them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from msgspec import Struct, field

if TYPE_CHECKING:  # the playbook model holds a Roster: this module imports none of it
    from runbook.playbook import Step

# The lists a step can ask for with `roster:` (a group's contacts every step shows).
ROSTER_LISTS: Final = ("vendors", "resources")


class Contact(Struct, frozen=True):
    """Someone to call: a name, and at least one way to reach them."""

    name: str
    role: str = ""
    phone: str = ""
    email: str = ""
    note: str = ""


class Vendor(Struct, frozen=True):
    """A provider of an outsourced service (plan 4.5.1): the contract and SLA it answers to."""

    id: str
    name: str
    service: str = ""
    contract: str = ""
    sla: str = ""
    contacts: tuple[Contact, ...] = ()
    note: str = ""


class Resource(Struct, frozen=True):
    """An emergency resource or supplier arrangement (plan 4.4)."""

    id: str
    name: str
    supplier: str = ""
    contract: str = ""
    contacts: tuple[Contact, ...] = ()
    note: str = ""


class Person(Struct, frozen=True):
    """Someone who may act (issue 15): their operating-system login, the name the record
    shows, the groups they act for (the first by default) and their roles. A deputy
    (`deputy_of`: a login) also holds the roles of the one they stand in for."""

    login: str
    name: str
    groups: tuple[str, ...]
    roles: tuple[str, ...]
    deputy_of: str = ""


class Roster(Struct, frozen=True):
    contacts: Mapping[str, tuple[Contact, ...]] = field(default_factory=dict)  # group → duty order
    vendors: tuple[Vendor, ...] = ()
    resources: tuple[Resource, ...] = ()
    people: tuple[Person, ...] = ()  # who may act, by login; none: identities self-declared

    def person(self, login: str | None) -> Person | None:
        """The person with that login, if the roster lists one."""
        return next((p for p in self.people if p.login == login), None)

    def roles_of(self, person: Person) -> tuple[str, ...]:
        """The person's own roles, and those of whom they deputise for."""
        roles = list(person.roles)
        principal = self.person(person.deputy_of) if person.deputy_of else None
        if principal is not None:
            roles += [r for r in principal.roles if r not in roles]
        return tuple(roles)

    def holders(self, roles: tuple[str, ...]) -> list[Person]:
        """Who holds any of `roles` (deputies included), in roster order."""
        return [p for p in self.people if set(self.roles_of(p)) & set(roles)]

    def group(self, group_id: str) -> tuple[Contact, ...]:
        """The group's contacts, the one on duty first."""
        return self.contacts.get(group_id, ())

    @property
    def empty(self) -> bool:
        return not (any(self.contacts.values()) or self.vendors or self.resources)

    @property
    def has_people(self) -> bool:
        """Whether identities come from the roster (else they are self-declared)."""
        return bool(self.people)

    def for_step(self, step: Step) -> StepRoster:
        """What a step's detail (and its line on a printed checklist) shows."""
        return StepRoster(
            group=step.group, contacts=self.group(step.group),
            vendors=self.vendors if "vendors" in step.roster else (),
            resources=self.resources if "resources" in step.roster else ())


class StepRoster(Struct, frozen=True):
    group: str
    contacts: tuple[Contact, ...]
    vendors: tuple[Vendor, ...]
    resources: tuple[Resource, ...]

    @property
    def empty(self) -> bool:
        return not (self.contacts or self.vendors or self.resources)
