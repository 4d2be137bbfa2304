"""Choosing the council the app shows, when the database holds several and none was named.

The choice is remembered in the settings file (``[display] council``) so the app opens on it next
time; a council given with ``--council`` is used for that run only and never written down.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from briefing_tui.councils import Council
from briefing_tui.text import plain
from briefing_tui.tui.screens.picker import PickerScreen


class CouncilScreen(PickerScreen[Council | None]):
    def __init__(self, held: list[Council], current: Council | None) -> None:
        super().__init__()
        self.held = held
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("This database holds several councils' returns: which council?")
            yield OptionList(*[Option(plain(c.full), id=c.code) for c in self.held], id="councils")

    def on_mount(self) -> None:
        options = self.query_one("#councils", OptionList)
        codes = [c.code for c in self.held]
        if self.current is not None and self.current.code in codes:
            options.highlighted = codes.index(self.current.code)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(next(c for c in self.held if c.code == event.option.id))
