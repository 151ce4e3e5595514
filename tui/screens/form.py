"""One dialog for every action: fields in, a typed answer out, saved before it closes.

Enter confirms from every field but a list, where it takes the option and moves on; Tab and
Shift+Tab move from field to field, and the field that has the focus is marked `▸`. Text
typed while a list has the focus goes to the text field last typed in (or, if there is none
yet, is refused with a word saying so), never silently nowhere. ↑/↓ in a text of one line
move the form's one list, so a reason can be typed and an option picked without leaving the
field. Esc on a dialog with typed text asks before it throws the text away.

With `save`, the dialog stays open until the event is on the record: a refused or failed
write shows why and keeps everything typed. With `confirm`, a second dialog asks first, and
with `confirm_key` it is confirmed by that key only, never by a reflexive Enter. A dialog
with `keys` is answered by one of them (`answer["key"]`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import ClassVar, Final, Literal

from msgspec import Struct
from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from runbook.errors import RunbookError
from runbook.i18n import Lang, Msg
from runbook.linebreak import Paragraph
from tui.cells import safe
from tui.screens.fields import (
    NEWLINE_KEY_SHOWN,
    Cycle,
    FieldList,
    FieldSubmitted,
    LineField,
    TextField,
    TextLike,
    ToggleField,
    one_kind_of_newline,
)
from tui.texts import NOT_RECORDED, SAVING, TYPE_HERE

Answer = dict[str, str]
Save = Callable[[Answer], Awaitable[object]]
# text: free text, several lines; line: one line; list: options (↑/↓); choice: one of a
# few on one line (←/→); toggle: a check box (Space).
FieldKind = Literal["text", "line", "list", "choice", "toggle"]
Confirm = Callable[[Answer], str | Text | None]

FOCUS_MARK: Final = "▸ "
CONFIRM_HINT: Final = Msg("Enter: confirm", "Enter：确认")
NEWLINE_HINT: Final = Msg(f"{NEWLINE_KEY_SHOWN}: new line", f"{NEWLINE_KEY_SHOWN}：换行")
TAB_HINT: Final = Msg("Tab: next field", "Tab：下一项")
CANCEL_HINT: Final = Msg("Esc: cancel", "Esc：取消")
BACK_HINT: Final = Msg("Esc: back", "Esc：返回")
LIST_TAKES_ARROWS: Final = Msg(
    "This list is chosen with ↑/↓; Tab moves to the field to type in.",
    "此列表用 ↑/↓ 选择；按 Tab 切换到可输入的字段。")
PRESS_KEY: Final = Msg("Press {keys} (Enter does not answer this question).",
                       "请按 {keys}（此问题不能用 Enter 回答）。")
DISCARD_TITLE: Final = Msg("Discard what you typed?", "放弃已输入的内容？")
DISCARD_Q: Final = Msg(
    "Discard what you typed? It is not on the record.\n"
    "y: discard and close · n or Esc: keep typing",
    "放弃已输入的内容？这些内容尚未记入记录。\ny：放弃并关闭 · n 或 Esc：继续输入")
DISCARD_HINT: Final = Msg("y: discard · n or Esc: keep typing", "y：放弃 · n 或 Esc：继续输入")


class Choice(Struct, frozen=True):
    id: str
    label: str | Text
    detail: str | Text = ""


class Field(Struct, frozen=True):
    name: str
    label: str
    kind: FieldKind = "text"
    choices: tuple[Choice, ...] = ()
    value: str = ""
    required: bool = False
    missing: str = ""
    placeholder: str = ""
    # What is wrong with the text given, if anything (said in the dialog before it confirms).
    check: Callable[[str], str | None] | None = None


def hint_for(fields: Sequence[Field], lang: Lang) -> str:
    """The keys of a dialog, as its last line says them."""
    parts = [CONFIRM_HINT(lang)]
    if any(f.kind == "text" for f in fields):
        parts.append(NEWLINE_HINT(lang))
    if len(fields) > 1:
        parts.append(TAB_HINT(lang))
    parts.append(CANCEL_HINT(lang))
    return " · ".join(parts)


class FormDialog(ModalScreen[Answer | None]):
    BINDINGS: ClassVar = [
        Binding("escape", "cancel", show=False),
        # A priority binding: Enter in a list moves on before the next key is read, so keys
        # typed ahead land in the field the responder expects.
        Binding("enter", "enter", show=False, priority=True),
        Binding("up", "choice(-1)", show=False),
        Binding("down", "choice(1)", show=False),
    ]

    def __init__(self, *, title: str, lang: Lang, fields: Sequence[Field] = (),
                 intro: str | Text = "", save: Save | None = None,
                 confirm: Confirm | None = None, confirm_title: str = "",
                 confirm_key: str | None = None, confirm_hint: str = "",
                 keys: Mapping[str, str] | None = None, focus: str | None = None,
                 hint: str | None = None, preview: Callable[[Answer], str | Text] | None = None,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_text = title
        self.lang = lang
        self.fields = tuple(fields)
        self.intro = intro
        self.save = save
        self.confirm = confirm
        self.confirm_title = confirm_title or title
        self.confirm_key = confirm_key
        self.confirm_hint = confirm_hint
        self.keys = dict(keys or {})
        self.first = focus
        self.hint = hint if hint is not None else hint_for(self.fields, lang)
        self.preview = preview
        self.saving = False
        self._last_text: str | None = None  # the text field last typed in

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Every text as Text through `safe`: a title, a label, an option may hold what a
        # responder typed or a playbook says, and a string would be read as markup.
        with Vertical(id="dialog") as box:
            box.border_title = safe(self.title_text)
            if self.intro:
                yield Static(Paragraph(safe(self.intro, whole=True)), id="intro")
            for field in self.fields:
                yield from self._field(field)
            if self.preview is not None:
                yield Static("", id="preview")
            yield Static("", id="error")
            yield Static(safe(self.hint), id="hint")

    def _label(self, field: Field, focused: bool) -> Text:
        shown = "" if field.kind == "toggle" else field.label
        return safe((FOCUS_MARK if focused else "  ") + shown)

    def _field(self, field: Field) -> ComposeResult:
        wid = f"field-{field.name}"
        placeholder = field.placeholder or TYPE_HERE(self.lang)
        with Horizontal(classes="row"):
            yield Label(self._label(field, False), id=f"label-{field.name}", classes="label")
            with Vertical(classes="value"):
                if field.kind == "toggle":
                    yield ToggleField(safe(field.label), value=field.value == "1", id=wid,
                                      compact=True)
                elif field.kind == "text":
                    yield TextField(field.value, placeholder=placeholder, id=wid)
                elif field.kind == "line":
                    yield LineField(field.value, placeholder=placeholder, id=wid)
                elif field.kind == "list":
                    options = [Option(safe(c.label), id=c.id) for c in field.choices]
                    yield FieldList(*options, id=wid, compact=True)
                    if any(c.detail for c in field.choices):
                        first = next((c.detail for c in field.choices if c.id == field.value),
                                     field.choices[0].detail)
                        yield Static(Paragraph(safe(first, whole=True)), id=f"detail-{field.name}",
                                     classes="detail")
                else:
                    yield Cycle([(c.id, c.label) for c in field.choices], field.value, id=wid)

    def on_mount(self) -> None:
        for field in self.fields:
            if field.kind == "list":
                lst = self.query_one(f"#field-{field.name}", OptionList)
                ids = [c.id for c in field.choices]
                lst.highlighted = ids.index(field.value) if field.value in ids else 0
        target = self.first or next((f.name for f in self.fields), None)
        if target is not None:
            # At once, not after a refresh (`focus()`): keys typed ahead must not land in a
            # field and then see the focus jump back.
            widget = self.query_one(f"#field-{target}")
            self.set_focus(widget)
            self._mark(widget)
        self._show_preview()

    # --- answers --------------------------------------------------------------------------

    def answer(self) -> Answer:
        values: Answer = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            if isinstance(widget, TextField):
                values[field.name] = one_kind_of_newline(widget.text).strip()
            elif isinstance(widget, Input):
                values[field.name] = widget.value.strip()
            elif isinstance(widget, OptionList):
                index = widget.highlighted
                values[field.name] = (field.choices[index].id
                                      if index is not None else "")
            elif isinstance(widget, ToggleField):
                values[field.name] = "1" if widget.value else ""
            elif isinstance(widget, Cycle):
                values[field.name] = widget.value
        return values

    def typed(self) -> bool:
        """Whether a text field holds text the responder typed (Esc asks before losing it)."""
        values = self.answer()
        return any(values[f.name] and values[f.name] != f.value.strip()
                   for f in self.fields if f.kind in ("text", "line"))

    def _problem(self, values: Answer) -> tuple[Field, str] | None:
        for field in self.fields:
            given = values.get(field.name, "")
            if field.required and not given:
                return field, field.missing or field.label
            if field.check is not None:
                problem = field.check(given)
                if problem is not None:
                    return field, problem
        return None

    # --- keys -----------------------------------------------------------------------------

    def action_cancel(self) -> None:
        if self.saving:
            return
        if not self.typed():
            self.dismiss(None)
            return

        def answered(result: Answer | None) -> None:
            if result is not None and result.get("key") == "discard":
                self.dismiss(None)

        self.app.push_screen(FormDialog(
            title=DISCARD_TITLE(self.lang), lang=self.lang, intro=DISCARD_Q(self.lang),
            keys={"y": "discard", "n": "keep"}, hint=DISCARD_HINT(self.lang), id="discard"),
            answered)

    def action_choice(self, delta: int) -> None:
        """↑/↓ outside a list move the form's only list (e.g. the option while typing why)."""
        lists = [f for f in self.fields if f.kind == "list"]
        if len(lists) != 1 or isinstance(self.focused, OptionList):
            return
        lst = self.query_one(f"#field-{lists[0].name}", OptionList)
        if delta < 0:
            lst.action_cursor_up()
        else:
            lst.action_cursor_down()

    def action_enter(self) -> None:
        """In a list: take the highlighted option and move on, at once (so that keys typed
        ahead go to the next field); in any other field: let the field take the Enter after
        the keys before it, and confirm then (`FieldSubmitted`, `Input.Submitted`)."""
        if self.keys:
            if "enter" in self.keys:
                self._answer_key("enter")
            else:
                self._press_a_key()
            return
        try:
            widgets = self.widgets
        except NoMatches:
            raise SkipAction() from None
        focused = self.focused if self.focused in widgets else None
        if focused is None and self.focused is not None:
            raise SkipAction()  # something else of the dialog's: let it take the key
        if focused is None and widgets:
            focused = widgets[0]  # typed ahead, before the dialog had set its focus
        if isinstance(focused, OptionList):
            here = widgets.index(focused)
            if here < len(widgets) - 1:
                self.set_focus(widgets[here + 1])
                return
        elif focused is not None and focused is self.focused:
            raise SkipAction()
        self.action_submit()

    def on_field_submitted(self, event: FieldSubmitted) -> None:
        event.stop()
        self.action_submit()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def on_key(self, event: events.Key) -> None:
        """Keys the focused field did not take: a dialog's answer keys."""
        if self.keys:
            key = event.key.lower() if len(event.key) == 1 else event.key
            if key in self.keys:
                event.stop()
                self._answer_key(key)

    def take_typing(self, event: events.Key | events.Paste) -> bool:
        """A key that types, or a paste, handed to a field one cannot type in (a list, a
        choice, the drill box): it goes to the text field last typed in, which takes the
        focus, so the keys after it follow it there in order. True: taken."""
        if self.keys:
            return False  # a question's answer key
        target = self._typing_target()
        if target is None:  # nothing to type in here: said, not dropped silently
            self.show_error(LIST_TAKES_ARROWS(self.lang))
            return True
        self.set_focus(target)
        target._forward_event(event)  # the field types it, after any key it holds already
        return True

    def _typing_target(self) -> TextLike | None:
        name = self._last_text
        if name is None:
            first = self.first or next((f.name for f in self.fields), None)
            field = next((f for f in self.fields if f.name == first), None)
            name = field.name if field is not None and field.kind in ("text", "line") else None
        if name is None:
            return None
        widget = self.query_one(f"#field-{name}")
        return widget if isinstance(widget, TextLike) else None

    def _answer_key(self, key: str) -> None:
        if self.saving:
            return
        self._start_save({"key": self.keys[key]})

    def _press_a_key(self) -> None:
        shown = " / ".join(k for k in self.keys if k != "enter")
        self.show_error(PRESS_KEY.format(keys=shown)(self.lang))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._mark(event.widget)

    def _mark(self, widget: Widget) -> None:
        """`▸` beside the label of the field that has the focus."""
        for field in self.fields:
            mine = widget.id == f"field-{field.name}"
            if mine and field.kind in ("text", "line"):
                self._last_text = field.name
            try:
                label = self.query_one(f"#label-{field.name}", Label)
            except NoMatches:
                continue
            label.update(self._label(field, mine))
            label.set_class(mine, "-focused")

    # --- what the answer would be ---------------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        name = (event.option_list.id or "").removeprefix("field-")
        field = next((f for f in self.fields if f.name == name), None)
        if field is None:
            return
        details = self.query(f"#detail-{name}")
        if details and event.option_index < len(field.choices):
            details.first(Static).update(Paragraph(safe(
                field.choices[event.option_index].detail, whole=True)))
        self._show_preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show_preview()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._show_preview()

    def _show_preview(self) -> None:
        if self.preview is None or not self.is_mounted:
            return
        try:
            self.query_one("#preview", Static).update(Paragraph(safe(
                self.preview(self.answer()), whole=True)))
        except NoMatches:
            return

    # --- confirming and saving ------------------------------------------------------------

    def action_submit(self) -> None:
        if self.saving:
            return
        values = self.answer()
        problem = self._problem(values)
        if problem is not None:
            field, message = problem
            self.show_error(message)
            self.query_one(f"#field-{field.name}").focus()
            return
        question = self.confirm(values) if self.confirm is not None else None
        if question is not None:
            self._ask_confirmation(values, question)
        else:
            self._start_save(values)

    def _ask_confirmation(self, values: Answer, question: str | Text) -> None:
        save = self.save

        async def save_confirmed(_: Answer) -> object:
            return await save(values) if save is not None else None

        def confirmed(result: Answer | None) -> None:
            if result is not None:
                self.dismiss(values)

        key = self.confirm_key
        self.app.push_screen(FormDialog(
            title=self.confirm_title, lang=self.lang, intro=question, save=save_confirmed,
            keys={key: "yes"} if key else None,
            hint=(self.confirm_hint or None) if key else None,
            id="confirm-key" if key else "confirm"), confirmed)

    def _start_save(self, values: Answer) -> None:
        if self.save is None:
            self.dismiss(values)
            return
        self.saving = True
        self.show_error(SAVING(self.lang), style="italic")
        self.run_worker(self._save(values), group="save", exit_on_error=False)

    async def _save(self, values: Answer) -> None:
        assert self.save is not None
        try:
            await self.save(values)
        except RunbookError as error:
            self.saving = False
            self.show_error(f"{NOT_RECORDED(self.lang)}: {error.text(self.lang)}")
            return
        self.saving = False
        self.dismiss(values)

    def show_error(self, message: str, style: str = "bold red") -> None:
        self.query_one("#error", Static).update(
            Paragraph(safe(Text(message, style=style), whole=True)))

    @property
    def widgets(self) -> list[Widget]:
        return [self.query_one(f"#field-{f.name}") for f in self.fields]


def key_hint(key: str, what: str, lang: Lang) -> str:
    """The hint of a dialog answered by `key`: `y: stand down · Esc: back`."""
    return f"{key}{'：' if lang == 'zh' else ': '}{what} · {BACK_HINT(lang)}"
