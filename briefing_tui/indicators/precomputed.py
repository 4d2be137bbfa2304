"""Every indicator's rows for every collection year, stored at import: the panel's figures at speed.

A panel asks for whole collection years almost always, and a live query of the harder definitions
(the oc2 cohort, long-term stability, the review schedule) takes tens of milliseconds each; the
overview asks for thirty of them at once. So when returns are imported, each indicator's rows for
each loaded year (one row per child, review or incident, with its breakdown labels) are written to
``indicator_rows`` by the very query the live path runs (``described``), in the import's
transaction. Counts stay exact in distinct children because the rows are the indicator's own
rows, not totals. Cohort lists are read live: they are asked for one at a time.

Stored rows are used only when they are current: the import clears the signature (store.importer
invalidates derived data), ``refresh`` writes it back, and a signature from other definitions (an
upgraded app whose definitions changed) is ignored, so the figures fall back to the live queries
until the next refresh. Quarters, months and single dates are always answered live.
"""

from __future__ import annotations

import hashlib
from functools import cache

import duckdb

from briefing_tui.indicators import dimensions, macros, snapshot
from briefing_tui.indicators.described import described_sql, resolve
from briefing_tui.indicators.periods import Period, collection_year
from briefing_tui.indicators.registry import Indicator, all_indicators

TABLE = "indicator_rows"
SIGNATURE_KEY = "derived:indicator_rows"  # store.importer deletes 'derived:' keys on every import
BUILT_KEY = "derived-built:indicator_rows"  # which definitions the rows were made by (an import
                                            # without derive clears it: its council's rows are stale)
LAYOUT = 1  # bump when the table's columns change

DIM_COLUMNS = tuple(f"dim_{d}" for d in dimensions.DIMENSIONS)


@cache
def signature() -> str:
    """A digest of everything the stored rows depend on: layout, every indicator's SQL and labels."""
    digest = hashlib.sha256(f"layout {LAYOUT}".encode())
    for ind in all_indicators():
        digest.update(repr((ind.id, ind.unit.value, macros.measured(ind), _rows_sql(ind))).encode())
    return digest.hexdigest()


def _rows_sql(ind: Indicator, at: macros.At = macros.QUERY) -> str:
    """The indicator's rows with every breakdown's label and whether the child has findings."""
    return f"""
        SELECT d.*, EXISTS (SELECT 1 FROM data_quality dq WHERE dq.council = d.council AND dq.year = {at.year}
                            AND dq.child = d.CHILD) AS touched
        FROM ({described_sql(ind, resolve(ind, list(ind.breakdowns)), at=at)}) d"""


def _create(con: duckdb.DuckDBPyConnection) -> None:
    dims = ", ".join(f"{c} VARCHAR" for c in DIM_COLUMNS)
    con.execute(f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        indicator VARCHAR NOT NULL, council VARCHAR NOT NULL, year SMALLINT NOT NULL, CHILD VARCHAR,
        on_date DATE, _num BOOLEAN NOT NULL, _score DOUBLE, touched BOOLEAN NOT NULL, {dims})""")


def answers(con: duckdb.DuckDBPyConnection, indicator: Indicator, period: Period) -> bool:
    """Whether the stored rows can answer this (current rows, and a whole collection year)."""
    return period.kind == "year" and is_current(con)


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the stored rows were made by these definitions since the last import."""
    return bool(snapshot.remembered(con, ("stored rows current",), lambda: _current(con)))


def _current(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        row = con.execute("SELECT value FROM meta WHERE key = ?", [SIGNATURE_KEY]).fetchone()
    except duckdb.Error:
        return False
    return row is not None and row[0] == signature()


def refresh(con: duckdb.DuckDBPyConnection, councils: list[str], from_year: int | None = None) -> None:
    """Rewrite the stored rows of ``councils`` for every loaded year from ``from_year`` on (a return
    changes the history-based figures of the years after it, never before), or of every council and
    year when the stored rows were made by other definitions. Runs inside the caller's transaction
    (the import's), so the rows and the returns change together."""
    current = con.execute("SELECT value FROM meta WHERE key = ?", [BUILT_KEY]).fetchone()
    if current is None or current[0] != signature():
        # Made by other definitions (or never, or left stale): rebuild everything, in the table's
        # current layout (a new breakdown is a new column).
        con.execute(f"DROP TABLE IF EXISTS {TABLE}")
        councils = [c for (c,) in con.execute("SELECT DISTINCT council FROM returns").fetchall()]
        from_year = None
    _create(con)
    since = from_year or 0
    con.execute(f"DELETE FROM {TABLE} WHERE council IN (SELECT unnest($c)) AND year >= $since",
                {"c": councils, "since": since})
    loaded = [y for (y,) in con.execute("SELECT DISTINCT year FROM returns WHERE council IN (SELECT unnest($c)) "
                                        "AND year >= $since ORDER BY year", {"c": councils, "since": since}).fetchall()]
    macros.install(con, *all_indicators())
    for ind in all_indicators():
        # every council's rows in one statement: the definition called once per council (a row c)
        sql = (f"SELECT r.* FROM (SELECT unnest($councils) AS council) c, "
               f"LATERAL ({_rows_sql(ind, macros.EACH_COUNCIL)}) r")
        dims = [f"dim_{d}" for d in ind.breakdowns]
        columns = ["indicator", "council", "year", "CHILD", "on_date", "_num", "_score", "touched", *dims]
        insert = (f"INSERT INTO {TABLE} ({', '.join(columns)}) SELECT $indicator, council, $year, "
                  f"{', '.join(columns[3:])} FROM ({sql})")
        for year in loaded:
            period = collection_year(year)
            params = {"indicator": ind.id, "councils": councils, "year": year, "start": period.start,
                      "end": period.end}
            con.execute(insert, {k: v for k, v in params.items() if f"${k}" in insert})
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?), (?, ?)",
                [SIGNATURE_KEY, signature(), BUILT_KEY, signature()])
