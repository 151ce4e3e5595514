"""Checking the hash chains: was anything altered, removed, inserted or reordered?

Each incident's events must run seq 1, 2, 3 ... with every hash matching the event's
canonical content and every prev_hash naming the hash before it. The first event that
breaks this is reported, with a diagnosis of what most plausibly happened to it.

A chain cannot tell that its newest events were cut off: for that the caller passes the
head hash and event count noted earlier (printed by the export). Events appended after
that note are legitimate and do not count as a problem.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Literal

from msgspec import Struct, field
from msgspec.structs import replace

from runbook.chain import GENESIS, event_hash
from runbook.checkpoints import Seals, check
from runbook.errors import RunbookError, UnreadableEvent
from runbook.events import Event
from runbook.i18n import Msg
from runbook.readable import unreadable
from runbook.signed_note import Verifier
from runbook.sites import chain_name
from store.codec import (
    HASH_AT,
    ORIGIN_AT,
    ORIGIN_SEQ_AT,
    PREV_HASH_AT,
    SEQ_AT,
    Row,
    from_row,
    is_canonical,
)
from store.eventstore import Head
from store.schema import keeps_versions, select_columns

What = Literal["altered", "removed", "inserted", "reordered", "unreadable"]

ALTERED = Msg(
    en="Incident {incident}, record {seq}: its content does not match its hash; it was "
    "changed after it was recorded.",
    zh="事件 {incident} 第 {seq} 条记录：内容与哈希不符，记录后被改动过。",
)
REMOVED = Msg(
    en="Incident {incident}: record {seq} is missing; it was removed.",
    zh="事件 {incident}：第 {seq} 条记录缺失，已被删除。",
)
INSERTED = Msg(
    en="Incident {incident}, record {seq}: it does not link to the record before it; "
    "records were inserted (or removed) here.",
    zh="事件 {incident} 第 {seq} 条记录：与前一条记录的链接不符，此处有记录被插入（或删除）。",
)
REORDERED = Msg(
    en="Incident {incident}, record {seq}: it is intact but belongs at position {original}; "
    "records were reordered.",
    zh="事件 {incident} 第 {seq} 条记录：内容完好，但原本是第 {original} 条，记录顺序被调换过。",
)
REORDERED_LATER = Msg(
    en="Incident {incident}, record {seq}: it links to a later record; records were reordered.",
    zh="事件 {incident} 第 {seq} 条记录：它链接到后面的记录，记录顺序被调换过。",
)
TRUNCATED = Msg(
    en="Incident {incident}: the record ends at {count} events but {expected} were noted; "
    "the newest records were removed.",
    zh="事件 {incident}：记录只有 {count} 条，但之前记下的是 {expected} 条，最新的记录已被删除。",
)
HEAD_MISSING = Msg(
    en="Incident {incident}: the noted head hash {head} is not in the record; the newest "
    "records were removed or the chain was rewritten.",
    zh="事件 {incident}：记下的链头哈希 {head} 不在记录中，最新的记录已被删除或哈希链被重写。",
)
HEAD_DIFFERS = Msg(
    en="Incident {incident}, record {seq}: its hash is not the noted head hash {head}; the "
    "chain was rewritten.",
    zh="事件 {incident} 第 {seq} 条记录：其哈希不是记下的链头哈希 {head}，哈希链被重写过。",
)
ALL_GOOD = Msg(
    en="{incidents} incident(s), {events} record(s); every hash chain is intact.",
    zh="共 {incidents} 个事件、{events} 条记录；所有哈希链完好。",
)
SEALED = Msg(
    en="Incident {incident}: {checkpoints} signed checkpoint(s) match the chain; the last "
    "seals records 1–{sealed}.",
    zh="事件 {incident}：{checkpoints} 个签名检查点与哈希链相符；"
    "最后一个封存第 1–{sealed} 条记录。",
)
NOT_YET_SEALED = Msg(
    en="Incident {incident}: {count} record(s) after #{sealed} not yet sealed by a signed "
    "checkpoint (the next one seals them).",
    zh="事件 {incident}：第 {sealed} 条之后的 {count} 条记录尚未由签名检查点封存"
    "（下一个检查点会封存）。",
)
MISSED = Msg(
    en="Incident {incident}: {count} of them should have been sealed when recorded (a "
    "declaration, level change, stand-down, sign-off or close): signing was unavailable "
    "then (`runbook keys show` on that machine), or their checkpoints were removed.",
    zh="事件 {incident}：其中 {count} 条在记录时就应封存（宣布、级别变更、应急结束、签署或关闭）："
    "当时无法签名（请在该机器上执行 `runbook keys show`），或其检查点已被删除。",
)
VERSION_ALTERED = Msg(
    "The kept version {version} of the plan no longer matches its digest: it was changed "
    "in the file. Incidents declared with it play the playbooks in force instead; restore "
    "the database from a backup to play it as declared.",
    "保存的预案版本 {version} 与其摘要不符：文件中的内容已被改动。以该版本宣布的事件改按"
    "现行剧本执行；如需按宣布时的版本执行，请从备份恢复数据库。")
NOT_CHECKED = Msg(
    en="Signed checkpoints not checked: no allowed-signers file (`allowed-signers` in the "
    "playbooks folder, or --signers FILE). The hash chain alone does not show a file "
    "rewritten with every hash recomputed.",
    zh="未检查签名检查点：没有允许签名人文件（播放手册文件夹中的 `allowed-signers`，或 --signers "
    "文件）。仅凭哈希链无法发现重新计算全部哈希后被改写的文件。",
)
ORIGINS = Msg(
    en="Incident {incident} holds the records of {count} site(s): {chains}.",
    zh="事件 {incident} 含 {count} 个站点的记录：{chains}。",
)
CHAIN = Msg(en="{site} {records} record(s), head {head}", zh="{site} {records} 条，链头 {head}")
OWN_SITE = Msg(en="(no site)", zh="（未设站点）")
LOCAL_GAP = Msg(
    en="Incident {incident}: this store's record #{seq} is missing; it was removed.",
    zh="事件 {incident}：本库第 {seq} 条记录缺失，已被删除。",
)
NEEDS_INCIDENT = Msg(
    en="A noted head hash or event count belongs to one incident: name the incident.",
    zh="记下的链头哈希或记录数只属于一个事件：请指明事件编号。",
)


class Problem(Struct, frozen=True):
    """The first event at which an incident's chain breaks."""

    incident_id: str
    seq: int
    what: What
    message: Msg


