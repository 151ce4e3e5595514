"""Settings and playbook files are read only if they are regular files, and never more
than the limit: `--settings /dev/zero` used to read until memory ran out, a FIFO hung
every command, `/proc/self/mem` gave an internal error.

The commands run in a child process with a memory cap and a timeout, so that a reader
that does go wrong fails the test instead of the machine.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from runbook.loader import validate
from runbook.yamlread import MAX_BYTES

RUNBOOK = Path(sys.executable).with_name("runbook")
SHIPPED = Path(__file__).resolve().parents[2] / "playbooks"


def capped() -> None:
    limit = 1 << 30  # 1 GiB of address space: plenty for runbook, not for /dev/zero
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def runbook(tmp_path: Path, *args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RUNBOOK_LANG": lang, "RUNBOOK_DB": str(tmp_path / "r.db"),
           "RUNBOOK_CACHE": str(tmp_path / "cache")}
    env.pop("RUNBOOK_SETTINGS", None)
    try:
        return subprocess.run([str(RUNBOOK), *args], capture_output=True, text=True,
                              env=env, timeout=30, preexec_fn=capped, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail(f"runbook {' '.join(args)} hung")


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "settings.yaml"
    os.mkfifo(path)
    return path


def settings_cases(fifo: Path) -> list[str]:
    return ["/dev/zero", str(fifo), "/proc/self/mem"]


@pytest.mark.parametrize("which", [0, 1, 2])
@pytest.mark.parametrize("command", [
    ["playbooks"], ["validate"], ["review"],
    ["start", "--type", "technical-fault", "--level", "II"]])
def test_a_settings_file_that_is_not_a_file(tmp_path: Path, fifo: Path, which: int,
                                            command: list[str]) -> None:
    path = settings_cases(fifo)[which]
    done = runbook(tmp_path, *command, "--settings", path)
    assert done.returncode in (1, 2), done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert path in done.stderr + done.stdout
    if which < 2:
        assert "not a regular file" in done.stderr + done.stdout


def test_the_message_is_in_both_languages(tmp_path: Path, fifo: Path) -> None:
    done = runbook(tmp_path, "validate", "--settings", str(fifo), lang="zh")
    assert done.returncode == 1 and f"{fifo}:1:1:" in done.stdout and "普通文件" in done.stdout


def test_a_huge_settings_file_is_refused_by_size(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (MAX_BYTES + 10) + b"\n")
    done = runbook(tmp_path, "validate", "--settings", str(big))
    assert done.returncode == 1 and f"{big}:1:1:" in done.stdout, done.stdout + done.stderr


def test_a_fifo_among_the_playbooks_does_not_hang_validate(tmp_path: Path) -> None:
    folder = tmp_path / "books"
    folder.mkdir()
    for name in ("technical-fault.yaml",):
        (folder / name).write_bytes((SHIPPED / name).read_bytes())
    os.mkfifo(folder / "stuck.yaml")

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("validate hung on the FIFO")

    before = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    try:
        problems = validate([folder])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
    assert any(p.file.endswith("stuck.yaml") and "regular file" in p.message.en
               for p in problems), problems


def _loop(tmp_path: Path) -> str:
    (tmp_path / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    return str(tmp_path / "a.yaml")


@pytest.mark.parametrize("name", [
    pytest.param(lambda tmp: "x" * 300, id="a name too long for the filesystem"),
    pytest.param(lambda tmp: f"{'x' * 300}/playbook.yaml", id="a folder name too long"),
    pytest.param(_loop, id="a symlink loop"),
])
def test_validate_places_a_path_it_cannot_look_at(tmp_path: Path,
                                                  name: Callable[[Path], str]) -> None:
    """Found by the CLI fuzz test: these ended in "internal error" (exit 70)."""
    path = name(tmp_path)
    done = runbook(tmp_path, "validate", "/dev/null", path)
    assert done.returncode == 1, done.stderr
    assert f"{path}:1:1: cannot read" in done.stdout
    assert "/dev/null:1:1: not a playbook file" in done.stdout  # the other path still checked


@pytest.mark.parametrize("which", [0, 1])
def test_an_allowed_signers_file_that_is_not_a_file(tmp_path: Path, fifo: Path, which: int,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """`verify --signers` (or the playbooks folder's allowed-signers) on a FIFO used to hang,
    on /dev/zero to read until memory ran out."""
    monkeypatch.setenv("RUNBOOK_KEYS", "off")
    done = runbook(tmp_path, "start", "--type", "technical-fault", "--level", "IV",
                   "--by", "lin")
    assert done.returncode == 0, done.stderr
    given = ["/dev/zero", str(fifo)][which]
    done = runbook(tmp_path, "verify", "--signers", given)
    assert done.returncode == 2, done.stderr
    assert "Cannot read the allowed-signers file" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_key_file_that_is_not_a_file_leaves_the_record_unsigned(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A FIFO where the login's key should be used to hang every write; now the write is
    recorded, unsigned, and the reason said."""
    import pwd

    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    login = pwd.getpwuid(os.getuid()).pw_name
    os.mkfifo(keys / f"{login.replace('/', '_')}.key")
    monkeypatch.setenv("RUNBOOK_KEYS", str(keys))
    done = runbook(tmp_path, "start", "--type", "technical-fault", "--level", "IV",
                   "--by", "lin")
    assert done.returncode == 0, done.stderr
    assert "not a regular file" in done.stderr and "Traceback" not in done.stderr
    done = runbook(tmp_path, "list", "--json")
    assert '"level": "IV"' in done.stdout
