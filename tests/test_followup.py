"""Action items and the sign-off, through the commands: numbered items with owner and due
date, tracked after the close; prepared, reviewed, approved in order by different people,
the approval naming the record it approved (issue 13, section 4)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from runbook.cli.main import main


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], db: Path) -> None:
        self.capsys, self.db = capsys, db

    def run(self, *args: str, by: str = "lin", lang: str = "en") -> tuple[int, str, str]:
        who = [] if args[0] == "review" else ["--by", by, "--group", "office"]
        with pytest.raises(SystemExit) as done:
            main([*args, "--db", str(self.db), "--lang", lang, *who])
        out, err = self.capsys.readouterr()
        code = done.value.code
        return (code if isinstance(code, int) else 0), out, err

    def ok(self, *args: str, by: str = "lin", lang: str = "en") -> tuple[str, str]:
        code, out, err = self.run(*args, by=by, lang=lang)
        assert code == 0, f"{args}: {err}"
        return out, err

    def refused(self, *args: str, by: str = "lin", lang: str = "en") -> tuple[int, str]:
        code, _, err = self.run(*args, by=by, lang=lang)
        assert code in (1, 2), err
        assert "Traceback" not in err
        return code, err

    def start(self, *extra: str) -> str:
        out, _ = self.ok("start", "--type", "technical-fault", "--level", "II", "--title",
                         "gateway", *extra)
        return out.strip()

    def summary(self, incident: str) -> dict[str, Any]:
        with pytest.raises(SystemExit):
            main(["export", incident, "--format", "json", "--db", str(self.db)])
        out, _ = self.capsys.readouterr()
        return json.loads(out)  # type: ignore[no-any-return]

    def md(self, incident: str, lang: str = "en") -> str:
        with pytest.raises(SystemExit):
            main(["export", incident, "--db", str(self.db), "--lang", lang])
        out, _ = self.capsys.readouterr()
        return out


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Cli:
    return Cli(capsys, tmp_path / "runbook.db")


def close(cli: Cli, incident: str) -> None:
    cli.ok("stand-down", incident, "--reason", "restored")
    cli.ok("close", incident, "--force", "--reason", "post-incident work goes on")


# --- action items ------------------------------------------------------------------------


def test_an_action_item_is_numbered_and_tracked_after_the_close(cli: Cli) -> None:
    incident = cli.start()
    _, said = cli.ok("action", incident, "Add a gateway health alarm", "--owner", "wang",
                     "--due", "2099-01-31")
    assert "action item 1" in said and f"runbook action {incident} 1 done" in said
    close(cli, incident)
    _, said = cli.ok("action", incident, "Rehearse the failover", "--owner", "li", "--due",
                     "2099-02-28")
    assert "action item 2" in said  # recorded on the closed incident
    cli.ok("action", incident, "1", "done", "--note", "alarm live")
    cli.ok("action", incident, "2", "drop", "--note", "replaced by the vendor's drill")
    items = cli.summary(incident)["action_items"]
    assert [(i["number"], i["owner"], i["due"], i["state"]) for i in items] == [
        (1, "wang", "2099-01-31", "done"), (2, "li", "2099-02-28", "dropped")]
    assert items[1]["resolved"]["note"] == "replaced by the vendor's drill"


def test_resolving_an_item_twice_or_one_that_is_not_there_is_refused(cli: Cli) -> None:
    incident = cli.start()
    code, err = cli.refused("action", incident, "1", "done")
    assert code == 1 and "no action items yet" in err
    cli.ok("action", incident, "Fix it", "--owner", "wang", "--due", "2099-01-31")
    code, err = cli.refused("action", incident, "3", "done")
    assert code == 1 and "no action item 3" in err and "1 to 1" in err
    cli.ok("action", incident, "1", "done")
    code, err = cli.refused("action", incident, "1", "done")
    assert code == 1 and "already done" in err
    code, err = cli.refused("action", incident, "1", "drop", "--note", "x", lang="zh")
    assert "已已完成" not in err and "已完成" in err and "只能办结一次" in err


def test_a_dropped_item_needs_its_reason_and_a_new_one_its_owner_and_date(cli: Cli) -> None:
    incident = cli.start()
    cli.ok("action", incident, "Fix it", "--owner", "wang", "--due", "2099-01-31")
    code, err = cli.refused("action", incident, "1", "drop")
    assert code == 1 and "reason (--note)" in err
    code, err = cli.refused("action", incident, "Fix more", "--due", "2099-01-31")
    assert code == 2 and "--owner" in err
    code, err = cli.refused("action", incident, "Fix more", "--owner", "wang", "--due",
                            "next week")
    assert code == 2 and "2026-12-31" in err
    code, err = cli.refused("action", incident, "Fix", "more", "--owner", "wang")
    assert code == 2 and "done" in err and "drop" in err
    code, err = cli.refused("action", incident, "first", "done")
    assert code == 2 and "quote" in err


def test_a_due_date_in_the_past_is_recorded_with_a_warning(cli: Cli) -> None:
    incident = cli.start()
    _, said = cli.ok("action", incident, "Late one", "--owner", "wang", "--due", "2020-01-31")
    assert "already past" in said
    [item] = cli.summary(incident)["action_items"]
    assert item["state"] == "open" and item["overdue"] is True


# --- sign-off ------------------------------------------------------------------------------


def test_signoff_goes_in_order_by_different_people(cli: Cli) -> None:
    incident = cli.start()
    code, err = cli.refused("signoff", incident, "approved", by="zhao")
    assert code == 1 and "before it is reviewed" in err
    code, err = cli.refused("signoff", incident, "reviewed", by="wu", lang="zh")
    assert "须先编制" in err
    cli.ok("signoff", incident, "prepared", by="lin")
    code, err = cli.refused("signoff", incident, "reviewed", by="lin")
    assert "four eyes" in err
    code, err = cli.refused("signoff", incident, "prepared", by="lin")
    assert "already prepared" in err
    cli.ok("signoff", incident, "reviewed", by="wu")
    code, err = cli.refused("signoff", incident, "approved", by="wu")
    assert "four eyes" in err
    _, said = cli.ok("signoff", incident, "approved", by="zhao")
    signed = cli.summary(incident)["signoff"]
    assert [signed["lines"][r]["by"]["name"] for r in ("prepared", "reviewed", "approved")] \
        == ["lin", "wu", "zhao"]
    approval = signed["approval"]
    assert approval["events"] == 3 and approval["head_hash"] in said
    assert approval["later_events"] == []


def test_an_export_after_a_later_event_says_the_approval_predates_it(cli: Cli) -> None:
    incident = cli.start()
    cli.ok("signoff", incident, "prepared", by="lin")
    cli.ok("signoff", incident, "reviewed", by="wu")
    cli.ok("signoff", incident, "approved", by="zhao")
    assert "predates" not in cli.md(incident)
    cli.ok("note", incident, "one more thing")
    approval = cli.summary(incident)["signoff"]["approval"]
    assert approval["later_events"] == [5]
    assert "The approval predates 1 later event(s): #5." in cli.md(incident)
    assert "批准早于其后的 1 条记录：#5。" in cli.md(incident, "zh")


def test_an_empty_signoff_shows_three_empty_lines(cli: Cli) -> None:
    incident = cli.start()
    text = cli.md(incident)
    for role in ("Prepared by", "Reviewed by", "Approved by"):
        assert f"{role}: ________" in text
    assert cli.summary(incident)["signoff"]["approval"] is None


# --- the JSON export's schema ---------------------------------------------------------------

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "summary.schema.json"


def validate(doc: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator(schema, format_checker=validator.FORMAT_CHECKER).validate(doc)


def test_the_follow_up_parts_validate_against_the_schema(cli: Cli) -> None:
    incident = cli.start("--drill", "--purpose", "test the failover", "--scenario",
                         "gateway down at peak", "--participant", "lin", "--participant",
                         "wang", "--scale", "tabletop")
    cli.ok("action", incident, "Fix it", "--owner", "wang", "--due", "2020-01-31")
    cli.ok("action", incident, "Fix more", "--owner", "li", "--due", "2099-01-31")
    cli.ok("action", incident, "2", "drop", "--note", "not needed")
    cli.ok("signoff", incident, "prepared", by="lin")
    cli.ok("signoff", incident, "reviewed", by="wu")
    cli.ok("signoff", incident, "approved", by="zhao")
    cli.ok("note", incident, "after the approval")
    doc = cli.summary(incident)
    validate(doc)
    assert doc["drill"]["plan"]["participants"] == ["lin", "wang"]
    assert doc["signoff"]["approval"]["matches"] is True
    real = cli.start()
    doc = cli.summary(real)
    validate(doc)
    assert doc["drill"] is None and doc["action_items"] == []
    assert doc["signoff"]["lines"] == {"prepared": None, "reviewed": None, "approved": None}


def test_review_lists_open_and_overdue_items_across_incidents(cli: Cli) -> None:
    first, second = cli.start(), cli.start()
    cli.ok("action", first, "Overdue one", "--owner", "wang", "--due", "2020-01-31")
    cli.ok("action", second, "Later one", "--owner", "li", "--due", "2099-01-31")
    cli.ok("action", second, "Finished", "--owner", "li", "--due", "2099-01-31")
    cli.ok("action", second, "2", "done")
    out, _ = cli.ok("review", "--json")
    items = json.loads(out)["action_items"]
    assert [(i["incident"], i["number"], i["overdue"]) for i in items] == [
        (first, 1, True), (second, 1, False)]
    out, _ = cli.ok("review", "--wide")
    assert "Open action items: 2, overdue: 1" in out


def test_a_drill_carries_its_plan_and_its_summary_leaves_out_loss_and_insurance(
        cli: Cli) -> None:
    drill = cli.start("--drill", "--purpose", "test the failover", "--scale", "full-scale")
    text = cli.md(drill)
    assert "Drill goals achieved (6.4)" in text and "test the failover" in text
    assert "Held: no" in text
    assert "Loss assessment" not in text and "Insurance claim" not in text
    assert "First report to the regulator" not in text
    real = cli.md(cli.start())
    assert "Loss assessment" in real and "Drill goals achieved" not in real
    code, err = cli.refused("start", "--type", "technical-fault", "--level", "II",
                            "--scale", "tabletop")
    assert code == 2 and "--drill" in err
