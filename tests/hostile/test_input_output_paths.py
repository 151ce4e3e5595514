"""`runbook export -o` onto something that is not a regular file writes into it.

The summary used to be written to a temporary file beside the target and renamed over it,
whatever the target was: `-o /dev/null` or `-o /dev/stdout` run as root replaced the
machine's device (or its symlink) with a regular file, a FIFO was replaced by a file
nobody read, and a symlink to a device lost its link. A device or a FIFO is now written
into, and a FIFO that nobody reads is refused instead of waiting for ever.

The devices here are a symlink to /dev/null and, where the test may make one, a null
device node of its own: /dev itself is never at stake.
"""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest
from hostile_kit import run


@pytest.fixture
def incident(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> tuple[str, str]:
    db = str(tmp_path / "r.db")
    code, out, err = run(capsys, "start", "--type", "technical-fault", "--level", "II",
                         "--title", "gateway down", "--db", db)
    assert code == 0, err
    return out.strip(), db


def test_a_symlink_to_dev_null_stays_a_symlink(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path,
                                               incident: tuple[str, str]) -> None:
    incident_id, db = incident
    link = tmp_path / "discard"
    link.symlink_to("/dev/null")
    code, _, err = run(capsys, "export", incident_id, "-o", str(link), "--db", db,
                         "--lang", "en")
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert Path("/dev/null").is_char_device()
    assert not list(tmp_path.glob(".discard.*"))  # no temporary file left behind


def test_a_device_node_is_written_into(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                       incident: tuple[str, str]) -> None:
    incident_id, db = incident
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    code, _, err = run(capsys, "export", incident_id, "-o", str(node), "--db", db)
    assert code == 0, err
    assert node.is_char_device()


def test_a_fifo_is_written_into(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                incident: tuple[str, str]) -> None:
    incident_id, db = incident
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there before export
    received: list[bytes] = []
    finished = threading.Event()

    def drain() -> None:  # reads while export writes: the summary is larger than a pipe
        while True:
            try:
                chunk: bytes | None = os.read(reader, 1 << 16)
            except BlockingIOError:
                chunk = None
            if chunk:
                received.append(chunk)
            elif chunk == b"" and finished.is_set():
                return
            else:
                time.sleep(0.01)

    worker = threading.Thread(target=drain, daemon=True)
    worker.start()
    try:
        code, _, err = run(capsys, "export", incident_id, "--format", "json", "-o",
                           str(fifo), "--db", db)
    finally:
        finished.set()
        worker.join(30)
        os.close(reader)
    assert code == 0, err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert incident_id.encode() in b"".join(received)


def test_a_fifo_nobody_reads_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                        incident: tuple[str, str]) -> None:
    incident_id, db = incident
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result: list[tuple[int, str, str]] = []
    worker = threading.Thread(target=lambda: result.append(run(
        capsys, "export", incident_id, "-o", str(fifo), "--db", db, "--lang", "en")),
        daemon=True)
    worker.start()
    worker.join(30)
    if worker.is_alive():  # unblock the writer so that the test run can end
        os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
        pytest.fail("export to a FIFO nobody reads waited for a reader")
    code, _, err = result[0]
    assert code == 1
    assert str(fifo) in err and "reading" in err
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_summary_not_to_replace_keeps_the_file_there(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12 item 12: the player never writes over a summary silently, also where the
    file system has no hard links (the name is then claimed with O_EXCL)."""
    import errno

    from store.export import SummaryExists, write_private

    target = tmp_path / "x-summary.md"
    write_private(target, "first", replace=False)
    assert target.read_text(encoding="utf-8") == "first"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    with pytest.raises(SummaryExists):
        write_private(target, "second", replace=False)
    assert target.read_text(encoding="utf-8") == "first"

    def no_links(*_: object) -> None:
        raise OSError(errno.EPERM, "no hard links here")

    monkeypatch.setattr(os, "link", no_links)
    other = tmp_path / "y-summary.md"
    write_private(other, "new", replace=False)
    assert other.read_text(encoding="utf-8") == "new"
    with pytest.raises(SummaryExists):
        write_private(other, "again", replace=False)
    assert other.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x-summary.md", "y-summary.md"]
    write_private(target, "replaced")  # replace: the default, as `runbook export -o`
    assert target.read_text(encoding="utf-8") == "replaced"
