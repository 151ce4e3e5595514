"""Identity, roles and permissions (issue 15, sections 1 and 2): the operating-system login on
every event, under the hash; a roster of logins with names, groups, roles and deputies;
the settings' grants checked in the write transaction; the emergency override."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cli_kit import now

from runbook.chain import canonical, event_hash
from runbook.cli.environment import Environment
from runbook.cli.main import main
from runbook.events import Actor, Event

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "summary.schema.json"
ROSTER = """\
format: 1
people:
  - login: boss
    name: 张伟
    groups: [command]
    roles: [commander]
  - login: deputy
    name: 李娜
    groups: [command, office]
    roles: [office-lead]
    deputy_of: boss
  - login: intern
    name: intern
    groups: [ops]
    roles: [member]
  - login: prep
    name: 王芳
    groups: [office]
    roles: [office-lead]
  - login: rev
    name: 赵六
    groups: [risk]
    roles: [group-lead]
  - login: auditor
    name: 审计
    groups: [risk]
    roles: [observer]
"""


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                 tmp_path: Path, roster: str | None = ROSTER) -> None:
        self.capsys, self.monkeypatch = capsys, monkeypatch
        self.db = tmp_path / "runbook.db"
        self.roster: Path | None = None
        if roster is not None:
            self.roster = tmp_path / "roster.yaml"
            self.roster.write_text(roster, encoding="utf-8")

    def run(self, login: str, *args: str, lang: str = "en") -> tuple[int, str, str]:
        self.monkeypatch.setattr(Environment, "os_login", staticmethod(lambda: login))
        roster = ["--roster", str(self.roster)] if self.roster is not None else []
        with pytest.raises(SystemExit) as done:
            main([*roster, "--db", str(self.db), "--lang", lang, *args])
        out, err = self.capsys.readouterr()
        code = done.value.code
        return (code if isinstance(code, int) else 0), out, err

    def ok(self, login: str, *args: str) -> str:
        code, out, err = self.run(login, *args)
        assert code == 0, f"{args}: {err}"
        return out

    def refused(self, login: str, *args: str, lang: str = "en") -> str:
        code, _, err = self.run(login, *args, lang=lang)
        assert code == 1, err
        assert "Traceback" not in err
        return err

    def start(self, login: str = "boss", level: str = "II") -> str:
        return self.ok(login, "start", "--type", "technical-fault", "--level", level,
                       "--title", "gateway").strip()

    def summary(self, incident: str) -> dict[str, Any]:
        return json.loads(self.ok("boss", "export", incident, "--format", "json"))  # type: ignore[no-any-return]

    def timeline(self, incident: str) -> list[dict[str, Any]]:
        return json.loads(self.ok("boss", "timeline", incident, "--json"))  # type: ignore[no-any-return]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> Cli:
    return Cli(capsys, monkeypatch, tmp_path)


# --- 1. identity -----------------------------------------------------------------------------


def test_every_event_records_the_login_and_the_hash_covers_it() -> None:
    at = now()
    event = Event("X", "note", Actor("lin", "office", "lin1"), at, at, {"text": "x"})
    assert canonical(event)["actor"]["login"] == "lin1"
    assert event_hash(event) != event_hash(Event("X", "note", Actor("lin", "office", "lin2"),
                                                 at, at, {"text": "x"}))


def test_an_event_without_a_login_hashes_as_before() -> None:
    at = now()
    event = Event("X", "note", Actor("lin", "office"), at, at, {"text": "x"})
    assert canonical(event)["actor"] == {"name": "lin", "group": "office"}


def test_without_a_roster_the_login_is_recorded_beside_the_given_name(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    cli = Cli(capsys, monkeypatch, tmp_path, roster=None)
    incident = cli.ok("lin1", "start", "--type", "technical-fault", "--level", "II",
                      "--by", "anyone", "--group", "ops").strip()
    first = cli.timeline(incident)[0]
    assert first["by"] == {"name": "anyone", "group": "ops", "login": "lin1"}
    summary = cli.summary(incident)
    assert summary["identities"]["self_declared"] is True
    md = cli.ok("boss", "export", incident)
    assert "Identities were self-declared" in md
    assert "anyone (login lin1)" in md
    assert cli.ok("x", "verify", incident)  # still intact with the login in the hash


def test_a_database_written_before_logins_migrates_and_still_verifies(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    cli = Cli(capsys, monkeypatch, tmp_path, roster=None)
    incident = cli.ok("lin1", "start", "--type", "technical-fault", "--level", "II").strip()
    # Make it a version-1 file: no login column, its events hashed without one.
    with sqlite3.connect(cli.db) as conn:
        rows = conn.execute("SELECT actor_login FROM events").fetchall()
        assert rows[0][0] == "lin1"
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as conn:
        from sqlite_utils import Database

        from store.schema import MIGRATIONS
        MIGRATIONS[0].apply(Database(conn))
        events = cli_events(cli.db)
        from runbook.chain import chained
        from store.codec import ADDED, COLUMNS, payload_text, to_row

        stripped = chained([Event(e.incident_id, e.kind, Actor(e.actor.name, e.actor.group),
                                  e.occurred_at, e.recorded_at, e.payload) for e in events])
        names = [c for c in COLUMNS if c not in ADDED]  # the columns of schema 1
        for e in stripped:
            row = to_row(e, payload_text(e.payload))
            conn.execute(f"INSERT INTO events ({', '.join(names)}) VALUES "
                         f"({', '.join('?' * len(names))})", [row[c] for c in names])
        conn.execute("PRAGMA user_version = 1")
        conn.execute("PRAGMA application_id = 1381322306")
    cli.db = old
    code, _, err = cli.run("x", "verify", incident)  # read-only: read as it is
    assert code == 0, err
    cli.ok("lin1", "note", incident, "after the upgrade")  # migrates
    code, _, err = cli.run("x", "verify", incident)
    assert code == 0, err
    rows = cli.timeline(incident)
    assert "login" not in rows[0]["by"] and rows[1]["by"]["login"] == "lin1"


def cli_events(db: Path) -> list[Event]:
    from store import EventStore

    store = EventStore.open(db, read_only=True)
    try:
        return [e for i in store.incident_ids() for e in store.events(i)]
    finally:
        store.close()


def test_with_a_roster_the_actor_comes_from_it(cli: Cli) -> None:
    incident = cli.start("boss")
    cli.ok("intern", "note", incident, "seen at the counter")
    rows = cli.timeline(incident)
    assert rows[0]["by"] == {"name": "张伟", "group": "command", "login": "boss"}
    assert rows[1]["by"] == {"name": "intern", "group": "ops", "login": "intern"}
    assert cli.summary(incident)["identities"]["self_declared"] is False


def test_a_by_that_disagrees_with_the_roster_is_refused(cli: Cli) -> None:
    incident = cli.start("boss")
    err = cli.refused("intern", "note", incident, "x", "--by", "张伟")
    assert "disagrees with the roster" in err and "'intern'" in err
    err = cli.refused("intern", "note", incident, "x", "--group", "command")
    assert "does not act for the group" in err
    cli.ok("intern", "note", incident, "x", "--by", "intern", "--group", "ops")
    cli.ok("deputy", "note", incident, "x", "--group", "office")
    assert len(cli.timeline(incident)) == 3


def test_a_login_not_in_the_roster_is_refused(cli: Cli) -> None:
    incident = cli.start("boss")
    err = cli.refused("stranger", "note", incident, "x")
    assert "'stranger' is not in the roster" in err


# --- 2. roles and permissions ------------------------------------------------------------------


def test_the_scenario_of_the_issue(cli: Cli) -> None:
    """An intern of ops cannot lower a Level II incident to IV, stand it down or close it;
    the commander can; the intern with an override and its reason can, and the summary
    lists it."""
    incident = cli.start("boss", "II")
    err = cli.refused("intern", "level", incident, "IV", "--reason", "looks fine")
    assert "may not change the level" in err
    assert "张伟 (boss)" in err and "李娜 (deputy, deputy of 张伟)" in err
    assert "--override" in err
    err = cli.refused("intern", "stand-down", incident, "--reason", "done")
    assert "may not stand down" in err
    err = cli.refused("intern", "close", incident, "--force", "--reason", "done")
    assert "may not close" in err
    assert [r["kind"] for r in cli.timeline(incident)] == ["incident_declared"]

    cli.ok("intern", "level", incident, "IV", "--reason", "looks fine", "--override",
           "commander unreachable at 3 a.m., deputy off sick")
    cli.ok("boss", "level", incident, "III", "--reason", "commander's call")
    rows = cli.timeline(incident)
    assert rows[1]["payload"]["override"] == "commander unreachable at 3 a.m., deputy off sick"
    assert "override" not in rows[2]["payload"]  # the commander needed none
    summary = cli.summary(incident)
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(
        summary)
    overrides = summary["identities"]["overrides"]
    assert [(o["seq"], o["by"]["login"], o["reason"]) for o in overrides] == [
        (2, "intern", "commander unreachable at 3 a.m., deputy off sick")]
    md = cli.ok("boss", "export", incident)
    assert "Identities and emergency overrides" in md
    assert "commander unreachable at 3 a.m." in md
    cli.ok("intern", "stand-down", incident, "--reason", "restored", "--override", "3 a.m.")
    cli.ok("boss", "close", incident, "--force", "--reason", "done")


def test_a_refusal_in_chinese_names_the_role_and_the_people(cli: Cli) -> None:
    incident = cli.start("boss")
    err = cli.refused("intern", "level", incident, "IV", "--reason", "x", lang="zh")
    assert "无权变更级别" in err and "张伟（boss）" in err and "紧急越权" in err


def test_the_deputy_holds_the_commanders_grants(cli: Cli) -> None:
    incident = cli.start("boss")
    cli.ok("deputy", "level", incident, "I", "--reason", "escalating")
    cli.ok("deputy", "stand-down", incident, "--reason", "restored")
    cli.ok("deputy", "stand-down", incident, "--withdraw", "--reason", "it came back")


def test_withdrawing_the_stand_down_and_reopening_are_the_commanders(cli: Cli) -> None:
    incident = cli.start("boss")
    cli.ok("boss", "stand-down", incident, "--reason", "restored")
    err = cli.refused("intern", "stand-down", incident, "--withdraw", "--reason", "x")
    assert "may not stand down, or withdraw" in err
    cli.ok("boss", "close", incident, "--force", "--reason", "done")
    err = cli.refused("rev", "reopen", incident, "--reason", "more")
    assert "may not close or reopen" in err
    cli.ok("boss", "reopen", incident, "--reason", "more")


def test_the_reporting_decision_is_the_heads(cli: Cli) -> None:
    incident = cli.start("boss")
    args = ("step", incident, "report.regulator-decision", "done", "--decision", "no-report",
            "--note", "below the threshold")
    err = cli.refused("prep", *args)
    assert "may not take a decision" in err and "张伟 (boss)" in err
    cli.ok("boss", *args)


def test_the_approval_of_the_sign_off_is_the_commanders(cli: Cli) -> None:
    incident = cli.start("boss")
    cli.ok("prep", "signoff", incident, "prepared")
    cli.ok("rev", "signoff", incident, "reviewed")
    err = cli.refused("intern", "signoff", incident, "approved")
    assert "may not approve the sign-off" in err
    cli.ok("boss", "signoff", incident, "approved")


def test_members_record_their_own_work(cli: Cli) -> None:
    incident = cli.start("boss")
    cli.ok("intern", "step", incident, "tf.diagnose", "start")
    cli.ok("intern", "report", incident, "brief", "--to", "head")


def test_an_observer_writes_nothing_even_with_an_override(cli: Cli) -> None:
    incident = cli.start("boss")
    err = cli.refused("auditor", "note", incident, "x")
    assert "An observer only reads" in err
    err = cli.refused("auditor", "note", incident, "x", "--override", "urgent")
    assert "An observer only reads" in err
    assert cli.ok("auditor", "status", incident)  # reading is fine


def test_an_override_needs_its_reason(cli: Cli) -> None:
    incident = cli.start("boss")
    err = cli.refused("intern", "level", incident, "IV", "--reason", "x", "--override", " ")
    assert "An override needs its reason" in err


def test_the_settings_grant_the_roles(cli: Cli, tmp_path: Path) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text("format: 1\npermissions:\n  level: [commander, member]\n",
                        encoding="utf-8")
    incident = cli.start("boss")
    cli.ok("intern", "--settings", str(settings), "level", incident, "IV", "--reason", "ok")


# --- the roster in the institution's folder, the cache, the guard ------------------------------


def test_the_folders_roster_and_its_grants_come_through_the_cache(tmp_path: Path) -> None:
    from runbook.library_cache import load_cached

    folder = tmp_path / "ours"
    folder.mkdir()
    (folder / "roster.yaml").write_text(ROSTER, encoding="utf-8")
    cache = tmp_path / "cache"
    first = load_cached(cache, root=folder)
    again = load_cached(cache, root=folder)  # read from the cache file this time
    assert list(cache.iterdir())
    for library in (first, again):
        assert library.roster.person("deputy") is not None
        assert library.roster.roles_of(library.roster.person("deputy")) == (  # type: ignore[arg-type]
            "office-lead", "commander")
        assert library.settings.permissions.roles_for("level") == ("commander", "office-lead")
        assert library.settings.permissions.roles_for(
            "decide", "report.regulator-decision") == ("commander",)
    assert again == first


def test_runbook_roster_names_the_roster_file(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli.roster is not None
    monkeypatch.setenv("RUNBOOK_ROSTER", str(cli.roster))
    roster, cli.roster = cli.roster, None
    incident = cli.start("boss")
    err = cli.refused("intern", "level", incident, "IV", "--reason", "x")
    assert "may not change the level" in err
    monkeypatch.delenv("RUNBOOK_ROSTER")
    cli.ok("intern", "level", incident, "IV", "--reason", "x")  # no roster: as before
    assert roster.is_file()


def test_the_rule_runs_in_the_write_transaction_whoever_writes(tmp_path: Path) -> None:
    """A writer that is not the CLI (the player, a script on the store) is held to it too."""
    from msgspec.structs import replace

    from runbook import actions
    from runbook.actions import Author
    from runbook.clock import SystemClock
    from runbook.errors import RefusedAction
    from runbook.guard import Guard
    from runbook.loader import load_library, roster_problems
    from store import EventStore

    path = tmp_path / "roster.yaml"
    path.write_text(ROSTER, encoding="utf-8")
    roster, problems = roster_problems(path)
    assert not problems
    library = replace(load_library(), roster=roster)
    boss = Author(Actor("张伟", "command", "boss"), SystemClock())
    intern = Author(Actor("intern", "ops", "intern"), SystemClock())
    store = EventStore.open(tmp_path / "r.db", create=True)
    try:
        guard = Guard(library)
        declared = actions.declaration(boss, library, "X-1", type_id="technical-fault",
                                       level="II", title="t", drill=False)
        store.append(declared, guard(declared))
        lower = actions.level_change(intern, "X-1", "IV", "looks fine")
        with pytest.raises(RefusedAction, match="may not change the level"):
            store.append(lower, guard(lower))
        claimed = actions.note(Author(Actor("张伟", "command", "intern"), SystemClock()),
                               "X-1", "I am the boss")
        with pytest.raises(RefusedAction, match="disagrees with the roster"):
            store.append(claimed, guard(claimed))
        overridden = replace(lower, payload={**lower.payload, "override": "3 a.m."})
        store.append(overridden, guard(overridden))
        assert [e.kind for e in store.events("X-1")] == ["incident_declared", "level_changed"]
    finally:
        store.close()


def test_validate_names_the_rosters_problems_at_their_place(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\npeople:\n  - login: a\n    name: A\n    groups: [opz]\n"
                   "    roles: [comander]\n    deputy_of: nobody\n", encoding="utf-8")
    code, out, _ = cli.run("x", "validate", "--roster", str(bad))
    assert code == 1
    assert f"{bad}:5:14: unknown group 'opz'" in out
    assert f"{bad}:6:13: unknown role 'comander'" in out and "Did you mean 'commander'" in out
    assert f"{bad}:7:16: A deputises for 'nobody'" in out


def test_validate_refuses_a_grant_of_a_step_that_is_no_decision(cli: Cli, tmp_path: Path) -> None:
    """A misspelt decide:STEP would grant nothing and leave the step to `decide` unnoticed."""
    settings = tmp_path / "settings.yaml"
    settings.write_text("format: 1\npermissions:\n  decide:report.regulator-decison: [commander]\n"
                        "  decide:report.regulator-decision: [commander, office-lead]\n",
                        encoding="utf-8")
    code, out, _ = cli.run("x", "validate", "--settings", str(settings))
    assert code == 1
    assert f"{settings}:3:3: decide:report.regulator-decison names no decision step" in out
    assert "Did you mean 'report.regulator-decision'" in out
    assert out.count("names no decision step") == 1  # the right spelling is a decision step


def test_the_office_issues_the_warning_a_member_reports_it(cli: Cli) -> None:
    """Plan 3.3.1-3.3.2: monitoring staff report a possible trigger to the Office, which
    determines the level and issues the warning; whoever finds it first at 3 a.m. with nobody
    of the Office reachable declares with an override."""
    err = cli.refused("intern", "start", "--type", "technical-fault", "--level", "II",
                      "--title", "gateway down")
    assert "may not declare an incident" in err and "李娜 (deputy" in err
    incident = cli.start("deputy")  # the office lead (and the commander's deputy)
    cli.ok("deputy", "level", incident, "I", "--reason", "spreading")  # the Office's (3.3.2)
    cli.ok("intern", "start", "--type", "technical-fault", "--level", "II", "--title",
           "gateway down", "--override", "office phones unanswered")
