"""Every screen of the panel app knows its app: ``self.app`` is the ``BriefingApp``, typed, so a
screen reaches the repository, the period and the settings with their types (Textual types it as
any ``App``). Textual's own ``getters.app`` declares it, for the type checker only: at run time the
screens import before the app module does, and the app Textual hands them is the same object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from textual import getters

    from briefing_tui.tui.app import BriefingApp

T = TypeVar("T")


class AppScreen(Screen[T]):
    """A full screen of the app."""

    if TYPE_CHECKING:
        app = getters.app(BriefingApp)


class AppModal(ModalScreen[T]):
    """A modal of the app (a form, a confirmation, the help)."""

    if TYPE_CHECKING:
        app = getters.app(BriefingApp)
