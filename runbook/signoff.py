"""Sign-off of the summary as events (ICS 214): prepared, reviewed, approved, by whom, when.

What an auditor expects, and what is refused otherwise: the three in order (reviewed after
prepared, approved after reviewed); four eyes (whoever prepared does not review or approve,
whoever reviewed does not approve); the approval names the record it approved, its chain
head and event count, which must be the record as it stands when the approval is written.
A role may be signed again (a new approval after later events), but not twice over the
same record. An export after a later event says the approval predates it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from runbook.errors import RefusedAction
from runbook.events import Event
from runbook.i18n import Msg
from runbook.incident import Incident, SignOff

ROLES: Final = ("prepared", "reviewed", "approved")
ROLE_NAMES: Final[Mapping[str, Msg]] = {
    "prepared": Msg("Prepared by", "编制人"),
    "reviewed": Msg("Reviewed by", "审核人"),
    "approved": Msg("Approved by", "批准人"),
}
ROLE_WORDS: Final[Mapping[str, Msg]] = {
    "prepared": Msg("prepared", "编制"),
    "reviewed": Msg("reviewed", "审核"),
    "approved": Msg("approved", "批准"),
}


def reads_role(value: object) -> bool:
    return type(value) is str and value in ROLES


def fold(incident: Incident, event: Event) -> None:
    p = event.payload
    role = str(p["role"])
    incident.signoffs[role] = SignOff(
        role, event.actor, event.occurred_at, event.seq, str(p.get("head", "")),
        int(p.get("events", 0)) if type(p.get("events")) is int else 0)


def check(incident: Incident, event: Event) -> None:
    role = str(event.payload["role"])
    before = ROLES[ROLES.index(role) - 1] if role != "prepared" else None
    signed = incident.signoffs
    if before is not None and before not in signed:
        raise RefusedAction(Msg(
            f"The summary cannot be {ROLE_WORDS[role].en} before it is "
            f"{ROLE_WORDS[before].en}: sign it as {before} first (runbook signoff "
            f"{incident.id} {before}).",
            f"总结报告须先{ROLE_WORDS[before].zh}，才能{ROLE_WORDS[role].zh}：请先执行 "
            f"runbook signoff {incident.id} {before}。"))
    name = event.actor.name
    for other in ROLES[:ROLES.index(role)]:
        if other in signed and signed[other].by.name == name:
            raise RefusedAction(Msg(
                f"{name} {ROLE_WORDS[other].en} this summary and cannot also sign it as "
                f"{role}: four eyes; another person signs (--by NAME).",
                f"{name} 已{ROLE_WORDS[other].zh}本总结报告，不能再{ROLE_WORDS[role].zh}："
                "须由另一人签署（--by 姓名）。"))
    last = signed.get(role)
    if last is not None and last.seq == incident.last_activity_seq:
        raise RefusedAction(Msg(
            f"The summary is already {ROLE_WORDS[role].en} (#{last.seq}) and nothing was "
            "recorded since.",
            f"总结报告已{ROLE_WORDS[role].zh}（#{last.seq}），此后没有新的记录。"))
    if role == "approved" and (event.payload.get("head") != incident.head_hash
                               or event.payload.get("events") != incident.event_count):
        raise RefusedAction(Msg(
            "The approval must name the record as it stands (its chain head and event "
            "count); something was recorded meanwhile. Export the summary again, read it, "
            "then approve.",
            "批准须对应当前记录（链头哈希和事件数）；期间已有新的记录。请重新导出并阅读总结报告"
            "后再批准。"))
