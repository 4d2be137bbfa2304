"""A small dialog over the current screen for choosing one thing from a list (a period, a council).

One look for every picker: a bordered box in the middle, the list with its height capped, Escape
to cancel (the screen is dismissed with None).
"""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding

from briefing_tui.tui.screens.base import AppModal

T = TypeVar("T")


class PickerScreen(AppModal[T]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="picker.cancel")]

    DEFAULT_CSS = """
    PickerScreen { align: center middle; }
    PickerScreen > Vertical { width: 64; height: auto; max-height: 80%; border: round $accent;
                              background: $surface; padding: 1 2; }
    PickerScreen OptionList { height: auto; max-height: 16; }
    PickerScreen Label { width: 100%; }
    """
