"""Creating the schema and knowing which version a database file is.

The SSDA903 tables are generated from ``ssda903.tables`` (one declaration of the columns); the
rest is in ``schema.sql``. ``SCHEMA_VERSION`` changes whenever a stored table changes shape, and a
database of another version is refused with the remedy rather than read wrongly.
"""

from __future__ import annotations

from importlib import resources

import duckdb

from briefing_tui import __version__
from briefing_tui.ssda903.tables import TABLES, Table

SCHEMA_VERSION = 1

PROVENANCE = (
    ("council", "VARCHAR NOT NULL"),
    ("year", "SMALLINT NOT NULL"),
    ("file_id", "INTEGER NOT NULL"),
    ("line", "INTEGER NOT NULL"),
)


def table_ddl(table: Table, name: str | None = None, temporary: bool = False) -> str:
    cols = [f"{n} {t}" for n, t in PROVENANCE]
    cols += [f'"{c.name}" {c.storage_type}' for c in table.columns]
    kind = "TEMP TABLE" if temporary else "TABLE IF NOT EXISTS"
    return f"CREATE {kind} {name or table.name} (\n    " + ",\n    ".join(cols) + "\n)"


def create(con: duckdb.DuckDBPyConnection) -> None:
    """Make an empty database of the current version."""
    for table in TABLES.values():
        con.execute(table_ddl(table))
    con.execute(resources.files("briefing_tui.store").joinpath("schema.sql").read_text())
    con.execute(
        "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?), ('created_by', ?)",
        [str(SCHEMA_VERSION), f"briefing-tui {__version__}"],
    )


def stored_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The schema version recorded in a database; None when it is not a briefing-tui database."""
    has_meta = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta' AND table_schema = 'main'"
    ).fetchone()[0]
    if not has_meta:
        return None
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else None


def is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main'"
    ).fetchone()[0] == 0
