"""The summary as JSON for other tools; schemas/summary.schema.json documents it.

Language-neutral: ids and moments as data, every text meant for people in both languages.
Times are ISO 8601 in the incident's offset; the timeline keeps `runbook timeline --json`'s
rows (each event in its writer's offset) and adds what it says in words.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from functools import partial
from typing import Any

from runbook.describe import event_detail
from runbook.events import Actor
from runbook.i18n import LANGS, Lang, Msg
from runbook.json_views import also_row, conflict_row, event_row, marked_row
from runbook.kinds import name as event_name
from runbook.permissions import override_reason
from runbook.safetext import json_text
from runbook.summary import followup_json
from runbook.summary.document import Inline
from runbook.summary.export_times import iso, minutes
from runbook.summary.model import Milestone, Section, Stamp, StepOutcome, Summary
from runbook.summary.phrases import flat, suggestion
from runbook.summary.render_figures_json import figures_json

FORMAT = "runbook-summary"
VERSION = 1


def both(msg: Msg) -> dict[str, str]:
    return {"zh": msg.zh, "en": msg.en}


def actor(a: Actor | None) -> dict[str, Any] | None:
    if a is None:
        return None
    login = {"login": a.login} if a.login is not None else {}
    return {"name": a.name, "group": a.group, **login}


class Writer:
    """Turns the summary's parts into JSON-ready values in one time zone."""

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz

    def t(self, at: datetime | None) -> str | None:
        return iso(at, self.tz)

    def stamp(self, at: datetime, by: Actor, seq: int) -> dict[str, Any]:
        return {"at": self.t(at), "by": actor(by), "seq": seq}

    def step(self, o: StepOutcome) -> dict[str, Any]:
        return {
            "id": o.step.id, "group": o.step.group, "title": both(o.step.title),
            "source": list(o.step.source), "state": o.state, "outcome": o.outcome,
            "applied_at": list(o.applied_at), "only_before_change": o.only_before_change,
            "left_at": self.t(o.left_at),
            "anchor": o.step.deadline.anchor if o.step.deadline else None,
            "anchor_at": self.t(o.anchor_at), "deadline_level": o.due_level,
            "due": self.t(o.due), "done_at": self.t(o.done_at),
            "late_minutes": minutes(o.late_by), "overdue_minutes": minutes(o.overdue_by),
            "deadline_missed": o.deadline_missed, "reason": o.reason or None,
            "note": o.note or None, "decision": o.decision, "by": actor(o.last_by),
            "occurrences": [{"due": self.t(r.due), "done_at": self.t(r.done_at),
                             "missed_minutes": minutes(r.missed_by)} for r in o.occurrences],
            "done_by": o.done_by, "waiting_on": o.waiting_on,
            "ruled_out": None if o.ruled_out is None else {
                "decision": o.ruled_out.decision, "option": o.ruled_out.option},
            "due_from_change": self.t(o.due_from_change),
        }

    def section(self, s: Section) -> dict[str, Any]:
        return {
            "id": s.id, "clause": s.clause, "title": both(s.title),
            "entries": [{"text": e.text, **self.stamp(e.stamp.at, e.stamp.by, e.stamp.seq)}
                        for e in s.entries],
            "fields": [both(f) for f in s.fields],
            "steps": [o.step.id for o in s.steps],
        }


def texts(make: Callable[[Lang], Inline]) -> dict[str, str]:
    """{"zh": ..., "en": ...} from a function of the language returning an Inline."""
    return {lang: flat(make(lang)) for lang in LANGS}


