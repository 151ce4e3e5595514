"""Versions of the plan from the command line: `runbook playbooks --diff DIGEST|ID` (what
changed since a version) and `runbook switch-version ID --reason R` (an incident switched to
the library in force). The diff is worked out by `runbook.version_diff`; this writes it."""

from __future__ import annotations

from typing import Any

import click

from runbook import actions, versions
from runbook.cli.incident_cmds import _record
from runbook.cli.invocation import Invocation
from runbook.cli.main import cli
from runbook.cli.options import echo_json, workspace_options
from runbook.errors import NotFound, RefusedAction, UsageError
from runbook.i18n import Lang, Msg
from runbook.playbook import Library, Step
from runbook.punctuation import colon, paren, semi
from runbook.version_diff import ASPECTS, VersionDiff, diff, switch_carries
from runbook.vocabulary import LEVEL_IDS

ASPECT_WORDS: dict[str, Msg] = {
    "deadline": Msg("deadline", "时限"),
    "title": Msg("title", "标题"),
    "instructions": Msg("instructions", "操作说明"),
    "group": Msg("group", "小组"),
    "clause": Msg("plan clause", "预案条款"),
    "levels": Msg("levels", "适用级别"),
    "decision": Msg("decision", "决策"),
}
assert set(ASPECT_WORDS) == set(ASPECTS)

NOT_KEPT = Msg(
    "Incident {id} was declared before runbook kept versions of the plan (or its version is "
    "not in this database), so there is nothing to compare: it plays the playbooks in force.",
    "事件 {id} 宣布时 runbook 尚未保存剧本版本（或此数据库中没有该版本），无从比较："
    "它按当前剧本执行。")
NO_VERSION = Msg(
    "{ref!r} names no incident and no version of the plan kept in {path}. Give an incident "
    "id (or its start) or a version's digest (or its start, as `runbook status` prints it).",
    "{ref!r} 既不是事件，也不是 {path} 中保存的剧本版本。请给出事件编号（或其开头），"
    "或版本摘要（或其开头，见 runbook status）。")
SEVERAL = Msg("{ref!r} starts several versions: {found}. Give more of the digest.",
              "{ref!r} 是多个版本的开头：{found}。请给出更长的摘要。")


def _version_by_prefix(invocation: Invocation, ref: str) -> str:
    store = invocation.store()
    wanted = ref.strip().lower()
    found = [d for d in store.version_digests() if d.startswith(wanted)] if wanted else []
    if len(found) > 1:
        raise UsageError(SEVERAL.format(ref=ref, found=", ".join(versions.short(d)
                                                                 for d in found)))
    if not found:
        raise NotFound(NO_VERSION.format(ref=ref, path=store.path))
    return found[0]


def version_diff(invocation: Invocation, ref: str) -> tuple[VersionDiff, str | None]:
    """What changed between the version `ref` names (an incident's or a digest's) and the
    library in force; and the incident, if `ref` named one."""
    from store import UnknownIncident

    current = invocation.workspace.library
    now = versions.digest(current)
    try:
        incident_id = invocation.incident_id(ref)
    except UnknownIncident:
        digest = _version_by_prefix(invocation, ref)
        before = current if digest == now else invocation.version(digest)
        if before is None:
            raise NotFound(NO_VERSION.format(ref=ref, path=invocation.store().path)) from None
        return diff(before, current, digest, now), None
    state = invocation.incident(incident_id)
    incident, played = state.incident, state.played
    assert incident is not None and played is not None
    if played.fallback:
        raise NotFound(NOT_KEPT.format(id=incident_id))
    return diff(state.library, current, played.version, now, (incident.type,)), incident_id


def deadline_words(step: Step, lang: Lang) -> str:
    """`Td + I 30 分钟, II 1 小时`: the anchor and the time allowed per level."""
    from runbook.summary.phrases import ANCHOR_SHORT
    from runbook.wording import duration_text

    dl = step.deadline
    if dl is None:
        return Msg("no deadline", "无时限")(lang)
    anchor = ANCHOR_SHORT[dl.anchor](lang) if dl.anchor in ANCHOR_SHORT else dl.anchor
    per = [f"{lv} {duration_text(dl.after[lv], lang)}" for lv in LEVEL_IDS if lv in dl.after]
    text = f"{anchor} + {', '.join(per)}"
    if step.repeat is not None:
        text += Msg(", every ", "，每 ")(lang) + duration_text(step.repeat, lang)
    return text


