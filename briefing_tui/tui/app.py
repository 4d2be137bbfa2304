"""The panel app: a stack of screens over one database, following one period.

Kept thin on purpose (DESIGN.md: the weak spot of good Textual apps is a huge app.py): it owns the
repository, the period and the navigation between screens; each screen lives in ``screens/``.
"""

from __future__ import annotations

import gc
from dataclasses import replace
from pathlib import Path
from time import monotonic
from typing import Any

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.reactive import reactive

from briefing_tui.briefing import figure_text as fmt
from briefing_tui.councils import Council
from briefing_tui.errors import UserError
from briefing_tui.indicators.periods import Period
from briefing_tui.settings import Settings
from briefing_tui.ssda903 import years
from briefing_tui.store.councils import CouncilChoice
from briefing_tui.text import visible
from briefing_tui.tui.data import Repository, Source
from briefing_tui.tui.palette import BriefingCommands
from briefing_tui.tui.screens.answered import AnsweredScreen
from briefing_tui.tui.screens.briefing import BriefingScreen
from briefing_tui.tui.screens.child import ChildScreen
from briefing_tui.tui.screens.cohort import CohortScreen
from briefing_tui.tui.screens.council import CouncilScreen
from briefing_tui.tui.screens.help import HelpScreen, key_table
from briefing_tui.tui.screens.indicator import IndicatorScreen
from briefing_tui.tui.screens.notes import NotesScreen
from briefing_tui.tui.screens.overview import OverviewScreen
from briefing_tui.tui.screens.period import PeriodScreen
from briefing_tui.tui.screens.principles import PrinciplesScreen
from briefing_tui.tui.themes import RAG_DEFAULTS, error_notice, install_themes
from briefing_tui.tui.widgets import loading

IDLE_COLLECT = 0.5  # seconds without a key press before the garbage is collected (BriefingApp.started)