class VerifyReport(Struct, frozen=True):
    """`ok` and `problem` are about the hash chains: was anything altered, removed,
    inserted or reordered. `unreadable` is the first event, in an intact chain, that the
    core cannot interpret (`runbook.readable`): not tampering, but the incident cannot be
    played or summarised."""

    ok: bool
    incidents: int
    events: int
    heads: Mapping[str, str] = field(default_factory=dict)
    counts: Mapping[str, int] = field(default_factory=dict)
    problem: Problem | None = None
    unreadable: Problem | None = None
    # Checked against allowed signers (None: no signers given, checkpoints not checked):
    # each intact incident's checkpoints, and the first that fails.
    seals: Mapping[str, Seals] | None = None
    unsealed: Problem | None = None
    # Kept versions of the plan (`plan_versions`) that do not hash to their digest.
    altered_versions: tuple[str, ...] = ()
    # Per incident, per origin ("" for a store's own events with no site): its chain's
    # length and head hash.
    origins: Mapping[str, Mapping[str, Head]] = field(default_factory=dict)

    @property
    def sound(self) -> bool:
        """Intact and interpretable throughout, and every checkpoint signed and matching."""
        return (self.ok and self.unreadable is None and self.unsealed is None
                and not self.altered_versions)

    @property
    def message(self) -> Msg:
        if self.problem is not None:
            return self.problem.message
        if self.unsealed is not None:
            return self.unsealed.message
        lines = [ALL_GOOD.format(events=self.events, incidents=self.incidents)]
        if self.unreadable is not None:
            lines.append(self.unreadable.message)
        for digest in self.altered_versions:
            lines.append(VERSION_ALTERED.format(version=digest[:12]))
        for incident_id, chains in self.origins.items():
            if len(chains) > 1 or any(chains):
                lines.append(origins_line(incident_id, chains))
        if self.seals is None:
            lines.append(NOT_CHECKED)
        for seals in (self.seals or {}).values():
            where = {"incident": seals.incident_id, "sealed": seals.sealed}
            if seals.checkpoints:
                lines.append(SEALED.format(checkpoints=seals.checkpoints, **where))
            if seals.unsealed:
                lines.append(NOT_YET_SEALED.format(count=seals.unsealed, **where))
            if seals.missed:
                lines.append(MISSED.format(count=seals.missed, incident=seals.incident_id))
        message = lines[0]
        for line in lines[1:]:
            message = message + Msg("\n", "\n") + line
        return message


