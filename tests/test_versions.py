"""Versions of the plan (issue 14 section 3): an incident keeps playing the library it was
declared with after the institution edits its folder, says the library changed, shows what
changed (`runbook playbooks --diff`), switches only with a reason, and the review names the
version each incident ran."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from cli_kit import run

from runbook import versions
from runbook.loader import load_library
from runbook.version_diff import carried_over, diff, switch_carries, switch_preview
from store import EventStore
from store.schema import SCHEMA_VERSION

OFFICE = ("--by", "lin", "--group", "office")
INSTITUTION = Path(__file__).parent / "fixtures" / "institution"


@pytest.fixture
def folder(tmp_path: Path, capsys: pytest.CaptureFixture[str],
           monkeypatch: pytest.MonkeyPatch) -> Path:
    """The institution's own folder, a whole copy of the shipped library."""
    monkeypatch.setenv("RUNBOOK_CACHE", "off")
    target = tmp_path / "ours"
    code, _, err = run(capsys, "init", str(target))
    assert code == 0, err
    return target


def edit(folder: Path) -> None:
    """The institution edits its plan: tf.diagnose due sooner, a step added, one removed."""
    path = folder / "technical-fault.yaml"
    text = path.read_text(encoding="utf-8")
    before = "after: {I: $tf_diagnose_high, II: $tf_diagnose_high, III: $tf_diagnose_low}"
    assert before in text
    text = text.replace(before, "after: {I: 5m, II: 5m, III: 5m}")
    start, end = text.index("  - id: tf.record-fault"), text.index("  - id: tf.improve-maintenance")
    text = text[:start] + text[end:]
    text = text.replace("steps:\n", "steps:\n"
                        "  - id: tf.new-check\n"
                        "    group: tech\n"
                        "    title: {zh: 核对备用线路, en: Check the standby line}\n"
                        "    detail: {zh: 核对备用线路。, en: Check the standby line.}\n"
                        "    levels: [I, II, III]\n"
                        "    due: {anchor: T0, after: 10m}\n"
                        '    source: ["4.3.1"]\n\n', 1)
    path.write_text(text, encoding="utf-8")


def cli(capsys: pytest.CaptureFixture[str], db: Path, folder: Path, *args: str,
        ok: bool = True) -> tuple[int, str, str]:
    code, out, err = run(capsys, "--db", str(db), "--playbooks", str(folder), *args)
    if ok:
        assert code == 0, err
    return code, out, err


def declare(capsys: pytest.CaptureFixture[str], db: Path, folder: Path,
            type_id: str = "technical-fault") -> str:
    _, out, _ = cli(capsys, db, folder, "start", "--type", type_id, "--level", "II",
                    "--title", "gateway down", *OFFICE)
    return out.strip()


def status(capsys: pytest.CaptureFixture[str], db: Path, folder: Path,
           incident: str) -> tuple[dict[str, Any], str]:
    _, out, _ = cli(capsys, db, folder, "status", incident, "--json")
    _, _, err = cli(capsys, db, folder, "status", incident)
    return json.loads(out), err


def due(view: dict[str, Any]) -> dict[str, str]:
    return {s["id"]: s["due"] for s in view["steps"]}


# --- the core: digest, diff, carried over ----------------------------------------------------


def test_the_digest_covers_the_plan_and_survives_being_stored(folder: Path) -> None:
    library = load_library(folder)
    kept = versions.decode(versions.body_text(library))
    assert versions.digest(kept) == versions.digest(library)
    edit(folder)
    assert versions.digest(load_library(folder)) != versions.digest(library)


def test_the_roster_is_not_part_of_the_version(folder: Path) -> None:
    before = versions.digest(load_library(folder))
    roster = folder / "roster.yaml"
    roster.write_text(roster.read_text(encoding="utf-8") + "\n# a phone number changed\n",
                      encoding="utf-8")
    assert versions.digest(load_library(folder)) == before


