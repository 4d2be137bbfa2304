"""The panel's briefing for the period on screen: read, switched to its public version, exported.

Built in a worker by the briefing layer (the same document `briefing-tui brief` prints and `export`
writes), so what the chair reads here is what the papers say. ``p`` switches between the restricted
version (OFFICIAL-SENSITIVE, every figure) and the public one (small numbers suppressed); ``e``
exports the version on screen. Asked like every screen of figures (screens/answered.py): the
evidence is gathered, the briefing built and laid out in a worker; the UI thread only shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from briefing_tui.briefing.model import Briefing
from briefing_tui.briefing.render_rich import renderable
from briefing_tui.indicators.evidence import Evidence
from briefing_tui.indicators.periods import Period
from briefing_tui.text import plain
from briefing_tui.tui.data import Repository
from briefing_tui.tui.screens.answered import AnsweredScreen, needs
from briefing_tui.tui.widgets.key_bar import KeyBar
from briefing_tui.tui.widgets.rendered import Rendered, prerender


@dataclass(frozen=True)
class BriefingAnswer:
    """One version of the period's briefing, and that version laid out to the width asked for."""

    briefing: Briefing
    shown: Rendered
    width: int


class BriefingScreen(AnsweredScreen[BriefingAnswer]):
    BINDINGS = [
        Binding("escape,backspace", "app.pop_screen", "Back", id="briefing.back"),
        Binding("p", "toggle_public", "Public / restricted", id="briefing.public"),
        Binding("e", "export", "Export", id="briefing.export"),
    ]

    DEFAULT_CSS = """
    BriefingScreen VerticalScroll { padding: 1 2; }
    BriefingScreen #version { padding: 0 2; background: $boost; text-style: bold; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.public = False
        self.briefing: Briefing | None = None
        self._evidence: tuple[Period, Evidence] | None = None   # (period, evidence) of the briefing on screen
        self._laid_out_for = 0
        self._asked_for = (False, 80)  # (public, width) of the version being prepared

    def compose(self) -> ComposeResult:
        yield Static("", id="version")
        with VerticalScroll(id="note"):
            yield Static("", id="text")
        yield KeyBar()

    def waiting_widget(self) -> VerticalScroll:
        return self.query_one("#note", VerticalScroll)

    def reload(self) -> None:
        """Prepare the version asked for (another period, or public switched), for the width on screen."""
        self.briefing = None
        self._say_version("preparing")
        # the other version must not stay on screen under the new banner while this one is made
        self.query_one("#text", Static).update("")
        self.waiting_widget().focus()
        self._asked_for = (self.public, self._width())  # read here, on the UI thread, for the worker
        super().reload()

    def ask(self, repo: Repository, period: Period | None) -> BriefingAnswer:
        period = needs(period)
        public, width = self._asked_for
        cached = self._evidence
        if cached is None or cached[0] != period:  # switching version asks the database nothing
            cached = (period, repo.briefing_evidence(period))
            self._evidence = cached
        briefing = repo.briefing(cached[1], public)
        # laid out here, off the UI thread: a long briefing takes the UI thread 0.1 s or more to lay out
        return BriefingAnswer(briefing, prerender(renderable(briefing), width), width)

    def show_error(self, message: str) -> None:
        self._say_version()
        self.query_one("#text", Static).update(plain(f"Could not prepare the briefing: {message}"))

    def show_answer(self, answer: BriefingAnswer) -> None:
        self.briefing = answer.briefing
        self._laid_out_for = answer.width
        self._say_version()
        self.query_one("#text", Static).update(answer.shown)
        self._say_withheld()

    def _width(self) -> int:
        """The width the briefing is laid out to: the text's (before the first layout, the screen's
        less the padding and the scroll bar)."""
        laid_out = self.query_one("#text", Static).content_region.width
        return max(40, laid_out or self.app.size.width - 6)

    def on_resize(self) -> None:
        if self.briefing is not None and self._laid_out_for != self._width():
            self.show_briefing(self.briefing)

    def _say_version(self, state: str = "") -> None:
        version = ("Public version: small numbers suppressed (c)" if self.public else
                   "OFFICIAL-SENSITIVE: every figure, small numbers included; not for publication")
        self.query_one("#version", Static).update(f"{version}{'  (' + state + ')' if state else ''}")

    def show_briefing(self, briefing: Briefing) -> None:
        """The same briefing laid out again (the window was resized)."""
        width = self._width()
        self._laid_out_for = width
        self.query_one("#text", Static).update(prerender(renderable(briefing), width))

    def _say_withheld(self) -> None:
        """The notes the public version leaves out, for the officer to reword (not in the paper)."""
        if self.briefing is not None and self.briefing.withheld:
            self.notify("\n".join(note.message() for note in self.briefing.withheld),
                        title="Notes left out of the public version", severity="warning", timeout=15)

    def action_toggle_public(self) -> None:
        from briefing_tui.briefing.disclosure import public_refusal

        why = public_refusal(self.app.period) if self.app.period is not None and not self.public else ""
        if why:
            self.notify(why, title="No public version", severity="warning", timeout=12, markup=False)
            return
        self.public = not self.public
        self.reload()

    def action_export(self) -> None:
        from briefing_tui.tui.screens.export_form import ExportForm

        if self.briefing is None or self._evidence is None:
            self.notify("The briefing is still being prepared.", severity="warning")
            return
        period = self._evidence[0]  # the briefing's own period (the app's may have moved on)

        def done(path: Path | None) -> None:
            if path is not None:
                self.notify(f"Wrote {path}", title="Briefing exported")
                self._say_withheld()

        self.app.push_screen(ExportForm(self.briefing, self.app.repo.council, period), done)
