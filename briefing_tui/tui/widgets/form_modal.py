"""The app's forms (a note, a briefing export): a framed box in the middle of the screen, a Save
button (Ctrl+S) that calls the form's own ``action_save`` and a Cancel button (Esc) that closes the form.
A form is dismissed with what it saved (a note, the file written), or None when cancelled."""

from __future__ import annotations

from typing import TypeVar

from textual.widgets import Button

from briefing_tui.tui.screens.base import AppModal

Saved = TypeVar("Saved")


class FormModal(AppModal[Saved | None]):
    DEFAULT_CSS = """
    FormModal { align: center middle; }
    FormModal > Vertical { width: 84; height: auto; border: round $accent; background: $surface; padding: 1 2; }
    FormModal #error { color: $error; height: auto; }
    FormModal Horizontal { height: auto; }
    FormModal Horizontal > * { width: 1fr; }
    """

    def action_save(self) -> None:
        """Check the form and save it (each form saves its own way, and says what is wrong)."""
        raise NotImplementedError(f"{type(self).__name__} must say how it saves")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.dismiss(None)
