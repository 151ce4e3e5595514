"""Two sites exchange events through a real JetStream server on loopback."""

from __future__ import annotations

import asyncio

import nats
import pytest
from nats.js import JetStreamContext
from nats.js.errors import APIError
from natskit import NatsServer, SiteThread, subject_count, wait_until, with_js

from runbook.clock import SystemClock
from runbook.errors import UsageError
from sync import stream
from sync.errors import StreamMisconfigured
from sync.link import Link
from sync.memory import MemoryLocal, make
from sync.publisher import Publisher, SubjectState
from sync.runner import run
from sync.subjects import STREAM, check_site, subject
from sync.wire import GENESIS, Wire


def converged(*sites: MemoryLocal) -> bool:
    first = sites[0].event_set()
    return all(site.event_set() == first for site in sites[1:])


def test_two_sites_receive_each_others_events(nats_server: NatsServer) -> None:
    a, b = MemoryLocal("hq"), MemoryLocal("dc")
    for n in range(3):
        a.append("INC-1", {"step": f"a{n}"})
        b.append("INC-1", {"step": f"b{n}"})
    ta = SiteThread(a, nats_server.url, "hq").start()
    tb = SiteThread(b, nats_server.url, "dc").start()
    try:
        wait_until(lambda: len(a.event_set()) == 6 and converged(a, b), "both hold all six")
        b.append("INC-2", {"step": "later"})
        wait_until(lambda: converged(a, b) and len(a.event_set()) == 7, "a new incident too")
        wait_until(lambda: ta.link.view().up, "the link shows up")
        peers = {p.site: p for p in ta.link.view().peers}
        assert peers["dc"].last is not None and peers["dc"].last.incident in ("INC-1", "INC-2")
        wait_until(lambda: {p.site: p.lag for p in ta.link.view().peers} == {"dc": 0},
                   "no lag behind dc")
    finally:
        ta.stop()
        tb.stop()
    assert a.refused == [] and b.refused == []
    assert a.chains[("INC-1", "dc")] == b.chains[("INC-1", "dc")]


def test_a_republish_after_restart_is_a_duplicate_not_a_second_copy(
        nats_server: NatsServer) -> None:
    a = MemoryLocal("hq")
    for n in range(3):
        a.append("INC-1", {"n": n})

    async def job(js: JetStreamContext) -> tuple[int, bool, Link]:
        link = Link(SystemClock())
        published = await Publisher(js, a, "hq", link).publish_pending()
        wire = a.chains[("INC-1", "hq")][2]
        # The same message again (a publish whose acknowledgement was lost, re-sent).
        ack = await js.publish(subject("INC-1", "hq"), wire.to_bytes(),
                               headers={"Nats-Msg-Id": wire.hash})
        # A publisher restarted with what it knew before event 3 went out.
        restarted = Publisher(js, a, "hq", link)
        before = SubjectState(stream_seq=2, count=2, head_hash=wire.prev_hash)
        assert await restarted.publish(wire, before)
        again = await Publisher(js, a, "hq", link).publish_pending()
        return published + again, bool(ack.duplicate), link

    published, duplicate, link = with_js(nats_server.url, job)
    assert published == 3
    assert duplicate
    assert link.view().reports == ()
    assert subject_count(nats_server.url, subject("INC-1", "hq")) == 3


def test_a_stale_writer_is_refused_and_reported(nats_server: NatsServer) -> None:
    a = MemoryLocal("hq")
    a.append("INC-1", {"n": 0})

    async def job(js: JetStreamContext) -> Link:
        link = Link(SystemClock())
        stale = Publisher(js, a, "hq", link)
        await stale.resume_all()
        # Meanwhile a second store that calls itself hq (a copy restored elsewhere, a
        # second process) publishes its own first event.
        twin = MemoryLocal("hq")
        twin.append("INC-1", {"n": "the twin's"})
        assert await Publisher(js, twin, "hq", Link(SystemClock())).publish_pending() == 1
        assert await stale.publish_pending() == 0
        assert await stale.publish_pending() == 0  # blocked: not retried blindly
        return link

    link = with_js(nats_server.url, job)
    reports = link.view().reports
    assert len(reports) == 1
    assert "refused publishing event 1 of incident INC-1" in reports[0].message.en
    assert "发布事件 INC-1 第 1 条被拒绝" in reports[0].message.zh
    assert subject_count(nats_server.url, subject("INC-1", "hq")) == 1


