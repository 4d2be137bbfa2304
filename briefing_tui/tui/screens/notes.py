"""Every question and action recorded, open ones first: edit (Enter), done (space), delete (x)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from briefing_tui.errors import UserError
from briefing_tui.indicators.registry import REGISTRY, all_indicators


class NotesScreen(Screen):
    BINDINGS = [
        Binding("enter", "edit", "Edit", id="notes.edit"),
        Binding("space", "toggle", "Done / open", id="notes.toggle"),
        Binding("x", "delete", "Delete", id="notes.delete"),
        Binding("escape,backspace", "app.pop_screen", "Back", id="notes.back"),
    ]

    DEFAULT_CSS = """
    NotesScreen #title { padding: 0 1; background: $panel; text-style: bold; }
    NotesScreen DataTable { height: 1fr; margin: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static("Questions and actions", id="title")
        yield DataTable(id="notes", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def reload(self, keep: int | None = None) -> None:
        all_indicators()
        table = self.query_one("#notes", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        for title in ("status", "kind", "indicator", "note", "owner", "due", "raised for"):
            table.add_column(title)
        listed = self.app.repo.notes()
        self.notes = {n.note_id: n for n in listed}
        for n in listed:
            indicator = REGISTRY[n.indicator_id].title if n.indicator_id in REGISTRY else n.indicator_id
            table.add_row(n.status, n.kind, indicator, n.text.replace("\n", " "), n.owner,
                          f"{n.due:%d/%m/%Y}" if n.due else "", n.period_label or "", key=str(n.note_id))
        mode = "" if self.app.repo.writable else "  (read-only: notes cannot be changed)"
        self.query_one("#title", Static).update(f"Questions and actions: {len(listed)}{mode}"
                                                + ("" if listed else ". Press n on an indicator to add one."))
        if listed:
            table.move_cursor(row=min(row, len(listed) - 1))

    def _current(self):
        table = self.query_one("#notes", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.notes[int(key)]

    def action_edit(self) -> None:
        from briefing_tui.tui.screens.note_form import NoteForm

        note = self._current()
        if note is None:
            return
        title = REGISTRY[note.indicator_id].title if note.indicator_id in REGISTRY else note.indicator_id
        self.app.push_screen(NoteForm(note.indicator_id, title, note.drill_path or "", note),
                             lambda saved: saved and self.reload())

    def action_toggle(self) -> None:
        note = self._current()
        if note is not None:
            self._try(lambda: self.app.repo.set_note_status(note.note_id, "open" if note.status == "done" else "done"))

    def action_delete(self) -> None:
        note = self._current()
        if note is not None:
            self._try(lambda: self.app.repo.delete_note(note.note_id))
            self.notify(f"Deleted the note on {note.indicator_id}")

    def _try(self, change) -> None:
        try:
            change()
        except UserError as exc:
            self.notify(exc.message, severity="error")
        self.reload()
