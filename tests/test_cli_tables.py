"""Tables for people fit the terminal and lose nothing that matters (issue 12 item 15): at 80
columns no id, state or time is cut, long titles and details wrap, optional columns go
first; at 120 and 200 columns more is shown; `--wide` shows every column.

rich takes the width from COLUMNS (standard output is not a terminal here), so each case is
the same on every machine."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from cli_kit import ELLIPSIS, declare, lines_of, now, run, tokens, widest

from runbook.cli.main import main

LONG_TITLE = ("Acquiring gateway of the card vendor rejects every authorisation for merchants "
              "in the eastern region since the certificate rotation")
LONG_NOTE = ("Vendor bridge call: their on-call engineer confirms the intermediate certificate "
             "was replaced without the chain, rollback scheduled, next update at the top of "
             "the hour")
WHO = "Zhang Wei-Long (night shift)"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two incidents, one three hours old with overdue steps, a level change, a long note."""
    path = tmp_path_factory.mktemp("tables") / "r.db"
    declare(path, "20261201-ea83", title=LONG_TITLE, ago=timedelta(hours=3))
    declare(path, "20261130-b7c1", type_id="business-interruption", level="IV",
            title="batch settlement file late", ago=timedelta(hours=1))
    at = (now() - timedelta(hours=2)).isoformat(timespec="minutes")
    for args in (("note", "ea83", LONG_NOTE, "--at", at, "--at-reason", "typed up late"),
                 ("step", "ea83", "report.verify", "done", "--note", LONG_NOTE),
                 ("level", "ea83", "I", "--reason", "full outage in the east"),
                 ("step", "ea83", "resp.l1.tech-repair", "start"),
                 ("step", "ea83", "resp.l1.tech-initial-solution", "block", "--note",
                  "no vendor access")):
        with pytest.raises(SystemExit) as done:
            main([*args, "--db", str(path), "--by", WHO, "--group", "tech"])
        assert done.value.code in (0, None), args
    return path


def shown(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: int,
          *args: str) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    code, out, err = run(capsys, *args)
    assert code == 0, err
    return out


def as_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


WIDTHS = [80, 120, 200]
LANGS = ["en", "zh"]


def assert_fits(out: str, columns: int) -> None:
    assert widest(out) <= columns, "\n" + out
    assert ELLIPSIS not in out, "\n" + out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("columns", WIDTHS)
def test_list_fits_and_shows_every_id_and_title_word(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: Path,
        columns: int, lang: str) -> None:
    out = shown(capsys, monkeypatch, columns, "list", "--db", str(db), "--lang", lang)
    assert_fits(out, columns)
    words = tokens(out)
    assert {"20261201-ea83", "20261130-b7c1"} <= words, "\n" + out
    assert set(LONG_TITLE.split()) <= words, "\n" + out  # wrapped, not cut
    overdue = [r["overdue"] for r in as_json(capsys, "list", "--db", str(db))]  # type: ignore
    assert str(max(overdue)) in words


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("columns", WIDTHS)
def test_status_fits_and_shows_every_step_id_state_and_countdown(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: Path,
        columns: int, lang: str) -> None:
    out = shown(capsys, monkeypatch, columns, "status", "ea83", "--db", str(db),
                "--lang", lang)
    assert_fits(out, columns)
    view = as_json(capsys, "status", "ea83", "--db", str(db))
    steps = view["steps"]  # type: ignore[index]
    words = tokens(out)
    missing = [s["id"] for s in steps if s["id"] not in words]
    assert not missing, "\n" + out
    state_words = {"in_progress": {"en": "in progress", "zh": "进行中"},
                   "blocked": {"en": "blocked", "zh": "受阻"}}
    for state, said in state_words.items():
        assert any(said[lang] in line for line in lines_of(out)), (state, out)
    overdue = "overdue +" if lang == "en" else "已超时 +"
    late = [line for line in lines_of(out) if overdue in line]
    assert late and all(re.search(r"\+\d", line) for line in late), "\n" + out
    title = next(s["title"]["en"] for s in steps if s["id"] == "report.verify")
    if lang == "en":
        assert set(title.split()) <= words, "\n" + out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("columns", WIDTHS)
def test_timeline_fits_and_wraps_its_details(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: Path,
        columns: int, lang: str) -> None:
    out = shown(capsys, monkeypatch, columns, "timeline", "ea83", "--db", str(db),
                "--lang", lang)
    assert_fits(out, columns)
    words = tokens(out)
    assert set(LONG_NOTE.split()) <= words, "\n" + out
    assert {"[report.verify]", "[resp.l1.tech-initial-solution]"} <= words, "\n" + out
    events = as_json(capsys, "timeline", "ea83", "--db", str(db))
    assert {str(e["seq"]) for e in events} <= words  # type: ignore[union-attr]
    assert set(WHO.split()) <= words, "\n" + out


@pytest.mark.parametrize("command, header", [
    (("list",), "Closed"), (("status", "ea83"), "Group"), (("timeline", "ea83"), "Hash"),
])
def test_optional_columns_go_at_80_come_back_at_200_and_with_wide(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: Path,
        command: tuple[str, ...], header: str) -> None:
    narrow = shown(capsys, monkeypatch, 80, *command, "--db", str(db), "--lang", "en")
    assert header not in tokens(narrow), "\n" + narrow
    assert header in tokens(shown(capsys, monkeypatch, 200, *command, "--db", str(db),
                                  "--lang", "en"))
    wide = shown(capsys, monkeypatch, 80, *command, "--wide", "--db", str(db), "--lang", "en")
    assert header in tokens(wide), "\n" + wide
    assert ELLIPSIS not in wide


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("columns", WIDTHS)
def test_review_and_playbooks_fit_with_every_step_id_whole(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: Path,
        columns: int, lang: str) -> None:
    out = shown(capsys, monkeypatch, columns, "review", "--db", str(db), "--lang", lang)
    assert_fits(out, columns)
    review = as_json(capsys, "review", "--db", str(db))
    ids = {s["id"] for s in review["steps"]}  # type: ignore[index]
    assert ids <= tokens(out), sorted(ids - tokens(out))
    if lang == "zh":  # the median lateness in Chinese units
        assert re.search(r"\d+ 小时 \d+ 分钟", out) and not re.search(r"\d(小时|分)", out), out
    out = shown(capsys, monkeypatch, columns, "playbooks", "--lang", lang)
    assert_fits(out, columns)
