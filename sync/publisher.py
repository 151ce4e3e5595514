"""Publishing one site's own events, in order, so the stream never holds a duplicate or a fork.

Each message carries `Nats-Msg-Id` = the event hash (a re-send of the same message is
dropped by the server as a duplicate within the duplicate window) and
`Nats-Expected-Last-Subject-Sequence` = the stream sequence of the last message this site
knows on its subject (0 for none). JetStream numbers messages per stream, not per subject, so
this is the stream sequence of the subject's last message, not a count. The server checks it
before the message id: a writer whose idea of the subject is stale is refused with error
10071. If the subject's last message is then the very event it sent (a publish whose
acknowledgement was lost), the event is in, once; otherwise (another process for the same
site, a store restored from an older copy) it is reported and that subject is not published
again until sync restarts: never retried blindly.
After every (re)connection the publisher first asks the stream for the subject's last message
and resumes after it.
"""

from __future__ import annotations

from msgspec import Struct
from nats.js import JetStreamContext
from nats.js.errors import APIError, NotFoundError

from runbook.i18n import Msg
from sync.link import Link
from sync.local import Local
from sync.subjects import STREAM, subject
from sync.wire import GENESIS, Wire, WireError, from_bytes

WRONG_LAST_SEQUENCE = 10071
NO_MESSAGE = 10037

STALE = Msg(
    en="site {site} was refused publishing event {seq} of incident {incident}: the stream "
    "already holds later events of this site that this process did not write (another sync "
    "process for the same site, or a store restored from an older copy). Nothing was "
    "published; stop the other process or restore the newest store, then restart sync.",
    zh="站点 {site} 发布事件 {incident} 第 {seq} 条被拒绝：流中已有本站点的更新记录，"
    "并非本进程写入（同一站点另有同步进程，或本地库由旧副本恢复）。未发布任何内容；"
    "请停止另一进程或恢复最新的本地库，然后重启同步。",
)
FORKED = Msg(
    en="site {site}, incident {incident}: this store's event {seq} differs from the one the "
    "stream already holds from this site (a fork). Nothing more is published for it; keep "
    "both copies and compare them with `runbook verify`.",
    zh="站点 {site}，事件 {incident}：本地库第 {seq} 条与流中本站点已有的同号记录不同（分叉）。"
    "该事件不再发布；请保留两份副本并用 `runbook verify` 比对。",
)
UNREADABLE_LAST = Msg(
    en="site {site}, incident {incident}: the stream's last message on this site's subject "
    "is not a runbook event ({reason}); nothing more is published for it",
    zh="站点 {site}，事件 {incident}：流中本站点主题的最后一条消息不是 runbook 记录（{reason}）；"
    "该事件不再发布",
)


class SubjectState(Struct):
    stream_seq: int  # stream sequence of the subject's last message (0: none)
    count: int  # how many of this site's events of the incident the stream holds
    head_hash: str = GENESIS  # the hash of the last of them
    blocked: bool = False


class Publisher:
    def __init__(self, js: JetStreamContext, local: Local, site: str, link: Link) -> None:
        self.js, self.local, self.site, self.link = js, local, site, link
        self.subjects: dict[str, SubjectState] = {}

    async def resume(self, incident: str, report: bool = True) -> SubjectState:
        """Where the stream stands on this site's subject of `incident`, checked against the
        local chain (a local chain that disagrees with the stream is a fork: reported)."""
        name = subject(incident, self.site)
        try:
            last = await self.js.get_last_msg(STREAM, name)
        except NotFoundError:
            return SubjectState(0, 0)
        try:
            wire = from_bytes(last.data or b"")
        except WireError as error:
            if report:
                self.link.report(name, UNREADABLE_LAST.format(
                    site=self.site, incident=incident, reason=str(error)))
            return SubjectState(last.seq or 0, 0, blocked=True)
        state = SubjectState(last.seq or 0, wire.seq, wire.hash)
        held = self.local.own_events_after(incident, self.site, wire.seq - 1)
        if held and held[0].hash != wire.hash:
            if report:
                    self.link.report(name, FORKED.format(site=self.site, incident=incident,
                                                     seq=wire.seq))
            state.blocked = True
        return state

    async def publish(self, wire: Wire, state: SubjectState) -> bool:
        """Publish one event after `state`; True if the stream now holds it."""
        name = subject(wire.incident, wire.origin)
        if wire.seq != state.count + 1 or wire.prev_hash != state.head_hash:
            # The local chain does not continue the one in the stream (a store emptied and
            # written to before it got its chain back): publishing would fork the subject.
            self.link.report(name, FORKED.format(site=self.site, incident=wire.incident,
                                                 seq=wire.seq))
            state.blocked = True
            return False
        headers = {
            "Nats-Msg-Id": wire.hash,
            "Nats-Expected-Last-Subject-Sequence": str(state.stream_seq),
        }
        try:
            ack = await self.js.publish(name, wire.to_bytes(), stream=STREAM, headers=headers)
        except APIError as error:
            if error.err_code != WRONG_LAST_SEQUENCE:
                raise
            # The server checks the expected sequence before the message id, so a publish
            # that landed but whose acknowledgement was lost comes back as 10071 too: if the
            # subject's last message is this very event, it is in, once.
            now = await self.resume(wire.incident, report=False)
            if not now.blocked and now.count >= wire.seq:
                state.stream_seq, state.count = now.stream_seq, now.count
                state.head_hash = now.head_hash
                return True
            self.link.report(name, STALE.format(site=self.site, incident=wire.incident,
                                                seq=wire.seq))
            state.blocked = True
            return False
        state.stream_seq = max(state.stream_seq, ack.seq)
        state.count, state.head_hash = wire.seq, wire.hash
        return True

    async def resume_all(self) -> None:
        """Learn where the stream stands on every incident the site holds."""
        for incident in self.local.incidents():
            if incident not in self.subjects:
                self.subjects[incident] = await self.resume(incident)

    async def publish_pending(self) -> int:
        """Publish every own event not yet in the stream; how many were published."""
        published = 0
        for incident in self.local.incidents():
            state = self.subjects.get(incident)
            if state is None:
                state = self.subjects[incident] = await self.resume(incident)
            if state.blocked:
                continue
            for wire in self.local.own_events_after(incident, self.site, state.count):
                if wire.seq <= state.count:  # found in the stream meanwhile
                    continue
                if not await self.publish(wire, state):
                    break
                published += 1
        return published
