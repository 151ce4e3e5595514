"""The dialogs of each action, built from the one form: titles, fields, defaults, wording."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

from rich.text import Text

from runbook.events import Actor
from runbook.i18n import Lang, Msg
from runbook.playbook import Settings, Step
from runbook.vocabulary import GROUPS, LEVEL_IDS, RECIPIENTS
from tui import levels
from tui.screens.form import Answer, Choice, Confirm, Field, FormDialog, Save, key_hint
from tui.texts import ALL, CLOSE_HINT, NOBODY_GROUP

YES_KEY: Final = "y"  # the key of a question a reflexive Enter must not answer

REASON: Final = Msg("Reason", "原因")
REASON_HINT: Final = Msg("why — it goes on the record", "填写原因，将记入记录")
WHY: Final = Msg("Rationale", "理由")
WHY_HINT: Final = Msg("why this option — it goes on the record", "选择该选项的理由，将记入记录")
NEED_REASON: Final = Msg("Write the reason first; it goes on the record.",
                         "请先填写原因；原因将记入记录。")
NEED_TEXT: Final = Msg("Write what happened first.", "请先写明情况。")
NEED_WHY: Final = Msg("Write the rationale first; investigators will ask why.",
                      "请先写明理由；调查时需要说明原因。")
NEED_NAME: Final = Msg("Write a name.", "请填写姓名。")
NEED_FOLDER: Final = Msg("Write the folder to write the summary in.", "请填写保存总结的文件夹。")
GROUP_FIELD: Final = Msg("Your group (←/→)", "你的小组（←/→）")
ASK_WHO: Final = Msg(
    "Nobody has said who acts in this terminal: the record would say “{name}”, with no "
    "group. Who is acting? (Kept until you quit; u changes it.)",
    "尚未说明此终端由谁操作：记录中将显示为“{name}”，且没有小组。当前由谁操作？"
    "（保留到退出为止；按 u 可更改。）")
WILL_WRITE: Final = Msg("Will write ", "将写入 ")
FORMAT_NAMES: Final = {
    "md": Msg("md — Markdown, for a report or a ticket", "md — Markdown，用于报告或工单"),
    "html": Msg("html — a page to print or mail", "html — 可打印或发送的网页"),
    "json": Msg("json — data for other tools", "json — 供其他工具使用的数据"),
}
EXISTS_Q: Final = Msg(
    "{path} exists already. Nothing has been written.",
    "{path} 已存在。尚未写入任何内容。")
EXISTS_HINT: Final = Msg("Enter: write {instead} instead · o: overwrite it · Esc: cancel",
                         "Enter：改为写入 {instead} · o：覆盖原文件 · Esc：取消")


def reason(title: str, lang: Lang, save: Save, intro: str | Text = "", *,
           confirm: Confirm | None = None, confirm_key: str | None = None,
           confirm_hint: str = "") -> FormDialog:
    """A reason, required; `confirm` (with `confirm_key`) asks once more before it is saved."""
    return FormDialog(title=title, lang=lang, intro=intro, save=save, confirm=confirm,
                      confirm_key=confirm_key, confirm_hint=confirm_hint, fields=[
        Field("reason", REASON(lang), required=True, missing=NEED_REASON(lang),
              placeholder=REASON_HINT(lang))])


def group_choices(lang: Lang, none_label: str) -> tuple[Choice, ...]:
    return (Choice("", none_label), *(Choice(g.id, g.name(lang)) for g in GROUPS))


def group_name_of(group_id: str, lang: Lang) -> str:
    return next((g.name(lang) for g in GROUPS if g.id == group_id), group_id)


def note(lang: Lang, save: Save, group: str | None) -> FormDialog:
    return FormDialog(title=Msg("Add a note", "添加备注")(lang), lang=lang, save=save, fields=[
        Field("text", Msg("Note", "备注内容")(lang), required=True, missing=NEED_TEXT(lang)),
        Field("group", Msg("For group (←/→)", "针对小组（←/→）")(lang), "choice",
              group_choices(lang, ALL(lang)), value=group or ""),
    ])


def text_only(title: str, label: str, lang: Lang, save: Save) -> FormDialog:
    return FormDialog(title=title, lang=lang, save=save, fields=[
        Field("text", label, required=True, missing=NEED_TEXT(lang))])


def level(lang: Lang, save: Save, settings: Settings, current: str,
          proposed: str | None, confirm: Confirm | None = None) -> FormDialog:
    """The new level and why; `confirm` says what a lower level means, to be confirmed by a
    key of its own (a level is not lowered by a reflexive Enter)."""
    choices = []
    for lv in LEVEL_IDS:
        label = levels.badge(lv, lang, long=True)
        if lv == current:
            label.append(Msg("  (current)", "（当前）")(lang), style="dim")
        choices.append(Choice(lv, label, levels.detail(lv, settings, lang)))
    default = proposed or levels.above(current) or (LEVEL_IDS[1] if current == "I" else current)
    return FormDialog(
        title=Msg("Change the level", "变更预警级别")(lang), lang=lang, save=save, focus="reason",
        confirm=confirm, confirm_key=YES_KEY,
        confirm_hint=key_hint(YES_KEY, Msg("lower the level", "降低级别")(lang), lang),
        fields=[
            Field("level", Msg("New level (↑/↓)", "新级别（↑/↓）")(lang), "list",
                  tuple(choices), value=default),
            Field("reason", REASON(lang), required=True, missing=NEED_REASON(lang),
                  placeholder=REASON_HINT(lang)),
        ])


def decision(step: Step, lang: Lang, save: Save, gates: Text | None = None) -> FormDialog:
    """The option and why; `gates`: what the recorded facts give, where the head decides
    whether to report."""
    assert step.decision is not None
    options = tuple(Choice(o.id, o.label(lang)) for o in step.decision.options)
    intro = Text(step.title(lang), style="bold")
    intro.append("\n" + step.decision.question(lang))
    if gates is not None:
        shown = gates.copy()
        shown.rstrip()
        intro.append("\n")
        intro.append_text(shown)
    return FormDialog(
        title=Msg("Decision", "决策")(lang), lang=lang, save=save, focus="rationale",
        intro=intro, fields=[
            Field("option", Msg("Option (↑/↓)", "选项（↑/↓）")(lang), "list", options,
                  value=options[0].id),
            Field("rationale", WHY(lang), required=True, missing=NEED_WHY(lang),
                  placeholder=WHY_HINT(lang)),
        ])


def report(lang: Lang, save: Save, default: str = "head") -> FormDialog:
    choices = tuple(Choice(r, label(lang)) for r, label in RECIPIENTS.items())
    return FormDialog(
        title=Msg("Record a report sent", "记录已发送的报告")(lang), lang=lang, save=save,
        focus="text", fields=[
            Field("to", Msg("Sent to (↑/↓)", "报告对象（↑/↓）")(lang), "list", choices,
                  value=default),
            Field("text", Msg("What was reported", "报告内容")(lang), required=True,
                  missing=NEED_TEXT(lang)),
        ])


def handover(lang: Lang, save: Save) -> FormDialog:
    return FormDialog(
        title=Msg("Hand over the shift", "交接班")(lang), lang=lang, save=save, fields=[
            Field("to", Msg("Handed over to", "接班人")(lang), "line", required=True,
                  missing=NEED_NAME(lang)),
            Field("text", Msg("What they need to know", "交接内容")(lang), required=True,
                  missing=NEED_TEXT(lang)),
        ])


def identity(lang: Lang, actor: Actor, *, first: bool = False) -> FormDialog:
    """Who acts in this terminal; `first`: asked before the first write, because nobody said
    (the record would carry the login name and no group)."""
    intro = ASK_WHO.format(name=actor.name)(lang) if first else ""
    return FormDialog(
        title=Msg("Who is acting", "当前操作人")(lang), lang=lang, intro=intro, id="identity",
        fields=[
            Field("name", Msg("Your name", "你的姓名")(lang), "line", value=actor.name,
                  required=True, missing=NEED_NAME(lang)),
            Field("group", GROUP_FIELD(lang), "choice", group_choices(lang, NOBODY_GROUP(lang)),
                  value=actor.group or ""),
        ])


def confirm(title: str, message: str | Text, lang: Lang, save: Save) -> FormDialog:
    return FormDialog(title=title, lang=lang, intro=message, save=save, id="confirm")


def confirm_by_key(title: str, message: str | Text, what: str, lang: Lang,
                   save: Save) -> FormDialog:
    """A question that only `y` answers (what it does, `what`, is in the hint)."""
    return FormDialog(title=title, lang=lang, intro=message, save=save, keys={YES_KEY: "yes"},
                      hint=key_hint(YES_KEY, what, lang), id="confirm-key")


def error(title: str, message: str, lang: Lang) -> FormDialog:
    return FormDialog(title=title, lang=lang, intro=Text(message, style="bold"),
                      hint=CLOSE_HINT(lang), id="error-dialog")


def pick(title: str, label: str, choices: Sequence[Choice], current: str,
         lang: Lang) -> FormDialog:
    return FormDialog(title=title, lang=lang, fields=[
        Field("choice", label, "list", tuple(choices), value=current)])


def answer_or_none(callback: Callable[[Answer], None]) -> Callable[[Answer | None], None]:
    """A dismiss callback that ignores a cancelled dialog."""

    def done(result: Answer | None) -> None:
        if result is not None:
            callback(result)

    return done


def evaluation(lang: Lang, save: Save, sections: Sequence[tuple[str, Msg]]) -> FormDialog:
    choices = tuple(Choice(sid, title(lang)) for sid, title in sections)
    return FormDialog(
        title=Msg("Evaluation", "评估")(lang), lang=lang, save=save, focus="text", fields=[
            Field("section", Msg("Section (↑/↓)", "部分（↑/↓）")(lang), "list", choices,
                  value=choices[0].id if choices else ""),
            Field("text", Msg("Entry", "评估内容")(lang), required=True,
                  missing=NEED_TEXT(lang)),
        ])


def export(lang: Lang, formats: Sequence[str], folder: Path, name: Callable[[str], str],
           default: str = "md") -> FormDialog:
    """The format and the folder of the summary; the file it will write, shown as they
    change (`name(format)` is the file's name)."""
    from tui.exporting import DRAFT_NAMES  # imported by the export itself, not at start

    names = {**FORMAT_NAMES, **DRAFT_NAMES}
    choices = tuple(Choice(f, names[f](lang) if f in names else f) for f in formats)

    def target(answer: Answer) -> Text:
        out = Text(WILL_WRITE(lang), style="dim")
        out.append(str(export_target(answer, folder, name)), style="bold")
        return out

    # The format (the last field) has the focus: `x` Enter writes the default, as before
    # the folder was asked; Tab reaches the folder.
    return FormDialog(
        title=Msg("Export the summary or a report draft", "导出处置总结或报告草稿")(lang),
        lang=lang, id="export-dialog",
        preview=target, focus="format", fields=[
            Field("folder", Msg("Folder", "文件夹")(lang), "line", value=str(folder),
                  required=True, missing=NEED_FOLDER(lang)),
            Field("format", Msg("Format (↑/↓)", "格式（↑/↓）")(lang), "list", choices,
                  value=default),
        ])


def export_target(answer: Answer, default: Path, name: Callable[[str], str]) -> Path:
    """The file the export dialog's answer names (a folder written with ~ is the home's)."""
    folder = Path(answer.get("folder") or default).expanduser()
    return folder / name(answer.get("format") or "md")


def exists(lang: Lang, path: Path, instead: Path) -> FormDialog:
    """The summary's file is there already: a new name (Enter) or overwrite it (o)."""
    return FormDialog(
        title=Msg("The file exists", "文件已存在")(lang), lang=lang, id="exists",
        intro=EXISTS_Q.format(path=str(path), instead=instead.name)(lang),
        keys={"enter": "new", "o": "overwrite"},
        hint=EXISTS_HINT.format(instead=instead.name)(lang))