def diff_json(found: VersionDiff, incident_id: str | None) -> dict[str, Any]:
    def named(step: Step) -> dict[str, Any]:
        return {"id": step.id, "title": {"zh": step.title.zh, "en": step.title.en}}

    def deadline(step: Step) -> dict[str, Any] | None:
        dl = step.deadline
        return None if dl is None else {
            "anchor": dl.anchor, "after": {lv: d.text() for lv, d in dl.after.items()},
            "repeat": step.repeat.text() if step.repeat is not None else None}

    return {
        "incident": incident_id, "from": found.before, "to": found.after, "same": found.same,
        "types": [{
            "type": t.type, "state": t.state,
            "added": [named(s) for s in t.added], "removed": [named(s) for s in t.removed],
            "changed": [{**named(c.after), "aspects": list(c.aspects),
                         "deadline": {"before": deadline(c.before), "after": deadline(c.after)}
                         if "deadline" in c.aspects else None} for c in t.changed],
        } for t in found.types],
        "settings": [{"name": s.name, "before": s.before, "after": s.after}
                     for s in found.settings],
    }


TYPE_STATES: dict[str, Msg] = {
    "added": Msg("type added", "新增类型"), "removed": Msg("type removed", "已删除类型"),
    "changed": Msg("changed", "有变更"),
}


def diff_lines(found: VersionDiff, incident_id: str | None, lang: Lang) -> list[str]:
    """The diff as lines of text: `+` added, `-` removed, `~` changed."""
    head = Msg("Version {before} → in force {after}", "版本 {before} → 当前 {after}").format(
        before=versions.short(found.before), after=versions.short(found.after))(lang)
    if incident_id is not None:
        head += Msg(" (incident {id})", "（事件 {id}）").format(id=incident_id)(lang)
    lines = [head]
    if found.same:
        lines.append(Msg("No change to the steps or the settings.", "步骤和参数均无变更。")(lang))
        return lines
    for t in found.types:
        lines.append(colon(t.type, TYPE_STATES[t.state](lang), lang))
        for s in t.added:
            lines.append(f"  + {s.id}  {s.title(lang)}{paren(deadline_words(s, lang), lang)}")
        for s in t.removed:
            lines.append(f"  - {s.id}  {s.title(lang)}")
        for c in t.changed:
            words = []
            for aspect in c.aspects:
                word = ASPECT_WORDS[aspect](lang)
                if aspect == "deadline":
                    word += f" {deadline_words(c.before, lang)} → {deadline_words(c.after, lang)}"
                elif aspect == "group":
                    word += f" {c.before.group} → {c.after.group}"
                elif aspect == "clause":
                    word += f" {', '.join(c.before.source)} → {', '.join(c.after.source)}"
                words.append(word)
            lines.append(f"  ~ {c.id}  " + semi(lang).join(words))
    if found.settings:
        lines.append(Msg("Settings:", "参数：")(lang))
        for p in found.settings:
            lines.append(f"  ~ {p.name}: {p.before or '-'} → {p.after or '-'}")
    return lines


def print_diff(invocation: Invocation, ref: str, as_json: bool) -> int:
    from runbook.safetext import block

    found, incident_id = version_diff(invocation, ref)
    if as_json:
        echo_json(diff_json(found, incident_id))
    else:
        for text in diff_lines(found, incident_id, invocation.lang):
            click.echo(block(text))
    return 0


SWITCHED = Msg(
    "Incident {id} now plays the playbooks in force ({after}; it played {before}). Done "
    "steps carried over: {carried}. Not carried over (not in this version): {dropped}.",
    "事件 {id} 现按当前剧本执行（{after}；原为 {before}）。沿用的已完成步骤：{carried}。"
    "未沿用（本版本中已无）：{dropped}。")


@cli.command("switch-version")
@click.argument("incident_id")
@click.option("--reason", required=True, help="Why it switches / 切换原因")
@workspace_options()
@click.pass_obj
def switch_version_cmd(invocation: Invocation, incident_id: str, reason: str) -> int:
    """Switch an incident to the playbooks in force (it plays the version it was declared
    with until then); says which done steps carried over.

    将事件切换到当前剧本（此前按宣布时的版本执行）；并说明哪些已完成步骤得以沿用。
    """
    incident_id = invocation.incident_id(incident_id)
    state = invocation.incident(incident_id)
    incident = state.incident
    assert incident is not None
    current: Library = invocation.workspace.library
    now = versions.digest(current)
    if incident.version == now:
        raise RefusedAction(Msg(
            f"Incident {incident_id} already plays the playbooks in force "
            f"({versions.short(now)}); there is nothing to switch to.",
            f"事件 {incident_id} 已按当前剧本（{versions.short(now)}）执行；无需切换。"))
    carried, dropped = switch_carries(incident, current)
    before = incident.version
    _record(invocation, lambda a: actions.version_switch(
        a, incident_id, before, now, reason, carried, dropped))
    invocation.say(SWITCHED.format(
        id=incident_id, after=versions.short(now), before=versions.short(before),
        carried=", ".join(carried) or "-", dropped=", ".join(dropped) or "-"))
    return 0
