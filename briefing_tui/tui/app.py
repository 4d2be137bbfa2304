"""The panel app: a stack of screens over one database, following one period.

Kept thin on purpose (DESIGN.md: the weak spot of good Textual apps is a huge app.py): it owns the
repository, the period and the navigation between screens; each screen lives in ``screens/``.
"""

from __future__ import annotations

import gc
from dataclasses import replace
from time import monotonic
from pathlib import Path

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from briefing_tui.briefing import format as fmt
from briefing_tui.indicators.periods import Period
from briefing_tui.settings import Settings
from briefing_tui.tui.commands import BriefingCommands
from briefing_tui.tui.data import Repository, Source
from briefing_tui.tui.screens.answered import AnsweredScreen
from briefing_tui.tui.screens.briefing import BriefingScreen
from briefing_tui.tui.screens.child import ChildScreen
from briefing_tui.tui.screens.cohort import CohortScreen
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
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    period: reactive[Period | None] = reactive(None, init=False)

    def __init__(self, db: Path, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.repo = Repository(db, settings)
        self.theme_errors = install_themes(self, settings.theme, settings.source)
        self._started = False
        self._last_key = monotonic()
        self.opening: AnsweredScreen | None = None  # asked, not yet open (open_asked)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """RAG colours for themes that do not set their own: Okabe-Ito (safe for colour blindness)."""
        return dict(RAG_DEFAULTS)

    def on_mount(self) -> None:
        self.set_reactive(BriefingApp.period, self._first_period())
        if self.theme_errors:
            self.notify(error_notice(self.theme_errors), title="Some themes were skipped", severity="warning",
                        timeout=20, markup=False)
        self.push_screen(OverviewScreen())
        if self.repo.writable and self.repo.years() and not self.repo.stored_rows_current():
            self.notify("The stored figures were made by another version: working them out again "
                        "(figures are computed directly meanwhile, a little slower)", timeout=8)
            self.rebuild_stored_rows()

    def _first_period(self) -> Period | None:
        """The settings' default period when it has data, else the latest loaded year."""
        from briefing_tui.indicators import periods

        if self.settings.default_period:
            chosen = periods.parse(self.settings.default_period)
            if chosen.return_year in self.repo.years():
                return chosen
            self.notify(f"display.default_period {self.settings.default_period}: no return loaded for it; "
                        "showing the latest year", severity="warning")
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
        mode = "" if source.writable else "  (read-only: notes are off)"
        return f"{self.settings.council_name} ({source.council})  ·  {period}  ·  {source.path}{imported}{mode}"

    @work(thread=True, exclusive=True, group="rebuild")
    def rebuild_stored_rows(self) -> None:
        try:
            self.repo.rebuild_stored_rows()
        except Exception as exc:
            self.call_from_thread(self.notify, f"Could not store the figures ({exc}); they stay computed directly",
                                  severity="warning")
            return
        self.call_from_thread(self.notify, "Stored figures are up to date")

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

    def open_asked(self, screen: AnsweredScreen) -> None:
        """Ask the screen's question, then open it with the answer (screens/answered.py); open it
        anyway, loading, if the answer is slow. A second key press before then wins."""
        self.opening = screen
        screen.prepare(self)
        self.set_timer(loading.DELAY, lambda: self.open_answered(screen))

    def open_answered(self, screen: AnsweredScreen) -> None:
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

        self.push_screen(PeriodScreen(self.repo.years(), self.period), chosen)

    def action_overview(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def action_next_theme(self) -> None:
        """Cycle through the briefing themes (the palette's "theme" command lists every theme)."""
        ours = sorted(name for name in self.available_themes if name.startswith("briefing-"))
        if ours:
            self.theme = ours[(ours.index(self.theme) + 1) % len(ours)] if self.theme in ours else ours[0]

    def watch_theme(self, theme: str) -> None:
        """Remember the choice in the user's settings file (once the app is running)."""
        from briefing_tui.errors import UserError
        from briefing_tui.settings import remember

        if not self.is_running or theme == self.settings.theme:
            return
        try:
            where = remember(self.settings.source, "display", "theme", theme)
        except (OSError, UserError) as exc:
            self.notify(f"Theme {theme} is on, but could not be saved in the settings: {exc}", severity="warning")
            return
        self.settings = replace(self.settings, theme=theme)
        self.notify(f"Theme {theme} (saved in {where})")

    def action_notes(self) -> None:
        self.open_asked(NotesScreen())

    def action_briefing(self) -> None:
        self.push_screen(BriefingScreen())

    def action_principles(self) -> None:
        self.push_screen(PrinciplesScreen())