class BriefingApp(App[None]):
    TITLE = "briefing-tui"
    COMMANDS = App.COMMANDS | {BriefingCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Keys", id="app.help"),
        Binding("p", "period", "Period", id="app.period"),
        Binding("o", "overview", "Overview", show=False, id="app.overview"),
        Binding("g", "principles", "Principles", id="app.principles"),
        Binding("b", "briefing", "Briefing", id="app.briefing"),
        Binding("t", "notes", "Notes", id="app.notes"),
        Binding("T", "next_theme", "Theme", show=False, id="app.theme"),
        Binding("C", "council", "Council", show=False, id="app.council"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    period: reactive[Period | None] = reactive(None, init=False)

    def __init__(self, db: Path, settings: Settings, council: Council | str | None = None) -> None:
        """``council``: named on the command line (as typed, or resolved), for this run only (never
        written to the settings)."""
        super().__init__()
        self.settings = settings
        self.repo = Repository(db, settings, council)
        self.theme_errors = install_themes(self, settings.theme, settings.source)
        self._started = False
        self._last_key = monotonic()
        self.opening: AnsweredScreen[Any] | None = None  # asked, not yet open (open_asked)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Every notification as plain text, never markup, whoever sends it (a screen's ``notify``
        asks for markup by default): they quote file paths, council names and what was typed."""
        super().notify(visible(message), title=visible(title), severity=severity, timeout=timeout, markup=False)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """RAG colours for themes that do not set their own: Okabe-Ito (safe for colour blindness)."""
        return dict(RAG_DEFAULTS)

    def on_mount(self) -> None:
        if self.theme_errors:
            self.notify(error_notice(self.theme_errors), title="Some themes were skipped", severity="warning",
                        timeout=20, markup=False)
        self._start()

    @work(thread=True, exclusive=True, group="start")
    def _start(self) -> None:
        """Which council, and what is loaded for it, asked off the UI thread; then the first screen."""
        try:
            self.repo.choose_council()
            outcome: Exception | None = None
        except (CouncilChoice, UserError) as exc:
            outcome = exc
        try:
            self.repo.warm()
        except Exception as exc:  # the overview shows what went wrong
            outcome = outcome or exc
        self.call_from_thread(self._started_with, outcome)

    def _started_with(self, outcome: Exception | None) -> None:
        if isinstance(outcome, CouncilChoice):
            self.push_screen(CouncilScreen(outcome.held, None), self._first_council)
            return
        if isinstance(outcome, UserError):  # a council named on the command line with no returns here
            self.notify(outcome.message, severity="error", timeout=20, markup=False)
        self._open_overview()

    def _first_council(self, council: Council | None) -> None:
        if council is None:  # Esc: the first of them for now (not remembered), until one is chosen with C
            self.repo.use(self.repo.held()[0])
        else:
            self._switch_council(council)
        self._open_overview()

    def _open_overview(self) -> None:
        self.set_reactive(BriefingApp.period, self._first_period())
        self.push_screen(OverviewScreen())
        if self.repo.years() and not self.repo.stored_rows_current():
            self.notify("The stored figures were made by another version of briefing-tui: they are worked "
                        "out directly meanwhile (a little slower). `briefing-tui upgrade` stores them again.",
                        timeout=10, markup=False)

    def _switch_council(self, council: Council) -> None:
        """Show ``council`` from now on; remembered in the settings unless named on the command line."""
        self.repo.use(council)
        if self.repo.given is None and council.code != self.settings.display_council:
            self._remember("display", "council", council.code, f"Council {council.full}")
            self.settings = replace(self.settings, display_council=council.code)
            self.repo.settings = self.settings

    def _first_period(self) -> Period | None:
        """The settings' default period when it has data, else the latest data (an in-year extract's
        data-to date, else the latest loaded year)."""
        from briefing_tui.indicators import periods
        from briefing_tui.indicators.extent import not_askable

        if self.settings.default_period:
            chosen = periods.parse(self.settings.default_period)
            why = not_askable(chosen, self.repo.reach())
            if not why:
                return chosen
            self.notify(f"display.default_period {self.settings.default_period}: {why}; showing the latest data",
                        severity="warning", markup=False)
        return self.repo.latest_period()

    def started(self) -> None:
        """Called when the first overview is on screen: the garbage collector's share of keypresses.

        Popped screens are cyclic garbage, freed only by full collections, which ran in the middle
        of keypresses and took 45-110 ms each, the slowest keypresses in bench_tui.py. So: what
        exists now (modules, stylesheets, the overview) is frozen out of the collector's sight, and
        a full collection is run when the chair has stopped pressing keys (``IDLE_COLLECT``), so the
        collector rarely needs to run one of its own during a keypress.
        """
        if self._started:
            return
        self._started = True
        gc.collect()
        gc.freeze()
        self.set_interval(IDLE_COLLECT / 2, self._collect_when_idle)

    def _collect_when_idle(self) -> None:
        if gc.get_count()[2] and monotonic() - self._last_key > IDLE_COLLECT:
            gc.collect()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self._last_key = monotonic()
        await super().on_event(event)

    def on_unmount(self) -> None:
        gc.unfreeze()  # give the frozen objects back, so they are finalised at exit like any other
        self.repo.close()

    def header_line(self, source: Source) -> str:
        period = fmt.sentence(self.period.label) if self.period else "no returns loaded"
        imported = f", imported {source.imported_at:%d %B %Y %H:%M}" if source.imported_at else ""
        mode = "" if source.writable else "  (notes are off: they cannot be saved)"
        who = source.council.full if self.repo.profile else "No council"
        data_to = source.data_to(self.period.return_year) if self.period else None
        provisional = f"  ·  provisional: data to {years.long_date(data_to)}" if data_to else ""
        return f"{who}  ·  {period}{provisional}  ·  {source.path}{imported}{mode}"

    def watch_period(self) -> None:
        for screen in self.screen_stack:
            if hasattr(screen, "reload") and getattr(screen, "FOLLOWS_PERIOD", True):
                screen.reload()

    # --- navigation ---------------------------------------------------------------------------

    def open_indicator(self, indicator_id: str) -> None:
        self.open_asked(IndicatorScreen(indicator_id))

    def open_cohort(self, indicator_id: str, filters: dict[str, str]) -> None:
        self.open_asked(CohortScreen(indicator_id, filters))

    def open_child(self, who: str) -> None:
        self.open_asked(ChildScreen(who))

    def open_asked(self, screen: AnsweredScreen[Any]) -> None:
        """Ask the screen's question, then open it with the answer (screens/answered.py); open it
        anyway, loading, if the answer is slow. A second key press before then wins."""
        self.opening = screen
        screen.prepare(self)
        self.set_timer(loading.DELAY, lambda: self.open_answered(screen))

    def open_answered(self, screen: AnsweredScreen[Any]) -> None:
        if self.opening is screen:
            self.opening = None
            self.push_screen(screen)

    # --- actions ------------------------------------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(HelpScreen(key_table(self.screen, self)))

    def action_period(self) -> None:
        def chosen(period: Period | None) -> None:
            if period is not None and period != self.period:
                self.period = period

        self.push_screen(PeriodScreen(self.repo.reach(), self.period), chosen)

    def action_overview(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def action_council(self) -> None:
        """Choose another of the councils the database holds (the whole app follows)."""
        held = self.repo.held()
        if len(held) < 2:
            self.notify("This database holds one council's returns" if held else "No returns are loaded",
                        markup=False)
            return

        def chosen(council: Council | None) -> None:
            if council is not None and council.code != self.repo.council:
                self._switch_council(council)
                self.action_overview()
                self.set_reactive(BriefingApp.period, self._first_period())
                self.watch_period()

        self.push_screen(CouncilScreen(held, self.repo.profile), chosen)

    def action_next_theme(self) -> None:
        """Cycle through the briefing themes (the palette's "theme" command lists every theme)."""
        ours = sorted(name for name in self.available_themes if name.startswith("briefing-"))
        if ours:
            self.theme = ours[(ours.index(self.theme) + 1) % len(ours)] if self.theme in ours else ours[0]

    def watch_theme(self, theme: str) -> None:
        """Remember the choice in the user's settings file (once the app is running)."""
        if not self.is_running or theme == self.settings.theme:
            return
        if self._remember("display", "theme", theme, f"Theme {theme}"):
            self.settings = replace(self.settings, theme=theme)

    def _remember(self, section: str, key: str, value: str, what: str) -> bool:
        """Write one choice to the settings file, and say so (or why not)."""
        from briefing_tui.settings import remember

        try:
            where = remember(self.settings.source, section, key, value)
        except (OSError, UserError) as exc:
            self.notify(f"{what} is on, but could not be saved in the settings: {exc}", severity="warning",
                        markup=False)
            return False
        self.notify(f"{what} (saved in {where})", markup=False)
        return True

    def action_notes(self) -> None:
        self.open_asked(NotesScreen())

    def action_briefing(self) -> None:
        self.push_screen(BriefingScreen())

    def action_principles(self) -> None:
        self.open_asked(PrinciplesScreen())
