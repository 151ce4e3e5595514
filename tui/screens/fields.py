"""The fields a dialog is made of, each keeping what the responder types.

- `TextField`: free text of several lines (a note, a reason, a rationale). Enter confirms the
  dialog, Ctrl+J breaks the line (`NEWLINE_KEYS`), a paste keeps every line. Focus never
  selects its text, so no key typed after a Tab replaces it.
- `LineField`: one line (a name, a title, a time, a folder). A paste of several lines keeps
  them all, joined by spaces; focus selects nothing either.
- `ToggleField`: a check box that only Space ticks; Enter confirms the dialog.
- `Cycle`: one of a few choices on one line, changed with ←/→ or Space. Textual's `Select`
  opens its menu on Enter (so Enter never reached the dialog) and draws the menu over the
  dialog's border; a list (`OptionList`) of the six groups is too tall for the declare form.
- `FieldList`: a list of options (↑/↓).

Text typed or pasted while one of the last three has the focus goes to the dialog's text
field (`PassesTyping`), decided when the key is handed to the field, in the order typed.

Enter in a field is answered from the field's own queue (`FieldSubmitted`): the keys typed
before it reach the field first, so a fast typist's last characters are in the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, Final, Protocol, runtime_checkable

from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Checkbox, Input, OptionList, TextArea

from tui.cells import safe

# The keys that break a line in a text field. Every terminal sends Ctrl+J as a line feed,
# which Textual reads as ctrl+j (tmux included); Shift+Enter and Alt+Enter arrive as such
# only where the terminal tells them from Enter (tmux does not: both come as Enter).
NEWLINE_KEYS: Final = ("ctrl+j", "shift+enter", "alt+enter")
NEWLINE_KEY_SHOWN: Final = "Ctrl+J"


def one_kind_of_newline(text: str) -> str:
    """Terminals paste line breaks as CR (tmux, most), LF or CRLF: all become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class FieldSubmitted(Message):
    """Enter in a field: the dialog confirms (after every key typed before the Enter)."""

    def __init__(self, field: Widget) -> None:
        super().__init__()
        self.field = field


class TextField(TextArea):
    DEFAULT_CSS = """
    TextField { height: auto; min-height: 2; max-height: 8; }
    """

    def __init__(self, text: str = "", *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(text, soft_wrap=True, tab_behavior="focus", compact=True,
                         highlight_cursor_line=False, placeholder=placeholder, id=id)
        self.move_cursor(self.document.end)

    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.load_text(text)
        self.move_cursor(self.document.end)

    def type_in(self, text: str) -> None:
        """Insert `text` where the cursor is, as typing does (a selection is replaced)."""
        result = self.replace(one_kind_of_newline(text), *self.selection,
                              maintain_selection_offset=False)
        self.move_cursor(result.end_location)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(FieldSubmitted(self))
        elif event.key in NEWLINE_KEYS:
            event.stop()
            event.prevent_default()
            self.type_in("\n")

    async def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        if event.text:
            self.type_in(event.text)

    # ↑/↓ on a text of one line move the dialog's list (the option while typing why); on a
    # text of several lines they move the cursor between its lines.

    def action_cursor_up(self, select: bool = False) -> None:
        if self.document.line_count == 1:
            raise SkipAction()
        super().action_cursor_up(select)

    def action_cursor_down(self, select: bool = False) -> None:
        if self.document.line_count == 1:
            raise SkipAction()
        super().action_cursor_down(select)


class LineField(Input):
    def __init__(self, value: str = "", *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(value, placeholder=placeholder, id=id, compact=True,
                         select_on_focus=False)

    def type_in(self, text: str) -> None:
        """Insert `text` at the cursor, as typing does (a selection is replaced); its lines
        joined by spaces."""
        line = " ".join(one_kind_of_newline(text).split("\n"))
        selection = self.selection
        if selection.is_empty:
            self.insert_text_at_cursor(line)
        else:
            self.replace(line, *selection)

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        if event.text:
            self.type_in(event.text)


@runtime_checkable
class TypingTaker(Protocol):
    """The dialog: it puts typing where it belongs (True: taken)."""

    def take_typing(self, event: events.Key | events.Paste) -> bool: ...


# A mixin of widgets: typed as one for mypy, a plain class at run time (a Widget base
# would put its own can_focus, CSS and bindings before those of the widget it is mixed in).
if TYPE_CHECKING:
    _MixinBase = Widget
else:
    _MixinBase = object


class PassesTyping(_MixinBase):
    """A field one cannot type in: a key that would type, or a paste, goes to the dialog's
    text field instead (`take_typing`).

    This is decided in `_forward_event` (Textual's private hook where the app hands a key
    to the focused widget, in the order the keys came), not in a key handler: by the time
    a handler runs, the next keys of a fast typist are already queued for this widget and
    would be lost (tmux showed "outage" recorded as "oage")."""

    KEEPS: ClassVar[frozenset[str]] = frozenset()  # printable keys the field uses itself

    def _forward_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.Paste) and self._types(event):
            screen = self.screen if self.is_attached else None
            if isinstance(screen, TypingTaker) and screen.take_typing(event):
                return
        super()._forward_event(event)

    def _types(self, event: events.Key | events.Paste) -> bool:
        if isinstance(event, events.Paste):
            return True
        return event.is_printable and event.key not in self.KEEPS


class FieldList(PassesTyping, OptionList):
    """The options of a dialog's field, chosen with ↑/↓."""


class ToggleField(PassesTyping, Checkbox):
    """Space ticks it; Enter confirms the dialog (a reflexive Enter must not make a real
    incident a drill, or a drill real)."""

    KEEPS = frozenset({"space"})

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(FieldSubmitted(self))


class Cycle(PassesTyping, Widget, can_focus=True):
    """One of a few choices, shown `◂ choice ▸`; ←/→ or Space change it."""

    KEEPS = frozenset({"space"})

    DEFAULT_CSS = """
    Cycle { height: 1; width: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "turn(-1)", show=False),
        Binding("right,space", "turn(1)", show=False),
    ]
    index: reactive[int] = reactive(0)

    def __init__(self, choices: Sequence[tuple[str, str | Text]], value: str = "", *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices = tuple(choices)
        ids = [c for c, _ in self.choices]
        self.set_reactive(Cycle.index, ids.index(value) if value in ids else 0)

    @property
    def value(self) -> str:
        return self.choices[self.index][0] if self.choices else ""

    def render(self) -> Text:
        if not self.choices:
            return Text("")
        out = Text("◂ ", style="bold")
        out.append_text(safe(self.choices[self.index][1]))
        out.append(" ▸", style="bold")
        return out

    def action_turn(self, delta: int) -> None:
        if self.choices:
            self.index = (self.index + delta) % len(self.choices)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(FieldSubmitted(self))


TextLike = TextField | LineField
