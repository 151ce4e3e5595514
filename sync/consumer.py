"""Receiving: one durable pull consumer per site over every runbook subject.

The consumer reads `runbook.>` (NATS has no "all but mine" filter, and the site list is open):
other sites' events are handed to the local side to check and store; the site's own events
come too, and are duplicates unless the site lost its store, which then gets its own chain
back instead of starting a fork. A message is acknowledged only after the local side stored
it, already held it, or definitively refused it; anything unacknowledged is delivered again.

Where the durable starts at each (re)connection, so nothing is skipped or reordered:
- no durable yet: from the stream's first message;
- messages left unacknowledged by a crashed process: the durable is recreated from just
  after its acknowledgement floor (they come again, in order, instead of after `ack_wait`
  and behind newer ones);
- the local side holds fewer events than the stream minus what the durable still has to
  deliver (an emptied or restored store), or it answered `Missing`: recreated from the
  first message. Re-reading is safe: every event already held is a duplicate.
"""

from __future__ import annotations

from collections.abc import Mapping

from nats.aio.msg import Msg as NatsMsg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError

from runbook.i18n import Msg
from sync.link import Link
from sync.local import Accepted, Local, Missing, Refused
from sync.subjects import ALL, STREAM, durable, parse
from sync.wire import WireError, from_bytes

NOT_AN_EVENT = Msg(
    en="a message on {subject} is not a runbook event ({reason}); it was refused and not stored",
    zh="主题 {subject} 上的一条消息不是 runbook 记录（{reason}）；已拒收，未存储",
)
MISROUTED = Msg(
    en="a message on {subject} says it is event {seq} of site {origin} in incident {incident}: "
    "the subject and the event disagree; it was refused and not stored",
    zh="主题 {subject} 上的一条消息自称是事件 {incident} 中站点 {origin} 的第 {seq} 条："
    "主题与记录不符；已拒收，未存储",
)
REFUSED = Msg(en="refused an event on {subject}: {reason}; nothing was stored",
              zh="拒收主题 {subject} 上的一条记录：{reason}；未存储任何内容")

ACK_WAIT_S = 30.0


def shortfall(counts: Mapping[str, int], local: Local) -> int:
    """Events the stream holds (per subject `counts`) that the local side does not."""
    heads = local.heads()
    missing = 0
    for name, count in counts.items():
        key = parse(name)
        if key is not None:
            missing += max(0, count - heads.get(key, (0, ""))[0])
    return missing


async def subject_counts(js: JetStreamContext) -> dict[str, int]:
    info = await js.stream_info(STREAM, subjects_filter=ALL)
    return dict(info.state.subjects or {})


async def open_durable(js: JetStreamContext, site: str, local: Local,
                       resync: bool) -> JetStreamContext.PullSubscription:
    name = durable(site)
    start: int | None = None  # None: keep the durable as it is
    try:
        info = await js.consumer_info(STREAM, name)
    except NotFoundError:
        start = 1
    else:
        behind = shortfall(await subject_counts(js), local)
        if resync or behind > (info.num_pending or 0) + (info.num_ack_pending or 0):
            start = 1
        elif info.num_ack_pending:
            start = (info.ack_floor.stream_seq if info.ack_floor else 0) + 1
        if start is not None:
            await js.delete_consumer(STREAM, name)
    if start is not None:
        await js.add_consumer(STREAM, ConsumerConfig(
            durable_name=name,
            deliver_policy=DeliverPolicy.BY_START_SEQUENCE if start > 1 else DeliverPolicy.ALL,
            opt_start_seq=start if start > 1 else None,
            ack_policy=AckPolicy.EXPLICIT,
            ack_wait=ACK_WAIT_S,
            max_deliver=-1,
            filter_subject=ALL,
        ))
    return await js.pull_subscribe_bind(durable=name, stream=STREAM)


async def handle(msg: NatsMsg, site: str, local: Local, link: Link) -> bool:
    """Give one message to the local side and acknowledge it when that is settled; False when
    the local side lacks earlier events (not acknowledged: the caller re-reads the stream)."""
    where = parse(msg.subject)
    try:
        wire = from_bytes(msg.data)
    except WireError as error:
        link.report(msg.subject, NOT_AN_EVENT.format(subject=msg.subject, reason=str(error)))
        await msg.ack()
        return True
    if where != (wire.incident, wire.origin):
        link.report(msg.subject, MISROUTED.format(subject=msg.subject, seq=wire.seq,
                                                  origin=wire.origin, incident=wire.incident))
        await msg.ack()
        return True
    outcome = local.receive(wire)
    if isinstance(outcome, Missing):
        return False
    if isinstance(outcome, Refused):
        link.report(msg.subject, REFUSED.format(subject=msg.subject, reason=outcome.reason))
    elif isinstance(outcome, Accepted) and wire.origin != site:
        link.seen(wire.incident, wire.origin, wire.seq, wire.hash)
    await msg.ack()
    return True
