"""A checklist in words: the summary's document blocks, in one language."""

from __future__ import annotations

from typing import Final

from runbook.checklist.build import AFTER, DURING, Checklist, ChecklistStep
from runbook.checklist.contacts import contacts
from runbook.describe import group_name
from runbook.durations import Duration
from runbook.i18n import Lang, Msg
from runbook.playbook import Step
from runbook.punctuation import listing, paren
from runbook.roster import Roster
from runbook.summary.document import (
    Block,
    Fields,
    Heading,
    Inline,
    Pairs,
    Para,
    Part,
    Span,
    Table,
    code,
    text,
)
from runbook.summary.phrases import ANCHOR_SHORT
from runbook.vocabulary import ANCHORS, group, level
from runbook.wording import duration_text, setting_words

BOX: Final = "☐"
REASON: Final = Msg("paper checklist", "纸质检查单")  # what --at-reason says, as the footer shows


def title(c: Checklist, lang: Lang) -> str:
    """`Checklist: Technical fault · Level I (red) · Technical Support Group`."""
    parts = [c.book.title(lang), level(c.level).name(lang)]
    if c.group is not None:
        parts.append(group(c.group).name(lang))
    return Msg("Checklist: ", "应急处置检查单：")(lang) + " · ".join(parts)


def deadline(c: Checklist, step: Step, lang: Lang) -> Inline:
    """`Td + 30 min`, `级别确定 + 1 小时`, `step report.verify done + 15 min`."""
    dl = step.deadline
    after = dl.after.get(c.level) if dl is not None else None
    if dl is None or after is None:
        return text(Msg("no deadline", "无时限")(lang))
    amount = " + " + duration_text(after, lang)
    target = dl.anchor_step
    if target is None:
        return text(ANCHOR_SHORT.get(dl.anchor, Msg(dl.anchor, dl.anchor))(lang) + amount)
    anchor = c.book.step(target)
    named = anchor.title(lang) if anchor is not None else target
    return (Msg("step ", "步骤「")(lang) + named + Msg(" ", "」")(lang), *code(target),
            Msg(" done", " 完成")(lang) + amount)


def _option_label(c: Checklist, decision_step: str, option_id: str, lang: Lang) -> str:
    found = c.book.option(decision_step, option_id)
    return found.label(lang) if found is not None else option_id


def step_cell(c: Checklist, step: Step, lang: Lang) -> Inline:
    """The step's title and id, what to do, when it applies, and its decision."""
    parts: list[Part] = [Span(step.title(lang), strong=True), " ", *code(step.id),
                         "\n" + step.detail(lang)]
    if step.when is not None:
        asked = c.book.step(step.when.decision)
        question = asked.title(lang) if asked is not None else step.when.decision
        options = listing([_option_label(c, step.when.decision, o, lang)
                           for o in sorted(step.when.options)], lang)
        parts.append("\n" + Msg(f"Only if “{question}” was decided: {options}.",
                                f"仅当“{question}”决定为：{options}时适用。")(lang))
    if step.repeat is not None:
        parts.append("\n" + Msg(f"Then again every {_every(step.repeat, lang)}.",
                                f"此后每隔{_every(step.repeat, lang)}重复一次。")(lang))
    if step.decision is not None:
        parts.append("\n")
        parts.append(Span(Msg("Decision: ", "决策：")(lang) + step.decision.question(lang),
                          strong=True))
        for option in step.decision.options:
            parts += ["\n" + BOX + " " + option.label(lang) + " ", *code(option.id)]
        parts.append("\n" + Msg("Rationale: ", "理由：")(lang))
    return tuple(parts)


def _every(value: Duration, lang: Lang) -> str:
    words = duration_text(value, lang)
    return f" {words}" if lang == "en" else f" {words} "


STEP_HEADERS: Final = (Msg("Done", "完成"), Msg("Step", "步骤"), Msg("Group", "小组"),
                       Msg("Deadline", "时限"), Msg("Clause", "条款"),
                       Msg("Time done", "完成时间"), Msg("Initials", "签名"))


def step_table(c: Checklist, steps: tuple[ChecklistStep, ...], lang: Lang) -> Table:
    with_group = c.group is None
    headers = [h(lang) for h in STEP_HEADERS]
    if not with_group:
        del headers[2]
    rows = []
    for placed in steps:
        s = placed.step
        row: list[Inline] = [text(BOX), step_cell(c, s, lang)]
        if with_group:
            row.append(text(group_name(s.group, lang)))
        row += [deadline(c, s, lang), text(", ".join(s.source)), text(""), text("")]
        rows.append(tuple(row))
    return Table(tuple(headers), tuple(rows), "checklist" if with_group else "checklist one")


def _value(value: Duration | int, lang: Lang) -> str:
    return duration_text(value, lang) if isinstance(value, Duration) else str(value)


