"""How every screen looks, at 120x40, in a dark and a light theme (pytest-textual-snapshot).

The header's data-source line names the database file and when it was imported; both differ from
run to run, so the snapshots see a fixed source. Everything else is the demo borough as built.
"""

from __future__ import annotations

import datetime as dt

import pytest

from briefing_tui.settings import Settings
from briefing_tui.store import aliases
from briefing_tui.store.connection import open_database
from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.data import Repository, Source
from tests.tui.settle import on, shows, until_settled

THEMES = ["briefing-dark", "briefing-light"]


def crumb(words: str):
    return shows(f"'{words}' in the breadcrumb", lambda app: words in str(app.screen.query_one("#breadcrumb").render()))


def briefing_shown(app) -> bool:
    """the briefing on screen"""
    return type(app.screen).__name__ == "BriefingScreen" and app.screen.briefing is not None


OPEN = ("enter", on("IndicatorScreen"))
# screen name -> (key, what shows the key has done its work) pressed from the overview to reach it
JOURNEYS = {
    "overview": [],
    "indicator": [OPEN],
    "cross_tab": [OPEN, *[("down", None)] * 4, ("enter", crumb("16 and over > by"))],
    "cohort": [OPEN, ("c", on("CohortScreen"))],
    "child": [OPEN, ("c", on("CohortScreen")), ("enter", on("ChildScreen"))],
    "period": [("p", on("PeriodScreen"))],
    "help": [("question_mark", on("HelpScreen"))],
    "principles": [("g", on("PrinciplesScreen"))],
    "briefing": [("b", briefing_shown)],
    "briefing_export": [("b", briefing_shown), ("e", on("ExportForm"))],
    "note_form": [OPEN, ("n", on("NoteForm"))],
    "notes": [("t", on("NotesScreen"))],
}


@pytest.fixture
def snapshot_db(demo_db):
    """The demo database with a fixed alias key: aliases come from a random key made per database,
    and a snapshot must show the same ones on every machine."""
    con = open_database(demo_db)
    try:
        con.execute("UPDATE meta SET value = 'snapshot-tests' WHERE key = ?", [aliases.KEY])
        con.execute("DELETE FROM aliases")
        aliases.assign(con)
        # the briefing's cover says when the returns were imported: the day this database was built
        con.execute("UPDATE imports SET started_at = TIMESTAMP '2026-11-23 08:59', "
                    "finished_at = TIMESTAMP '2026-11-23 09:00'")
    finally:
        con.close()
    return demo_db


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    """The briefing says the day it was prepared: the reproducible-builds convention fixes it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795420800")  # 23 November 2026


@pytest.fixture(autouse=True)
def no_loading_indicator(monkeypatch):
    """A loading indicator appears only when an answer is slow, which depends on the machine's load."""
    from briefing_tui.tui.widgets import loading

    monkeypatch.setattr(loading, "DELAY", 60.0)


@pytest.fixture
def fixed_source(monkeypatch):
    def source(self: Repository) -> Source:
        return Source("demo.duckdb", self.profile, tuple(self.years()), dt.datetime(2026, 11, 23, 9, 0), True, "")

    monkeypatch.setattr(Repository, "source", source)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("screen", list(JOURNEYS))
def test_screen_looks_as_it_should(snap_compare, snapshot_db, fixed_source, screen, theme):
    app = BriefingApp(snapshot_db, Settings(theme=theme, default_period="2024"))  # as the app tests: see conftest

    async def run_before(pilot) -> None:
        await until_settled(pilot)
        for key, done in JOURNEYS[screen]:
            await pilot.press(key)
            await until_settled(pilot, done)


    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
