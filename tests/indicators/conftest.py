"""The hand-made indicators return (tests/fixtures/indicators, worked answers in its README) as
council TEST, imported once per test run and opened read-only by every test that asks for ``con``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import digest, made_once, unchanged

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "indicators"


@pytest.fixture(scope="session")
def indicators_db_master(tmp_path_factory):
    def make(folder: Path) -> Path:
        from tests.helpers import do_import

        do_import(folder / "ind.duckdb", FIXTURE, council="TEST")
        return folder / "ind.duckdb"

    db = made_once(tmp_path_factory, "indicators", make)
    before = digest(db)
    yield db
    unchanged(db, before)


@pytest.fixture(scope="module")
def con(indicators_db_master):
    from briefing_tui.store.connection import open_database

    connection = open_database(indicators_db_master, read_only=True)
    yield connection
    connection.close()
