"""Several sites on one incident: each origin's own hash chain, receiving another site's
events, and the fold that merges origins the same way whatever order they arrived in."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from memlog import START, mini_library
from msgspec.structs import replace

from runbook.actions import Author, declaration, make_event, new_incident_id, step_action
from runbook.clock import FrozenClock
from runbook.errors import RefusedAction, UsageError
from runbook.events import Actor, Event
from runbook.guard import Guard
from runbook.incident import Incident
from runbook.incident_ref import candidates
from runbook.merge import order
from runbook.playbook import Library
from runbook.sites import check_site
from runbook.state import IncidentState
from store import EventStore, schema
from store.errors import SharedIncident
from store.received import Accepted, Refused

INCIDENT = new_incident_id(START, "ab12", "dc1")


@pytest.fixture(scope="module")
def library() -> Library:
    return mini_library()


class Site:
    """One site: its own store (origin = its name), its guard, its clock."""

    def __init__(self, path: Path, name: str, library: Library) -> None:
        self.name = name
        self.store = EventStore.open(path, origin=name)
        self.library = library
        self.clock = FrozenClock(START)
        self.author = Author(Actor(f"lin-{name}", "office"), self.clock)
        self.guard = Guard(library)

    def at(self, minutes: float) -> None:
        self.clock.moment = START + timedelta(minutes=minutes)

    def append(self, event: Event) -> Event:
        return self.store.append(event, self.guard(event))

    def declare(self) -> Event:
        return self.append(declaration(self.author, self.library, INCIDENT, type_id="fault",
                                       level="II", title="two sites", drill=False))

    def step(self, step_id: str, verb: str, **kw: Any) -> Event:
        return self.append(step_action(self.author, INCIDENT, step_id, verb, **kw))

    def event(self, kind: str, **payload: Any) -> Event:
        return self.append(make_event(self.author, INCIDENT, kind, dict(payload)))

    def take_from(self, other: Site) -> list[Accepted | Refused]:
        """Receive what `other` recorded itself and this site does not hold yet."""
        held = self.store.heads().get((INCIDENT, other.name))
        events = other.store.own_events_after(INCIDENT, other.name, held.count if held else 0)
        return [self.store.receive(e) for e in events]

    def incident(self) -> Incident:
        state = IncidentState(self.library)
        found = state.sync(self.store.events(INCIDENT))
        assert found is not None
        return found


@pytest.fixture
def sites(tmp_path: Path, library: Library) -> Iterator[tuple[Site, Site]]:
    one, two = Site(tmp_path / "dc1.db", "dc1", library), Site(tmp_path / "dc2.db", "dc2",
                                                                library)
    yield one, two
    one.store.close()
    two.store.close()


def essence(incident: Incident) -> dict[str, Any]:
    """The incident as a user sees it, without the store's own numbering (`seq` is the
    place in each store, which differs between sites; everything else must be equal)."""
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items()
                    if k not in ("seq", "last_seq", "last_activity_seq", "done_by",
                                 "resolved_seq", "claims", "last_event")}
        if isinstance(value, list | tuple):
            return [strip(v) for v in value]
        return value
    return strip(msgspec.to_builtins(incident))  # type: ignore[no-any-return]


def both_ways(one: Site, two: Site) -> None:
    assert all(isinstance(r, Accepted) for r in one.take_from(two))
    assert all(isinstance(r, Accepted) for r in two.take_from(one))



def swap(one: Path, two: Path, incident: str) -> None:
    """What sync would carry: each of dc1 and dc2 receives what the other holds and it lacks."""
    with EventStore.open(one, origin="dc1") as a, EventStore.open(two, origin="dc2") as b:
        for source, target, origin in ((a, b, "dc1"), (b, a, "dc2")):
            held = target.heads().get((incident, origin))
            for event in source.own_events_after(incident, origin, held.count if held else 0):
                assert isinstance(target.receive(event), Accepted)

def test_each_site_chains_its_own_origin_and_both_verify(sites: tuple[Site, Site]) -> None:
    one, two = sites
    one.declare()
    both_ways(one, two)
    one.at(1)
    one.step("verify", "done")
    two.at(1)
    two.event("note", text="dc2 is on it")
    both_ways(one, two)
    for site in sites:
        report = site.store.verify()
        assert report.sound or report.seals is None
        assert report.ok
        assert {o: (h.count, h.hash) for o, h in report.origins[INCIDENT].items()} == {
            o: (h.count, h.hash) for (i, o), h in site.store.heads().items() if i == INCIDENT}
        assert set(report.origins[INCIDENT]) == {"dc1", "dc2"}
        text = report.message("en")
        assert "2 site(s): dc1 2 record(s)" in text and "dc2 1 record(s)" in text
    assert essence(one.incident()) == essence(two.incident())
    # The local numbering is each store's own; a site's events chain by their origin.
    note = next(e for e in one.store.events(INCIDENT) if e.origin == "dc2")
    assert (note.origin_seq, note.seen) == (1, {"dc1": 1})


def test_any_order_of_arrival_folds_to_the_same_incident(sites: tuple[Site, Site],
                                                         tmp_path: Path,
                                                         library: Library) -> None:
    one, two = sites
    one.declare()
    both_ways(one, two)
    one.at(2)
    one.event("note", text="dc1 first")
    one.step("verify", "done")
    two.at(1)
    two.event("level_changed", level="I", reason="dc2 sees it spread")
    two.event("note", text="dc2 second")
    # A third site gets dc2's records first: they wait for the declaration they followed.
    third = Site(tmp_path / "dc3.db", "dc3", library)
    early = third.take_from(two)
    assert isinstance(early[0], Refused) and early[0].retry
    assert "knowing 1 record(s) of site dc1" in early[0].reason("en")
    assert all(isinstance(r, Refused) for r in early)  # the next: a gap, as nothing came
    assert third.store.last_seq(INCIDENT) == 0
    first = one.store.own_events_after(INCIDENT, "dc1", 0)
    assert isinstance(third.store.receive(first[0]), Accepted)
    assert all(isinstance(r, Accepted) for r in third.take_from(two))
    assert all(isinstance(r, Accepted) for r in third.take_from(one))
    both_ways(one, two)
    folds = [essence(site.incident()) for site in (one, two, third)]
    assert folds[0] == folds[1] == folds[2]
    # Each store numbers its rows its own way, but holds the same set.
    hashes = [[e.hash for e in site.store.events(INCIDENT)] for site in (one, two, third)]
    assert hashes[0] != hashes[2] and sorted(hashes[0]) == sorted(hashes[2])
    third.store.close()


def _two_chains(library: Library) -> list[Event]:
    """Two origins' chains, as the two stores would hold them, recorded concurrently."""
    clock = FrozenClock(START)
    author = Author(Actor("lin", "office"), clock)
    declared = declaration(author, library, INCIDENT, type_id="fault", level="II",
                           title="t", drill=False)
    chain_one = [declared]
    chain_two: list[Event] = []
    for i in range(6):
        clock.moment = START + timedelta(minutes=i + 1)
        chain_one.append(make_event(author, INCIDENT, "note", {"text": f"dc1 {i}"}))
        clock.moment = START + timedelta(minutes=i + 1, seconds=30 * (i % 3))
        kind, payload = ("level_changed", {"level": "I" if i % 2 else "III", "reason": "r"}) \
            if i in (2, 3) else ("note", {"text": f"dc2 {i}"})
        chain_two.append(make_event(author, INCIDENT, kind, payload))
    linked = [replace(e, origin="dc1", origin_seq=n, hash=f"a{n}")
              for n, e in enumerate(chain_one, 1)]
    linked += [replace(e, origin="dc2", origin_seq=n, seen={"dc1": 1 + n // 3}, hash=f"b{n}")
               for n, e in enumerate(chain_two, 1)]
    return linked


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False))
def test_property_any_interleaving_of_two_chains_folds_alike(random: Any) -> None:
    library = mini_library()
    events = _two_chains(library)
    one = [e for e in events if e.origin == "dc1"]
    two = [e for e in events if e.origin == "dc2"]
    # Any arrival that keeps each chain's order (and delivers the declaration first).
    arrival = [one[0]]
    rest_one, rest_two = one[1:], list(two)
    while rest_one or rest_two:
        take = rest_one if rest_one and (not rest_two or random.random() < 0.5) else rest_two
        arrival.append(take.pop(0))
    stored = [replace(e, seq=n) for n, e in enumerate(arrival, 1)]
    reference = [replace(e, seq=n) for n, e in enumerate(events, 1)]
    assert [e.hash for e in order(stored)] == [e.hash for e in order(reference)]
    got = IncidentState(library).sync(stored)
    want = IncidentState(library).sync(reference)
    assert got is not None and want is not None
    assert essence(got) == essence(want)
    # Folding them one by one as they arrive (the player's way) ends the same.
    state = IncidentState(library)
    for event in stored:
        state.add([event])
    assert state.incident is not None and essence(state.incident) == essence(want)
    # And synced with the growing history (the guard's way), folding on where it can.
    growing = IncidentState(library)
    for end in range(1, len(stored) + 1):
        growing.sync(stored[:end])
    assert growing.incident is not None and essence(growing.incident) == essence(want)


