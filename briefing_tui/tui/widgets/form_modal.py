"""The app's forms (a note, a briefing export): a framed box in the middle of the screen, a Save
button (Ctrl+S) that calls the form's own ``action_save`` and a Cancel button (Esc) that closes the form."""

from __future__ import annotations

from textual.screen import ModalScreen
from textual.widgets import Button


class FormModal(ModalScreen):
    DEFAULT_CSS = """
    FormModal { align: center middle; }
    FormModal > Vertical { width: 84; height: auto; border: round $accent; background: $surface; padding: 1 2; }
    FormModal #error { color: $error; height: auto; }
    FormModal Horizontal { height: auto; }
    FormModal Horizontal > * { width: 1fr; }
    """

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.dismiss(None)
