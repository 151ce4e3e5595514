"""Two sites, two databases, two `runbook sync` processes, one incident (issue 16): what one
site records appears on the other, both fold it alike, both verify; a partition leaves both
recording, and they converge when the server is back; `runbook sites` says how it stands."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from natskit import NatsServer, wait_until

RUNBOOK = [sys.executable, "-c", "from runbook.cli.entry import run; run()"]


class Site:
    def __init__(self, name: str, folder: Path, server: NatsServer) -> None:
        self.name, self.db, self.server = name, folder / f"{name}.db", server
        self.env = {**os.environ, "RUNBOOK_DB": str(self.db), "RUNBOOK_SITE": name,
                    "RUNBOOK_LANG": "en", "RUNBOOK_KEYS": "off", "RUNBOOK_USER": f"op-{name}",
                    "RUNBOOK_GROUP": "office"}
        self.sync: subprocess.Popen[bytes] | None = None

    def run(self, *args: str) -> str:
        done = subprocess.run([*RUNBOOK, *args], env=self.env, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0, (args, done.stderr)
        return done.stdout

    def status(self, incident: str) -> dict[str, Any]:
        found: dict[str, Any] = json.loads(self.run("status", incident, "--json"))
        return found

    def kinds(self, incident: str) -> list[str]:
        return sorted(e["kind"] for e in json.loads(self.run("timeline", incident, "--json")))

    def holds(self, incident: str, count: int) -> bool:
        done = subprocess.run([*RUNBOOK, "timeline", incident, "--json"], env=self.env,
                              capture_output=True, text=True, timeout=60)
        return done.returncode == 0 and len(json.loads(done.stdout)) == count

    def start_sync(self) -> None:
        self.sync = subprocess.Popen([*RUNBOOK, "sync", "--nats", self.server.url],
                                     env=self.env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE)

    def stop_sync(self) -> None:
        if self.sync is not None and self.sync.poll() is None:
            self.sync.send_signal(signal.SIGTERM)
            self.sync.wait(timeout=20)
        self.sync = None


@pytest.fixture
def sites(tmp_path: Path, nats_server: NatsServer) -> Iterator[tuple[Site, Site]]:
    a, b = Site("dc1", tmp_path, nats_server), Site("dr", tmp_path, nats_server)
    yield a, b
    for site in (a, b):
        site.stop_sync()


def test_two_sites_share_an_incident_and_fold_it_alike(sites: tuple[Site, Site]) -> None:
    a, b = sites
    incident = a.run("start", "--type", "technical-fault", "--level", "II", "--title",
                     "gateway down").strip()
    assert "-dc1-" in incident  # ids made at a site never collide with another's
    b.run("list")
    a.start_sync()
    b.start_sync()
    wait_until(lambda: b.holds(incident, 1), "the declaration reaches the other site")
    b.run("note", incident, "DR site: standby database ready")
    b.run("step", incident, "tf.diagnose", "start")
    wait_until(lambda: a.holds(incident, 3), "the other site's records come back")
    a.run("note", incident, "vendor called back")
    wait_until(lambda: b.holds(incident, 4), "and so on")
    assert a.kinds(incident) == b.kinds(incident)
    assert a.status(incident)["steps"] == b.status(incident)["steps"]
    for site in (a, b):
        out = site.run("verify")
        assert "every hash chain is intact" in out and "dc1" in out and "dr" in out
    view = json.loads(a.run("sites", "--json"))
    assert view["running"] and view["state"]["up"] and view["state"]["site"] == "dc1"
    peers = {p["site"]: p for p in view["state"]["peers"]}
    wait_until(lambda: json.loads(a.run("sites", "--json"))["state"]["peers"],
               "the link state names the other site")
    held = {(h["incident"], h["site"]): h["count"] for h in view["held"]}
    assert held[incident, "dc1"] == 2 and held[incident, "dr"] == 2, (held, peers)


def test_a_partition_leaves_both_recording_and_they_converge(
        sites: tuple[Site, Site], nats_server: NatsServer) -> None:
    a, b = sites
    incident = a.run("start", "--type", "technical-fault", "--level", "II", "--title",
                     "gateway down").strip()
    a.start_sync()
    b.start_sync()
    wait_until(lambda: b.holds(incident, 1), "the declaration reaches the other site")
    nats_server.stop()  # the link is cut
    a.run("note", incident, "recorded at dc1 while cut off")
    b.run("note", incident, "recorded at dr while cut off")
    wait_until(lambda: not json.loads(a.run("sites", "--json"))["state"]["up"],
               "the link shows down")
    nats_server.start()
    wait_until(lambda: a.holds(incident, 3) and b.holds(incident, 3), "both converge")
    assert a.kinds(incident) == b.kinds(incident)
    assert a.status(incident)["steps"] == b.status(incident)["steps"]


def test_sync_needs_a_site_and_says_so(tmp_path: Path, nats_server: NatsServer) -> None:
    env = {**os.environ, "RUNBOOK_DB": str(tmp_path / "r.db"), "RUNBOOK_LANG": "en"}
    env.pop("RUNBOOK_SITE", None)
    done = subprocess.run([*RUNBOOK, "sync", "--nats", nats_server.url], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "needs this site's name" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_credentials_file_that_is_no_file_is_refused_at_once(tmp_path: Path) -> None:
    """nats-py reads --creds at every connection: a named pipe there hung sync for good."""
    fifo = tmp_path / "site.creds"
    os.mkfifo(fifo)
    env = {**os.environ, "RUNBOOK_DB": str(tmp_path / "r.db"), "RUNBOOK_LANG": "en",
           "RUNBOOK_SITE": "dc1", "RUNBOOK_KEYS": "off"}
    try:
        done = subprocess.run([*RUNBOOK, "sync", "--nats", "nats://127.0.0.1:9", "--creds",
                               str(fifo)], env=env, capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("runbook sync hung on a named pipe given as --creds")
    assert done.returncode == 2, done.stderr
    assert "Cannot use the NATS credentials file" in done.stderr
    assert "Traceback" not in done.stderr


def test_sites_says_when_sync_was_stopped(sites: tuple[Site, Site]) -> None:
    a, _ = sites
    a.run("start", "--type", "technical-fault", "--level", "IV", "--title", "watch")
    a.start_sync()
    wait_until(lambda: json.loads(a.run("sites", "--json"))["running"], "sync runs")
    a.stop_sync()
    view = json.loads(a.run("sites", "--json"))
    assert view["running"] is False and view["state"]["stopped"] is True
    done = subprocess.run([*RUNBOOK, "sites"], env=a.env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and "runbook sync was stopped at" in done.stderr


def test_kill_9_of_a_sync_process_loses_and_duplicates_nothing(
        sites: tuple[Site, Site]) -> None:
    """Site dr's sync is killed (SIGKILL) at random moments while dc1 keeps recording; once
    it runs again, dr holds every dc1 event exactly once, and its chains verify."""
    import random
    import time

    a, b = sites
    incident = a.run("start", "--type", "technical-fault", "--level", "II", "--title",
                     "gateway down").strip()
    a.start_sync()
    chance = random.Random(16)
    for n in range(20):
        b.start_sync()
        a.run("note", incident, f"note {n}")
        time.sleep(chance.uniform(0.05, 0.6))
        assert b.sync is not None
        b.sync.kill()  # no cleanup at all
        b.sync.wait(timeout=20)
        assert b.sync.returncode == -signal.SIGKILL  # killed, not crashed
        b.sync = None
    b.start_sync()
    wait_until(lambda: b.holds(incident, 21), "every event arrives, after all the kills")
    events = json.loads(b.run("timeline", incident, "--json"))
    assert len({e["hash"] for e in events}) == len(events) == 21  # none twice
    assert "every hash chain is intact" in b.run("verify")


def test_an_event_altered_in_transit_is_refused_and_the_store_is_unchanged(
        sites: tuple[Site, Site], nats_server: NatsServer) -> None:
    import asyncio

    import nats

    from sync import stream
    from sync.subjects import subject
    from sync.wire import from_bytes

    a, b = sites
    incident = a.run("start", "--type", "technical-fault", "--level", "II", "--title",
                     "gateway down").strip()
    a.run("note", incident, "the real text")
    a.start_sync()
    b.start_sync()
    wait_until(lambda: b.holds(incident, 2), "both records arrive")
    b.stop_sync()
    a.stop_sync()

    async def forge() -> None:  # a test publisher: the next record, with a rewritten text
        nc = await nats.connect(nats_server.url)
        try:
            js = nc.jetstream()
            await stream.ensure(js)
            last = await js.get_last_msg(stream.STREAM, subject(incident, "dc1"))
            wire = from_bytes(last.data or b"")
            content = {**wire.content, "seq": wire.seq + 1, "prev_hash": wire.hash,
                       "payload": {"text": "a forged text"}}
            forged = type(wire)(wire.incident, wire.origin, wire.seq + 1, wire.hash,
                                "0" * 64, content)
            await js.publish(subject(incident, "dc1"), forged.to_bytes())
        finally:
            await nc.close()

    asyncio.run(forge())
    b.start_sync()
    wait_until(lambda: json.loads(b.run("sites", "--json"))["state"]["refused"],
               "the forged record is refused and reported")
    assert b.holds(incident, 2)  # unchanged
    refused = json.loads(b.run("sites", "--json"))["state"]["refused"][0]
    assert "dc1" in refused["subject"] and refused["message"]["en"]
    assert "every hash chain is intact" in b.run("verify")


def test_a_site_restarting_with_an_empty_database_fetches_every_incident_again(
        sites: tuple[Site, Site]) -> None:
    a, b = sites
    first = a.run("start", "--type", "technical-fault", "--level", "II").strip()
    b.run("start", "--type", "data-leak", "--level", "III")
    a.start_sync()
    b.start_sync()
    wait_until(lambda: b.holds(first, 1), "the first exchange")
    second = b.run("list", "--json")
    b.stop_sync()
    for suffix in ("", "-wal", "-shm", ".sync.json"):
        Path(str(b.db) + suffix).unlink(missing_ok=True)
    b.run("start", "--type", "vendor-breach", "--level", "IV")  # a new, empty database
    b.start_sync()
    wanted = {row["id"] for row in json.loads(second)}
    wait_until(lambda: wanted <= {row["id"] for row in json.loads(b.run("list", "--json"))},
               "every incident it held comes back, its own too")
    assert "every hash chain is intact" in b.run("verify")


def test_the_player_runs_sync_beside_it_and_stops_it_on_quit(
        tmp_path: Path, nats_server: NatsServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """`runbook open --nats URL`: sync runs as a child process while the player runs."""
    from runbook.cli.invocation import Given, Invocation
    from runbook.cli.sync_cmds import sync_beside
    from sync import status_file

    monkeypatch.setenv("RUNBOOK_KEYS", "off")
    db = tmp_path / "dc1.db"
    Site("dc1", tmp_path, nats_server).run("start", "--type", "technical-fault", "--level",
                                            "IV")
    invocation = Invocation(given=Given(db_path=db, site="dc1", lang="en"))
    state = status_file.path_for(db)
    with sync_beside(invocation, nats_server.url, None):
        wait_until(lambda: getattr(status_file.read(state), "up", None) is True,
                   "the child's link is up")
    found = status_file.read(state)
    assert found is not None and found.stopped is True  # stopped with the player
    assert "Syncing site dc1" in (tmp_path / "dc1.db.sync.log").read_text(encoding="utf-8")


def test_a_poisoned_message_is_refused_and_sync_goes_on(
        sites: tuple[Site, Site], nats_server: NatsServer) -> None:
    """A message that is no readable event (an offset too big for a time, a NaN, nesting too
    deep to read) is refused and acknowledged: before, it stopped sync with an internal
    error, and being unacknowledged stopped it again at every restart."""
    import asyncio

    import nats

    from sync import stream
    from sync.subjects import subject

    a, b = sites
    incident = a.run("start", "--type", "technical-fault", "--level", "II").strip()
    a.start_sync()
    b.start_sync()
    wait_until(lambda: b.holds(incident, 1), "the declaration arrives")
    a.stop_sync()

    async def poison() -> None:
        nc = await nats.connect(nats_server.url)
        try:
            js = nc.jetstream()
            await stream.ensure(js)
            last = await js.get_last_msg(stream.STREAM, subject(incident, "dc1"))
            good = json.loads(last.data or b"")
            bad = json.loads(json.dumps(good))
            bad["seq"] = bad["content"]["seq"] = good["seq"] + 1
            bad["prev_hash"] = bad["content"]["prev_hash"] = good["hash"]
            bad["content"]["occurred_offset"] = 10**30
            for data in (json.dumps(bad).encode(), b'{"seq": NaN}',
                         b"[" * 100_000 + b"]" * 100_000):
                await js.publish(subject(incident, "dc1"), data)
        finally:
            await nc.close()

    asyncio.run(poison())
    wait_until(lambda: len(json.loads(b.run("sites", "--json"))["state"]["refused"]) >= 3,
               "the three are refused and reported")
    assert b.sync is not None and b.sync.poll() is None  # still running
    assert b.holds(incident, 1)  # nothing of it stored
    # (A forged subject blocks that chain's own publisher, which will not fork it: NATS
    # permissions must let each site publish only its own subjects; README "Several sites".)
    a.start_sync()
    other = a.run("start", "--type", "data-leak", "--level", "III").strip()
    wait_until(lambda: b.holds(other, 1), "and the next incident still arrives")


@pytest.mark.parametrize("written", [
    '{"site": "dc1", "written_at": "2026-12-01T10:00:00+00:00", "up": true, '
    '"peers": [{"site": "b", "last": {"incident": "x"}}]}',
    '{"site": "dc1", "written_at": "2026-12-01T10:00:00+00:00", "up": true, "peers": ["b"]}',
    '{"site": "dc1", "written_at": "x", "up": "yes"}', "[1, 2]", "{" * 50_000])
def test_a_state_file_not_of_runbooks_shape_is_ignored_and_said(
        tmp_path: Path, nats_server: NatsServer, written: str) -> None:
    """A hand-edited or foreign <db>.sync.json made runbook sites fail with exit 70."""
    site = Site("dc1", tmp_path, nats_server)
    site.run("start", "--type", "technical-fault", "--level", "IV")
    Path(str(site.db) + ".sync.json").write_text(written, encoding="utf-8")
    done = subprocess.run([*RUNBOOK, "sites"], env=site.env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "is not a state runbook sync wrote" in done.stderr


def test_the_state_file_is_its_owners_only(sites: tuple[Site, Site]) -> None:
    import stat

    a, _ = sites
    a.run("start", "--type", "technical-fault", "--level", "IV")
    a.start_sync()
    state = Path(str(a.db) + ".sync.json")
    wait_until(state.exists, "sync writes its state")
    assert stat.S_IMODE(state.stat().st_mode) == 0o600  # like the database beside it