def test_an_altered_event_is_refused_and_changes_nothing(sites: tuple[Site, Site]) -> None:
    one, two = sites
    one.declare()
    both_ways(one, two)
    two.at(1)
    sent = two.event("note", text="the real text")
    forged = replace(sent, payload={"text": "a forged text"})
    before = (one.store.heads(), one.store.last_seq(INCIDENT), one.store.data_version())
    receipt = one.store.receive(forged)
    assert isinstance(receipt, Refused) and not receipt.retry
    said = receipt.reason("en")
    assert INCIDENT in said and "site dc2, record 1" in said and "altered" in said
    assert (one.store.heads(), one.store.last_seq(INCIDENT),
            one.store.data_version()) == before
    assert isinstance(one.store.receive(sent), Accepted)


def test_a_duplicate_is_accepted_once(sites: tuple[Site, Site]) -> None:
    one, two = sites
    one.declare()
    both_ways(one, two)
    again = two.store.receive(one.store.events(INCIDENT)[0])
    assert isinstance(again, Accepted) and again.duplicate
    assert two.store.last_seq(INCIDENT) == 1


def test_a_gap_and_a_fork_are_refused(sites: tuple[Site, Site]) -> None:
    one, two = sites
    one.declare()
    one.at(1)
    one.event("note", text="second")
    one.event("note", text="third")
    events = one.store.own_events_after(INCIDENT, "dc1", 0)
    gap = two.store.receive(events[1])
    assert isinstance(gap, Refused) and "record 2" in gap.reason("en")
    assert "the next is record 1" in gap.reason("en")
    assert isinstance(two.store.receive(events[0]), Accepted)
    # Another record 2, properly hashed but not the one dc1 holds: a fork.
    fork = replace(events[1], payload={"text": "other"}, hash="")
    from runbook.chain import event_hash
    fork = replace(fork, hash=event_hash(fork))
    assert isinstance(two.store.receive(fork), Accepted)  # first to come is the chain here
    forked = two.store.receive(events[1])
    assert isinstance(forked, Refused) and "forked" in forked.reason("en")
    assert gap.expected == 1 and isinstance(forked, Refused) and forked.expected is None
    assert two.store.verify().ok


