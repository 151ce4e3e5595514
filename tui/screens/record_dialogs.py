"""The dialogs of the facts form and of the action items: one fact's value, as its type is
typed or picked; a new action item; an item done or dropped.

What a value means and whether it is one the fact takes is the core's
(`runbook.fact_values`, `runbook.action_items`): these dialogs only ask, and show what the
core says is wrong without losing what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from rich.text import Text

from runbook.i18n import Lang, Msg
from runbook.incident import ActionItem, FactValue
from runbook.playbook import Fact
from tui.screens.form import Answer, Choice, Field, FormDialog, Save

VALUE: Final = Msg("Value", "取值")
NOTE: Final = Msg("Source or note", "来源或说明")
NOTE_HINT: Final = Msg("where the figure comes from (optional)", "数据来源（可不填）")
PLACEHOLDERS: Final = {
    "time": Msg("2026-11-26T03:10 (without a zone: this terminal's)",
                "2026-11-26T03:10（未写时区则按本机时区）"),
    "integer": Msg("a whole number, e.g. 120000", "整数，例如 120000"),
    "amount": Msg("amount and currency, e.g. 1234.50 CNY", "金额和币种，例如 1234.50 CNY"),
}
NOW_IS: Final = Msg("Now: {value} (#{seq}{corrected}). A new value corrects it.",
                    "当前：{value}（#{seq}{corrected}）。记录新值即为更正。")
CORRECTED: Final = Msg(", corrected", "，已更正")
MISSING: Final = Msg("Not recorded yet.", "尚未记录。")
PICK: Final = Msg("Option (↑/↓)", "选项（↑/↓）")
TICK: Final = Msg("Space ticks each that applies; Tab moves on.",
                  "按空格键勾选适用的各项；Tab 切换。")
NEED_VALUE: Final = Msg("Give the value first.", "请先填写取值。")

ITEM_TITLE: Final = Msg("Add an action item", "新增整改事项")
ITEM_TEXT: Final = Msg("What to do", "整改内容")
ITEM_OWNER: Final = Msg("Owner", "负责人")
ITEM_DUE: Final = Msg("Due date", "完成期限")
ITEM_DUE_HINT: Final = Msg("2026-12-31", "2026-12-31")
NEED_ITEM: Final = Msg("Write what is to be done.", "请写明整改内容。")
NEED_OWNER: Final = Msg("Write who owns it.", "请填写负责人。")
NEED_DUE: Final = Msg("Write the due date, e.g. 2026-12-31.", "请填写完成期限，例如 2026-12-31。")
DONE_TITLE: Final = Msg("Action item {n} done", "第 {n} 项整改事项完成")
DROP_TITLE: Final = Msg("Drop action item {n}", "撤销第 {n} 项整改事项")
DONE_NOTE: Final = Msg("What was done (optional)", "完成情况（可不填）")
DROP_NOTE: Final = Msg("Why it is dropped", "撤销原因")
NEED_DROP: Final = Msg("Write why it is dropped; auditors will ask.",
                       "请写明撤销原因；审计时需要说明。")


def option_field(option_id: str) -> str:
    return f"opt-{option_id}"


def fact_dialog(fact: Fact, current: FactValue | None, shown: str, typed: str, lang: Lang,
                save: Save) -> FormDialog:
    """`fact`'s value as its type asks: a line (time, integer, amount), a text, one option
    of a list, or a tick per option; its current value (`shown`, and `typed` to start a
    correction from) above."""
    intro = Text(fact.label(lang), style="bold")
    intro.append(f"  [{fact.id} · §{fact.clause}]\n", style="dim")
    if current is None:
        intro.append(MISSING(lang))
    else:
        intro.append(NOW_IS.format(value=shown, seq=current.seq,
                                   corrected=CORRECTED(lang) if current.corrected else "")(lang))
    fields: list[Field] = []
    kind = fact.type
    if kind in PLACEHOLDERS:
        fields.append(Field("value", VALUE(lang), "line", value=typed, required=True,
                            missing=NEED_VALUE(lang), placeholder=PLACEHOLDERS[kind](lang)))
    elif kind == "choice":
        fields.append(Field("value", PICK(lang), "list",
                            tuple(Choice(o.id, o.label(lang)) for o in fact.options),
                            value=typed or fact.options[0].id))
    elif kind == "choices":
        ticked = set(typed.split(",")) if typed else set()
        intro.append("\n" + TICK(lang), style="dim")
        fields += [Field(option_field(o.id), o.label(lang), "toggle",
                         value="1" if o.id in ticked else "") for o in fact.options]
    else:
        fields.append(Field("value", VALUE(lang), value=typed, required=True,
                            missing=NEED_VALUE(lang)))
    fields.append(Field("note", NOTE(lang), placeholder=NOTE_HINT(lang)))
    return FormDialog(title=fact.label(lang), lang=lang, intro=intro, save=save,
                      fields=fields, id="fact-dialog")


def fact_text(fact: Fact, answer: Answer) -> str:
    """What the dialog's answer says, as `runbook fact` would be given it."""
    if fact.type == "choices":
        return ",".join(o.id for o in fact.options if answer.get(option_field(o.id)))
    return answer.get("value", "")


def add_item(lang: Lang, save: Save, due_problem: Callable[[str], str | None]) -> FormDialog:
    return FormDialog(title=ITEM_TITLE(lang), lang=lang, save=save, id="item-dialog", fields=[
        Field("text", ITEM_TEXT(lang), required=True, missing=NEED_ITEM(lang)),
        Field("owner", ITEM_OWNER(lang), "line", required=True, missing=NEED_OWNER(lang)),
        Field("due", ITEM_DUE(lang), "line", required=True, missing=NEED_DUE(lang),
              placeholder=ITEM_DUE_HINT(lang), check=due_problem),
    ])


def resolve_item(item: ActionItem, outcome: str, lang: Lang, save: Save) -> FormDialog:
    """Item done (a note, optional) or dropped (the reason, required)."""
    dropping = outcome == "dropped"
    title = (DROP_TITLE if dropping else DONE_TITLE).format(n=item.number)(lang)
    intro = Text(f"{item.number}. ", style="bold")
    intro.append(item.text)
    return FormDialog(title=title, lang=lang, intro=intro, save=save, id="item-dialog",
                      fields=[Field("note", (DROP_NOTE if dropping else DONE_NOTE)(lang),
                                    required=dropping, missing=NEED_DROP(lang))])
