"""The briefing note for the period on screen, scrollable (rendered by the briefing layer)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from briefing_tui.tui.widgets.key_bar import KeyBar
from briefing_tui.briefing.preview import preview
from briefing_tui.tui.widgets import loading


class BriefingScreen(Screen):
    BINDINGS = [Binding("escape,backspace", "app.pop_screen", "Back", id="briefing.back")]

    DEFAULT_CSS = """
    BriefingScreen VerticalScroll { padding: 1 2; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="note"):
            yield Static("", id="text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        note = self.query_one("#note", VerticalScroll)
        loading.waiting(note)
        note.focus()
        self.load(self.app.period)

    @work(thread=True, exclusive=True, group="briefing")
    def load(self, period) -> None:
        try:
            results = self.app.repo.overview(period) if period else []
        except Exception as exc:
            self.app.call_from_thread(self.query_one("#text", Static).update, f"Could not read the figures: {exc}")
            return
        label = period.label if period else "no returns loaded"
        self.app.call_from_thread(self.show, preview(results, self.app.settings.council_name, label))

    def show(self, renderable) -> None:
        loading.stop(self.query_one("#note"))
        self.query_one("#text", Static).update(renderable)