def head(c: Checklist, lang: Lang) -> list[Block]:
    lv = level(c.level)
    return [
        Heading(1, title(c, lang), "checklist"),
        Para(text(Msg(
            "For when the terminal is down: work through the steps in the order of their "
            "deadlines, tick the box when a step is done, and write the time and your "
            "initials beside it. Each part lists the steps without a deadline last.",
            "终端不可用时使用：按时限先后逐项执行，完成后勾选方框，并在旁边写下完成时间和签名。"
            "每部分中无时限的步骤列在最后。")(lang))),
        Pairs((
            (Msg("Incident type", "事件类型")(lang), (c.book.title(lang), " ",
                                                     *code(c.book.type))),
            (Msg("Warning level", "预警级别")(lang), text(lv.name(lang) + paren(
                lv.definition.format(**setting_words(c.settings))(lang), lang))),
            (Msg("Groups", "小组")(lang), text(listing([group(g).name(lang) for g in c.groups],
                                                      lang))),
            (Msg("Steps", "步骤数")(lang), text(str(len(c.steps)))),
            (Msg("Playbook digest", "剧本摘要值")(lang), code(c.book.digest)),
            (Msg("Settings digest", "设置摘要值")(lang), code(c.settings_digest)),
        )),
        Para((Msg("Match this binder to the version in use: ",
                  "核对本检查单与当前使用的版本：")(lang), *code("runbook playbooks --json"),
              Msg(" prints the digest of each type and of the settings.",
                  " 会列出各事件类型剧本和设置的摘要值。")(lang))),
        Fields(tuple(m(lang) for m in (
            Msg("Incident id", "事件编号"), Msg("First report (Td) at", "首次报告时间（Td）"),
            Msg("Warning issued (T0) at", "发布预警时间（T0）"),
            Msg("Level set at", "级别确定时间"), Msg("Stand-down at", "应急结束时间"),
            Msg("Filled in by", "填写人")))),
        Para(text(Msg("Deadlines count from:", "时限的起算时刻：")(lang))),
        Pairs(tuple((ANCHOR_SHORT[a](lang), text(ANCHORS[a](lang))) for a in ANCHORS)),
    ]


def settings_table(c: Checklist, lang: Lang) -> list[Block]:
    blocks: list[Block] = [Heading(2, Msg("Settings in force", "适用的设置值")(lang), "settings")]
    if not c.parameters:
        blocks.append(Para(text(Msg("The deadlines here quote no setting.",
                                    "本检查单的时限未引用任何设置。")(lang))))
        return blocks
    own = Msg("the institution's", "机构设置")
    default = Msg("default", "默认值")
    rows = tuple((code(p.name), text(_value(p.value, lang)),
                  (Span(own(lang), strong=True) if p.overridden else default(lang),),
                  text(p.clause)) for p in c.parameters)
    blocks.append(Para(text(Msg(
        "The values the deadlines above use, as the settings in force set them.",
        "上述时限所用的取值（按当前生效的设置）。")(lang))))
    blocks.append(Table(tuple(h(lang) for h in (
        Msg("Setting", "设置项"), Msg("Value", "取值"), Msg("Source", "来源"),
        Msg("Clause", "条款"))), rows, "settings"))
    return blocks


def backfill(c: Checklist, lang: Lang) -> list[Block]:
    group_id = c.group or "GROUP"
    command = (f"runbook step ID STEP done --at 2026-12-01T10:30 --at-reason "
               f"\"{REASON(lang)}\" --by NAME --group {group_id}")
    return [
        Heading(2, Msg("Back on the terminal", "终端恢复后")(lang), "backfill"),
        Para((Msg("Record what this checklist shows as done, each with the time written on "
                  "it, from the command line: ",
                  "请在命令行补录本检查单上已完成的步骤，时间按纸面所记填写：")(lang),
              *code(command),
              Msg(" (a decision adds ", "（决策另加 ")(lang),
              *code("--decision OPTION --note R"),
              Msg("). Such entries are marked as backdated, with the reason.",
                  "）。此类记录会标明为补录，并附理由。")(lang))),
    ]


def compose(c: Checklist, lang: Lang, roster: Roster | None = None) -> list[Block]:
    blocks = head(c, lang)
    for which, heading, anchor in (
            (DURING, Msg("During the incident", "应急处置期间"), "during"),
            (AFTER, Msg("After the stand-down", "应急结束后"), "after")):
        steps = c.part(which)
        blocks.append(Heading(2, heading(lang), anchor))
        if steps:
            blocks.append(step_table(c, steps, lang))
        else:
            blocks.append(Para(text(Msg("No step here at this level.",
                                        "该级别在此阶段没有步骤。")(lang))))
    blocks += settings_table(c, lang)
    blocks += contacts(c.groups, lang, roster)
    blocks += backfill(c, lang)
    return blocks