def test_a_forked_local_chain_is_not_published(nats_server: NatsServer) -> None:
    a = MemoryLocal("hq")
    a.append("INC-1", {"n": 0})
    other = MemoryLocal("hq")
    other.append("INC-1", {"n": "different"})
    other.append("INC-1", {"n": 1})

    async def job(js: JetStreamContext) -> Link:
        await Publisher(js, a, "hq", Link(SystemClock())).publish_pending()
        link = Link(SystemClock())
        assert await Publisher(js, other, "hq", link).publish_pending() == 0
        return link

    link = with_js(nats_server.url, job)
    assert "(a fork)" in link.view().reports[0].message.en
    assert subject_count(nats_server.url, subject("INC-1", "hq")) == 1


def test_a_store_emptied_and_written_to_does_not_fork_its_subject(
        nats_server: NatsServer) -> None:
    a = MemoryLocal("hq")
    a.append("INC-1", {"n": 0})
    a.append("INC-1", {"n": 1})
    emptied = MemoryLocal("hq")  # the same site, its database lost, recording again
    emptied.append("INC-1", {"n": "new start"})

    async def job(js: JetStreamContext) -> Link:
        await Publisher(js, a, "hq", Link(SystemClock())).publish_pending()
        link = Link(SystemClock())
        publisher = Publisher(js, emptied, "hq", link)
        assert await publisher.publish_pending() == 0  # the stream is ahead: nothing to send
        emptied.append("INC-1", {"n": "more"})
        emptied.append("INC-1", {"n": "and more"})  # seq 3, not linked to the stream's seq 2
        assert await publisher.publish_pending() == 0
        return link

    link = with_js(nats_server.url, job)
    assert ["(a fork)" in r.message.en for r in link.view().reports] == [True]
    assert subject_count(nats_server.url, subject("INC-1", "hq")) == 2


def test_a_store_restored_from_an_older_copy_gets_what_it_lacks(
        nats_server: NatsServer) -> None:
    a, b = MemoryLocal("hq"), MemoryLocal("dc")
    for n in range(6):
        a.append("INC-1", {"n": n})
    ta = SiteThread(a, nats_server.url, "hq").start()
    tb = SiteThread(b, nats_server.url, "dc").start()
    try:
        wait_until(lambda: converged(a, b) and len(b.event_set()) == 6, "first exchange")
        tb.stop()
        older = MemoryLocal("dc")
        for wire in b.chains[("INC-1", "hq")][:2]:  # yesterday's backup
            older.receive(wire)
        b = older
        tb = SiteThread(b, nats_server.url, "dc").start()
        wait_until(lambda: converged(a, b) and len(b.event_set()) == 6, "the rest again")
    finally:
        ta.stop()
        tb.stop()
    assert b.refused == []


def test_sites_keep_recording_apart_and_converge_when_the_server_returns(
        nats_server: NatsServer) -> None:
    a, b = MemoryLocal("hq"), MemoryLocal("dc")
    a.append("INC-1", {"n": "a0"})
    ta = SiteThread(a, nats_server.url, "hq").start()
    tb = SiteThread(b, nats_server.url, "dc").start()
    try:
        wait_until(lambda: converged(a, b) and len(b.event_set()) == 1, "first event across")
        nats_server.stop()
        wait_until(lambda: not ta.link.view().up and not tb.link.view().up, "both see it down")
        assert ta.link.view().last_error is not None
        # It keeps trying by itself (with backoff), rather than hanging in one attempt.
        wait_until(lambda: ta.link.view().failures >= 3, "retries while the server is down")
        for n in range(1, 6):
            a.append("INC-1", {"n": f"a{n}"})
            b.append("INC-1", {"n": f"b{n}"})
        assert len(a.event_set()) == 6 and len(b.event_set()) == 6  # own five + a0
        nats_server.start()
        wait_until(lambda: converged(a, b) and len(a.event_set()) == 11, "both converge")
    finally:
        ta.stop()
        tb.stop()
    assert a.refused == [] and b.refused == []


def tampered(wire: Wire, **changes: object) -> Wire:
    fields = {"incident": wire.incident, "origin": wire.origin, "seq": wire.seq,
              "prev_hash": wire.prev_hash, "hash": wire.hash, "content": wire.content}
    fields.update(changes)
    return Wire(**fields)  # type: ignore[arg-type]