def test_the_diff_names_the_steps_added_removed_and_the_deadline_changed(folder: Path) -> None:
    old = load_library(folder)
    edit(folder)
    new = load_library(folder)
    found = diff(old, new, "a", "b", ("technical-fault",))
    (fault,) = found.types
    assert [s.id for s in fault.added] == ["tf.new-check"]
    assert [s.id for s in fault.removed] == ["tf.record-fault"]
    assert {c.id: c.aspects for c in fault.changed} == {"tf.diagnose": ("deadline",)}
    assert diff(old, old, "a", "a").same
    book = new.playbook("technical-fault")
    assert carried_over(["tf.diagnose", "tf.record-fault"], book) == (
        ["tf.diagnose"], ["tf.record-fault"])


def test_a_switch_carries_over_the_done_steps_the_version_in_force_still_has(
        folder: Path) -> None:
    from msgspec.structs import replace

    from runbook.incident import StepProgress

    old = load_library(folder)
    edit(folder)
    new = load_library(folder)
    incident = replace(
        _incident(old), steps={s: StepProgress(s, state) for s, state in (
            ("tf.diagnose", "done"), ("tf.record-fault", "done"), ("verify", "started"))})
    assert switch_carries(incident, new) == (["tf.diagnose"], ["tf.record-fault"])
    assert switch_carries(incident, old) == (["tf.diagnose", "tf.record-fault"], [])
    said = switch_preview("abcdef123456", ["tf.diagnose"], ["tf.record-fault"])
    assert said.en.splitlines() == [
        "Switching to the playbooks in force (abcdef123456).",
        "Done steps carried over (1): tf.diagnose",
        "Not carried over, not in that version (1): tf.record-fault"]
    assert said.zh.splitlines() == [
        "将切换到当前剧本（abcdef123456）。", "沿用的已完成步骤（1 个）：tf.diagnose",
        "不再沿用（该版本中已无，1 个）：tf.record-fault"]
    none = switch_preview("abcdef123456", ["a", "b"], [])
    assert "(2): a, b" in none.en and "(0): none" in none.en
    assert "：a、b" in none.zh and "0 个）：无" in none.zh  # Chinese throughout


def _incident(library: Any) -> Any:
    from datetime import UTC, datetime

    from runbook.actions import Author, declaration
    from runbook.clock import FrozenClock
    from runbook.events import Actor
    from runbook.fold import fold

    event = declaration(Author(Actor("lin", "office"), FrozenClock(
        datetime(2026, 1, 5, tzinfo=UTC))), library, "20260105-aa11",
        type_id="technical-fault", level="II", title="t", drill=False)
    return fold([replace_seq(event, 1)], library)


def test_the_diff_names_a_text_and_a_group_change(folder: Path) -> None:
    old = load_library(folder)
    path = folder / "technical-fault.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("en: Diagnose the cause and scope of the fault}",
                        "en: Diagnose the fault}", 1)
    start = text.index("  - id: tf.diagnose")
    text = text[:start] + text[start:].replace("group: tech", "group: ops", 1)
    path.write_text(text, encoding="utf-8")
    (fault,) = diff(old, load_library(folder), "a", "b").types
    assert {c.id: c.aspects for c in fault.changed} == {"tf.diagnose": ("title", "group")}


# --- the store keeps the version ------------------------------------------------------------


def test_a_version_is_kept_once_with_the_declaration_and_cannot_be_changed(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, folder: Path) -> None:
    db = tmp_path / "r.db"
    declare(capsys, db, folder)
    declare(capsys, db, folder, "data-leak")
    with EventStore.open(db) as store:
        assert store.version_digests() == [versions.digest(load_library(folder))]
    conn = sqlite3.connect(db)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="kept as they were"):
            conn.execute("UPDATE plan_versions SET body = '{}'")
        with pytest.raises(sqlite3.IntegrityError, match="kept as they were"):
            conn.execute("DELETE FROM plan_versions")
    finally:
        conn.close()


def test_an_incident_keeps_playing_its_version_after_the_folder_changes(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, folder: Path) -> None:
    db = tmp_path / "r.db"
    incident = declare(capsys, db, folder)
    before, said = status(capsys, db, folder, incident)
    assert "--diff" not in said
    edit(folder)
    after, said = status(capsys, db, folder, incident)
    assert due(after) == due(before)  # tf.diagnose still due as declared; no tf.new-check
    assert "tf.new-check" not in due(after) and "tf.record-fault" in due(after)
    assert f"runbook playbooks --diff {incident}" in said
    assert after["plan"] == {"version": before["plan"]["version"], "current": False,
                             "kept": True}
    # A step the old version has is still recorded, one only the new one has is refused.
    cli(capsys, db, folder, "step", incident, "tf.record-fault", "done", *OFFICE)
    code, _, err = cli(capsys, db, folder, "step", incident, "tf.new-check", "done", *OFFICE,
                       ok=False)
    assert code == 1 and "tf.new-check" in err
    # A new incident plays the edited folder.
    fresh, _ = status(capsys, db, folder, declare(capsys, db, folder))
    assert "tf.new-check" in due(fresh)