def test_a_site_emptied_gets_its_own_chain_back_and_goes_on(sites: tuple[Site, Site],
                                                            tmp_path: Path,
                                                            library: Library) -> None:
    one, two = sites
    one.declare()
    one.at(1)
    one.event("note", text="before the loss")
    both_ways(one, two)
    two.at(2)
    two.event("note", text="dc2 meanwhile")
    again = Site(tmp_path / "dc1-restored.db", "dc1", library)  # the same site, emptied
    for origin in ("dc1", "dc2"):
        for event in two.store.own_events_after(INCIDENT, origin, 0):
            assert isinstance(again.store.receive(event), Accepted)
    again.at(3)
    note = again.event("note", text="after the restore")
    assert (note.origin, note.origin_seq, dict(note.seen)) == ("dc1", 3, {"dc2": 1})
    assert isinstance(two.take_from(again)[0], Accepted)
    # The old store, still running under the same name, now forks dc1's chain: refused.
    one.at(4)
    one.event("note", text="the old store goes on")
    old = one.store.own_events_after(INCIDENT, "dc1", 2)[0]
    forked = two.store.receive(old)
    assert isinstance(forked, Refused) and "same --site" in forked.reason("en")
    assert essence(again.incident()) == essence(two.incident())
    again.store.close()


