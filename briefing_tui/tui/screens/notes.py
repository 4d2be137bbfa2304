"""Every question and action recorded, open ones first: edit (Enter), done (space), delete (x)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from briefing_tui.errors import UserError
from briefing_tui.indicators.periods import Period
from briefing_tui.indicators.registry import REGISTRY, all_indicators
from briefing_tui.store.notes import Note
from briefing_tui.text import cells, plain
from briefing_tui.tui.data import Repository
from briefing_tui.tui.screens.answered import AnsweredScreen
from briefing_tui.tui.widgets.key_bar import KeyBar
from briefing_tui.tui.widgets.table import Table


class NotesScreen(AnsweredScreen[list[Note]]):
    BINDINGS = [
        Binding("enter", "edit", "Edit", id="notes.edit"),
        Binding("space", "toggle_done", "Done / open", id="notes.toggle"),
        Binding("x", "delete", "Delete", id="notes.delete"),
        Binding("escape,backspace", "app.pop_screen", "Back", id="notes.back"),
    ]

    DEFAULT_CSS = """
    NotesScreen #title { padding: 0 1; background: $panel; text-style: bold; }
    NotesScreen DataTable { height: 1fr; margin: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.notes: dict[int, Note] = {}

    def compose(self) -> ComposeResult:
        yield Static("Questions and actions", id="title")
        yield Table(id="notes", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    FOLLOWS_PERIOD = False  # every note, whatever period it was raised for

    def waiting_widget(self) -> DataTable[object]:
        return self.query_one("#notes", DataTable)

    def ask(self, repo: Repository, period: Period | None) -> list[Note]:
        return repo.notes()

    def show_error(self, message: str) -> None:
        self.query_one("#title", Static).update(plain(f"Could not read the notes: {message}"))

    def show_answer(self, listed: list[Note]) -> None:
        table = self.query_one("#notes", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        for title in ("status", "kind", "indicator", "note", "owner", "due", "raised for"):
            table.add_column(title)
        self.notes = {n.note_id: n for n in listed}
        titles = {i.id: i.title for i in all_indicators()}
        for n in listed:
            indicator = titles.get(n.indicator_id, n.indicator_id)
            table.add_row(*cells((n.status, n.kind + (" (private)" if n.private else ""), indicator,
                                  n.text.replace("\n", " "), n.owner, f"{n.due:%d/%m/%Y}" if n.due else "",
                                  n.period_label or "")), key=str(n.note_id))
        mode = "" if self.app.repo.writable else "  (read-only: notes cannot be changed)"
        self.query_one("#title", Static).update(f"Questions and actions: {len(listed)}{mode}"
                                                + ("" if listed else ". Press n on an indicator to add one."))
        if listed:
            table.move_cursor(row=min(row, len(listed) - 1))

    def _current(self) -> Note | None:
        table = self.query_one("#notes", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return None if key is None else self.notes[int(key)]

    def action_edit(self) -> None:
        from briefing_tui.tui.screens.note_form import NoteForm

        note = self._current()
        if note is None:
            return
        title = REGISTRY[note.indicator_id].title if note.indicator_id in REGISTRY else note.indicator_id
        self.app.push_screen(NoteForm(note.indicator_id, title, note.drill_path or "", note), self._saved)

    def _saved(self, note: Note | None) -> None:
        if note is not None:
            self.reload()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a note edits it: the table is focused and takes Enter before the screen's binding."""
        event.stop()
        self.action_edit()

    def action_toggle_done(self) -> None:
        note = self._current()
        if note is not None:
            self._try(lambda: self.app.repo.set_note_status(note.note_id, "open" if note.status == "done" else "done"))

    def action_delete(self) -> None:
        note = self._current()
        if note is not None:
            self._try(lambda: self.app.repo.delete_note(note.note_id))
            self.notify(f"Deleted the note on {note.indicator_id}")

    def _try(self, change: Callable[[], object]) -> None:
        try:
            change()
        except UserError as exc:
            self.notify(exc.message, severity="error")
        self.reload()
