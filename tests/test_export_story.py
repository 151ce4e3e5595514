"""The incident every export test reads: a fixed event log on the mini playbook.

Times are minutes after START (2026-11-26 03:00 +08:00, a Thursday). Td is 03:00, the
warning (T0) 03:10 at level II; the level goes to I at 03:50 and back to II at 05:00; the
stand-down is at 05:50 and the incident is closed at 07:00. The export moment is fixed.
Other modules import `story` and `EXPORTED_AT` from here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from memlog import CST, START, MemLog, mini_library

from runbook.actions import Author, make_event
from runbook.events import Actor, Event
from runbook.playbook import Library

EXPORTED_AT = datetime(2026, 11, 28, 10, 0, tzinfo=CST)
LIN = Actor("lin", "office")
WANG = Actor("wang", "command")
CHEN = Actor("chen", "tech")


def m(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


def story(library: Library | None = None) -> list[Event]:
    log = MemLog(library or mini_library())

    def by(actor: Actor) -> None:
        log.author = Author(actor, log.clock)

    log.at(10)
    log.declare("II", reported_at=START)
    log.at(12)
    log.step("verify", "done")
    log.at(14)
    log.event("report_sent", to="head", text="verified; level II proposed")
    by(WANG)
    log.at(35)
    log.step("decide", "done", decision="report", note="outage likely over 2h")
    by(CHEN)
    log.at(40)
    log.step("locate", "block", note="vendor unreachable | no answer")
    log.at(45)
    log.event("vendor_contacted", text="vendor says DB failover in progress")
    by(WANG)
    log.at(50)
    log.event("level_changed", level="I", reason="full outage")
    by(CHEN)
    log.at(55)
    log.event("note", text="called the vendor's CTO\nsecond line: *urgent*", group="tech")
    log.at(60)
    log.step("locate", "start")
    by(LIN)
    log.at(70)
    log.step("update", "done")
    by(CHEN)
    log.at(101)
    log.step("repair", "done", note="switched to the standby link")
    by(LIN)
    log.at(105)
    log.step("update", "done")
    log.at(120)
    log.append(make_event(log.author, log.incident_id, "report_sent",
                          {"to": "regulator", "text": "initial brief"}, at=m(110),
                          at_reason="sent by phone, logged later"))
    by(WANG)
    log.event("level_changed", level="II", reason="partly restored")
    by(CHEN)
    log.at(140)
    log.step("locate", "done")
    log.at(145)
    log.author = Author(Actor("zhou", "risk"), log.clock)
    log.step("watch", "skip", note="vendor team watches the risks")
    by(LIN)
    log.at(150)
    log.event("shift_handed_over", to="zhao", text="night shift hands over")
    log.at(170)
    log.event("stand_down", reason="service restored")
    log.at(200)
    log.event("evaluation_recorded", section="cause",
              text="vendor database failover failed; no alert reached us")
    log.at(210)
    log.event("evaluation_recorded", section="loss", text="about 12,000 transactions delayed")
    log.at(220)
    log.event("evaluation_recorded", section="signoff", text="prepared: lin")
    by(WANG)
    log.at(230)
    log.step("evaluate", "done")
    log.at(240)
    log.event("incident_closed", force=True, reason="test: closed with work open")
    return log.events


@pytest.fixture(scope="module")
def library() -> Library:
    return mini_library()


def test_the_story_is_accepted_by_the_rules(library: Library) -> None:
    events = story(library)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[0].kind == "incident_declared" and events[-1].kind == "incident_closed"


def test_the_story_has_one_backdated_entry(library: Library) -> None:
    from runbook.json_views import is_backdated

    assert [e.seq for e in story(library) if is_backdated(e)] == [13]