def test_concurrent_decisions_conflict_until_the_commander_resolves(
        sites: tuple[Site, Site]) -> None:
    one, two = sites
    one.declare()
    one.at(1)
    one.step("verify", "done")
    both_ways(one, two)
    one.at(3)
    one.step("decide", "done", decision="report", note="dc1 says report")
    two.at(4)
    two.step("decide", "done", decision="no-report", note="dc2 says no report")
    both_ways(one, two)
    for site in sites:
        incident = site.incident()
        [conflict] = incident.open_conflicts
        assert (conflict.about, conflict.step) == ("decision", "decide")
        assert {(c.value, c.origin) for c in conflict.claims} == {("report", "dc1"),
                                                                 ("no-report", "dc2")}
    assert essence(one.incident()) == essence(two.incident())
    one.at(5)
    with pytest.raises(RefusedAction, match="Choose one of"):
        one.event("conflict_resolved", about="decision", step="decide", value="nonsense",
                  reason="r")
    with pytest.raises(RefusedAction, match="no open conflict about the level"):
        one.event("conflict_resolved", about="level", value="I", reason="r")
    one.event("conflict_resolved", about="decision", step="decide", value="report",
              reason="the head of office decided")
    two.take_from(one)
    for site in sites:
        incident = site.incident()
        assert incident.open_conflicts == []
        assert incident.conflicts[0].resolved is not None
        assert incident.steps["decide"].decision == "report"
    with pytest.raises(RefusedAction, match="no open conflict"):
        one.event("conflict_resolved", about="decision", step="decide", value="report",
                  reason="again")


def test_a_level_set_differently_on_two_sites_is_a_conflict(sites: tuple[Site, Site]) -> None:
    one, two = sites
    one.declare()
    both_ways(one, two)
    one.at(1)
    one.event("level_changed", level="I", reason="dc1 escalates")
    two.at(2)
    two.event("level_changed", level="III", reason="dc2 de-escalates")
    both_ways(one, two)
    [conflict] = one.incident().open_conflicts
    assert conflict.about == "level" and {c.value for c in conflict.claims} == {"I", "III"}
    # A level set after seeing the other's is no conflict.
    one.event("conflict_resolved", about="level", value="I", reason="commander: I")
    two.take_from(one)
    two.at(3)
    two.event("level_changed", level="II", reason="later, knowing")
    one.take_from(two)
    assert one.incident().open_conflicts == [] and one.incident().level == "II"


