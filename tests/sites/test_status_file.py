"""The link's state file beside the database (`sync.status_file`): `read` gives a typed
record of what `runbook sync` wrote, or None for a file not of that shape; the format is the
one earlier versions wrote and read."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from runbook.i18n import Msg
from sync import status_file
from sync.link import LinkView, Peer, Report, Seen

# A state as the previous version of `runbook sync` wrote it (its `encode`, then `write`).
WRITTEN: dict[str, Any] = {
    "site": "dc1", "server": "nats://…@hub:4222", "written_at": "2026-11-26T03:04:05+08:00",
    "pid": 4242, "stopped": False, "up": False, "since": "2026-11-26T03:00:00+08:00",
    "failures": 4, "last_error": {"en": "connection refused", "zh": "连接被拒绝"},
    "peers": [{"site": "dr", "lag": 3, "last": {
        "incident": "20261126-ab12-dc1", "seq": 7, "hash": "a" * 64,
        "at": "2026-11-26T02:59:00+08:00"}}, {"site": "dc3", "lag": 0, "last": None}],
    "refused": [{"subject": "rb.events.x.dc1", "at": "2026-11-26T03:01:00+08:00",
                 "message": {"en": "hash mismatch", "zh": "哈希不符"}}]}


def put(path: Path, state: Any) -> Path:
    path.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def test_a_state_the_previous_version_wrote_is_read_typed_and_given_back_unchanged(
        tmp_path: Path) -> None:
    found = status_file.read(put(tmp_path / "r.db.sync.json", WRITTEN))
    assert found is not None
    assert found.site == "dc1" and found.up is False and found.failures == 4
    assert found.since == datetime(2026, 11, 26, 3, 0, tzinfo=timezone(timedelta(hours=8)))
    assert found.last_error == Msg("connection refused", "连接被拒绝")
    assert [(p.site, p.lag, p.last and p.last.seq) for p in found.peers] == [
        ("dr", 3, 7), ("dc3", 0, None)]
    assert found.refused[0].message("zh") == "哈希不符"
    # `runbook sites --json` shows the state as it was written, key for key
    assert json.dumps(status_file.as_json(found)) == json.dumps(WRITTEN)


def test_what_sync_writes_reads_back_the_same(tmp_path: Path) -> None:
    now = datetime(2026, 11, 26, 3, 4, 5, 987, tzinfo=UTC)
    view = LinkView(True, None, now - timedelta(minutes=2), 0,
                    (Peer("dr", Seen("i-dc1", 2, "b" * 64, now), 1),),
                    tuple(Report(f"s.{n}", Msg("no", "否"), now) for n in range(25)))
    path = tmp_path / "r.db.sync.json"
    status_file.write(path, status_file.encode(view, site="dc1", server="nats://hub:4222",
                                               written_at=now))
    text = path.read_text(encoding="utf-8")
    assert '"written_at": "2026-11-26T03:04:05+00:00"' in text  # as it always was
    found = status_file.read(path)
    assert found is not None and status_file.running(found, now)
    assert len(found.refused) == 20 and found.refused[-1].subject == "s.24"  # the last 20
    assert json.loads(text) == status_file.as_json(found)


def broken(path: str, value: Any) -> dict[str, Any]:
    """WRITTEN with the field at `path` (dot-separated keys and list indexes) set to
    `value`."""
    state = json.loads(json.dumps(WRITTEN))
    *into, last = path.split(".")
    where: Any = state
    for key in into:
        where = where[int(key)] if isinstance(where, list) else where[key]
    where[int(last) if isinstance(where, list) else last] = value
    return state


@pytest.mark.parametrize(("field", "value"), [
    ("site", 1), ("written_at", None), ("up", "yes"), ("up", 1), ("failures", "4"),
    ("failures", True), ("failures", 4.0), ("since", 5), ("last_error", "refused"),
    ("last_error.zh", None), ("peers", {"dr": 3}), ("peers.0", "dr"), ("peers.0.site", None),
    ("peers.0.lag", "3"), ("peers.0.last", "none"), ("peers.0.last.seq", "7"),
    ("peers.0.last.hash", 0), ("refused", "none"), ("refused.0.subject", 1),
    ("refused.0.message", "hash mismatch"),
])
def test_a_file_with_a_field_of_another_type_is_refused(
        tmp_path: Path, field: str, value: Any) -> None:
    assert status_file.read(put(tmp_path / "s.json", broken(field, value))) is None


@pytest.mark.parametrize("moment", ["garbage", "2026-11-26T03:04:05", "yesterday"])
def test_a_time_that_is_no_moment_with_its_offset_is_refused(
        tmp_path: Path, moment: str) -> None:
    """The readers compare the time written with the clock's: one they cannot compare makes
    the file not sync's."""
    for field in ("written_at", "since", "peers.0.last.at", "refused.0.at"):
        assert status_file.read(put(tmp_path / "s.json", broken(field, moment))) is None


def test_no_file_or_no_json_is_no_state(tmp_path: Path) -> None:
    assert status_file.read(tmp_path / "absent.json") is None
    (tmp_path / "bad.json").write_bytes(b"\xff\xfe{")
    assert status_file.read(tmp_path / "bad.json") is None
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert status_file.read(tmp_path / "deep.json") is None


@pytest.mark.parametrize("kind", ["fifo", "zero", "big"])
def test_a_state_path_that_is_no_small_regular_file_reads_as_none_at_once(
        tmp_path: Path, kind: str) -> None:
    """The player's record thread reads the state at every poll: a named pipe placed there
    used to block that thread for good (no writer ever comes), freezing every write."""
    import os
    import subprocess
    import sys

    path = tmp_path / "r.db.sync.json"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    else:
        path.write_text(json.dumps({**WRITTEN, "pad": "x" * 2_000_000}))
    code = ("import pathlib; from sync import status_file; "
            f"print(status_file.read(pathlib.Path({str(path)!r})))")
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("status_file.read hung")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "None"