def identification(s: Summary, w: Writer) -> dict[str, Any]:
    i = s.identification
    return {
        "incident": i.incident_id, "type": i.type_id, "type_title": both(i.type_title),
        "title": i.title, "drill": i.drill, "declared_by": actor(i.declared_by),
        "declared_recorded_at": w.t(i.declared_recorded_at),
        "playbook_digest": {"recorded": i.playbook.recorded or None,
                            "current": i.playbook.current, "differs": i.playbook.differs},
        "settings_digest": {"recorded": i.settings.recorded or None,
                            "current": i.settings.current, "differs": i.settings.differs},
        "plan_version": {
            "declared": i.declared_version or None, "played": i.played_version or None,
            "switches": [{"seq": s.seq, "from": s.before or None, "to": s.after,
                          "reason": s.reason, "carried": list(s.carried),
                          "dropped": list(s.dropped)} for s in i.switches]},
        "exported_at": w.t(i.exported_at), "head_hash": i.head_hash,
        "events": i.event_count, "verify_command": i.verify_command,
        "chain_check": None if i.chain is None else {
            "ok": i.chain.ok, "message": both(i.chain.message)},
        "checkpoint": None if i.checkpoint is None else {
            "seq": i.checkpoint.seq, "events": i.checkpoint.size,
            "head_hash": i.checkpoint.head, "signers": list(i.checkpoint.signers),
            "note": i.checkpoint.note,
            "verify_command": i.checkpoint.verify_command + " --signers allowed-signers"},
        # Only when more than one site recorded it: a single site's summary is as before.
        **({"sites": [{"site": c.site, "events": c.count, "head_hash": c.head}
                      for c in i.sites],
            "conflicts": [conflict_row(c) for c in i.conflicts]} if i.sites else {}),
        # Only when there are any: the other recordings of a completion, the marked records.
        **({"also": [{"step": step, **also_row(c), "at": w.t(c.at)} for step, c in i.also]}
           if i.also else {}),
        **({"marked": [marked_row(m) for m in i.marked]} if i.marked else {}),
    }


def overview(s: Summary, w: Writer) -> dict[str, Any]:
    ov = s.overview

    def opt(stamp: Stamp | None) -> dict[str, Any] | None:
        return None if stamp is None else w.stamp(stamp.at, stamp.by, stamp.seq)

    def first(m: Milestone | None) -> dict[str, Any] | None:
        return None if m is None else {
            **w.stamp(m.stamp.at, m.stamp.by, m.stamp.seq),
            "minutes_after_td": minutes(m.since_td)}

    return {
        "declared": w.stamp(ov.declared.at, ov.declared.by, ov.declared.seq),
        "td": w.t(ov.reported_at), "t0": w.t(ov.warning_at),
        "levels": [{"level": p.level, "since": w.t(p.since), "until": w.t(p.until),
                    "minutes": minutes(p.duration), "by": actor(p.by),
                    "reason": p.reason or None, "seq": p.seq} for p in ov.levels],
        "stand_down": opt(ov.stand_down), "closed": opt(ov.closed),
        "end": w.t(ov.end_at), "end_kind": ov.end_kind,
        "total_minutes": minutes(ov.total), "since_td_minutes": minutes(ov.since_td),
        "per_level_minutes": {lv: minutes(d) for lv, d in ov.per_level()},
        "first_report_to_head": first(ov.first_head_report),
        "first_report_to_regulator": first(ov.first_regulator_report),
        "corrections": [{"field": c.field, "before": _plain(c.before, w),
                         "after": _plain(c.after, w), "reason": c.reason,
                         **w.stamp(c.at, c.by, c.seq)} for c in ov.corrections],
        "stand_downs": [{"reason": d.reason or None, "withdrawn_at": w.t(d.withdrawn_at),
                         "withdrawn_reason": d.withdrawn_reason or None,
                         **w.stamp(d.at, d.by, d.seq)} for d in ov.stand_downs],
        "proposals": [{"level": p.level, "criterion": p.criterion,
                       "value": _amount(p.value), "threshold": _amount(p.threshold),
                       "since": w.t(p.since), "taken_at": w.t(p.taken_at)}
                      for p in ov.proposals],
        "open_at_close": list(ov.open_at_close),
        "close_reason": ov.close_reason or None,
    }


def _amount(value: timedelta | int) -> float | int | None:
    """A proposal's figure: minutes for a duration, the count for a count."""
    return minutes(value) if isinstance(value, timedelta) else value


def _plain(value: Any, w: Writer) -> Any:
    """A corrected value as JSON: a time in the summary's zone, else as it is."""
    return w.t(value) if isinstance(value, datetime) else value