def test_the_same_step_done_on_two_sites_is_one_completion(sites: tuple[Site, Site]) -> None:
    one, two = sites
    one.declare()
    both_ways(one, two)
    one.at(1)
    one.step("verify", "done")
    two.at(2)
    two.step("verify", "done")
    both_ways(one, two)
    for site in sites:
        record = site.incident().steps["verify"]
        assert record.state == "done" and len(record.completions) == 1
        [also] = record.also
        assert (also.by.name, also.origin) in {("lin-dc2", "dc2"), ("lin-dc1", "dc1")}
        assert site.incident().open_conflicts == []
    assert essence(one.incident()) == essence(two.incident())


def test_a_record_made_elsewhere_after_the_close_here_is_folded_and_marked(
        sites: tuple[Site, Site], library: Library) -> None:
    one, two = sites
    one.declare()
    both_ways(one, two)
    one.at(1)
    closing = make_event(one.author, INCIDENT, "incident_closed", {"reason": "done"})
    one.store.append(closing)  # straight to the store: what the guard allows is not tested
    two.at(2)
    two.event("step_started", step="verify")
    assert all(isinstance(r, Accepted) for r in one.take_from(two))
    incident = one.incident()  # does not raise
    assert incident.is_closed and [m.origin for m in incident.marked] == ["dc2"]
    assert incident.steps["verify"].state == "in_progress"


def test_a_checkpoint_seals_its_own_origin(sites: tuple[Site, Site]) -> None:
    from runbook.checkpoints import checkpoint, read
    from runbook.signed_note import Signer

    one, two = sites
    signer = Signer.generate("lin-dc2")
    one.declare()
    both_ways(one, two)
    two.at(1)
    note = two.event("note", text="sealed by dc2")
    sealed = read(checkpoint(note, signer))
    assert (sealed.origin, sealed.size, sealed.head) == (f"{INCIDENT}/dc2", 1, note.hash)


def test_an_origin_less_write_to_a_shared_incident_is_refused(sites: tuple[Site, Site],
                                                             tmp_path: Path) -> None:
    one, two = sites
    one.declare()
    both_ways(one, two)
    one.store.close()
    with EventStore.open(tmp_path / "dc1.db") as plain, pytest.raises(  # no site given
            SharedIncident, match="--site"):
        plain.append(make_event(one.author, INCIDENT, "note", {"text": "x"}))
    one.store = EventStore.open(tmp_path / "dc1.db", origin="dc1")


def _old_database(path: Path, source: Path) -> None:
    """A database as runbook wrote it before origins (schema 1), holding `source`'s rows."""
    from sqlite_utils import Database

    old_columns = ", ".join(("id", *schema_one_columns()))
    with sqlite3.connect(source) as rows_from:
        rows = rows_from.execute(f"SELECT {old_columns} FROM events ORDER BY id").fetchall()
    conn = sqlite3.connect(path, isolation_level=None)
    db = Database(conn)
    schema.MIGRATIONS[0].apply(db)
    db.table("migrations").create({"id": int, "name": str, "applied_at": str}, pk="id",
                                  strict=True)
    db.table("migrations").insert({"id": 1, "name": "create events",
                                   "applied_at": "2026-01-01T00:00:00.000000Z"})
    conn.executemany(f"INSERT INTO events ({old_columns}) VALUES "
                     f"({', '.join('?' * len(rows[0]))})", rows)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.close()


def schema_one_columns() -> tuple[str, ...]:
    from store.codec import COLUMNS

    return COLUMNS[:COLUMNS.index("hash") + 1]


