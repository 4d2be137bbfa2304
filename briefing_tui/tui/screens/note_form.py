"""Recording a question or an action against the figure on screen: text, owner, due date, private.

Saved at once when the form is submitted (the store commits each note as it is written), so a
note survives the app or the machine failing a minute later. The form checks nothing itself: the
store's messages (empty text, a date that is not a date) are shown under the fields.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Select, TextArea

from briefing_tui.errors import UserError
from briefing_tui.store.notes import Note
from briefing_tui.text import plain
from briefing_tui.tui.widgets.form_modal import FormModal


class NoteForm(FormModal[Note]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="note.cancel"),
        Binding("ctrl+s", "save", "Save", id="note.save", priority=True),
    ]

    DEFAULT_CSS = """
    NoteForm > Vertical { width: 80; }
    NoteForm TextArea { height: 6; }
    """

    def __init__(self, indicator_id: str, title: str, where: str, note: Note | None = None) -> None:
        super().__init__()
        self.indicator_id, self.title, self.where, self.note = indicator_id, title, where, note

    def compose(self) -> ComposeResult:
        note = self.note
        with Vertical():
            yield Label(plain(f"{'Edit the note on' if note else 'A note on'} {self.title}"
                              + (f": {self.where}" if self.where else "")))  # where: the labels drilled into
            yield Select([("Question", "question"), ("Action", "action")], value=note.kind if note else "question",
                         allow_blank=False, id="kind")
            yield TextArea(note.text if note else "", id="text")
            with Horizontal():
                yield Input(note.owner if note else "", placeholder="owner (who will answer or act)", id="owner")
                yield Input(f"{note.due:%d/%m/%Y}" if note and note.due else "", placeholder="due DD/MM/YYYY", id="due")
            yield Checkbox("Private: never in a public briefing", note.private if note else False, id="private")
            yield Label("", id="error")
            with Horizontal():
                yield Button("Save (Ctrl+S)", variant="primary", id="save")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#text", TextArea).focus()

    def action_save(self) -> None:
        try:
            saved = self.app.repo.save_note(
                self.note.note_id if self.note else None, self.indicator_id,
                str(self.query_one("#kind", Select).value), self.query_one("#text", TextArea).text,
                self.query_one("#owner", Input).value, self.query_one("#due", Input).value,
                self.app.period, self.where, self.query_one("#private", Checkbox).value)
        except UserError as exc:
            self.query_one("#error", Label).update(plain(exc.message))
            return
        self.dismiss(saved)