def origins_line(incident_id: str, chains: Mapping[str, Head]) -> Msg:
    """`Incident X holds the records of 2 site(s): dc1 12 record(s), head ...; dc2 ...`."""
    joined: Msg | None = None
    for origin, head in chains.items():
        item = CHAIN.format(site=origin or OWN_SITE, records=head.count, head=head.hash[:12])
        joined = item if joined is None else joined + Msg("; ", "；") + item
    return ORIGINS.format(incident=incident_id, count=len(chains), chains=joined or Msg("", ""))


class _Link(Struct, frozen=True):
    """A stored row as the chain sees it; `event` is None if the row is not decodable
    or not in the exact form this store writes."""

    seq: int  # the place in its origin's chain (for origin "": the store's seq)
    prev_hash: str
    hash: str
    event: Event | None
    origin: str = ""
    local_seq: int = 0

    @classmethod
    def of(cls, row: Row) -> _Link:
        try:
            decoded = from_row(row)
            event = decoded if is_canonical(row, decoded) else None
        except (ValueError, TypeError, OverflowError, RunbookError):
            event = None
        origin = row[ORIGIN_AT]
        place = row[ORIGIN_SEQ_AT] if origin and row[ORIGIN_SEQ_AT] is not None else row[SEQ_AT]
        return cls(seq=place, prev_hash=row[PREV_HASH_AT], hash=row[HASH_AT], event=event,
                   origin=origin if isinstance(origin, str) else str(origin),
                   local_seq=row[SEQ_AT])

    def hashes_as(self, seq: int | None = None) -> bool:
        """Whether the stored hash matches the content, read as event `seq` of its chain
        if given."""
        if self.event is None:
            return False
        event = self.event if seq is None else replace(self.event, seq=seq, origin_seq=seq)
        return event_hash(event) == self.hash


def check_chain(
    incident_id: str,
    rows: Sequence[Row],
    *,
    expected_head: str | None = None,
    expected_count: int | None = None,
) -> Problem | None:
    """The first problem in one incident's rows (ordered by seq), or None."""
    links = [_Link.of(row) for row in rows]
    return _incident_problem(incident_id, links, _chains(links), expected_head,
                             expected_count)


def _chain_problem(
    incident_id: str,
    links: list[_Link],
    *,
    expected_head: str | None = None,
    expected_count: int | None = None,
) -> Problem | None:
    prev = GENESIS
    for index, link in enumerate(links):
        intact = link.hashes_as()
        if intact and link.seq == index + 1 and link.prev_hash == prev:
            prev = link.hash
            continue
        return _diagnose(incident_id, links, index, intact)
    return _check_tail(incident_id, links, expected_head, expected_count)


def _check_meaning(incident_id: str, links: list[_Link]) -> Problem | None:
    """An intact chain can still hold an event the core cannot interpret (an older
    version wrote it): name the first, as the fold would refuse it."""
    for link in links:
        reason = unreadable(link.event) if link.event is not None else None
        if reason is not None:
            error = UnreadableEvent(incident_id, link.seq, reason)
            return Problem(incident_id, link.seq, "unreadable", error.message)
    return None