def test_an_old_single_site_database_migrates_and_verifies_unchanged(
        tmp_path: Path, library: Library) -> None:
    incident = "20261126-ea83"
    author = Author(Actor("lin", "office"), FrozenClock(START))
    with EventStore.open(tmp_path / "source.db") as source:
        guard = Guard(library)
        for event in (declaration(author, library, incident, type_id="fault", level="II",
                                  title="old", drill=False),
                      make_event(author, incident, "note", {"text": "旧记录"})):
            source.append(event, guard(event))
        before = source.verify()
    path = tmp_path / "old.db"
    _old_database(path, tmp_path / "source.db")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (1,)
        stored = conn.execute("SELECT hash FROM events ORDER BY id").fetchall()
    with EventStore.open(path) as store:
        after = store.verify()
        assert after.ok and after.heads == before.heads and after.counts == before.counts
        assert after.message("en") == before.message("en")
        assert "site" not in after.message("en")
        assert [(e.hash,) for e in store.events(incident)] == stored
        # It goes on as a single-site store: origin "", chained as before.
        store.append(make_event(Author(Actor("lin"), FrozenClock(START + timedelta(
            minutes=1))), incident, "note", {"text": "new"}))
        assert store.verify().ok
        assert list(store.heads()) == [(incident, "")]
        assert store.heads()[(incident, "")].count == 3
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (schema.SCHEMA_VERSION,)


def test_incident_ids_with_a_site_are_accepted_where_ids_are() -> None:
    assert INCIDENT == "20261126-dc1-ab12"
    ids = [INCIDENT, "20261126-ab99", new_incident_id(START, "ab13", "dr-shanghai")]
    for given_text in ("ab12", "AB12", "dc1-ab", "20261126-dc1", INCIDENT):
        assert candidates(given_text, ids) == [INCIDENT], given_text
    assert candidates("ab", ids) == ids
    assert candidates("ab13", ids) == ["20261126-dr-shanghai-ab13"]


@pytest.mark.parametrize("bad", ["", "DC1", "dc_1", "-dc", "a" * 33, "dc1.x", "站点"])
def test_a_bad_site_name_is_refused_clearly(bad: str, tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        check_site(bad)
    assert "--site" in caught.value.message("en") and "站点名称" in caught.value.message("zh")
    if bad:  # "" is a store of one site
        with pytest.raises(UsageError):
            EventStore.open(tmp_path / "x.db", origin=bad)


def test_a_site_name_of_32_characters_is_fine() -> None:
    assert check_site("a" * 32) == "a" * 32
    assert check_site("dr-shanghai-2") == "dr-shanghai-2"


def test_the_commands_show_sites_conflicts_and_their_resolution(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from semantics_kit import Script

    one, two = Script(capsys, tmp_path / "dc1.db"), Script(capsys, tmp_path / "dc2.db")

    def on(script: Script, site: str, *args: str) -> str:
        return script.ok("--site", site, *args) if args[0] in ("start",) else script.ok(
            *args, "--site", site)

    incident = on(one, "dc1", "start", "--type", "technical-fault", "--level", "II").strip()
    assert incident.split("-")[1] == "dc1" and len(incident.split("-")[2]) == 4

    def exchange() -> None:
        swap(one.db, two.db, incident)

    exchange()
    token = incident.split("-")[2]
    on(one, "dc1", "step", token, "report.verify", "done")
    on(two, "dc2", "step", token, "report.verify", "done")
    on(one, "dc1", "level", token, "I", "--reason", "dc1: spreading")
    on(two, "dc2", "level", token, "III", "--reason", "dc2: contained")
    exchange()
    views = [one.status(token), two.status(token)]
    for view in views:
        [conflict] = view["conflicts"]
        assert conflict["about"] == "level" and conflict["open"]
        assert {c["site"]: c["value"] for c in conflict["claims"]} == {"dc1": "I", "dc2": "III"}
    assert views[0]["incident"]["level"] == views[1]["incident"]["level"]
    assert "Conflicts between sites" in one.ok("status", token)
    code, _, err = one.run("resolve", token, "--step", "report.verify", "--decision", "x",
                           "--reason", "r", "--site", "dc1")
    assert code == 1 and "no open conflict" in err
    on(one, "dc1", "resolve", token, "--level", "i", "--reason", "the commander: I")
    assert one.status(token)["conflicts"][0]["open"] is False
    assert one.status(token)["incident"]["level"] == "I"
    assert "Conflicts between sites" not in one.ok("status", token)
    verified = one.ok("verify")
    assert "2 site(s): dc1" in verified and "dc2 2 record(s)" in verified
    summary = json.loads(one.ok("export", token, "--format", "json"))
    sites = summary["identification"]["sites"]
    assert [s["site"] for s in sites] == ["dc1", "dc2"]
    with EventStore.open(one.db) as store:
        heads = store.heads()
    assert {(s["site"], s["events"], s["head_hash"]) for s in sites} == {
        (o, h.count, h.hash) for (i, o), h in heads.items() if i == incident}
    assert summary["identification"]["conflicts"][0]["resolved"]["value"] == "I"
    markdown = one.ok("export", token)
    assert "Site dc2" in markdown and "Conflicts between sites" in markdown
    # The export's own head and count verify the copy they were taken from.
    command = summary["identification"]["verify_command"].split()
    assert one.run(*command[1:])[0] == 0
    code, _, err = one.run("note", token, "x", "--site", "DC 1")
    assert code == 2 and "not a site name" in err
    code, _, err = one.run("--site", "dc_1", "note", token, "x")
    assert code == 2 and "not a site name" in err


def _two_site_scripts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[
        Any, Any, str, Any]:
    """Two sites' databases driven by the commands, an incident declared on dc1 and known to
    both, and `exchange`: each receives what the other recorded itself."""
    from semantics_kit import Script

    one, two = Script(capsys, tmp_path / "dc1.db"), Script(capsys, tmp_path / "dc2.db")
    incident = one.ok("--site", "dc1", "start", "--type", "technical-fault", "--level",
                      "II").strip()

    def exchange() -> None:
        swap(one.db, two.db, incident)

    exchange()
    return one, two, incident, exchange


def _valid_summary(text: str) -> dict[str, Any]:
    import json

    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).resolve().parent.parent / "schemas" /
                         "summary.schema.json").read_text(encoding="utf-8"))
    summary: dict[str, Any] = json.loads(text)
    validator = jsonschema.Draft202012Validator
    validator(schema, format_checker=validator.FORMAT_CHECKER).validate(summary)
    return summary


