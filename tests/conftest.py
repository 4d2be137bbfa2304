"""Shared fixtures: a copy of the hand-made return to spoil, a fresh database, no user settings."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def no_user_settings(tmp_path_factory, monkeypatch):
    """Tests never read the developer's own settings file."""
    monkeypatch.setenv("BRIEFING_TUI_CONFIG", str(tmp_path_factory.mktemp("cfg") / "absent.toml"))


@pytest.fixture(autouse=True)
def default_database_elsewhere(tmp_path_factory, monkeypatch):
    """Tests never touch the checkout's own database: the automatic default is a fresh user folder."""
    from briefing_tui.store import location

    monkeypatch.delenv(location.ENV_DB, raising=False)
    home = tmp_path_factory.mktemp("user-data")
    monkeypatch.setattr(location, "checkout_root", lambda: None)
    monkeypatch.setattr(location, "user_data_dir", lambda: home)
    return home / location.FILE_NAME


@pytest.fixture
def small(tmp_path) -> Path:
    """A writable copy of tests/fixtures/small (collection years 2023 and 2024)."""
    dest = tmp_path / "small"
    shutil.copytree(FIXTURES / "small", dest)
    return dest


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.duckdb"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.lstrip("\n"), encoding="utf-8")
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def small_db_master(tmp_path_factory):
    """tests/fixtures/small imported as council TEST, once per test session: for tests whose
    database must already hold a return (what they test comes after). Copy it (shutil.copy) to
    write; the session fails at its end if a test wrote to it."""
    from tests.helpers import do_import

    db = tmp_path_factory.mktemp("small") / "small.duckdb"
    do_import(db, FIXTURES / "small", council="TEST")
    made = digest(db)
    yield db
    assert digest(db) == made, f"a test wrote to the shared database {db}: copy it first"


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory):
    """The demo borough's database, built once per test session as `init` builds it, and what the
    build returned. Open it read-only, or copy it (shutil.copy) to write: a test that wrote to it
    would change every later test's demo, so the session fails at its end if it changed."""
    from briefing_tui.setup_db import build_demo_database

    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    result = build_demo_database(db)
    built = digest(db)
    yield db, result
    assert digest(db) == built, f"a test wrote to the shared demo database {db}: copy it first"


@pytest.fixture(scope="session")
def demo_db_master(demo_build) -> Path:
    """The demo borough's database, built once per test session (open it read-only, or copy it)."""
    return demo_build[0]