def test_an_event_altered_in_transit_is_refused_and_reported(nats_server: NatsServer) -> None:
    b = MemoryLocal("dc")
    good = make("INC-1", "hq", 1, GENESIS, {"n": 0})
    second = make("INC-1", "hq", 2, good.hash, {"n": 1})
    forged = [
        tampered(second, content={"n": "changed"}),  # bad hash
        make("INC-1", "hq", 2, "f" * 64, {"n": 1}),  # right hash, broken link
    ]

    async def job(js: JetStreamContext) -> None:
        name = subject("INC-1", "hq")
        await js.publish(name, good.to_bytes())
        for wire in forged:
            await js.publish(name, wire.to_bytes())
        await js.publish(name, b"not json")

    with_js(nats_server.url, job)
    tb = SiteThread(b, nats_server.url, "dc").start()
    try:
        wait_until(lambda: len(tb.link.view().reports) == 3, "three refusals reported")
    finally:
        tb.stop()
    assert b.event_set() == {good.hash}
    texts = [r.message.en for r in tb.link.view().reports]
    assert "does not match its hash" in texts[0]
    assert "does not link to the previous event" in texts[1]
    assert "is not a runbook event" in texts[2]


def test_a_site_with_an_emptied_store_fetches_everything_again(nats_server: NatsServer) -> None:
    a, b = MemoryLocal("hq"), MemoryLocal("dc")
    for n in range(4):
        a.append(f"INC-{n % 2}", {"n": n})
        b.append("INC-0", {"n": n})
    ta = SiteThread(a, nats_server.url, "hq").start()
    tb = SiteThread(b, nats_server.url, "dc").start()
    try:
        wait_until(lambda: converged(a, b) and len(a.event_set()) == 8, "first exchange")
        tb.stop()
        before = b.event_set()
        b = MemoryLocal("dc")  # the database is gone; the durable consumer is not
        tb = SiteThread(b, nats_server.url, "dc").start()
        wait_until(lambda: b.event_set() == before, "everything back, its own chain too")
        b.append("INC-0", {"n": "after"})
        wait_until(lambda: converged(a, b) and len(a.event_set()) == 9, "and goes on")
    finally:
        ta.stop()
        tb.stop()
    assert b.refused == []


def test_the_stream_refuses_deletes_and_purges(nats_server: NatsServer) -> None:
    a = MemoryLocal("hq")
    a.append("INC-1", {"n": 0})

    async def job(js: JetStreamContext) -> list[int | None]:
        await Publisher(js, a, "hq", Link(SystemClock())).publish_pending()
        codes = []
        for attempt in (lambda: js.delete_msg(STREAM, 1), lambda: js.purge_stream(STREAM)):
            with pytest.raises(APIError) as refused:
                await attempt()
            codes.append(refused.value.err_code)
        return codes

    codes = with_js(nats_server.url, job)
    assert codes == [10057, 10110]  # "message delete not permitted", "purge not permitted"
    assert subject_count(nats_server.url, subject("INC-1", "hq")) == 1


def test_a_stream_that_allows_deletes_is_not_used(nats_server: NatsServer) -> None:
    async def job() -> None:
        nc = await nats.connect(nats_server.url)
        try:
            js = nc.jetstream()
            await js.add_stream(stream.config().evolve(deny_delete=False))
            with pytest.raises(StreamMisconfigured) as refused:
                await stream.ensure(js)
            assert "deletes allowed" in refused.value.message.en
            assert "未发布任何内容" in refused.value.message.zh
        finally:
            await nc.close()
    asyncio.run(job())


@pytest.mark.parametrize("name", ["", "dc.1", "dc 1", "*", ">", "x" * 33])
def test_a_bad_site_name_is_a_clear_usage_error(name: str) -> None:
    with pytest.raises(UsageError) as refused:
        check_site(name)
    assert "--site NAME" in refused.value.message.en
    assert "站点名" in refused.value.message.zh


def test_run_refuses_a_bad_site_name_before_connecting() -> None:
    with pytest.raises(UsageError) as refused:
        asyncio.run(run(MemoryLocal("dc.1"), "nats://127.0.0.1:1", "dc.1"))
    assert "'.'" in refused.value.message.en
