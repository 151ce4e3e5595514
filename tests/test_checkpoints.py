"""Signed checkpoints (issue 15 §3): the attack they defeat (a database file rewritten with
every hash recomputed), a missing or foreign key, a damaged signature, and the README's way
of checking one without runbook."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cli_kit import run

from runbook.checkpoints import body, check, checkpoint, read
from runbook.cli.environment import Environment
from runbook.events import Event
from runbook.kinds import Kind
from runbook.signed_note import Signer, Verifier, parse, sign
from store import EventStore

BY = ("--by", "lin", "--group", "office")
README = Path(__file__).parent.parent / "README.md"


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "keys"
    monkeypatch.setenv("RUNBOOK_KEYS", str(folder))
    return folder


def signers_file(capsys: pytest.CaptureFixture[str], path: Path) -> Path:
    code, out, _ = run(capsys, "keys", "export")
    assert code == 0
    path.write_text("# the institution's signers\n" + out)
    return path


def record(capsys: pytest.CaptureFixture[str], db: Path) -> str:
    """An incident with a decision, then a level change (sealed), then a few notes."""
    code, out, _ = run(capsys, "start", "--db", str(db), "--type", "technical-fault",
                       "--level", "III", "--title", "gateway down", *BY)
    assert code == 0
    incident = out.strip()
    for args in (("step", incident, "report.regulator-decision", "done", "--decision",
                  "no-report", "--note", "below the threshold"),
                 ("level", incident, "II", "--reason", "it spread"),
                 ("note", incident, "vendor called back"),
                 ("note", incident, "still down")):
        code, _, err = run(capsys, *args, "--db", str(db), *BY)
        assert code == 0, err
    return incident


def kinds(db: Path, incident: str) -> list[str]:
    with EventStore.open(db, read_only=True) as store:
        return [e.kind for e in store.events(incident)]


# The hash rule as README "Identity and proof" states it, written out here as an attacker
# who read it would: no runbook code.
def rehash(db: Path) -> None:
    conn = sqlite3.connect(db)
    drop_triggers(conn)
    rows = conn.execute("SELECT id, incident_id, seq, kind, actor_name, actor_group, "
                        "actor_login, occurred_at, occurred_offset, recorded_at, "
                        "recorded_offset, payload FROM events ORDER BY incident_id, seq"
                        ).fetchall()
    prev: dict[str, str] = {}
    for (rowid, incident, seq, kind, name, group, login, occurred, occurred_offset, recorded,
         recorded_offset, payload) in rows:
        actor = {"name": name, "group": group} | ({"login": login} if login is not None
                                                  else {})
        content = {"incident": incident, "seq": seq, "kind": kind, "actor": actor,
                   "occurred_at": occurred, "occurred_offset": occurred_offset,
                   "recorded_at": recorded, "recorded_offset": recorded_offset,
                   "payload": json.loads(payload), "prev_hash": prev.get(incident, "0" * 64)}
        digest = hashlib.sha256(json.dumps(content, sort_keys=True, separators=(",", ":"),
                                           ensure_ascii=False).encode()).hexdigest()
        conn.execute("UPDATE events SET prev_hash = ?, hash = ? WHERE id = ?",
                     (content["prev_hash"], digest, rowid))
        prev[incident] = digest
    conn.commit()
    conn.close()


def drop_triggers(conn: sqlite3.Connection) -> None:
    names = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for (name,) in names:
        conn.execute(f"DROP TRIGGER {name}")


def rewrite(db: Path, rowid: int, key: str, value: str) -> None:
    """One payload field changed, the payload written as the store writes it."""
    conn = sqlite3.connect(db)
    drop_triggers(conn)
    (text,) = conn.execute("SELECT payload FROM events WHERE id = ?", (rowid,)).fetchone()
    payload = {**json.loads(text), key: value}
    conn.execute("UPDATE events SET payload = ? WHERE id = ?",
                 (json.dumps(payload, sort_keys=True, ensure_ascii=False), rowid))
    conn.commit()
    conn.close()


def rewrite_rationale(db: Path, text: str) -> None:
    conn = sqlite3.connect(db)
    (rowid,) = conn.execute("SELECT id FROM events WHERE kind = 'decision_taken'").fetchone()
    conn.close()
    rewrite(db, rowid, "rationale", text)


def test_every_sealing_event_is_followed_by_its_checkpoint(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, keys: Path) -> None:
    db = tmp_path / "r.db"
    incident = record(capsys, db)
    assert kinds(db, incident) == ["incident_declared", "checkpoint", "decision_taken",
                                   "level_changed", "checkpoint", "note", "note"]
    key = next(keys.iterdir())
    assert key.stat().st_mode & 0o777 == 0o600
    signers = signers_file(capsys, tmp_path / "allowed-signers")
    code, out, err = run(capsys, "verify", incident, "--db", str(db), "--signers", str(signers))
    assert code == 0, err + signers.read_text()
    assert "2 signed checkpoint(s) match the chain; the last seals records 1–4" in out
    assert "2 record(s) after #4 not yet sealed" in out


def test_the_rehash_attack_passes_the_chain_but_not_the_signed_checkpoints(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, keys: Path) -> None:
    original = tmp_path / "r.db"
    incident = record(capsys, original)
    signers = signers_file(capsys, tmp_path / "allowed-signers")
    copy = tmp_path / "copy.db"
    shutil.copy(original, copy)
    rewrite_rationale(copy, "we always meant to report")
    rehash(copy)

    code, out, _ = run(capsys, "verify", incident, "--db", str(copy))
    assert code == 0, "the chain alone is fooled, as before"
    assert "every hash chain is intact" in out
    assert "Signed checkpoints not checked" in out

    code, out, _ = run(capsys, "verify", incident, "--db", str(copy), "--signers", str(signers))
    assert code == 1
    # The decision is record 3; the declaration's checkpoint (#2) still holds, the level
    # change's (#5) is the first that no longer matches.
    assert f"Incident {incident}, checkpoint #5 (signed by" in out
    assert "no longer matches the chain" in out

    # The playbooks folder's allowed-signers file is found without --signers.
    folder = tmp_path / "playbooks"
    shutil.copytree(Path(__file__).parent.parent / "playbooks", folder,
                    ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    shutil.copy(signers, folder / "allowed-signers")
    code, out, _ = run(capsys, "verify", incident, "--db", str(copy), "--playbooks", str(folder))
    assert code == 1
    assert "checkpoint #5" in out


def test_a_forged_checkpoint_signed_by_a_key_not_allowed_is_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, keys: Path) -> None:
    db = tmp_path / "r.db"
    incident = record(capsys, db)
    signers = signers_file(capsys, tmp_path / "allowed-signers")
    rewrite_rationale(db, "we always meant to report")
    rehash(db)
    # The forger re-signs every checkpoint with a key of their own, under the same name.
    forger = Signer.generate(Environment.os_login())
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id, seq FROM events WHERE kind = 'checkpoint'").fetchall()
    conn.close()
    for rowid, seq in rows:
        rehash(db)  # the checkpoint signs the head as it now is
        conn = sqlite3.connect(db)
        (head,) = conn.execute("SELECT hash FROM events WHERE incident_id = ? AND seq = ?",
                               (incident, seq - 1)).fetchone()
        conn.close()
        rewrite(db, rowid, "note", sign(body(incident, seq - 1, head), [forger]))
    rehash(db)
    code, out, _ = run(capsys, "verify", incident, "--db", str(db), "--signers", str(signers))
    assert code == 1
    assert f"Incident {incident}, checkpoint #2: signed only by" in out
    assert "with no key in the allowed signers; it is refused" in out


def test_a_key_that_is_not_listed_is_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, keys: Path) -> None:
    db = tmp_path / "r.db"
    incident = record(capsys, db)
    other = tmp_path / "allowed-signers"
    other.write_text(Signer.generate("someone-else").verifier.vkey + "\n")
    code, out, _ = run(capsys, "verify", incident, "--db", str(db), "--signers", str(other))
    assert code == 1
    assert "checkpoint #2: signed only by" in out
    code, out, _ = run(capsys, "keys", "show", "--playbooks", str(tmp_path))
    assert code == 0
    assert "It is not listed in" in out


def test_without_a_usable_key_events_are_recorded_said_once_and_left_unsealed(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("RUNBOOK_KEYS", str(blocker / "keys"))
    db = tmp_path / "r.db"
    code, out, err = run(capsys, "start", "--db", str(db), "--type", "technical-fault",
                         "--level", "III", *BY)
    assert code == 0
    incident = out.strip()
    assert err.count("could not use a signing key") == 1
    assert kinds(db, incident) == ["incident_declared"]
    listed = tmp_path / "allowed-signers"
    listed.write_text(Signer.generate("lin").verifier.vkey + "\n")
    code, out, _ = run(capsys, "verify", incident, "--db", str(db), "--signers", str(listed))
    assert code == 0
    assert "1 record(s) after #0 not yet sealed" in out
    assert "1 of them should have been sealed when recorded" in out


def test_checkpoints_removed_with_the_rewrite_show_as_missed(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, keys: Path) -> None:
    db = tmp_path / "r.db"
    incident = record(capsys, db)
    signers = signers_file(capsys, tmp_path / "allowed-signers")
    rewrite_rationale(db, "we always meant to report")
    conn = sqlite3.connect(db)
    drop_triggers(conn)
    conn.execute("DELETE FROM events WHERE kind = 'checkpoint'")
    conn.execute("UPDATE events SET seq = (SELECT count(*) FROM events AS e "
                 "WHERE e.incident_id = events.incident_id AND e.id <= events.id)")
    conn.commit()
    conn.close()
    rehash(db)
    code, out, _ = run(capsys, "verify", incident, "--db", str(db), "--signers", str(signers))
    assert code == 0  # reported, not refused: signing may have been unavailable then
    assert "5 record(s) after #0 not yet sealed" in out
    assert "2 of them should have been sealed when recorded" in out


def test_a_damaged_signature_is_named() -> None:
    signer = Signer.generate("lin")
    declared = Event("i-1", Kind.DECLARED, _actor(), _at(), _at(), {}, seq=1, hash="ab" * 32)
    note = sign(body("i-1", 1, declared.hash), [signer])
    line = note.rstrip("\n").rsplit(" ", 1)
    raw = bytearray(base64.b64decode(line[1]))
    raw[10] ^= 0x01
    damaged = line[0] + " " + base64.b64encode(bytes(raw)).decode() + "\n"
    events = [declared, Event("i-1", Kind.CHECKPOINT, _actor(), _at(), _at(),
                              {"note": damaged}, seq=2)]
    found = check("i-1", events, [signer.verifier])
    assert found.problem is not None
    assert "the signature by lin does not verify" in found.problem.message.en
    events[1] = Event("i-1", Kind.CHECKPOINT, _actor(), _at(), _at(), {"note": note}, seq=2)
    assert check("i-1", events, [signer.verifier]).problem is None


def test_the_note_is_the_c2sp_signed_note() -> None:
    signer = Signer.generate("lin")
    note = sign(body("i-1", 7, "00" * 31 + "ff"), [signer])
    text, signature = note.split("\n\n")
    assert text == "i-1\n7\n" + base64.b64encode(bytes(31) + b"\xff").decode()
    name, encoded = signature.removeprefix("\u2014 ").rstrip("\n").split(" ")
    assert name == "lin"
    raw = base64.b64decode(encoded)
    public = signer.verifier.public
    assert raw[:4] == hashlib.sha256(b"lin\n\x01" + public).digest()[:4]
    assert len(raw) == 68
    assert Verifier.parse(signer.verifier.vkey) == signer.verifier
    assert parse(note).body == text + "\n"


def test_the_readme_snippet_checks_a_checkpoint_without_runbook(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, keys: Path) -> None:
    db = tmp_path / "r.db"
    incident = record(capsys, db)
    signers = signers_file(capsys, tmp_path / "allowed-signers")
    with EventStore.open(db, read_only=True) as store:
        last = [e for e in store.events(incident) if e.kind == Kind.CHECKPOINT][-1]
    (tmp_path / "checkpoint.txt").write_text(str(last.payload["note"]))
    snippet = re.search(r"```python\n(# check-checkpoint.*?)```", README.read_text(),
                        re.S)
    assert snippet is not None, "README 'Identity and proof' holds the snippet"
    (tmp_path / "check.py").write_text(snippet.group(1))
    done = subprocess.run([sys.executable, "check.py", "checkpoint.txt", "allowed-signers"],
                          cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert read(last).size == 4
    assert f"{incident} 4 " in done.stdout
    # A checkpoint whose body was changed fails it.
    changed = str(last.payload["note"]).replace("\n4\n", "\n3\n", 1)
    (tmp_path / "checkpoint.txt").write_text(changed)
    done = subprocess.run([sys.executable, "check.py", "checkpoint.txt", str(signers)],
                          cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode != 0


def _actor():  # type: ignore[no-untyped-def]
    from runbook.events import Actor

    return Actor("lin", "office")


def _at():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime(2026, 3, 14, 1, 10, tzinfo=UTC)


def test_the_export_prints_the_last_checkpoint_and_the_command_to_check_it(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, keys: Path) -> None:
    db = tmp_path / "r.db"
    incident = record(capsys, db)
    code, out, err = run(capsys, "export", incident, "--db", str(db), "--format", "md")
    assert code == 0, err
    with EventStore.open(db, read_only=True) as store:
        events = store.events(incident)
    assert "#5: seals records 1–4, signed by" in out
    assert f"runbook verify {incident} --head {events[3].hash} --count 4" in out
    assert str(events[4].payload["note"]).rstrip("\n") in out
    code, out, _ = run(capsys, "export", incident, "--db", str(db), "--format", "json")
    assert json.loads(out)["identification"]["checkpoint"]["note"] == events[4].payload["note"]


def test_checkpoints_change_no_state(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, keys: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    sealed, plain = tmp_path / "sealed.db", tmp_path / "plain.db"
    incident = record(capsys, sealed)
    monkeypatch.setenv("RUNBOOK_KEYS", "off")
    other = record(capsys, plain)
    code, with_checkpoints, _ = run(capsys, "status", incident, "--db", str(sealed), "--json")
    code, without, _ = run(capsys, "status", other, "--db", str(plain), "--json")
    assert code == 0

    def comparable(text: str) -> object:
        view = json.loads(text)
        for key in ("incident", "id", "head_hash", "events", "last_seq"):
            view.pop(key, None)
        shown = json.dumps(view, sort_keys=True).replace(other, incident)
        return re.sub(r"\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)", "T", shown)

    assert comparable(with_checkpoints) == comparable(without)


def test_a_checkpoint_commits_with_the_event_it_seals_or_neither_does(tmp_path: Path) -> None:
    from runbook.chain import chained

    first = chained([Event("i-1", Kind.DECLARED, _actor(), _at(), _at(),
                           {"type": "technical-fault", "level": "III", "title": "",
                            "drill": False})])[0]
    with EventStore.open(tmp_path / "r.db") as store:
        def failing(history: object) -> Event | None:
            raise RuntimeError("the signer failed")

        store.seal_with(failing)
        with pytest.raises(RuntimeError):
            store.append(first)
        assert store.events("i-1") == []
        store.seal_with(lambda history: checkpoint(history[-1], Signer.generate("lin")))
        store.append(first)
        assert [e.kind for e in store.events("i-1")] == ["incident_declared", "checkpoint"]


def test_a_checkpoint_after_a_sign_off_is_not_something_recorded_since(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, keys: Path) -> None:
    db = tmp_path / "r.db"
    incident = record(capsys, db)
    code, _, err = run(capsys, "signoff", incident, "prepared", "--db", str(db), *BY)
    assert code == 0, err
    assert kinds(db, incident)[-2:] == ["signed_off", "checkpoint"]
    code, _, err = run(capsys, "signoff", incident, "prepared", "--db", str(db), *BY)
    assert code == 1
    assert "already prepared" in err and "nothing was recorded since" in err


def test_the_timeline_says_what_each_checkpoint_seals(
        keys: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "r.db"
    incident = record(capsys, db)
    code, out, err = run(capsys, "timeline", incident, "--db", str(db), "--lang", "en")
    assert code == 0, err
    sealed = [line.split("checkpoint", 1)[1].split(",")[0].strip()
              for line in out.splitlines() if " checkpoint " in line]
    assert sealed == ["seals #1", "seals #1–4"]  # the declaration alone; then up to the level
