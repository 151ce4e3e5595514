"""The summary's figures as JSON (`figures` in schemas/summary.schema.json): every declared
fact by section with its latest value in its stored form (null: missing) and the values it
corrected, the recovery time per function against its target, the key times and the
regulatory gates."""

from __future__ import annotations

from typing import Any

from runbook import fact_values
from runbook.json_views import gates_row
from runbook.summary.export_times import iso, minutes
from runbook.summary.figures import FactLine, Figures
from runbook.summary.model import Summary


def _fact(line: FactLine, s: Summary) -> dict[str, Any]:
    v = line.value
    return {
        "id": line.fact.id, "type": line.fact.type, "clause": line.fact.clause,
        "label": {"zh": line.fact.label.zh, "en": line.fact.label.en},
        "value": v.value if v is not None else None,
        "missing": v is None,
        "seq": v.seq if v is not None else None,
        "at": iso(v.at, s.tz) if v is not None else None,
        "by": {"name": v.by.name, "group": v.by.group} if v is not None else None,
        "corrected": bool(line.earlier),
        "earlier": [{"value": value, "seq": seq} for value, seq in line.earlier],
    }


def figures_json(s: Summary) -> dict[str, Any] | None:
    f: Figures | None = s.figures
    if f is None:
        return None
    return {
        "facts": {section: [_fact(line, s) for line in lines]
                  for section, lines in f.facts.items()},
        "recovery": [{
            "fact": r.fact.id,
            "restored_at": iso(fact_values.as_time(r.restored.value), s.tz)
            if r.restored is not None else None,
            "since": iso(r.since, s.tz), "since_fact": r.since_fact,
            "achieved_minutes": minutes(r.achieved), "level": r.level,
            "target_minutes": minutes(r.target), "target_parameter": r.target_param,
            "margin_minutes": minutes(r.margin),
            "met": None if r.margin is None else r.margin.total_seconds() <= 0,
        } for r in f.recovery],
        "key_times": [{"what": k.what, "at": iso(k.at, s.tz), "seq": k.seq,
                       "detail": k.detail or None} for k in f.key_times],
        "gates": gates_row(f.gates),
    }
