"""The app under test runs on the demo borough, built once per test session into a temporary folder."""

from __future__ import annotations

import shutil

import pytest

from briefing_tui.settings import Settings


@pytest.fixture
def demo_db(demo_db_master, tmp_path):
    """A private copy: tests that save notes or hold the file open do not disturb each other."""
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_master, db)
    return db


# The demo opens at its in-year extract's date (30 September 2024); the app's tests of the drill,
# the screens and their snapshots read its last complete year, as a panel chooses it with `p`
# ([display] default_period): the date's figures are tested on their own (test_app's extract tests).
YEAR = Settings(default_period="2024")


@pytest.fixture
def app(demo_db):
    from briefing_tui.tui.app import BriefingApp

    return BriefingApp(demo_db, YEAR)