def _diagnose(incident_id: str, links: list[_Link], index: int, intact: bool) -> Problem:
    link = links[index]
    expected = index + 1

    def problem(what: What, seq: int, message: Msg, **extra: int) -> Problem:
        return Problem(
            incident_id, seq, what, message.format(incident=incident_id, seq=seq, **extra)
        )

    if link.seq > expected:
        return problem("removed", expected, REMOVED)
    genuine = _genuine_seq(links, link)
    if not intact:
        # Perhaps the content is whole and only its place changed: then it hashes as the
        # event its own links say it is.
        if genuine is not None and genuine != link.seq and link.hashes_as(genuine):
            if genuine < expected:
                # It is the event already checked at `genuine`'s place, pushed down by
                # events inserted from there on.
                return problem("inserted", genuine, INSERTED)
            return problem("reordered", link.seq, REORDERED, original=genuine)
        if genuine is None and link.hashes_as(link.seq + 1):
            # Its predecessor is gone and the events after it were renumbered.
            return problem("removed", link.seq, REMOVED)
        return problem("altered", link.seq, ALTERED)
    if link.seq < expected:
        return problem("inserted", link.seq, INSERTED)
    # Intact and numbered right, but not linked to the event before it.
    earlier = {other.hash: position for position, other in enumerate(links[:index])}
    if link.prev_hash in earlier:
        return problem("inserted", earlier[link.prev_hash] + 2, INSERTED)
    if any(other.hash == link.prev_hash for other in links[index + 1 :]):
        return problem("reordered", link.seq, REORDERED_LATER)
    return problem("inserted", link.seq, INSERTED)


def _genuine_seq(links: list[_Link], link: _Link) -> int | None:
    """The seq the event had when written: its distance from GENESIS along prev_hash."""
    by_hash: dict[str, _Link] = {}
    for other in links:
        by_hash.setdefault(other.hash, other)
    seq, current, seen = 1, link.prev_hash, set()
    while current != GENESIS:
        found = by_hash.get(current)
        if found is None or current in seen:
            # A dangling link, or a loop only a forger could have built.
            return None
        seen.add(current)
        seq += 1
        current = found.prev_hash
    return seq


def _check_tail(
    incident_id: str,
    links: list[_Link],
    expected_head: str | None,
    expected_count: int | None,
) -> Problem | None:
    count = len(links)
    if expected_count is not None and count < expected_count:
        return Problem(
            incident_id,
            count + 1,
            "removed",
            TRUNCATED.format(incident=incident_id, count=count, expected=expected_count),
        )
    if expected_head is None:
        return None
    short = expected_head[:12]
    if expected_count is not None:
        if expected_count > 0 and links[expected_count - 1].hash != expected_head:
            return Problem(
                incident_id,
                expected_count,
                "altered",
                HEAD_DIFFERS.format(incident=incident_id, seq=expected_count, head=short),
            )
        return None
    if any(link.hash == expected_head for link in links):
        return None
    return Problem(
        incident_id,
        count + 1,
        "removed",
        HEAD_MISSING.format(incident=incident_id, head=short),
    )


def _chains(links: list[_Link]) -> dict[str, list[_Link]]:
    """An incident's links (in the store's seq order) per origin, "" first, each in its
    chain's order."""
    chains: dict[str, list[_Link]] = {}
    for link in links:
        chains.setdefault(link.origin, []).append(link)
    ordered = {origin: chains[origin] for origin in sorted(chains)}
    for origin, chain in ordered.items():
        if origin:
            chain.sort(key=lambda link: (link.seq, link.local_seq))
    return ordered


