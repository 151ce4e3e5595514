"""The contact lists of a printed checklist: one per group, from the institution's roster
when one is given, else lines to fill in by hand.

The roster (contact list per group, duty order) is the institution's own data, read from
its playbooks folder (`runbook.roster`, `Library.roster`); an empty one is as none.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from runbook.i18n import Lang, Msg
from runbook.roster import Roster
from runbook.summary.document import Block, Heading, Para, Table, text
from runbook.vocabulary import group

BLANK_ROWS: Final = 4  # lines to fill in by hand for a group the roster does not cover
HEADERS: Final = (Msg("Order", "顺序"), Msg("Name", "姓名"), Msg("Role", "职务"),
                  Msg("Phone", "电话"), Msg("Alternate contact", "备用联系方式"))


def contacts(groups: Sequence[str], lang: Lang, roster: Roster | None = None) -> list[Block]:
    """A heading and, for each group, its contacts as the roster lists them, or blank
    lines to fill in by hand (marked so, where the roster is missing or silent)."""
    if roster is not None and roster.empty:
        roster = None
    heading = Msg("Contacts", "联络人") if roster is not None else Msg(
        "Contacts (fill in by hand)", "联络人（手工填写）")
    blocks: list[Block] = [Heading(2, heading(lang), "contacts")]
    if roster is None:
        blocks.append(Para(text(Msg(
            "No roster was given: fill in each group's contacts by hand, in duty order, "
            "before the checklist goes into the binder.",
            "未提供联络名册：请在检查单放入文件夹前，按值班顺序手工填写各小组的联络人。")(lang))))
    for group_id in groups:
        listed = roster.group(group_id) if roster is not None else ()
        blocks.append(Heading(3, group(group_id).name(lang), f"contacts-{group_id}"))
        if roster is not None and not listed:
            blocks.append(Para(text(Msg("Not in the roster: fill in by hand.",
                                        "名册中没有该小组：请手工填写。")(lang))))
        rows = tuple((text(str(n)), text(c.name), text(c.role), text(c.phone),
                      text(" · ".join(x for x in (c.email, c.note) if x)))
                     for n, c in enumerate(listed, start=1))
        if not listed:
            rows = tuple((text(str(n)), text(""), text(""), text(""), text(""))
                         for n in range(1, BLANK_ROWS + 1))
        blocks.append(Table(tuple(h(lang) for h in HEADERS), rows, "contacts"))
    return blocks