def _in_chinese(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> str:
    from runbook.cli.main import main

    with pytest.raises(SystemExit) as done:
        main([*args, "--db", str(db), "--lang", "zh"])
    out, err = capsys.readouterr()
    assert done.value.code in (0, None), err
    return out


def test_a_step_done_on_two_sites_shows_the_other_recording_everywhere(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:

    one, two, incident, exchange = _two_site_scripts(tmp_path, capsys)
    token = incident.split("-")[2]
    one.ok("step", token, "report.verify", "done", "--site", "dc1")
    two.ok("step", token, "report.verify", "done", "--site", "dc2")
    exchange()
    steps = {s["id"]: s for s in one.status(token)["steps"]}
    [also] = steps["report.verify"]["also"]
    assert (also["by"], also["site"]) == ("lin", "dc2") and also["seq"] > 0 and also["at"]
    assert all(s["also"] == [] for k, s in steps.items() if k != "report.verify")
    assert one.status(token)["marked"] == []
    text = one.ok("status", token)
    assert "Steps completed on more than one site" in text
    assert f"report.verify: also recorded by lin at dc2 (#{also['seq']})" in text
    chinese = _in_chinese(capsys, one.db, "status", token)
    assert "在多个站点完成的步骤" in chinese and f"站点 dc2（第 {also['seq']} 条）" in chinese
    summary = _valid_summary(one.ok("export", token, "--format", "json"))
    assert [(a["step"], a["by"], a["site"], a["seq"]) for a in summary["identification"][
        "also"]] == [("report.verify", "lin", "dc2", also["seq"])]
    assert "marked" not in summary["identification"]
    markdown = one.ok("export", token)
    assert f"report.verify: also recorded by lin at dc2 (#{also['seq']})" in markdown


def test_a_record_made_elsewhere_after_the_close_here_is_shown_marked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:

    one, two, incident, exchange = _two_site_scripts(tmp_path, capsys)
    token = incident.split("-")[2]
    one.ok("stand-down", token, "--reason", "restored", "--site", "dc1")
    one.ok("close", token, "--force", "--reason", "done", "--site", "dc1")
    two.ok("step", token, "report.verify", "start", "--site", "dc2")  # before it heard
    exchange()
    view = one.status(token)
    assert view["incident"]["state"] == "closed"
    [marked] = view["marked"]
    assert (marked["site"], marked["kind"], marked["why"]) == ("dc2", "step_started",
                                                               "after_close")
    assert all(s["also"] == [] for s in view["steps"])
    text = one.ok("status", token)
    assert "Records marked" in text and f"#{marked['seq']}" in text
    assert "关闭之后记录" in _in_chinese(capsys, one.db, "status", token)
    summary = _valid_summary(one.ok("export", token, "--format", "json"))
    assert summary["identification"]["marked"] == [marked]
    assert "also" not in summary["identification"]
    markdown = one.ok("export", token)
    assert "Records marked" in markdown and "after the close here" in markdown


def test_the_site_comes_from_the_environment_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from semantics_kit import Script

    script = Script(capsys, tmp_path / "r.db")
    monkeypatch.setenv("RUNBOOK_SITE", "dr-sh")
    incident = script.start("technical-fault", "II")
    assert incident.split("-")[1:3] == ["dr", "sh"]
    with EventStore.open(tmp_path / "r.db") as store:
        assert {e.origin for e in store.events(incident)} == {"dr-sh"}
    # --site wins over the environment.
    other = script.ok("--site", "dc1", "start", "--type", "technical-fault", "--level",
                      "II").strip()
    assert other.split("-")[1] == "dc1"
    monkeypatch.setenv("RUNBOOK_SITE", "Bad Site")
    code, _, err = script.run("note", incident, "x")
    assert code == 2 and "RUNBOOK_SITE" in err


@pytest.mark.parametrize("change", [
    {"origin_seq": 0}, {"seen": {"dc1": "1"}}, {"seen": {"DC1": 1}}, {"seen": {"dc2": 1}},
    {"seen": {"dc1": 0}}])
def test_a_received_event_in_a_form_runbook_does_not_write_is_refused(
        sites: tuple[Site, Site], change: dict[str, Any]) -> None:
    from runbook.chain import event_hash

    one, two = sites
    one.declare()
    both_ways(one, two)
    two.at(1)
    sent = two.event("note", text="x")
    odd = replace(sent, **change, hash="")
    odd = replace(odd, hash=event_hash(odd))  # hashed as its forger would
    before = one.store.heads()
    receipt = one.store.receive(odd)
    assert isinstance(receipt, Refused) and "not in the form runbook writes" in receipt.reason(
        "en")
    assert one.store.heads() == before
    assert one.store.verify().ok


def test_an_event_travels_as_its_canonical_form_and_is_received_from_it(
        sites: tuple[Site, Site]) -> None:
    import json

    from runbook.chain import canonical, from_canonical

    one, two = sites
    one.declare()
    one.at(1)
    one.event("note", text="跨站点 ✓")
    for event in one.store.own_events_after(INCIDENT, "dc1", 0):
        sent = json.loads(json.dumps(canonical(event)))  # what the wire carries
        back = from_canonical(sent, event.hash)
        assert canonical(back) == canonical(event)
        assert isinstance(two.store.receive(back), Accepted)
    assert [e.hash for e in two.store.events(INCIDENT)] == [
        e.hash for e in one.store.events(INCIDENT)]
    with pytest.raises((ValueError, KeyError, TypeError)):
        from_canonical({"incident": "x"}, "0" * 64)
