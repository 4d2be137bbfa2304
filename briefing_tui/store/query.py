"""The one row of a query that always gives one (a count, a maximum, a setting).

DuckDB's ``fetchone`` says its row may be missing, as it is for a query that finds nothing; a query
that always gives a row reads it here, typed as present.
"""

from __future__ import annotations

from typing import Any

import duckdb


def one_row(con: duckdb.DuckDBPyConnection, sql: str, params: object = None) -> tuple[Any, ...]:
    """The row ``sql`` gives (an aggregate's, a setting's): there is always one."""
    row = con.execute(sql, params).fetchone()
    if row is None:
        raise LookupError(f"no row from a query that always gives one: {sql}")
    return row
