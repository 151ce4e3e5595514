"""Every action of the player, from a script: declare, act on steps, note, close, inspect."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from runbook import actions, fact_values
from runbook.actions import new_incident_id
from runbook.cli.invocation import Invocation
from runbook.cli.main import cli
from runbook.cli.options import (
    PlaybookTypeOption,
    at_options,
    check_type,
    db_option,
    echo_json,
    json_option,
    lang_option,
    parse_at,
    parse_when,
    playbooks_option,
    print_tables,
    settings_option,
    wide_option,
    workspace_options,
)
from runbook.cli.usage import Choice
from runbook.drills import SCALES, plan_payload
from runbook.errors import RunbookError, UnreadableEvent, UsageError
from runbook.events import Event
from runbook.fold import fold
from runbook.i18n import Msg
from runbook.json_views import event_row, listed_row, status_view, unreadable_row
from runbook.kinds import CORRECTABLE, Kind, no_such_fact
from runbook.kinds import name as event_name
from runbook.playbook import Library, Playbook
from runbook.render_tables import (
    incidents_table,
    status_table,
    timeline_table,
    unreadable_table,
)
from runbook.safetext import block, line
from runbook.state import IncidentState
from runbook.status import IncidentView, StepStatus
from runbook.vocabulary import (
    EVALUATION_SECTIONS,
    GROUP_IDS,
    LEVEL_IDS,
    RECIPIENT_IDS,
    REPORT_STAGES,
)

STEP_NAMED = Msg("{title} ({step})", "{title}（{step}）")
RECORDED_STEP = Msg("Recorded #{seq}: {kind} — {named}", "已记录 #{seq}：{kind} — {named}")
RECORDED = Msg("Recorded #{seq}: {kind} (incident {incident})",
               "已记录 #{seq}：{kind}（事件 {incident}）")


def _record(invocation: Invocation, build: Any, *, create: bool = False) -> Event:
    """Append the event `build(author)` makes; say what was recorded. Only `create`
    (`runbook start`) makes a new database when there is none."""
    stored = invocation.append(build(invocation.workspace.author()), create=create)
    invocation.say(recorded(stored, invocation.playbook_of(stored.incident_id)))
    return stored


def recorded(stored: Event, playbook: Playbook | None) -> Msg:
    """`Recorded #24: step done — Verify and report to the head (report.verify)`: the kind
    by its name, the step by its title in the playbook and its id."""
    kind = event_name(stored.kind)
    if playbook is None or not stored.step or playbook.step(stored.step) is None:
        return RECORDED.format(seq=stored.seq, kind=kind, incident=line(stored.incident_id))
    return RECORDED_STEP.format(seq=stored.seq, kind=kind,
                                named=step_named(playbook, stored.step))


@cli.command("start")
@click.option("--type", "type_id", required=True, metavar="TYPE", cls=PlaybookTypeOption,
              help="Incident type / 事件类型")
@click.option("--level", type=Choice(LEVEL_IDS, any_case=True), required=True,
              help="Level / 预警级别")
@click.option("--title", default="", help="A short title / 简短标题")
@click.option("--drill", is_flag=True, help="A drill, not a real incident / 演练")
@click.option("--reported-at", "reported_text", default=None,
              help="When it was first reported (Td), if before now / 首次报告时间（Td）")
@click.option("--purpose", default="", help="A drill's purpose / 演练目的")
@click.option("--scenario", default="", help="A drill's scenario / 演练场景")
@click.option("--participant", "participants", multiple=True, metavar="NAME",
              help="Who takes part in the drill (repeat) / 参演人员（可重复）")
@click.option("--scale", type=Choice(list(SCALES)), default=None,
              help="full-scale or tabletop drill / 实战演练或桌面推演")
@at_options
@workspace_options()
@click.pass_obj
def start_cmd(invocation: Invocation, type_id: str, level: str, title: str, drill: bool,
              reported_text: str | None, purpose: str, scenario: str,
              participants: tuple[str, ...], scale: str | None, at_text: str | None,
              at_reason: str | None) -> int:
    """Declare an incident; prints its id. A drill (--drill) carries its plan: --purpose,
    --scenario, --participant (repeat), --scale full-scale|tabletop.

    宣布事件，输出事件编号。演练（--drill）可附演练方案：--purpose、--scenario、
    --participant（可重复）、--scale full-scale|tabletop。
    """
    plan = plan_payload(purpose, scenario, participants, scale)
    if plan and not drill:
        raise UsageError(Msg(
            "--purpose, --scenario, --participant and --scale describe a drill; add --drill.",
            "--purpose、--scenario、--participant 和 --scale 用于演练；请加上 --drill。"))
    workspace = invocation.workspace
    when = parse_when(at_text, at_reason, workspace.clock)
    reported = parse_at(reported_text, workspace.clock, "--reported-at")
    check_type(type_id, invocation, "--type")
    incident_id = new_incident_id(workspace.clock.now(), secrets.token_hex(2), workspace.site)
    stored = _record(invocation, lambda a: actions.declaration(
        a, workspace.library, incident_id, type_id=type_id, level=level, title=title,
        drill=drill, reported_at=reported, when=when, plan=plan), create=True)
    click.echo(stored.incident_id)
    return 0


@cli.command("level")
@click.argument("incident_id")
@click.argument("level", type=Choice(LEVEL_IDS, any_case=True))
@click.option("--reason", required=True, help="Why the level changes / 变更原因")
@at_options
@workspace_options()
@click.pass_obj
def level_cmd(invocation: Invocation, incident_id: str, level: str, reason: str,
              at_text: str | None, at_reason: str | None) -> int:
    """Raise or lower the level. / 升级或降级。"""
    when = parse_when(at_text, at_reason, invocation.workspace.clock)
    incident_id = invocation.incident_id(incident_id)
    _record(invocation, lambda a: actions.level_change(a, incident_id, level, reason, when))
    return 0


@cli.command("resolve")
@click.argument("incident_id")
@click.option("--level", "level", type=Choice(LEVEL_IDS, any_case=True), default=None,
              help="The level chosen, in a conflict about the level / 冲突涉及级别时选定的级别")
@click.option("--step", "step_id", default=None,
              help="The decision step in conflict / 存在冲突的决策步骤")
@click.option("--decision", default=None, help="The option chosen for it / 为其选定的选项")
@click.option("--reason", required=True, help="Why this one / 选择理由")
@at_options
@workspace_options()
@click.pass_obj
def resolve_cmd(invocation: Invocation, incident_id: str, level: str | None,
                step_id: str | None, decision: str | None, reason: str,
                at_text: str | None, at_reason: str | None) -> int:
    """Resolve a conflict between sites (`runbook status` lists them): choose the level, or
    a decision step's option, that stands.

    裁定站点之间的冲突（`runbook status` 会列出）：选定有效的级别或决策步骤的选项。
    """
    if (level is None) == (step_id is None) or (step_id is None) != (decision is None):
        raise UsageError(Msg(
            "Say what stands: --level L, or --step S --decision O.",
            "请说明裁定结果：--level 级别，或 --step 步骤 --decision 选项。"))
    when = parse_when(at_text, at_reason, invocation.workspace.clock)
    incident_id = invocation.incident_id(incident_id)
    value = level.upper() if level is not None else str(decision)
    _record(invocation, lambda a: actions.conflict_resolution(
        a, incident_id, value, reason, step_id=step_id, when=when))
    return 0


@cli.command("step")
@click.argument("incident_id")
@click.argument("step_id")
@click.argument("verb", type=Choice(["start", "done", "skip", "block", "reopen"]))
@click.option("--note", default="", help="A note; the reason for skip/block / 备注或原因")
@click.option("--decision", default=None, help="The option taken / 所选决策选项")
@at_options
@workspace_options()
@click.pass_obj
def step_cmd(invocation: Invocation, incident_id: str, step_id: str, verb: str, note: str,
             decision: str | None, at_text: str | None, at_reason: str | None) -> int:
    """Start, complete, skip, block or reopen a step.

    开始、完成、跳过、标记受阻或重新打开步骤。
    """
    when = parse_when(at_text, at_reason, invocation.workspace.clock)
    incident_id = invocation.incident_id(incident_id)
    _record(invocation, lambda a: actions.step_action(
        a, incident_id, step_id, verb, note=note, decision=decision, when=when))
    return 0


@cli.command("fact")
@click.argument("incident_id")
@click.argument("name")
@click.argument("value")
@click.option("--note", default="", help="Where the figure comes from / 数据来源")
@at_options
@workspace_options()
@click.pass_obj
def fact_cmd(invocation: Invocation, incident_id: str, name: str, value: str, note: str,
             at_text: str | None, at_reason: str | None) -> int:
    """Record a fact (a time, a figure, a choice); a later one corrects it.

    记录事实项（时间、数字、选项）；再次记录即为更正。
    """
    clock = invocation.workspace.clock
    when = parse_when(at_text, at_reason, clock)
    incident_id = invocation.incident_id(incident_id)
    playbook = invocation.incident(incident_id).playbook
    fact = playbook.fact(name)
    if fact is None:
        raise UsageError(no_such_fact(playbook, name))
    try:
        stored = fact_values.parse(fact, value, clock.now())
    except fact_values.FactValueError as error:
        raise UsageError(error.message) from None
    _record(invocation, lambda a: actions.fact(a, incident_id, fact.id, stored, note, when))
    return 0


@cli.command("correct")
@click.argument("incident_id")
@click.argument("field", type=Choice(list(CORRECTABLE)))
@click.argument("value")
@click.option("--reason", required=True, help="Why it is corrected / 更正原因")
@workspace_options()
@click.pass_obj
def correct_cmd(invocation: Invocation, incident_id: str, field: str, value: str,
                reason: str) -> int:
    """Correct what the declaration said: Td, the type, the drill flag or the title
    (a type is one of those `runbook playbooks` lists).

    更正宣布时填写的内容：Td、事件类型（见 runbook playbooks）、是否演练或标题。
    """
    workspace = invocation.workspace
    incident_id = invocation.incident_id(incident_id)
    given: Any = value
    if field == "td":
        given = parse_at(value, workspace.clock, "VALUE (td)")
    elif field == "drill":
        flag = value.strip().lower()
        if flag not in ("true", "false", "yes", "no"):
            raise UsageError(Msg("A drill is true or false.", "是否演练请填 true 或 false。"))
        given = flag in ("true", "yes")
    left_behind: list[str] = []
    was: Playbook | None = None
    if field == "type":
        check_type(value, invocation, "VALUE (type)")
        state = invocation.incident(incident_id)
        book = state.library.playbook(value)  # in the version of the plan it plays
        if book is not None and state.incident is not None:
            was = state.library.playbook(state.incident.type)
            left_behind = [sid for sid, rec in state.incident.steps.items()
                           if rec.state == "done" and book.step(sid) is None]
    _record(invocation, lambda a: actions.correction(a, incident_id, field, given, reason))
    if left_behind:
        named = [step_named(was, sid) for sid in left_behind]
        invocation.say(Msg(
            f"Done steps that the {value} playbook does not have (kept on the record, not "
            f"shown as steps): {'; '.join(n.en for n in named)}.",
            f"{value} 剧本中没有以下已完成步骤（仍保留在记录中，但不再作为步骤显示）："
            f"{'；'.join(n.zh for n in named)}。"))
    return 0


def step_named(playbook: Playbook | None, step_id: str) -> Msg:
    """`Verify and report to the head (report.verify)`: a step as people read it."""
    step = playbook.step(step_id) if playbook is not None else None
    if step is None:
        return Msg(line(step_id), line(step_id))
    return STEP_NAMED.format(title=Msg(line(step.title.en), line(step.title.zh)), step=step.id)


Build = Callable[..., Event]
Tell = Callable[[IncidentView], Msg]


def open_and_overdue(view: IncidentView) -> Msg:
    """How many steps were open, and overdue, when emergency handling ended."""
    still_open = [r for r in view.applying if r.is_open]
    return Msg(f"At the stand-down {len(still_open)} step(s) were open, {view.overdue} of them "
               "overdue; the summary lists them.",
               f"应急结束时有 {len(still_open)} 个步骤未完成，其中 {view.overdue} 个已超时；"
               "总结报告会列出它们。")


def _simple(name: str, build: Build, doc: str, text_arg: str | None = None,
            extra: list[Any] | None = None, tell: Tell | None = None) -> None:
    """Commands that record one event with a few fields: `build(author, incident_id,
    *fields, when=...)` is its constructor in `runbook.actions`. `tell` says what the
    incident looked like just before (e.g. the steps still open at a stand-down)."""

    def command(invocation: Invocation, incident_id: str, at_text: str | None,
                at_reason: str | None, **fields: Any) -> int:
        clock = invocation.workspace.clock
        when = parse_when(at_text, at_reason, clock)
        incident_id = invocation.incident_id(incident_id)
        before = tell(invocation.incident(incident_id).view(when.at or clock.now())) \
            if tell is not None and not fields.get("withdraw") else None
        _record(invocation, lambda a: build(a, incident_id, **fields, when=when))
        if before is not None:
            invocation.say(before)
        return 0

    command.__doc__ = doc
    wrapped: Any = command
    for decorator in reversed([
        click.argument("incident_id"),
        *([click.argument(text_arg)] if text_arg else []),
        *(extra or []),
        at_options, workspace_options(), click.pass_obj,
    ]):
        wrapped = decorator(wrapped)
    cli.command(name)(wrapped)


_simple("note", actions.note, "Add a note, optionally for one group. / 添加备注。", "text",
        [click.option("--for", "group", type=Choice(GROUP_IDS), default=None,
                      help="The group the note is for / 备注所针对的小组")])
_simple("report", actions.report, "Record a report sent. / 记录已发送的报告。", "text",
        [click.option("--to", type=Choice(RECIPIENT_IDS), required=True,
                      help="Recipient / 报告对象"),
         click.option("--stage", type=Choice(list(REPORT_STAGES)), default=None,
                      help="Which report to a regulator it is: brief, full, progress, final / "
                           "监管报告阶段：事发简要报告、事件报告、续报、总结报告")])
_simple("vendor", actions.vendor_contact,
        "Record a contact with the vendor. / 记录与外包服务提供商的联系。", "text")
_simple("handover", actions.handover, "Hand over a shift. / 交接班。", "text",
        [click.option("--to", required=True, help="Who takes over / 接班人")])
_simple("stand-down", actions.stand_down,
        "End emergency handling, with the reason; post-incident work begins (--withdraw: take "
        "it back until the close). / 结束应急处置（须写明原因），进入后期处置（--withdraw："
        "在关闭前撤回）。", None,
        [click.option("--reason", required=True, help="Why / 原因"),
         click.option("--withdraw", is_flag=True,
                      help="Withdraw the stand-down / 撤回应急结束")],
        tell=open_and_overdue)
_simple("close", actions.close,
        "Close the incident (--force --reason R with post-incident steps still open). / "
        "关闭事件（仍有后期处置步骤未完成时须 --force --reason 原因）。", None,
        [click.option("--force", is_flag=True,
                      help="Close with post-incident steps still open / "
                           "在后期处置步骤未完成时关闭"),
         click.option("--reason", default=None, help="Why, with --force / 原因（配合 --force）")])
_simple("reopen", actions.reopen,
        "Reopen a closed incident. / 重新打开已关闭的事件。", None,
        [click.option("--reason", required=True, help="Why / 原因")])
_simple("evaluate", actions.evaluation, "Record an evaluation entry. / 记录评估内容。", "text",
        [click.option("--section", type=Choice(EVALUATION_SECTIONS), required=True,
                      help="Evaluation section / 评估部分")])


NO_INCIDENTS = Msg("There are no incidents in {path}; `runbook start` declares one.",
                   "{path} 中还没有事件；可用 `runbook start` 宣布事件。")


@cli.command("list")
@json_option
@wide_option
@db_option
@settings_option
@lang_option
@click.pass_obj
def list_cmd(invocation: Invocation, as_json: bool, wide: bool) -> int:
    """List incidents, with how many steps are overdue and when the next is due.

    列出事件，以及超时步骤数和下一个时限。
    """
    from store import DatabaseMissing, UnreadableRecord

    language = invocation.lang
    rows: list[dict[str, Any]] = []
    library = _library_if_any(invocation)
    now = invocation.workspace.clock.now()
    try:
        store = invocation.store()
        for incident_id in store.incident_ids():
            # One incident that cannot be read or interpreted never hides the others.
            try:
                rows.append(_listed(invocation, store.events(incident_id), library, now))
            except (UnreadableEvent, UnreadableRecord) as error:
                rows.append(unreadable_row(incident_id, error))
    except DatabaseMissing as missing:  # no incidents; and said, in case --db is mistyped
        invocation.say(missing.message)
        if as_json:
            echo_json(rows)
        return 0
    if not rows and not as_json:  # an empty table would read as "no incidents here" too
        invocation.say(NO_INCIDENTS.format(path=store.path))
        return 0
    broken = [r for r in rows if r["state"] == "unreadable"]
    if broken:
        invocation.say(Msg(f"{len(broken)} incident(s) cannot be read; `runbook verify` "
                           "names the records to blame.",
                           f"{len(broken)} 个事件无法读取；`runbook verify` 会指出有问题的记录。"))
    if as_json:
        echo_json(rows)
        return 0
    readable = [r for r in rows if r["state"] != "unreadable"]
    titles = {t: book.title for t, book in library.playbooks.items()} if library else {}
    return print_tables(lambda width: [
        *([incidents_table(readable, language, titles, width, wide)] if readable else []),
        *([unreadable_table(broken, language, width)] if broken else [])])


def _library_if_any(invocation: Invocation) -> Library | None:
    """The playbooks, if they can be read: `list` shows the incidents even if they cannot
    (without what only the playbooks say: the steps overdue)."""
    try:
        return invocation.workspace.library
    except RunbookError as error:
        invocation.say(error.message)
        return None


def _listed(invocation: Invocation, events: list[Event], library: Library | None,
            now: datetime) -> dict[str, Any]:
    """An incident as `list` shows it: with its overdue steps and next deadline, when its
    playbook is there to say them."""
    if library is None:
        return listed_row(fold(events), None)
    state = IncidentState(library, invocation.version)
    incident = state.sync(events)
    assert incident is not None
    if incident.is_closed or state.library.playbook(incident.type) is None:
        return listed_row(incident, None)
    return listed_row(incident, state.view(now))


@cli.command("status")
@click.argument("incident_id")
@click.option("--group", "only_group", type=Choice(GROUP_IDS), default=None,
              help="Only this group's steps / 仅显示该小组的步骤")
@click.option("--overdue", "only_overdue", is_flag=True,
              help="Only the steps overdue / 仅显示已超时的步骤")
@json_option
@wide_option
@db_option
@settings_option
@lang_option
@click.pass_obj
def status_cmd(invocation: Invocation, incident_id: str, only_group: str | None,
               only_overdue: bool, as_json: bool, wide: bool) -> int:
    """The steps that apply now, their deadlines and what is overdue (--group, --overdue:
    only those; the next step and the overdue count are then of those too).

    当前适用步骤及时限、超时情况（--group、--overdue：仅显示相应步骤，下一步骤和超时数也只计这些步骤）。
    """
    state = invocation.incident(invocation.incident_id(incident_id))

    def shown(row: StepStatus) -> bool:
        return ((only_group is None or row.step.group == only_group)
                and (not only_overdue or row.overdue_by is not None))

    from runbook.gates import gates

    full = state.view(invocation.workspace.clock.now())
    found = gates(full.incident, full.playbook, state.library.settings, full.now)
    view = status_view(full, shown, found, state.played)
    if as_json:
        echo_json(view)
        return 0
    if state.played is not None and state.incident is not None:
        from runbook.versions import notice

        said = notice(state.incident, state.played)
        if said is not None:
            invocation.say(said)
    if only_overdue and not view["steps"]:
        invocation.say(Msg("No step is overdue.", "没有超时的步骤。"))
    title = state.playbook.title
    print_tables(lambda width: [status_table(view, invocation.lang, title, width, wide)])
    from runbook.conflict_words import open_conflict_lines
    from runbook.site_words import beside_lines

    for conflict_line in (*open_conflict_lines(full.incident.conflicts, invocation.lang),
                          *beside_lines(full.incident, invocation.lang)):
        click.echo(line(conflict_line))
    if full.deciding_report and not only_overdue:
        from rich.console import Console
        from rich.text import Text

        from runbook.gate_words import gate_lines
        from runbook.punctuation import colon

        heading = Msg("For the reporting decision (4.1.3):", "报告决定参考（4.1.3）：")
        console = Console(highlight=False)
        console.print(Text(heading(invocation.lang)))
        for name, words in gate_lines(found, invocation.lang):
            console.print(Text(f"- {colon(name, words, invocation.lang)}"))
    return 0


@cli.command("timeline")
@click.argument("incident_id")
@click.option("--kind", "kinds", type=Choice([k.value for k in Kind]), multiple=True,
              metavar="K", help="Only events of this kind (repeat for several): "
              + ", ".join(k.value for k in Kind) + " / 仅显示该类记录（可重复）")
@click.option("--since", "since_text", default=None, metavar="T",
              help="Only what happened or was recorded since T (ISO 8601) / "
                   "仅显示 T（ISO 8601）之后发生或记录的内容")
@click.option("--grep", "text", default=None, metavar="TEXT",
              help="Only events holding TEXT (any case) in what was written or who / "
                   "仅显示内容或人员中含有 TEXT（不区分大小写）的记录")
@json_option
@wide_option
@db_option
@lang_option
@click.pass_obj
def timeline_cmd(invocation: Invocation, incident_id: str, kinds: tuple[str, ...],
                 since_text: str | None, text: str | None, as_json: bool, wide: bool) -> int:
    """Every event in order, both timestamps, who, hash (--kind, --since, --grep: only
    those). / 按顺序列出全部记录（--kind、--since、--grep：仅显示相应记录）。"""
    from runbook.event_filter import EventFilter

    wanted = EventFilter(frozenset(kinds),
                         parse_at(since_text, invocation.workspace.clock, "--since"), text)
    events = invocation.events(invocation.incident_id(incident_id))
    language = invocation.lang
    shown = [e for e in events if wanted(e)]
    # Every event is shown as stored; if the core cannot interpret one, say which after.
    try:
        book = invocation.labels_for(events)
        unreadable = None
    except UnreadableEvent as error:
        book, unreadable = None, error
    if not shown and not as_json:
        invocation.say(Msg("No event matches.", "没有符合条件的记录。"))
    if as_json:
        echo_json([event_row(e) for e in shown])
    else:
        print_tables(lambda width: [timeline_table(shown, language, width, wide, book)])
    if unreadable is not None:
        click.echo(block(unreadable.text(language)), err=True)
        return 1
    return 0


@cli.command("verify")
@click.argument("incident_id", required=False)
@click.option("--head", default=None, help="The head hash kept elsewhere / 另行保存的链头哈希")
@click.option("--count", type=int, default=None, help="The event count kept elsewhere / 事件数")
@click.option("--signers", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The allowed-signers file (default: allowed-signers in the playbooks "
                   "folder) / 允许签名人文件（默认：播放手册文件夹中的 allowed-signers）")
@db_option
@lang_option
@playbooks_option
@click.pass_obj
def verify_cmd(invocation: Invocation, incident_id: str | None, head: str | None,
               count: int | None, signers: Path | None) -> int:
    """Recompute the hash chain and check the signed checkpoints against the allowed
    signers; name the first altered, removed or inserted event, or the first checkpoint
    that no longer matches.

    重新计算哈希链并按允许签名人检查签名检查点，指出第一个被修改、删除或插入的记录，
    或第一个不再相符的检查点。
    """
    from runbook.cli.keys import read_signers, signers_path
    from store import UnknownIncident

    found = signers_path(signers, invocation.playbooks_dir)
    verifiers = read_signers(found) if found is not None else None

    if incident_id is not None:
        try:
            incident_id = invocation.incident_id(incident_id)
        except UnknownIncident:
            if head is None and count is None:
                raise
            # Against what was noted, an incident with no record left is not unknown: its
            # records were removed, and the report says so.
    report = invocation.store().verify(incident_id, expected_head=head, expected_count=count,
                                       verifiers=verifiers)
    click.echo(block(report.message(invocation.lang)))  # it names incidents: their ids as stored
    return 0 if report.sound else 1


