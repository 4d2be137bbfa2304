"""Shared fixtures: a copy of the hand-made return to spoil, a fresh database, no user settings."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from pathlib import Path

import pytest
from filelock import FileLock

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


def made_once(tmp_path_factory, name: str, make):
    """``make(folder)``'s result, made once per test run into a folder of its own: with the tests
    spread over processes (pytest-xdist), by the first to ask, under a lock, and read back by the
    others. The folder holds what it made (a database); the result is pickled beside it."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, shared by its workers
    folder, result = root / f"made-once-{name}", root / f"made-once-{name}.pickle"
    with FileLock(root / f"made-once-{name}.lock"):
        if not result.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            made = make(folder)
            result.write_bytes(pickle.dumps(made))
        return pickle.loads(result.read_bytes())


def unchanged(db: Path, before: str) -> None:
    """The session fails at its end if a test wrote to the shared database ``db``."""
    assert digest(db) == before, f"a test wrote to the shared database {db}: copy it (shutil.copy) first"


@pytest.fixture(scope="session")
def small_db_master(tmp_path_factory):
    """tests/fixtures/small imported as council TEST, once per test run: for tests whose database
    must already hold a return (what they test comes after). Open it read-only, or copy it
    (shutil.copy) to write."""
    def make(folder: Path) -> Path:
        from tests.helpers import do_import

        do_import(folder / "small.duckdb", FIXTURES / "small", council="TEST")
        return folder / "small.duckdb"

    db = made_once(tmp_path_factory, "small", make)
    before = digest(db)
    yield db
    unchanged(db, before)


@pytest.fixture
def db_with_small(small_db_master, db_path) -> Path:
    """``db_path`` holding the hand-made return as council TEST (a copy of the run's own)."""
    shutil.copy(small_db_master, db_path)
    return db_path


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory):
    """The demo borough's database, built once per test run as `init` builds it, and what the
    build returned. Open it read-only, or copy it (shutil.copy) to write: a test that wrote to it
    would change every later test's demo."""
    def make(folder: Path):
        from briefing_tui.setup_db import build_demo_database

        return folder / "demo.duckdb", build_demo_database(folder / "demo.duckdb")

    db, result = made_once(tmp_path_factory, "demo", make)
    before = digest(db)
    yield db, result
    unchanged(db, before)


@pytest.fixture(scope="session")
def demo_db_master(demo_build) -> Path:
    """The demo borough's database, built once per test run (open it read-only, or copy it)."""
    return demo_build[0]


@pytest.fixture(scope="session")
def extract_dbs(tmp_path_factory) -> tuple[Path, Path]:
    """The demo's 2021-22 to 2023-24 returns imported complete (the truth), and the same with
    2023-24 cut at 30 September 2023 and imported as an in-year extract (briefing_tui.demo.extract),
    once per test run. Open them read-only, or copy them to write."""
    def make(folder: Path) -> tuple[Path, Path]:
        import datetime as dt

        from briefing_tui.demo.extract import cut_folder
        from tests.helpers import do_import

        demo = Path(__file__).resolve().parent.parent / "data" / "demo"
        complete = [demo / str(y) for y in (2022, 2023, 2024)]
        do_import(folder / "complete.duckdb", *complete, council="DEMO")
        cut_folder(demo / "2024", folder / "2024-to-2023-09-30", dt.date(2023, 9, 30))
        do_import(folder / "extract.duckdb", *complete[:2], council="DEMO")
        result = do_import(folder / "extract.duckdb", folder / "2024-to-2023-09-30", council="DEMO")
        assert [(r.year, r.data_to) for r in result.returns] == [(2024, dt.date(2023, 9, 30))]
        return folder / "complete.duckdb", folder / "extract.duckdb"

    made = made_once(tmp_path_factory, "extract-vs-complete", make)
    before = [digest(db) for db in made]
    yield made
    for db, digested in zip(made, before):
        unchanged(db, digested)
