"""What follows the emergency and outlives the close: action items and the sign-off."""

from __future__ import annotations

import click

from runbook import actions
from runbook.action_items import VERBS, parse_due, past_due_warning
from runbook.cli.invocation import Invocation
from runbook.cli.main import cli
from runbook.cli.options import at_options, parse_when, workspace_options
from runbook.cli.usage import Choice
from runbook.errors import UsageError
from runbook.i18n import Msg
from runbook.safetext import line
from runbook.signoff import ROLE_WORDS, ROLES

ACTION_USAGE = Msg(
    "Give the action item's text (quoted) to record one: runbook action ID \"TEXT\" --owner "
    "NAME --due 2026-12-31; or its number and done or drop: runbook action ID 2 done "
    "[--note R].",
    "记录整改事项请给出内容（加引号）：runbook action ID \"事项\" --owner 负责人 --due "
    "2026-12-31；办结请给出编号和 done 或 drop：runbook action ID 2 done [--note 说明]。")


@cli.command("action")
@click.argument("incident_id")
@click.argument("text")
@click.argument("verb", type=Choice(list(VERBS)), required=False, default=None)
@click.option("--owner", default=None, help="Who sees it done / 负责人")
@click.option("--due", "due_text", default=None, metavar="DATE",
              help="Due date, 2026-12-31 / 完成期限")
@click.option("--note", default="",
              help="What was done, or why it is dropped / 办结说明或撤销原因")
@at_options
@workspace_options()
@click.pass_obj
def action_cmd(invocation: Invocation, incident_id: str, text: str, verb: str | None,
               owner: str | None, due_text: str | None, note: str, at_text: str | None,
               at_reason: str | None) -> int:
    """Record an action item (TEXT --owner --due), or mark item N done or dropped (N done|drop
    --note R); works after the close.

    记录整改事项（事项 --owner --due），或将第 N 项标为完成或撤销（N done|drop --note 原因）；
    事件关闭后仍可记录。
    """
    clock = invocation.workspace.clock
    when = parse_when(at_text, at_reason, clock)
    incident_id = invocation.incident_id(incident_id)
    if verb is not None:
        if not text.strip().isdigit():
            raise UsageError(ACTION_USAGE)
        if owner is not None or due_text is not None:
            raise UsageError(Msg("--owner and --due are for a new action item, not for "
                                 "marking one done or dropped.",
                                 "--owner 和 --due 用于新增整改事项，不用于办结。"))
        number, outcome = int(text.strip()), VERBS[verb]
        stored = invocation.append(actions.action_resolved(
            invocation.workspace.author(), incident_id, number, outcome, note, when))
        word = Msg("done", "已完成") if outcome == "done" else Msg("dropped", "已撤销")
        invocation.say(Msg(f"Recorded #{stored.seq}: action item {number} {word.en}.",
                           f"已记录 #{stored.seq}：第 {number} 项整改事项{word.zh}。"))
        return 0
    if owner is None or not owner.strip() or due_text is None:
        raise UsageError(Msg("A new action item needs --owner NAME and --due DATE "
                             "(2026-12-31).",
                             "新增整改事项须给出 --owner 负责人 和 --due 完成期限（2026-12-31）。"))
    due = parse_due(due_text)
    state = invocation.incident(incident_id)
    number = len(state.incident.action_items) + 1 if state.incident is not None else 1
    stored = invocation.append(actions.action_item(
        invocation.workspace.author(), incident_id, text, owner.strip(), due, when))
    invocation.say(Msg(
        f"Recorded #{stored.seq}: action item {number} (owner {line(owner.strip())}, due "
        f"{due.isoformat()}); mark it with runbook action {incident_id} {number} done.",
        f"已记录 #{stored.seq}：第 {number} 项整改事项（负责人 {line(owner.strip())}，期限 "
        f"{due.isoformat()}）；办结时执行 runbook action {incident_id} {number} done。"))
    warning = past_due_warning(due, clock.now())
    if warning is not None:
        invocation.say(warning)
    return 0


@cli.command("signoff")
@click.argument("incident_id")
@click.argument("role", type=Choice(list(ROLES)))
@at_options
@workspace_options()
@click.pass_obj
def signoff_cmd(invocation: Invocation, incident_id: str, role: str, at_text: str | None,
                at_reason: str | None) -> int:
    """Sign the summary off as prepared, reviewed or approved (in that order, by different
    people, --by NAME); an approval records the chain head it approved.

    签署总结报告：编制、审核、批准（依次进行，由不同人员 --by 姓名 签署）；批准时记录所批准的链头。
    """
    when = parse_when(at_text, at_reason, invocation.workspace.clock)
    incident_id = invocation.incident_id(incident_id)
    head, count = "", 0
    if role == "approved":
        folded = invocation.incident(incident_id).incident
        if folded is not None:
            head, count = folded.head_hash, folded.event_count
    stored = invocation.append(actions.signed_off(
        invocation.workspace.author(), incident_id, role, head, count, when))
    word = ROLE_WORDS[role]
    if role == "approved":
        invocation.say(Msg(
            f"Recorded #{stored.seq}: summary approved (chain head {head}, {count} events).",
            f"已记录 #{stored.seq}：总结报告已批准（链头 {head}，共 {count} 条记录）。"))
    else:
        invocation.say(Msg(f"Recorded #{stored.seq}: summary {word.en}.",
                           f"已记录 #{stored.seq}：总结报告已{word.zh}。"))
    return 0
