"""One dialog for every action: fields in, a typed answer out, saved before it closes.

Enter in a text field submits; Enter in a list moves on; ↑/↓ in a text field move the
form's one list, so a reason can be typed and an option picked without leaving the field.
With `save`, the dialog stays open until the event is on the record: a refused or failed
write shows why and keeps everything typed. With `confirm`, a second dialog asks first.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from runbook.errors import RunbookError
from runbook.i18n import Lang
from tui.cells import safe
from tui.texts import ENTER_ESC, NOT_RECORDED, SAVING, TYPE_HERE

Answer = dict[str, str]
Save = Callable[[Answer], Awaitable[object]]
FieldKind = Literal["text", "list", "select", "toggle"]


@dataclass(frozen=True)
class Choice:
    id: str
    label: str | Text
    detail: str | Text = ""


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: FieldKind = "text"
    choices: tuple[Choice, ...] = ()
    value: str = ""
    required: bool = False
    missing: str = ""
    placeholder: str = ""


class FormDialog(ModalScreen[Answer | None]):
    BINDINGS: ClassVar = [
        Binding("escape", "cancel", show=False),
        # A priority binding: Enter moves on (or submits) before the next key is read, so
        # keys typed ahead land in the field the responder expects.
        Binding("enter", "enter", show=False, priority=True),
        Binding("up", "choice(-1)", show=False),
        Binding("down", "choice(1)", show=False),
    ]

    def __init__(self, *, title: str, lang: Lang, fields: Sequence[Field] = (),
                 intro: str | Text = "", save: Save | None = None,
                 confirm: Callable[[Answer], str | Text] | None = None,
                 confirm_title: str = "", focus: str | None = None,
                 hint: str | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_text = title
        self.lang = lang
        self.fields = tuple(fields)
        self.intro = intro
        self.save = save
        self.confirm = confirm
        self.confirm_title = confirm_title or title
        self.first = focus
        self.hint = hint if hint is not None else ENTER_ESC(lang)
        self.saving = False

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Every text as Text through `safe`: a title, a label, an option may hold what a
        # responder typed or a playbook says, and a string would be read as markup.
        with Vertical(id="dialog") as box:
            box.border_title = safe(self.title_text)
            if self.intro:
                yield Static(safe(self.intro, whole=True), id="intro")
            for field in self.fields:
                yield from self._field(field)
            yield Static("", id="error")
            yield Static(safe(self.hint), id="hint")

    def _field(self, field: Field) -> ComposeResult:
        wid = f"field-{field.name}"
        with Horizontal(classes="row"):
            yield Label(safe("" if field.kind == "toggle" else field.label), classes="label")
            with Vertical(classes="value"):
                if field.kind == "toggle":
                    yield Checkbox(safe(field.label), value=field.value == "1", id=wid,
                                   compact=True)
                elif field.kind == "text":
                    yield Input(field.value, placeholder=field.placeholder or TYPE_HERE(
                        self.lang), id=wid, compact=True)
                elif field.kind == "list":
                    options = [Option(safe(c.label), id=c.id) for c in field.choices]
                    yield OptionList(*options, id=wid, compact=True)
                    if any(c.detail for c in field.choices):
                        first = next((c.detail for c in field.choices if c.id == field.value),
                                     field.choices[0].detail)
                        yield Static(safe(first, whole=True), id=f"detail-{field.name}",
                                     classes="detail")
                else:
                    yield Select([(safe(c.label), c.id) for c in field.choices],
                                 value=field.value or Select.NULL, allow_blank=True,
                                 prompt="—", id=wid, compact=True)

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
            self.set_focus(self.query_one(f"#field-{target}"))

    # --- answers --------------------------------------------------------------------------

    def answer(self) -> Answer:
        values: Answer = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            if isinstance(widget, Input):
                values[field.name] = widget.value.strip()
            elif isinstance(widget, OptionList):
                index = widget.highlighted
                values[field.name] = (field.choices[index].id
                                      if index is not None else "")
            elif isinstance(widget, Checkbox):
                values[field.name] = "1" if widget.value else ""
            elif isinstance(widget, Select):
                value = widget.value
                values[field.name] = value if isinstance(value, str) else ""
        return values

    def _problem(self, values: Answer) -> Field | None:
        return next((f for f in self.fields if f.required and not values.get(f.name)), None)

    # --- keys -----------------------------------------------------------------------------

    def action_cancel(self) -> None:
        if not self.saving:
            self.dismiss(None)

    def action_choice(self, delta: int) -> None:
        """↑/↓ outside a list move the form's only list (e.g. the option while typing why)."""
        lists = [f for f in self.fields if f.kind == "list"]
        if len(lists) != 1 or isinstance(self.focused, OptionList | Select):
            return
        lst = self.query_one(f"#field-{lists[0].name}", OptionList)
        if delta < 0:
            lst.action_cursor_up()
        else:
            lst.action_cursor_down()

    def action_enter(self) -> None:
        """In a list: take the highlighted option and move on, at once (so that keys typed
        ahead go to the next field); in a text field: let the field take the Enter after
        the characters before it, and submit then (`on_input_submitted`)."""
        try:
            widgets = self.widgets
        except NoMatches:
            raise SkipAction() from None
        focused = self.focused if self.focused in widgets else None
        if focused is None and self.focused is not None:
            raise SkipAction()  # e.g. the menu of a Select: let it take the key
        if focused is None and widgets:
            focused = widgets[0]  # typed ahead, before the dialog had set its focus
        if isinstance(focused, Checkbox | Select | Input):
            raise SkipAction()
        if isinstance(focused, OptionList):
            here = widgets.index(focused)
            if here < len(widgets) - 1:
                self.set_focus(widgets[here + 1])
                return
        self.action_submit()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        name = (event.option_list.id or "").removeprefix("field-")
        field = next((f for f in self.fields if f.name == name), None)
        if field is None:
            return
        details = self.query(f"#detail-{name}")
        if details and event.option_index < len(field.choices):
            details.first(Static).update(safe(field.choices[event.option_index].detail,
                                              whole=True))

    def action_submit(self) -> None:
        if self.saving:
            return
        values = self.answer()
        problem = self._problem(values)
        if problem is not None:
            self.show_error(problem.missing or problem.label)
            self.query_one(f"#field-{problem.name}").focus()
            return
        if self.confirm is not None:
            self._ask_confirmation(values)
        else:
            self._start_save(values)

    def _ask_confirmation(self, values: Answer) -> None:
        save = self.save

        async def save_confirmed(_: Answer) -> object:
            return await save(values) if save is not None else None

        def confirmed(result: Answer | None) -> None:
            if result is not None:
                self.dismiss(values)

        assert self.confirm is not None
        self.app.push_screen(FormDialog(
            title=self.confirm_title, lang=self.lang, intro=self.confirm(values),
            save=save_confirmed, id="confirm"), confirmed)

    # --- saving ---------------------------------------------------------------------------

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
        self.query_one("#error", Static).update(safe(Text(message, style=style), whole=True))

    @property
    def widgets(self) -> list[Widget]:
        return [self.query_one(f"#field-{f.name}") for f in self.fields]
