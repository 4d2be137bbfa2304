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

THEMES = ["briefing-dark", "briefing-light"]

# screen name -> keys pressed from the overview to reach it
JOURNEYS = {
    "overview": [],
    "indicator": ["enter"],
    "cross_tab": ["enter", "down", "down", "down", "down", "enter"],
    "cohort": ["enter", "c"],
    "child": ["enter", "c", "enter"],
    "period": ["p"],
    "help": ["question_mark"],
    "principles": ["g"],
    "briefing": ["b"],
    "note_form": ["enter", "n"],
    "notes": ["t"],
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
    finally:
        con.close()
    return demo_db


@pytest.fixture(autouse=True)
def no_loading_indicator(monkeypatch):
    """A loading indicator appears only when an answer is slow, which depends on the machine's load."""
    from briefing_tui.tui.widgets import loading

    monkeypatch.setattr(loading, "DELAY", 60.0)


@pytest.fixture
def fixed_source(monkeypatch):
    def source(self: Repository) -> Source:
        return Source("demo.duckdb", self.council, tuple(self.years()), dt.datetime(2026, 11, 23, 9, 0), True, "")

    monkeypatch.setattr(Repository, "source", source)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("screen", list(JOURNEYS))
def test_screen_looks_as_it_should(snap_compare, snapshot_db, fixed_source, screen, theme):
    app = BriefingApp(snapshot_db, Settings(theme=theme))

    async def settled(pilot) -> None:
        # A worker's answer reaches the screen through call_from_thread, and its layout one refresh
        # later: wait for both, twice, so the picture never catches a half-updated screen.
        for _ in range(2):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()

    async def run_before(pilot) -> None:
        await settled(pilot)
        for key in JOURNEYS[screen]:
            await pilot.press(key)
            await settled(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
