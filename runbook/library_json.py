"""The checked library as plain JSON data and back, for the library cache.

A cache file is read at every start, from a folder another program could write to: it
must be data that cannot run code when read (pickle can), and anything in it that is not
exactly what `encode` writes is refused (ValueError), so a doctored file is a cache miss.
Written by hand for the records of `runbook.playbook`: pydantic could do it, but
importing it would cost more than the cache saves at start-up.

Steps shared by several playbooks (from shared modules) are written once and shared again
when read, as the loader builds them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

from runbook.durations import Duration
from runbook.i18n import Msg
from runbook.playbook import (
    Clause,
    Completion,
    Condition,
    Deadline,
    Decision,
    Fact,
    Library,
    Option,
    Parameter,
    Plan,
    Playbook,
    Settings,
    Step,
)
from runbook.roles import Grant, Permissions
from runbook.roster import Contact, Person, Resource, Roster, Vendor

FORMAT: Final = 5


# --- to plain data ---------------------------------------------------------------------------


def encode(library: Library) -> dict[str, Any]:
    steps: list[Any] = []
    index: dict[int, int] = {}

    def step_ref(step: Step) -> int:
        if id(step) not in index:
            index[id(step)] = len(steps)
            steps.append(_step(step))
        return index[id(step)]

    return {
        "format": FORMAT,
        "plan": [[c.id, _msg(c.title), _msg(c.text), list(c.parameters)]
                 for c in library.plan.clauses.values()],
        "settings": [[[p.name, _value(p.value), p.text, p.clause, p.basis, p.overridden]
                      for p in library.settings.parameters.values()],
                     library.settings.digest,
                     [[a, list(g.roles), g.clause, g.basis]
                      for a, g in library.settings.permissions.grants.items()]],
        "playbooks": [[b.type, _msg(b.title), _msg(b.summary), b.lead, list(b.source),
                       [step_ref(s) for s in b.steps], b.digest, [_fact(f) for f in b.facts],
                       list(b.escalation)]
                      for b in library.playbooks.values()],
        "steps": steps,
        "roster": _roster(library.roster),
    }


def _contacts(people: tuple[Contact, ...]) -> list[Any]:
    return [[c.name, c.role, c.phone, c.email, c.note] for c in people]


def _roster(r: Roster) -> list[Any]:
    return [{g: _contacts(people) for g, people in r.contacts.items()},
            [[v.id, v.name, v.service, v.contract, v.sla, _contacts(v.contacts), v.note]
             for v in r.vendors],
            [[x.id, x.name, x.supplier, x.contract, _contacts(x.contacts), x.note]
             for x in r.resources],
            [[p.login, p.name, list(p.groups), list(p.roles), p.deputy_of] for p in r.people]]


def _msg(m: Msg) -> list[str]:
    return [m.en, m.zh]


def _duration(d: Duration) -> list[int]:
    return [int(d.delta.total_seconds()), d.working_days]


def _value(v: Duration | int) -> Any:
    return _duration(v) if isinstance(v, Duration) else v


def _fact(f: Fact) -> list[Any]:
    return [f.id, _msg(f.label), f.type, f.clause, [[o.id, _msg(o.label)] for o in f.options],
            f.section]


def _step(s: Step) -> list[Any]:
    deadline = None if s.deadline is None else [
        s.deadline.anchor, {lv: _duration(d) for lv, d in s.deadline.after.items()},
        dict(s.deadline.after_text)]
    decision = None if s.decision is None else [
        _msg(s.decision.question), [[o.id, _msg(o.label)] for o in s.decision.options]]
    when = None if s.when is None else [s.when.decision, sorted(s.when.options)]
    done_by = [[c.kind, dict(c.match), list(c.present), c.option] for c in s.done_by]
    return [s.id, s.group, _msg(s.title), _msg(s.detail), sorted(s.levels), list(s.source),
            s.module, deadline, None if s.repeat is None else _duration(s.repeat), decision,
            s.addition, when, done_by, list(s.roster)]


# --- back, checking every value --------------------------------------------------------------


def decode(data: Any) -> Library:
    """The library `encode` wrote; ValueError for anything else."""
    top = _dict(data)
    if top.get("format") != FORMAT:
        raise ValueError("another cache format")
    steps = [_read_step(s) for s in _list(top.get("steps"))]
    clauses = {}
    for raw in _list(top.get("plan")):
        cid, title, body, params = _fields(raw, 4)
        clauses[_str(cid)] = Clause(_str(cid), _read_msg(title), _read_msg(body),
                                    tuple(_str(p) for p in _list(params)))
    raw_params, digest, raw_grants = _fields(top.get("settings"), 3)
    grants = {}
    for raw in _list(raw_grants):
        action, roles, g_clause, g_basis = _fields(raw, 4)
        grants[_str(action)] = Grant(tuple(_str(r) for r in _list(roles)), _str(g_clause),
                                     _str(g_basis))
    parameters = {}
    for raw in _list(raw_params):
        name, value, text, clause, basis, overridden = _fields(raw, 6)
        parameters[_str(name)] = Parameter(_str(name), _read_value(value), _str(text),
                                           _str(clause), _str(basis), _bool(overridden))
    playbooks = {}
    for raw in _list(top.get("playbooks")):
        (type_id, title, summary, lead, source, refs, book_digest, facts,
         escalation) = _fields(raw, 9)
        playbooks[_str(type_id)] = Playbook(
            _str(type_id), _read_msg(title), _read_msg(summary), _str(lead),
            tuple(_str(c) for c in _list(source)),
            tuple(steps[_index(r, len(steps))] for r in _list(refs)), _str(book_digest),
            tuple(_read_fact(f) for f in _list(facts)),
            tuple(_str(e) for e in _list(escalation)))
    return Library(Plan(clauses), Settings(parameters, _str(digest), Permissions(grants)),
                   playbooks,
                   _read_roster(top.get("roster")))


def _read_contacts(raw: Any) -> tuple[Contact, ...]:
    return tuple(Contact(*(_str(x) for x in _fields(c, 5))) for c in _list(raw))


def _read_roster(raw: Any) -> Roster:
    contacts, vendors, resources, people = _fields(raw, 4)
    return Roster(
        {_str(g): _read_contacts(people) for g, people in _dict(contacts).items()},
        tuple(Vendor(_str(i), _str(n), _str(s), _str(c), _str(sla), _read_contacts(p),
                     _str(note))
              for i, n, s, c, sla, p, note in (_fields(v, 7) for v in _list(vendors))),
        tuple(Resource(_str(i), _str(n), _str(s), _str(c), _read_contacts(p), _str(note))
              for i, n, s, c, p, note in (_fields(x, 6) for x in _list(resources))),
        tuple(Person(_str(login), _str(n), tuple(_str(g) for g in _list(gs)),
                     tuple(_str(r) for r in _list(rs)), _str(d))
              for login, n, gs, rs, d in (_fields(x, 5) for x in _list(people))))


def _read_fact(raw: Any) -> Fact:
    fid, label, kind, clause, options, section = _fields(raw, 6)
    return Fact(_str(fid), _read_msg(label), _str(kind), _str(clause), _read_options(options),
                _str(section))


def _read_options(raw: Any) -> tuple[Option, ...]:
    return tuple(Option(_str(oid), _read_msg(label))
                 for oid, label in (_fields(o, 2) for o in _list(raw)))


def _read_step(raw: Any) -> Step:
    (sid, group, title, detail, levels, source, module, deadline, repeat, decision,
     addition, when, done_by, roster) = _fields(raw, 14)
    return Step(
        id=_str(sid), group=_str(group), title=_read_msg(title), detail=_read_msg(detail),
        levels=frozenset(_str(lv) for lv in _list(levels)),
        source=tuple(_str(c) for c in _list(source)), module=_str(module),
        deadline=None if deadline is None else _read_deadline(deadline),
        repeat=None if repeat is None else _read_duration(repeat),
        decision=None if decision is None else _read_decision(decision),
        addition=_bool(addition),
        when=None if when is None else _read_when(when),
        done_by=tuple(_read_completion(c) for c in _list(done_by)),
        roster=tuple(_str(n) for n in _list(roster)))


def _read_when(raw: Any) -> Condition:
    decision, options = _fields(raw, 2)
    return Condition(_str(decision), frozenset(_str(o) for o in _list(options)))


def _read_completion(raw: Any) -> Completion:
    kind, match, present, option = _fields(raw, 4)
    return Completion(_str(kind), {_str(k): _str(v) for k, v in _dict(match).items()},
                      tuple(_str(p) for p in _list(present)),
                      None if option is None else _str(option))


def _read_deadline(raw: Any) -> Deadline:
    anchor, after, after_text = _fields(raw, 3)
    return Deadline(_str(anchor),
                    {_str(lv): _read_duration(d) for lv, d in _dict(after).items()},
                    {_str(lv): _str(t) for lv, t in _dict(after_text).items()})


def _read_decision(raw: Any) -> Decision:
    question, options = _fields(raw, 2)
    return Decision(_read_msg(question), _read_options(options))


def _read_msg(raw: Any) -> Msg:
    en, zh = _fields(raw, 2)
    return Msg(_str(en), _str(zh))


def _read_duration(raw: Any) -> Duration:
    seconds, working = _fields(raw, 2)
    return Duration(timedelta(seconds=_int(seconds)), _int(working))


def _read_value(raw: Any) -> Duration | int:
    return _int(raw) if type(raw) is int else _read_duration(raw)


def _fields(raw: Any, n: int) -> list[Any]:
    if type(raw) is not list or len(raw) != n:
        raise ValueError(f"expected {n} fields")
    return raw


def _list(raw: Any) -> list[Any]:
    if type(raw) is not list:
        raise ValueError("expected a list")
    return raw


def _dict(raw: Any) -> Mapping[str, Any]:
    if type(raw) is not dict:
        raise ValueError("expected an object")
    return raw


def _str(raw: Any) -> str:
    if type(raw) is not str:
        raise ValueError("expected text")
    return raw


def _int(raw: Any) -> int:
    if type(raw) is not int:
        raise ValueError("expected a whole number")
    return raw


def _bool(raw: Any) -> bool:
    if type(raw) is not bool:
        raise ValueError("expected true or false")
    return raw


def _index(raw: Any, size: int) -> int:
    value = _int(raw)
    if not 0 <= value < size:
        raise ValueError("no such step")
    return value
