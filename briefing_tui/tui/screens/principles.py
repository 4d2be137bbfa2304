"""The seven corporate parenting principles, each with the figures that evidence it.

A panel reports against the principles (Children and Social Work Act 2017, s.1); each indicator
declares which it evidences, so this screen is built from the registry, not written by hand.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from briefing_tui.tui.widgets.key_bar import KeyBar
from briefing_tui.tui.widgets.table import Table
from briefing_tui.briefing import format as fmt
from briefing_tui.briefing.rag import rate
from briefing_tui.indicators.registry import PRINCIPLES
from briefing_tui.tui.widgets import loading
from briefing_tui.text import plain


class PrinciplesScreen(Screen):
    BINDINGS = [Binding("escape,backspace", "app.pop_screen", "Back", id="principles.back")]

    DEFAULT_CSS = """
    PrinciplesScreen #title { padding: 0 1; background: $panel; text-style: bold; }
    PrinciplesScreen DataTable { height: 1fr; margin: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static("The corporate parenting principles (Children and Social Work Act 2017, s.1) and their "
                     "evidence", id="title")
        yield Table(id="evidence", cursor_type="row")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        loading.waiting(self.query_one("#evidence"))
        self.load(self.app.period)

    @work(thread=True, exclusive=True, group="principles")
    def load(self, period) -> None:
        try:
            results = self.app.repo.overview(period) if period else []
        except Exception as exc:
            self.app.call_from_thread(self.query_one("#title", Static).update,
                                      plain(f"Could not read the figures: {exc}"))
            return
        self.app.call_from_thread(self.show, results)

    def show(self, results) -> None:
        table = self.query_one("#evidence", DataTable)
        loading.stop(table)
        table.clear(columns=True)
        for title in ("principle", "evidence", "value", "change", "against target"):
            table.add_column(title)
        for letter, words in PRINCIPLES.items():
            table.add_row(Text(f"({letter}) {words}", style="bold"), "", "", "", "", key=f"principle-{letter}")
            for result in (r for r in results if letter in r.indicator.principles):
                settings = self.app.settings
                rating = rate(result, self.app.repo.targets().get(result.indicator.id), settings.tolerance)
                table.add_row("", plain(result.indicator.title),
                              Text(fmt.number(result.value, result.indicator.unit), justify="right"),
                              _change(result),
                              plain(f"{rating.glyph} {rating.words}" if rating else ""),
                              key=f"{letter}:{result.indicator.id}")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        key = str(event.row_key.value)
        if ":" in key:
            self.app.open_indicator(key.split(":", 1)[1])


def _change(result) -> str:
    """"▲ +2.9 pts better": the change as printed everywhere, and its judgement when it has one."""
    moved = fmt.change(result)
    return f"{moved} {moved.better_or_worse}".strip() if moved else ""
