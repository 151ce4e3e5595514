"""The selected step in full: what to do, by when, why (the plan clause), what was recorded."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from rich.text import Text

from runbook import transitions
from runbook.conflict_words import open_conflict_lines
from runbook.describe import group_name, state_name
from runbook.i18n import Lang, Msg
from runbook.incident import Incident
from runbook.playbook import Plan, Playbook, Settings
from runbook.punctuation import colon, paren
from runbook.roster import Roster
from runbook.roster_words import sections
from runbook.status import StepStatus
from runbook.wording import duration_text
from tui.keys import VERB_KEYS, key_for, key_label
from tui.screen_times import hm
from tui.steprows import anchor_words, due_text
from tui.texts import origin

DUE: Final = Msg("due {at} ({after} after {anchor})", "时限 {at}（{anchor}后 {after}）")
DUE_LATER: Final = Msg("due {after} after {anchor}", "时限：{anchor}后 {after}")
EVERY: Final = Msg("repeats every {every}", "每 {every}重复")
REASON: Final = Msg("reason", "原因")
NOTE: Final = Msg("note", "备注")
DECIDED_BY: Final = Msg("decided by {who}: {option} — {why}", "{who} 决定：{option} — {why}")
OPTIONS: Final = Msg("options", "选项")
ADDITION: Final = Msg("(added by runbook; serves the clause)", "（runbook 补充步骤，服务于该条款）")
GATES: Final = Msg("What the recorded facts give (record them with {key}):",
                   "已记录事实项得出的结论（按 {key} 记录）：")


def gate_text(step_id: str, book: Playbook, incident: Incident, settings: Settings,
              now: datetime, lang: Lang) -> Text | None:
    """The regulatory gates (PBOC class-1, CAC grade, PBOC grade) where the head decides
    whether to report (`Playbook.reporting_decision`); None on any other step."""
    if step_id != book.reporting_decision():
        return None
    from runbook.gate_words import gate_lines  # on the one step that shows them
    from runbook.gates import gates

    out = Text(GATES.format(key=key_for("incident.facts"))(lang) + "\n", style="bold")
    for title, words in gate_lines(gates(incident, book, settings, now), lang):
        out.append(colon(title, "", lang), style="cyan")
        out.append(words + "\n")
    return out


def step_detail(row: StepStatus, book: Playbook, plan: Plan, settings: Settings, level: str,
                now: datetime, lang: Lang, incident: Incident | None = None,
                roster: Roster | None = None) -> Text:
    """The step in full; with `incident`, the gates on the head's reporting decision; with
    `roster`, the group's contacts and the lists the step asks for."""
    step = row.step
    out = Text()
    out.append(step.title(lang), style="bold")
    out.append(f"  [{step.id}]\n", style="dim")
    out.append(f"{group_name(step.group, lang)} · {state_name(row.state, lang)} · ")
    out.append_text(due_text(row, now, lang, book))
    out.append("\n")
    out.append(_deadline(row, book, settings, level, now, lang) + "\n", style="dim")
    out.append(step.detail(lang) + "\n")
    if roster is not None:
        for section in sections(roster.for_step(step), lang):
            out.append(section.heading + "\n", style="bold")
            out.append("".join(f"  {line}\n" for line in section.lines))
    decision = step.decision
    if decision is not None:
        out.append(decision.question(lang) + " ", style="italic")
        out.append(colon(OPTIONS(lang), " / ".join(
            o.label(lang) + paren(o.id, lang) for o in decision.options), lang) + "\n")
    record = row.record
    if record.decision is not None and decision is not None:
        option = decision.option(record.decision)
        who = record.decided_by.name if record.decided_by else "—"
        out.append(DECIDED_BY.format(
            who=who, option=option.label(lang) if option else record.decision,
            why=record.rationale or "—")(lang) + "\n", style="green")
    contested = [c for c in incident.conflicts if c.about == "decision" and c.step == step.id
                 ] if incident is not None else []
    for line in open_conflict_lines(contested, lang):
        out.append(line + "\n", style="bold red")
    if record.reason:
        out.append(colon(REASON(lang), record.reason, lang) + "\n", style="magenta")
    if record.note:
        out.append(colon(NOTE(lang), record.note, lang) + "\n")
    found = gate_text(step.id, book, incident, settings, now, lang) if incident else None
    if found is not None:
        out.append_text(found)
    hint = verb_hint(row, lang)
    if hint:
        out.append(hint + "\n", style="bold dim")
    for clause_id in step.source:
        clause = plan.clauses.get(clause_id)
        if clause is None:
            continue
        out.append(f"§{clause.id} {clause.title(lang)}", style="bold cyan")
        if step.addition:
            out.append(" " + ADDITION(lang), style="dim")
        out.append("\n" + clause.text(lang) + "\n")
    return out


def _deadline(row: StepStatus, book: Playbook, settings: Settings, level: str, now: datetime,
              lang: Lang) -> str:
    deadline = row.step.deadline
    parts: list[str] = []
    if deadline is not None:
        words = anchor_words(row.step, book, lang)
        duration = deadline.after.get(level)
        after = duration_text(duration, lang) if duration is not None else "—"
        if row.due is not None:
            parts.append(DUE.format(at=hm(row.due, now), after=after, anchor=words)(lang))
        else:
            parts.append(DUE_LATER.format(after=after, anchor=words)(lang))
        written = deadline.after_text.get(level, "")
        if written.startswith("$"):
            parts.append(origin(settings, [written[1:]])(lang))
    if row.step.repeat is not None:
        parts.append(EVERY.format(every=duration_text(row.step.repeat, lang))(lang))
    return " · ".join(parts)


def verb_hint(row: StepStatus, lang: Lang) -> str:
    """`d done · i start · s skip · b blocked`: what can be recorded on the step now, each
    with its key (the transitions table says which, the key table which key)."""
    verbs = transitions.available(row.record.state, row.step, applies=row.applies)
    return " · ".join(
        f"{key_for(VERB_KEYS[v])} {key_label(VERB_KEYS[v], lang)}" for v in verbs)
