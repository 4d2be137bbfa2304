"""Choosing the period the whole app follows: a loaded collection year, or a typed date or quarter."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from briefing_tui.errors import UserError
from briefing_tui.indicators import periods
from briefing_tui.indicators.extent import Extents, not_askable
from briefing_tui.indicators.periods import Period
from briefing_tui.ssda903 import years as cy
from briefing_tui.text import plain
from briefing_tui.tui.screens.picker import PickerScreen


class PeriodScreen(PickerScreen[Period | None]):
    DEFAULT_CSS = """
    PeriodScreen #error { color: $error; height: auto; }
    """

    def __init__(self, loaded: Extents, current: Period | None) -> None:
        """``loaded``: each loaded collection year, with its data-to date when it is an in-year extract."""
        super().__init__()
        self.loaded = loaded
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Period: a collection year, or type a date (2023-12-31), month (2023-12) or quarter "
                        "(Q3 2023-24 or 2024Q3)")
            yield OptionList(*[Option(self._choice(y), id=str(y)) for y in reversed(self.loaded)], id="years")
            yield Input(placeholder="or type a period and press Enter", id="typed")
            yield Label("", id="error")

    def _choice(self, year: int) -> str:
        data_to = self.loaded[year]
        if data_to is None:
            return f"{cy.label(year)}  (year ending 31 March {year})"
        return f"{cy.label(year)} to date  (at {cy.long_date(data_to)}: provisional, an in-year extract)"

    def _period(self, year: int) -> Period:
        data_to = self.loaded[year]
        return periods.collection_year(year) if data_to is None else periods.as_at(data_to)

    def on_mount(self) -> None:
        options = self.query_one("#years", OptionList)
        if self.current is not None and self.current.return_year in self.loaded:
            if self.current == self._period(self.current.return_year):
                options.highlighted = list(reversed(self.loaded)).index(self.current.return_year)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._period(int(event.option.id or "")))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            chosen = periods.parse(event.value)
            why = not_askable(chosen, self.loaded)
            if why:
                raise UserError(why)
            self.dismiss(chosen)
        except UserError as exc:
            self.query_one("#error", Label).update(plain(exc.message))  # it quotes what was typed
