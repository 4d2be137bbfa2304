"""Screens that ask the database one question and show the answer: asked before they are opened.

Opening a screen and then asking costs two layouts and paints (the empty screen, then the
answer) and the answer waits behind the first one. Asked first, the answer is there when the screen
is built, so it is drawn once: about half the time from keypress to figures (bench_tui.py). When the
answer is slow (``loading.DELAY``) the screen opens anyway, with its loading indicator, and the
answer is shown when it comes. The question is always asked in a worker, never on the UI thread.

A screen says how to ask (``ask``, run in a worker thread, the only place it touches the database)
and how to show (``show_answer``, on the UI thread; an exception is passed to ``show_error``). Every
screen that shows figures works this way (the overview, the principles, an indicator, a cohort, a
child, the notes), so none of them queries the database on the UI thread or has its own worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

from textual.widget import Widget

from briefing_tui.errors import UserError
from briefing_tui.indicators.periods import Period
from briefing_tui.tui.screens.base import AppScreen
from briefing_tui.tui.widgets import loading

if TYPE_CHECKING:
    from briefing_tui.tui.app import BriefingApp
    from briefing_tui.tui.data import Repository

Answer = TypeVar("Answer")


class _Nothing:
    """No answer waiting (an answer may itself be None or empty)."""


_NOTHING = _Nothing()

NO_RETURNS = "No returns are loaded: import a 903 return first."


def needs(period: Period | None) -> Period:
    """The period a question needs (there is none when no return is loaded for the council)."""
    if period is None:
        raise UserError(NO_RETURNS)
    return period


class AnsweredScreen(AppScreen[None], Generic[Answer]):
    """Subclasses define ``ask(repo, period)``, ``show_answer(answer)``, ``show_error(message)`` and
    ``waiting_widget()`` (the view that shows the loading indicator)."""

    FOLLOWS_PERIOD = True  # asked again when the app's period changes

    def __init__(self) -> None:
        super().__init__()
        self._answer: Answer | Exception | _Nothing = _NOTHING  # arrived before the screen was opened
        self._asking = 0  # the number of the question whose answer is wanted (later ones win)
        self._shown = False  # mounted: answers go straight to the view

    def ask(self, repo: Repository, period: Period | None) -> Answer:
        """The screen's question, in a worker thread: the only place it reads the database."""
        raise NotImplementedError(f"{type(self).__name__} must say what it asks")

    def show_answer(self, answer: Answer) -> None:
        """The answer, drawn on the UI thread."""
        raise NotImplementedError(f"{type(self).__name__} must say how it shows its answer")

    def show_error(self, message: str) -> None:
        """What went wrong, said in the view (never a traceback)."""
        raise NotImplementedError(f"{type(self).__name__} must say how it shows an error")

    def waiting_widget(self) -> Widget:
        """The view that shows the loading indicator while the answer is coming."""
        raise NotImplementedError(f"{type(self).__name__} must say where it shows it is waiting")

    # --- opened by the app -----------------------------------------------------------------------

    def on_mount(self) -> None:
        self._shown = True
        if not isinstance(self._answer, _Nothing):
            self._deliver(self._answer)
        elif self._asking:
            loading.waiting(self.waiting_widget())  # opened early: the answer is still coming
        else:
            self.reload()

    def reload(self) -> None:
        """Ask again (a new period, a new drill step): the answer replaces what is shown."""
        loading.waiting(self.waiting_widget())
        self._start(self.app, self)

    def prepare(self, app: BriefingApp) -> None:
        """Ask before the screen is opened (the app opens it when the answer comes, or when it is slow)."""
        self._start(app, app)

    def _start(self, app: BriefingApp, owner: BriefingApp | AnsweredScreen[Answer]) -> None:
        """The worker belongs to the screen once it is open (so it goes when the screen does), to the app before."""
        self._asking += 1
        number, repo, period = self._asking, app.repo, app.period
        owner.run_worker(lambda: self._ask(app, number, repo, period), thread=True, group="answer")

    def _ask(self, app: BriefingApp, number: int, repo: Repository, period: Period | None) -> None:
        """In a worker thread."""
        answer: Answer | Exception
        try:
            answer = self.ask(repo, period)
        except Exception as exc:  # shown in the view, never a traceback
            answer = exc
        app.call_from_thread(self._arrived, app, number, answer)

    def _arrived(self, app: BriefingApp, number: int, answer: Answer | Exception) -> None:
        if number != self._asking:  # a later question has been asked since
            return
        if not self._shown:  # not opened yet: the app opens it now, drawn once with the answer
            self._answer = answer
            app.open_answered(self)
            return
        self._deliver(answer)

    def _deliver(self, answer: Answer | Exception) -> None:
        self._answer = _NOTHING
        loading.stop(self.waiting_widget())
        if isinstance(answer, UserError):
            self.show_error(answer.message)
        elif isinstance(answer, Exception):
            self.show_error(str(answer))
        else:
            self.show_answer(answer)
