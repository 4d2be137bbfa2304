"""The panel app: a stack of screens over one database, following one period.

Kept thin on purpose (DESIGN.md: the weak spot of good Textual apps is a huge app.py): it owns the
repository, the period and the navigation between screens; each screen lives in ``screens/``.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from briefing_tui.indicators.periods import Period
from briefing_tui.settings import Settings
from briefing_tui.tui.commands import BriefingCommands
from briefing_tui.tui.data import Repository, Source


def sentence(text: str) -> str:
    """First letter capitalised, the rest as written ("Year ending 31 March 2024")."""
    return text[:1].upper() + text[1:]


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
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    period: reactive[Period | None] = reactive(None, init=False)

    def __init__(self, db: Path, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.repo = Repository(db, settings)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """RAG colours for themes that do not set their own: Okabe-Ito (safe for colour blindness)."""
        return {"rag-red": "#D55E00", "rag-amber": "#E69F00", "rag-green": "#009E73"}

    def on_mount(self) -> None:
        from briefing_tui.tui.screens.overview import OverviewScreen

        self.set_reactive(BriefingApp.period, self._first_period())
        self.push_screen(OverviewScreen())

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

    def on_unmount(self) -> None:
        self.repo.close()

    def header_line(self, source: Source) -> str:
        period = sentence(self.period.label) if self.period else "no returns loaded"
        imported = f", imported {source.imported_at:%d %B %Y %H:%M}" if source.imported_at else ""
        mode = "" if source.writable else "  (read-only: notes are off)"
        return f"{self.settings.council_name} ({source.council})  ·  {period}  ·  {source.path}{imported}{mode}"

    def watch_period(self) -> None:
        for screen in self.screen_stack:
            if hasattr(screen, "reload"):
                screen.reload()

    # --- navigation ---------------------------------------------------------------------------

    def open_indicator(self, indicator_id: str) -> None:
        from briefing_tui.tui.screens.indicator import IndicatorScreen

        self.push_screen(IndicatorScreen(indicator_id))

    def open_cohort(self, indicator_id: str, filters: dict[str, str]) -> None:
        from briefing_tui.tui.screens.cohort import CohortScreen

        self.push_screen(CohortScreen(indicator_id, filters))

    def open_child(self, who: str) -> None:
        from briefing_tui.tui.screens.child import ChildScreen

        self.push_screen(ChildScreen(who))

    # --- actions ------------------------------------------------------------------------------

    def action_help(self) -> None:
        from briefing_tui.tui.screens.help import HelpScreen, key_table

        self.push_screen(HelpScreen(key_table(self.screen, self)))

    def action_period(self) -> None:
        from briefing_tui.tui.screens.period import PeriodScreen

        def chosen(period: Period | None) -> None:
            if period is not None and period != self.period:
                self.period = period

        self.push_screen(PeriodScreen(self.repo.years(), self.period), chosen)

    def action_overview(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def action_notes(self) -> None:
        from briefing_tui.tui.screens.notes import NotesScreen

        self.push_screen(NotesScreen())

    def action_briefing(self) -> None:
        from briefing_tui.tui.screens.briefing import BriefingScreen

        self.push_screen(BriefingScreen())

    def action_principles(self) -> None:
        from briefing_tui.tui.screens.principles import PrinciplesScreen

        self.push_screen(PrinciplesScreen())
