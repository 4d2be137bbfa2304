"""Screens that ask the database one question and show the answer: asked before they are opened.

Opening a screen and then asking costs two layouts and paints (the empty screen, then the
answer) and the answer waits behind the first one. Asked first, the answer is there when the screen
is built, so it is drawn once: about half the time from keypress to figures (bench_tui.py). When the
answer is slow (``loading.DELAY``) the screen opens anyway, with its loading indicator, and the
answer is shown when it comes. The question is always asked in a worker, never on the UI thread.

A screen says how to ask (``ask``, run in a worker thread, the only place it touches the database)
and how to show (``show_answer``, on the UI thread; an exception is passed to ``show_error``).
"""

from __future__ import annotations

from typing import Any

from briefing_tui.tui.screens.base import AppScreen
from briefing_tui.tui.widgets import loading

_NONE = object()  # no answer waiting (an answer may itself be None or empty)


class AnsweredScreen(AppScreen[None]):
    """Subclasses define ``ask(repo, period)``, ``show_answer(answer)``, ``show_error(message)`` and
    ``waiting_widget()`` (the view that shows the loading indicator)."""

    FOLLOWS_PERIOD = True  # asked again when the app's period changes

    def __init__(self) -> None:
        super().__init__()
        self._answer: Any = _NONE  # arrived before the screen was opened
        self._asking = 0  # the number of the question whose answer is wanted (later ones win)
        self._shown = False  # mounted: answers go straight to the view

    def ask(self, repo, period) -> Any:
        raise NotImplementedError

    def show_answer(self, answer: Any) -> None:
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        raise NotImplementedError

    def waiting_widget(self):
        raise NotImplementedError

    # --- opened by the app -----------------------------------------------------------------------

    def on_mount(self) -> None:
        self._shown = True
        if self._answer is not _NONE:
            self._deliver(self._answer)
        elif self._asking:
            loading.waiting(self.waiting_widget())  # opened early: the answer is still coming
        else:
            self.reload()

    def reload(self) -> None:
        """Ask again (a new period, a new drill step): the answer replaces what is shown."""
        loading.waiting(self.waiting_widget())
        self._start(self.app, self)

    def prepare(self, app) -> None:
        """Ask before the screen is opened (the app opens it when the answer comes, or when it is slow)."""
        self._start(app, app)

    def _start(self, app, owner) -> None:
        """The worker belongs to the screen once it is open (so it goes when the screen does), to the app before."""
        self._asking += 1
        number, repo, period = self._asking, app.repo, app.period
        owner.run_worker(lambda: self._ask(app, number, repo, period), thread=True, group="answer")

    def _ask(self, app, number: int, repo, period) -> None:
        """In a worker thread."""
        try:
            answer = self.ask(repo, period)
        except Exception as exc:  # shown in the view, never a traceback
            answer = exc
        app.call_from_thread(self._arrived, app, number, answer)

    def _arrived(self, app, number: int, answer: Any) -> None:
        if number != self._asking:  # a later question has been asked since
            return
        if not self._shown:  # not opened yet: the app opens it now, drawn once with the answer
            self._answer = answer
            app.open_answered(self)
            return
        self._deliver(answer)

    def _deliver(self, answer: Any) -> None:
        self._answer = _NONE
        loading.stop(self.waiting_widget())
        if isinstance(answer, Exception):
            self.show_error(str(answer))
        else:
            self.show_answer(answer)
