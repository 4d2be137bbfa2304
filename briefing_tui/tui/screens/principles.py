"""The seven corporate parenting principles, each with the figures that evidence it.

A panel reports against the principles (Children and Social Work Act 2017, s.1); each indicator
declares which it evidences, so this screen is built from the registry, not written by hand.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from briefing_tui.briefing import figure_text as fmt
from briefing_tui.briefing.rag import rate
from briefing_tui.indicators.evaluate import Result
from briefing_tui.indicators.periods import Period
from briefing_tui.indicators.registry import PRINCIPLES
from briefing_tui.text import plain
from briefing_tui.tui.data import Repository
from briefing_tui.tui.screens.answered import AnsweredScreen, needs
from briefing_tui.tui.widgets.key_bar import KeyBar
from briefing_tui.tui.widgets.table import Table


class PrinciplesScreen(AnsweredScreen[list[Result]]):
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

    def waiting_widget(self) -> DataTable[object]:
        return self.query_one("#evidence", DataTable)

    def ask(self, repo: Repository, period: Period | None) -> list[Result]:
        return repo.overview(needs(period))

    def show_error(self, message: str) -> None:
        self.query_one("#title", Static).update(plain(f"Could not read the figures: {message}"))

    def show_answer(self, results: list[Result]) -> None:
        table = self.query_one("#evidence", DataTable)
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


def _change(result: Result) -> str:
    """"▲ +2.9 pts better": the change as printed everywhere, and its judgement when it has one."""
    moved = fmt.change(result)
    return f"{moved} {moved.better_or_worse}".strip() if moved else ""
