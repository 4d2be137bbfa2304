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


@pytest.fixture
def app(demo_db):
    from briefing_tui.tui.app import BriefingApp

    return BriefingApp(demo_db, Settings())
