"""The roster in words, as the player's step detail shows it and a printed checklist may:
one heading per list, a line per contact, vendor or resource, in the chosen language."""

from __future__ import annotations

from typing import Final

from msgspec import Struct

from runbook.describe import group_name
from runbook.i18n import Lang, Msg
from runbook.punctuation import colon, paren
from runbook.roster import Contact, Resource, StepRoster, Vendor

CONTACTS: Final = Msg("Contacts of {group}, in duty order", "{group}联系人（按值班顺序）")
VENDORS: Final = Msg("Vendors", "外包服务提供商")
RESOURCES: Final = Msg("Emergency resources and suppliers", "应急资源及供应商")
PHONE: Final = Msg("tel.", "电话")
EMAIL: Final = Msg("email", "邮箱")
CONTRACT: Final = Msg("contract", "合同")
SLA: Final = Msg("SLA", "服务水平协议")
SUPPLIER: Final = Msg("supplier", "供应商")
SEP: Final = " · "


class Section(Struct, frozen=True):
    heading: str
    lines: tuple[str, ...]  # an entry's contacts follow it, indented by two spaces


def sections(view: StepRoster, lang: Lang) -> list[Section]:
    """What a step shows of the roster; empty lists are left out."""
    found = []
    if view.contacts:
        found.append(Section(
            CONTACTS.format(group=group_name(view.group, lang))(lang),
            tuple(f"{n}. {contact_line(c, lang)}" for n, c in enumerate(view.contacts, 1))))
    if view.vendors:
        found.append(Section(VENDORS(lang), tuple(
            line for v in view.vendors for line in _entry(vendor_line(v, lang), v.contacts,
                                                          lang))))
    if view.resources:
        found.append(Section(RESOURCES(lang), tuple(
            line for r in view.resources for line in _entry(resource_line(r, lang), r.contacts,
                                                            lang))))
    return found


def contact_line(contact: Contact, lang: Lang) -> str:
    """`王强（值班经理） · 电话 +86 10 5555 0101 · 邮箱 w@example.com`."""
    head = contact.name + (paren(contact.role, lang) if contact.role else "")
    parts = [head]
    if contact.phone:
        parts.append(f"{PHONE(lang)} {contact.phone}")
    if contact.email:
        parts.append(f"{EMAIL(lang)} {contact.email}")
    if contact.note:
        parts.append(contact.note)
    return SEP.join(parts)


def vendor_line(vendor: Vendor, lang: Lang) -> str:
    parts = [vendor.name + (paren(vendor.service, lang) if vendor.service else "")]
    if vendor.contract:
        parts.append(colon(CONTRACT(lang), vendor.contract, lang))
    if vendor.sla:
        parts.append(colon(SLA(lang), vendor.sla, lang))
    if vendor.note:
        parts.append(vendor.note)
    return SEP.join(parts)


def resource_line(resource: Resource, lang: Lang) -> str:
    parts = [resource.name]
    if resource.supplier:
        parts.append(colon(SUPPLIER(lang), resource.supplier, lang))
    if resource.contract:
        parts.append(colon(CONTRACT(lang), resource.contract, lang))
    if resource.note:
        parts.append(resource.note)
    return SEP.join(parts)


def _entry(head: str, contacts: tuple[Contact, ...], lang: Lang) -> list[str]:
    return [head, *(f"  {contact_line(c, lang)}" for c in contacts)]