def test_diff_by_incident_and_by_digest_in_both_languages(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, folder: Path) -> None:
    db = tmp_path / "r.db"
    incident = declare(capsys, db, folder)
    digest = versions.digest(load_library(folder))
    edit(folder)
    _, out, _ = cli(capsys, db, folder, "playbooks", "--diff", incident, "--lang", "en")
    assert "+ tf.new-check  Check the standby line" in out
    assert "- tf.record-fault" in out
    assert "~ tf.diagnose  deadline T0 + I 30 min" in out and "→ T0 + I 5 min" in out
    _, out, _ = cli(capsys, db, folder, "playbooks", "--diff", incident, "--lang", "zh")
    assert "+ tf.new-check  核对备用线路" in out and "时限 T0 + I 30 分钟" in out
    _, out, _ = cli(capsys, db, folder, "playbooks", "--diff", digest[:8], "--json")
    found = json.loads(out)
    assert found["from"] == digest and not found["same"] and found["incident"] is None
    (fault,) = [t for t in found["types"] if t["type"] == "technical-fault"]
    assert [s["id"] for s in fault["added"]] == ["tf.new-check"]
    (changed,) = fault["changed"]
    assert changed["deadline"]["after"]["after"] == {"I": "5m", "II": "5m", "III": "5m"}
    code, _, err = cli(capsys, db, folder, "playbooks", "--diff", "ffffffff", ok=False)
    assert code == 1 and "names no incident" in err


def test_switching_needs_a_reason_and_says_which_done_steps_carried_over(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, folder: Path) -> None:
    db = tmp_path / "r.db"
    incident = declare(capsys, db, folder)
    code, _, err = cli(capsys, db, folder, "switch-version", incident, "--reason", "x",
                       *OFFICE, ok=False)
    assert code == 1 and "already plays" in err  # nothing changed yet
    for step in ("tf.diagnose", "tf.record-fault"):
        cli(capsys, db, folder, "step", incident, step, "done", *OFFICE)
    edit(folder)
    code, _, _ = cli(capsys, db, folder, "switch-version", incident, *OFFICE, ok=False)
    assert code == 2  # --reason is required
    _, _, err = cli(capsys, db, folder, "switch-version", incident, "--reason",
                    "the board adopted the new plan", *OFFICE)
    assert "Not carried over (not in this version): tf.record-fault" in err
    carried = err.split("Done steps carried over: ")[1].split(". Not")[0]
    assert "tf.diagnose" in carried and "tf.record-fault" not in carried
    view, said = status(capsys, db, folder, incident)
    assert "tf.new-check" in due(view) and "tf.record-fault" not in due(view)
    assert view["plan"]["current"] and "--diff" not in said
    assert view["incident"]["switched"] is True
    _, out, _ = cli(capsys, db, folder, "timeline", incident, "--json")
    (switch,) = [e for e in json.loads(out) if e["kind"] == "version_switched"]
    assert switch["payload"]["dropped"] == ["tf.record-fault"]
    assert switch["payload"]["reason"] == "the board adopted the new plan"
    code, _, err = cli(capsys, db, folder, "--lang", "zh", "switch-version", incident,
                       "--reason", "again", *OFFICE, ok=False)
    assert code == 1 and "已按当前剧本" in err
    # The summary says which version was played and how it came to be.
    _, out, _ = cli(capsys, db, folder, "export", incident, "--format", "json")
    version = json.loads(out)["identification"]["plan_version"]
    assert version["played"] == switch["payload"]["to"] != version["declared"]
    assert [(s["seq"], s["dropped"]) for s in version["switches"]] == [
        (switch["seq"], ["tf.record-fault"])]
    _, out, _ = cli(capsys, db, folder, "export", incident, "--format", "md", "--lang", "en")
    (row,) = [line for line in out.splitlines() if "Version of the plan played" in line]
    assert f"switched to {switch['payload']['to'][:12]} at #{switch['seq']}" in row
    assert "the board adopted the new plan" in row