def evaluation(s: Summary, w: Writer) -> dict[str, Any]:
    f = s.facts
    missed = []
    for o in f.missed:
        if o.deadline_missed:
            missed.append({"step": o.step.id, "due": w.t(o.due), "done_at": w.t(o.done_at),
                           "missed_minutes": minutes(o.missed_by), "repeat": False})
        missed += [{"step": o.step.id, "due": w.t(r.due), "done_at": w.t(r.done_at),
                    "missed_minutes": minutes(r.missed_by), "repeat": True}
                   for r in o.repeats_missed]
    return {
        "facts": {
            "deadlines": {"fell_due": f.deadlines, "met": f.met, "missed": f.deadlines - f.met},
            "missed": missed,
            "blocks": [{"step": b.step_id, "reason": b.reason, "until": w.t(b.until),
                        **w.stamp(b.stamp.at, b.stamp.by, b.stamp.seq)} for b in f.blocks],
            "gaps": [{"from": w.t(g.start), "to": w.t(g.end), "minutes": minutes(g.duration),
                      "after_seq": g.after_seq, "before_seq": g.before_seq} for g in f.gaps],
            "gap_threshold_minutes": minutes(f.gap_threshold),
        },
        "sections": [w.section(x) for x in s.evaluation],
    }


def summary_json(s: Summary) -> dict[str, Any]:
    w = Writer(s.tz)
    return {
        "format": FORMAT,
        "version": VERSION,
        "identification": identification(s, w),
        "overview": overview(s, w),
        "steps": [w.step(o) for o in s.steps],
        "decisions": [{"step": d.step_id, "option": d.option, "label": both(d.label),
                       "rationale": d.rationale, "superseded": d.superseded,
                       **w.stamp(d.stamp.at, d.stamp.by, d.stamp.seq)} for d in s.decisions],
        "communications": [{"kind": c.kind, "to": c.to, "text": c.text,
                            "backdated": c.backdated,
                            **w.stamp(c.stamp.at, c.stamp.by, c.stamp.seq)}
                           for c in s.communications],
        "timeline": [{**event_row(e), "name": both(event_name(e.kind)),
                      "detail": {lang: event_detail(e, lang, s.playbook) for lang in LANGS}}
                     for e in s.timeline],
        "evaluation": evaluation(s, w),
        "post_incident": [w.section(x) for x in s.post_incident],
        "suggestions": [{"kind": x.kind, "step": x.step_id, "clauses": list(x.clauses),
                         "amount_minutes": minutes(x.amount), "reason": x.reason or None,
                         "count": x.count, "seqs": list(x.seqs), "group": x.group,
                         "text": texts(partial(suggestion, x))}
                        for x in s.suggestions],
        "signoff": {**w.section(s.signoff), **followup_json.signoff(s, w)},
        "figures": figures_json(s),
        "action_items": followup_json.action_items(s, w),
        "drill": followup_json.drill(s),
        "identities": {"roster_people": s.identities.roster_people,
                       "self_declared": not s.identities.roster_people,
                       "overrides": [{"seq": e.seq, "kind": e.kind, "by": actor(e.actor),
                                      "at": w.t(e.recorded_at),
                                      "reason": override_reason(e)}
                                     for e in s.identities.overrides]},
    }


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
EXPANDED_LEVELS = 2


def layout(value: Any, depth: int = 0) -> str:
    """Indented for the outer levels, one line per item below: readable and diffable, and
    fast (the C encoder does the inner levels; `indent=` would make it all pure Python)."""
    pad = "  " * (depth + 1)
    if depth < EXPANDED_LEVELS and isinstance(value, dict) and value:
        inner = ",\n".join(f"{pad}{_COMPACT.encode(k)}: {layout(v, depth + 1)}"
                           for k, v in value.items())
        return "{\n" + inner + "\n" + "  " * depth + "}"
    if depth < EXPANDED_LEVELS and isinstance(value, list) and value:
        inner = ",\n".join(pad + layout(v, depth + 1) for v in value)
        return "[\n" + inner + "\n" + "  " * depth + "]"
    return _COMPACT.encode(value)


def render_json(summary: Summary) -> str:
    """The summary's JSON; what the record holds is kept as typed (the same strings after
    `json.loads`), but C1 controls and bidi overrides are written as escapes."""
    return json_text(layout(summary_json(summary))) + "\n"
