"""The figures each import gave, kept: what a panel was told, to compare with what it is told now.

A quarterly panel is briefed on an extract, then on a later one, then on the complete year, and
each replaces the one before, so without a record the paper could not say "since the last panel"
nor notice that a figure was revised ("reported as 341 in July, now 343"). So every import keeps,
for each return it brought, the totals each indicator's stored rows gave then (rows, numerator,
scores: enough for any value, as ``evaluate.Counts``), keyed by council, year, extent and import.
It is cheap (one statement over the rows just stored) and never rewritten: a later import or an
upgrade adds its own. An extract's complete-year figures (``Kind.COHORT``) are not kept: it has
none (``indicators.extent``).

For an extract the year's stored rows are the figures at its data-to date: nothing after it
exists, so the children on its last day are those still open, and its events those up to then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from briefing_tui.indicators import precomputed
from briefing_tui.indicators.periods import Period, as_at, collection_year
from briefing_tui.indicators.registry import Kind

TABLE = "reported_figures"


@dataclass(frozen=True)
class Report:
    """What one import gave for one indicator of one return."""

    council: str
    year: int
    data_to: dt.date | None     # the return's extent then (None: the complete year)
    import_id: int
    imported_at: dt.datetime
    indicator: str
    rows: int
    numerator: int
    scored: int
    mean: float | None

    @property
    def period(self) -> Period:
        """The period the figure was for: the extract's data-to date, or the complete year."""
        return collection_year(self.year) if self.data_to is None else as_at(self.data_to)


def create(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        council VARCHAR NOT NULL, year SMALLINT NOT NULL, data_to DATE, import_id INTEGER NOT NULL,
        indicator VARCHAR NOT NULL, rows BIGINT NOT NULL, numerator BIGINT NOT NULL, scored BIGINT NOT NULL,
        mean DOUBLE, PRIMARY KEY (council, year, import_id, indicator))""")


def record(con: duckdb.DuckDBPyConnection) -> None:
    """Keep what the latest import's returns give now (inside its transaction, after the stored
    rows are made): every indicator's totals, an indicator with no rows as zeros."""
    create(con)
    every = [i.id for i in precomputed.stored_indicators()]
    in_year = [i.id for i in precomputed.stored_indicators() if i.kind is not Kind.COHORT]
    con.execute(f"""
        INSERT OR IGNORE INTO {TABLE}
        SELECT rt.council, rt.year, rt.data_to, rt.import_id, i.id, count(r.indicator),
               count(r.indicator) FILTER (WHERE r._num), count(r._score), avg(r._score)
        FROM returns rt CROSS JOIN (SELECT unnest($every) AS id) i
        LEFT JOIN {precomputed.TABLE} r ON r.council = rt.council AND r.year = rt.year AND r.indicator = i.id
        WHERE rt.import_id = (SELECT max(import_id) FROM imports)
          AND (rt.data_to IS NULL OR i.id IN (SELECT unnest($in_year)))
        GROUP BY ALL""", {"every": every, "in_year": in_year})


def reports(con: duckdb.DuckDBPyConnection, council: str, before: dt.date, imported_before: int) -> list[Report]:
    """What imports before ``imported_before`` gave for the council's returns whose period ended
    before ``before``, the first import of each period (what a panel was first told), latest
    period first."""
    try:
        rows = con.execute(f"""
            SELECT f.council, f.year, f.data_to, f.import_id, i.finished_at, f.indicator, f.rows, f.numerator,
                   f.scored, f.mean
            FROM {TABLE} f JOIN imports i USING (import_id)
            WHERE f.council = $council AND coalesce(f.data_to, make_date(f.year, 3, 31)) < $before
              AND f.import_id < $imported_before
            QUALIFY f.import_id = min(f.import_id) OVER (PARTITION BY f.year, f.data_to)
            ORDER BY coalesce(f.data_to, make_date(f.year, 3, 31)) DESC, f.indicator""",
            {"council": council, "before": before, "imported_before": imported_before}).fetchall()
    except duckdb.CatalogException:  # a database no import of this version has written to
        return []
    return [Report(*row) for row in rows]


def last_panel(con: duckdb.DuckDBPyConnection, council: str, period: Period) -> list[Report]:
    """The figures of the latest report before ``period`` ended, made by an import before the one
    that brought the period's return: "the last panel" (empty when there is none, as when every
    year came in one import: each figure's year-earlier comparison is then the one to make)."""
    row = con.execute("SELECT import_id FROM returns WHERE council = ? AND year = ?",
                      [council, period.return_year]).fetchone()
    if row is None:
        return []
    found = reports(con, council, period.end, row[0])
    if not found:
        return []
    first = found[0]
    return [r for r in found if (r.year, r.data_to) == (first.year, first.data_to)]
