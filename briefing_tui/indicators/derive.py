"""What an import derives from the returns it brings, inside its transaction (store.importer's ``derive``).

The indicators' stored rows for the councils' years from the earliest imported on
(``precomputed.refresh``), then what the imported returns give now, kept as reported
(``reported.record``): the figures and the record of them change with the returns, or not at all.
"""

from __future__ import annotations

import duckdb

from briefing_tui.indicators import precomputed, reported


def after_import(con: duckdb.DuckDBPyConnection, councils: list[str], from_year: int) -> None:
    precomputed.refresh(con, councils, from_year)
    reported.record(con)