def test_a_closed_incident_is_not_switched(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path, folder: Path) -> None:
    db = tmp_path / "r.db"
    incident = declare(capsys, db, folder)
    cli(capsys, db, folder, "close", incident, "--force", "--reason", "drill over", *OFFICE)
    edit(folder)
    code, _, err = cli(capsys, db, folder, "switch-version", incident, "--reason", "x",
                       *OFFICE, ok=False)
    assert code == 1 and "is closed" in err


def test_the_review_and_the_list_name_the_version_each_incident_ran(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, folder: Path) -> None:
    db = tmp_path / "r.db"
    old = declare(capsys, db, folder)
    switched = declare(capsys, db, folder)
    was = versions.digest(load_library(folder))
    edit(folder)
    now = versions.digest(load_library(folder))
    cli(capsys, db, folder, "switch-version", switched, "--reason", "new plan", *OFFICE)
    new = declare(capsys, db, folder)
    _, out, _ = cli(capsys, db, folder, "review", "--json")
    ran = {v["incident"]: v for v in json.loads(out)["versions"]}
    assert ran[old] == {"incident": old, "version": was, "switched": False, "current": False,
                        "kept": True}
    assert ran[switched]["version"] == now and ran[switched]["switched"]
    assert ran[new]["version"] == now and not ran[new]["switched"]
    _, out, _ = cli(capsys, db, folder, "review", "--lang", "en", "--wide")
    assert was[:12] in out and now[:12] in out and "each incident ran" in out
    _, out, _ = cli(capsys, db, folder, "list", "--json")
    listed = {r["id"]: r for r in json.loads(out)}
    assert listed[old]["version"] == was and listed[switched]["switched"] is True


def test_an_old_database_migrates_and_its_incidents_play_the_library_in_force(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, folder: Path) -> None:
    db = tmp_path / "r.db"
    incident = declare(capsys, db, folder)
    # As runbook wrote it before versions: no table, schema 1, a declaration without one.
    conn = sqlite3.connect(db)
    try:
        conn.execute("DROP TABLE plan_versions")
        conn.execute("DROP INDEX events_incident_origin_seq")  # nor logins, nor origins
        for column in ("actor_login", "origin", "origin_seq", "seen"):
            conn.execute(f"ALTER TABLE events DROP COLUMN {column}")
        conn.execute("DELETE FROM migrations WHERE id > 1")
        conn.execute("PRAGMA user_version = 1")
        conn.commit()
    finally:
        conn.close()
    edit(folder)
    view, said = status(capsys, db, folder, incident)  # read as it is, not migrated
    assert "tf.new-check" in due(view)  # its version is not kept: the one in force plays
    assert view["plan"]["kept"] is False and "not kept" in said
    with EventStore.open(db) as store:  # opening it to write migrates it
        assert store.version_digests() == []
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert conn.execute("SELECT count(*) FROM plan_versions").fetchone() == (0,)
    finally:
        conn.close()
    cli(capsys, db, folder, "note", incident, "still going", *OFFICE)  # still writable
    code, _, err = cli(capsys, db, folder, "playbooks", "--diff", incident, ok=False)
    assert code == 1 and "nothing to compare" in err


def test_the_rules_switch_only_to_the_library_in_force(folder: Path) -> None:
    from datetime import UTC, datetime

    from runbook.actions import Author, declaration, version_switch
    from runbook.clock import FrozenClock
    from runbook.errors import RefusedAction
    from runbook.events import Actor
    from runbook.state import IncidentState

    old = load_library(folder)
    author = Author(Actor("lin", "office"), FrozenClock(datetime(2026, 12, 1, tzinfo=UTC)))
    declared = declaration(author, old, "20261201-ab12", type_id="technical-fault",
                           level="II", title="x", drill=False)
    edit(folder)
    new = load_library(folder)
    state = IncidentState(new, {versions.digest(old): old}.get)
    state.sync([replace_seq(declared, 1)])
    assert state.played is not None and not state.played.current
    assert state.playbook.step("tf.record-fault") is not None
    elsewhere = version_switch(author, "20261201-ab12", versions.digest(old), "f" * 64, "x",
                               [], [])
    with pytest.raises(RefusedAction, match="only be switched to the playbooks in force"):
        state.check(elsewhere)
    to_new = version_switch(author, "20261201-ab12", versions.digest(old),
                            versions.digest(new), "new plan", [], [])
    state.check(to_new)
    state.sync([replace_seq(declared, 1), replace_seq(to_new, 2)])
    assert state.played is not None and state.played.current
    assert state.playbook.step("tf.record-fault") is None