def _incident_problem(incident_id: str, links: list[_Link], chains: dict[str, list[_Link]],
                      expected_head: str | None,
                      expected_count: int | None) -> Problem | None:
    """The first problem of one incident: in one of its origins' chains, or in the store's
    own numbering (gapless from 1) when it holds more than one origin."""
    if not chains or list(chains) == [""]:
        only = chains.get("", [])
        return _chain_problem(incident_id, only, expected_head=expected_head,
                              expected_count=expected_count)
    # The first problem in the store's order: a site's record not in the form runbook
    # writes (its place or what it had seen edited away, or its origin edited in) is
    # altered where it lies; a chain's own problem lies where its record does.
    found: list[tuple[int, Problem]] = [
        (link.local_seq, Problem(incident_id, link.local_seq, "altered",
                                 ALTERED.format(incident=incident_id, seq=link.local_seq)))
        for link in links if link.origin and link.event is None][:1]
    for origin, chain in chains.items():
        problem = _chain_problem(chain_name(incident_id, origin), chain)
        if problem is not None:
            # A site's chain counts its own places: the record that showed the problem
            # (the one at that place, or the first after a gap) lies at its local seq.
            where = chain[min(problem.seq, len(chain)) - 1].local_seq if origin else problem.seq
            found.append((where, replace(problem, incident_id=incident_id)))
    if found:
        return min(found, key=lambda item: item[0])[1]
    for index, link in enumerate(links, start=1):
        if link.local_seq != index:
            return Problem(incident_id, index, "removed",
                           LOCAL_GAP.format(incident=incident_id, seq=index))
    if expected_head is None and expected_count is None:
        return None
    # Across origins the newest records are no one chain's tail: what was noted (the
    # export's head and count) is checked as far as it can be, that the head is still held
    # and that no fewer records are. Each site's own head and count (the export lists
    # them) are its chain's tail.
    if expected_count is not None and len(links) < expected_count:
        return Problem(incident_id, len(links) + 1, "removed", TRUNCATED.format(
            incident=incident_id, count=len(links), expected=expected_count))
    if expected_head is not None and not any(link.hash == expected_head for link in links):
        return Problem(incident_id, len(links) + 1, "removed",
                       HEAD_MISSING.format(incident=incident_id, head=expected_head[:12]))
    return None


def verify_database(
    conn: sqlite3.Connection,
    incident_ids: Sequence[str],
    *,
    expected_head: str | None = None,
    expected_count: int | None = None,
    verifiers: Sequence[Verifier] | None = None,
) -> VerifyReport:
    """Check each incident's chains (one per origin), one short read transaction per
    incident; with `verifiers` (the allowed signers), each intact chain's signed
    checkpoints too."""
    seals: dict[str, Seals] | None = None if verifiers is None else {}
    unsealed: Problem | None = None
    heads: dict[str, str] = {}
    counts: dict[str, int] = {}
    origins: dict[str, dict[str, Head]] = {}
    first: Problem | None = None
    unreadable: Problem | None = None
    columns = select_columns(conn)
    for incident_id in incident_ids:
        rows = conn.execute(
            f"SELECT {columns} FROM events WHERE incident_id = ? ORDER BY seq",
            (incident_id,),
        ).fetchall()
        links = [_Link.of(row) for row in rows]
        chains = _chains(links)
        found = _incident_problem(incident_id, links, chains, expected_head, expected_count)
        if rows:
            heads[incident_id] = rows[-1][HASH_AT]
            counts[incident_id] = len(rows)
            origins[incident_id] = {o: Head(len(c), c[-1].hash) for o, c in chains.items()}
        if first is None:
            first = found
        if found is None and unreadable is None:
            unreadable = _check_meaning(incident_id, links)
        if found is None and seals is not None and verifiers is not None and rows:
            for origin, chain in chains.items():
                name = chain_name(incident_id, origin)
                sealing = check(name, [link.event for link in chain if link.event], verifiers)
                seals[name] = sealing
                if unsealed is None and sealing.problem is not None:
                    unsealed = Problem(incident_id, sealing.problem.seq, "altered",
                                       sealing.problem.message)
    return VerifyReport(
        ok=first is None,
        incidents=len(heads),
        events=sum(counts.values()),
        heads=heads,
        counts=counts,
        problem=first,
        unreadable=unreadable,
        seals=seals,
        unsealed=unsealed,
        altered_versions=_altered_versions(conn),
        origins=origins,
    )


def _altered_versions(conn: sqlite3.Connection) -> tuple[str, ...]:
    """The kept versions of the plan whose body no longer hashes to the digest they are kept
    under (changed behind the triggers); none in a file from before versions were kept."""
    from runbook.versions import holds

    if not keeps_versions(conn):
        return ()
    return tuple(digest for digest, body in conn.execute(
        "SELECT digest, body FROM plan_versions ORDER BY digest") if not holds(digest, body))
