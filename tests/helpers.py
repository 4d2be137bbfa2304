"""Helpers for tests that import returns and compare database states."""

from __future__ import annotations

from pathlib import Path

from briefing_tui.ssda903.tables import TABLES
from briefing_tui.store.connection import connect, open_database
from briefing_tui.store.importer import ImportResult, import_paths


def do_import(db: Path, *paths: Path, council: str = "TEST", **kwargs) -> ImportResult:
    """As the CLI imports: with the indicators' stored rows rebuilt in the same transaction."""
    from briefing_tui.indicators import derive

    con = open_database(db)
    try:
        return import_paths(con, list(paths), council=council, derive=derive.after_import, **kwargs)
    finally:
        con.close()


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every stored row of every table: two equal snapshots mean nothing changed."""
    if not db.exists():
        return {}
    con = connect(db, read_only=True)
    try:
        out = {}
        for table in [*TABLES, "data_quality", "import_returns", "import_files", "imports", "import_warnings"]:
            out[table] = sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
        return out
    finally:
        con.close()


def query(db: Path, sql: str, params=None) -> list[tuple]:
    con = connect(db, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
