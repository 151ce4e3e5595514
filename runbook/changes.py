"""Changes to a library without copying it: `changes/*.yaml` in a playbooks folder add steps
to a type or a shared module, or replace one of its steps by id (playbooks/README.md,
"Changing a library without copying it").

Each change file names its target (`type:` or `module:`); what it adds comes after the
target's own steps, what it replaces takes the replaced step's place. Everything wrong is a
Problem at its file:line:column: a target that does not exist or is changed by two files, a
replacement of a step the target does not have, a step replaced twice, an added step whose
id the target already has, and a replacement that moves a step to another group without
`regroup: true`.
"""

from __future__ import annotations

from collections.abc import Callable

from msgspec import Struct, field

from runbook.checks import Findings, PlacedStep
from runbook.describe import group_name
from runbook.i18n import Msg
from runbook.schema import ChangeFileSpec, StepSpec
from runbook.suggest import closest
from runbook.yamlread import Document

# Places steps read from a document under a key ("steps", "add", "replace").
Place = Callable[[Document, list[StepSpec], str], list[PlacedStep]]


class Change(Struct, frozen=True):
    doc: Document
    spec: ChangeFileSpec


class Changes(Struct):
    """The change files of a folder, by target."""

    types: dict[str, Change] = field(default_factory=dict)
    modules: dict[str, Change] = field(default_factory=dict)


def collect(found: Findings, read: list[tuple[Document, ChangeFileSpec]],
            type_names: list[str], module_names: list[str]) -> Changes:
    """The change files read, each checked against the types and modules there are."""
    changes = Changes()
    for doc, spec in read:
        if (spec.type is None) == (spec.module is None):
            found.add(doc, ("format",), Msg(
                "a change file names what it changes: either `type: <type>` or "
                "`module: <shared module>`, not both.",
                "变更文件须说明所改对象：`type: <类型>` 或 `module: <共享模块>`，二者只能取一。"),
                key=True)
            continue
        if spec.type is not None:
            kind, name, known, into = "type", spec.type, type_names, changes.types
            what = Msg("incident type", "事件类型")
        else:
            assert spec.module is not None
            kind, name, known, into = "module", spec.module, module_names, changes.modules
            what = Msg("shared module", "共享模块")
        if name not in known:
            found.add(doc, (kind,), Msg(
                f"there is no {what.en} {name!r} to change.",
                f"没有可修改的{what.zh} {name!r}。") + closest(name, known))
            continue
        earlier = into.get(name)
        if earlier is not None:
            found.add(doc, (kind,), Msg(
                f"{name!r} is already changed by {earlier.doc.file}; keep one change file per "
                f"{what.en}.",
                f"{name!r} 已由 {earlier.doc.file} 修改；每个{what.zh}只用一个变更文件。"))
            continue
        into[name] = Change(doc, spec)
    return changes


def apply(found: Findings, change: Change | None, own: list[PlacedStep],
          place: Place) -> list[PlacedStep]:
    """The target's own steps with the change's replacements in place and additions after."""
    if change is None:
        return own
    doc, spec = change.doc, change.spec
    result = list(own)
    index = {p.step.id: i for i, p in enumerate(own)}
    replaced: set[str] = set()
    for i, (raw, new) in enumerate(zip(spec.replace, place(doc, list(spec.replace), "replace"),
                                       strict=True)):
        where = ("replace", i, "id")
        at = index.get(raw.id)
        if at is None:
            found.add(doc, where, Msg(
                f"there is no step {raw.id!r} here to replace (a step of an included module "
                "is replaced in a change of that module); to add a step, list it under add:.",
                f"此处没有可替换的步骤 {raw.id!r}（所含共享模块中的步骤，请在该模块的变更文件中"
                "替换）；新增步骤请列在 add: 下。") + closest(raw.id, index))
            continue
        if raw.id in replaced:
            found.add(doc, where, Msg(
                f"step {raw.id!r} is replaced twice; keep one replacement.",
                f"步骤 {raw.id!r} 被替换了两次；请只保留一个。"))
            continue
        replaced.add(raw.id)
        old = own[at].step
        if new.step.group != old.group and not raw.regroup:
            found.add(doc, ("replace", i, "group"), Msg(
                f"the replacement moves {raw.id!r} from {group_name(old.group, 'en')} "
                f"({old.group}) to {group_name(new.step.group, 'en')} ({new.step.group}); if "
                "that is meant, say so with `regroup: true`.",
                f"该替换将 {raw.id!r} 从{group_name(old.group, 'zh')}（{old.group}）移到"
                f"{group_name(new.step.group, 'zh')}（{new.step.group}）；如确有此意，"
                "请加上 `regroup: true`。"))
        result[at] = new
    added = place(doc, spec.add, "add")
    for i, new in enumerate(added):
        if new.step.id in index:
            found.add(doc, ("add", i, "id"), Msg(
                f"step {new.step.id!r} is already there; to change it, list it under replace:.",
                f"步骤 {new.step.id!r} 已存在；如要修改，请列在 replace: 下。"))
    return result + [p for p in added if p.step.id not in index]