def replace_seq(event: Any, seq: int) -> Any:
    from msgspec.structs import replace

    return replace(event, seq=seq, hash=f"h{seq}")


def test_a_kept_version_altered_behind_runbooks_back_is_not_played(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, folder: Path) -> None:
    db = tmp_path / "r.db"
    incident = declare(capsys, db, folder)
    edit(folder)
    conn = sqlite3.connect(db)
    try:  # past the triggers, as someone with the file could
        conn.execute("DROP TRIGGER plan_versions_no_update")
        conn.execute("UPDATE plan_versions SET body = body || ' '")
        conn.commit()
    finally:
        conn.close()
    view, said = status(capsys, db, folder, incident)
    assert view["plan"]["kept"] is False and "not kept" in said
    code, out, _ = cli(capsys, db, folder, "verify", ok=False)
    assert code == 1  # the chains are intact, but what an incident was declared with is not
    assert "no longer matches its digest" in out


def test_the_store_gives_the_versions_kept_whole_and_not_one_altered(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, folder: Path) -> None:
    db = tmp_path / "r.db"
    declare(capsys, db, folder)
    first = versions.digest(load_library(folder))
    edit(folder)
    declare(capsys, db, folder)
    second = versions.digest(load_library(folder))
    with EventStore.open(db) as store:
        kept = store.kept_versions()
    assert set(kept) == {first, second}
    assert versions.digest(kept[second]) == second
    conn = sqlite3.connect(db)
    try:  # past the triggers, as someone with the file could
        conn.execute("DROP TRIGGER plan_versions_no_update")
        conn.execute("UPDATE plan_versions SET body = body || ' ' WHERE digest = ?", (first,))
        conn.commit()
    finally:
        conn.close()
    with EventStore.open(db) as store:
        assert set(store.kept_versions()) == {second}


def test_the_store_reads_only_the_versions_asked_for(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, folder: Path) -> None:
    """The player's review asks for the versions its incidents are put on, not every one
    ever kept: each asked is read and decoded."""
    db = tmp_path / "r.db"
    declare(capsys, db, folder)
    first = versions.digest(load_library(folder))
    edit(folder)
    incident = declare(capsys, db, folder)
    second = versions.digest(load_library(folder))
    with EventStore.open(db) as store:
        played = versions.named_in(store.events(incident))
        assert played == {second}
        assert set(store.kept_versions(played)) == {second}
        assert first not in store._versions  # never read
        assert set(store.kept_versions([first, "0" * 64])) == {first}  # one never kept


def test_the_timeline_names_steps_as_the_incidents_version_does(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, folder: Path) -> None:
    db = tmp_path / "r.db"
    incident = declare(capsys, db, folder)
    cli(capsys, db, folder, "step", incident, "tf.record-fault", "done", *OFFICE)
    edit(folder)  # the step is gone from the folder, not from the incident's version
    _, out, _ = cli(capsys, db, folder, "timeline", incident, "--wide", "--lang", "en")
    assert "Record and analyse the fault" in out  # its title, not only its id


def test_an_older_version_plays_with_the_roster_in_force(folder: Path) -> None:
    old = load_library(folder)
    kept = versions.decode(versions.body_text(old))  # as the store gives it back
    edit(folder)
    shutil.copy(INSTITUTION / "roster.yaml", folder / "roster.yaml")  # vendors added since
    now = load_library(folder)
    assert now.roster.vendors and not old.roster.vendors
    played = versions.resolve(versions.digest(old), now, {versions.digest(old): kept}.get)
    assert not played.current and not played.fallback
    assert played.library.roster == now.roster
    assert played.library.playbook("technical-fault") == old.playbook("technical-fault")
