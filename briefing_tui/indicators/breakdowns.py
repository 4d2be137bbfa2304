"""An indicator's children grouped by a dimension, from the same rows as its headline figure.

Because a breakdown counts the numerator query's own rows (one per child), its rows always sum to
the headline count: a child is in exactly one row, described once (see ``dimensions``).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from briefing_tui.errors import UserError
from briefing_tui.indicators import dimensions
from briefing_tui.indicators.evaluate import loaded_years
from briefing_tui.indicators.periods import Period
from briefing_tui.indicators.registry import Unit, get
from briefing_tui.ssda903 import years


@dataclass(frozen=True)
class Row:
    label: str
    value: int
    share: float  # % of the total


@dataclass(frozen=True)
class Breakdown:
    indicator_id: str
    council: str
    period: Period
    dimension: dimensions.Dimension
    rows: tuple[Row, ...]
    total: int | None
    flags: tuple[str, ...]


def breakdown(con: duckdb.DuckDBPyConnection, indicator_id: str, period: Period, council: str,
              dimension_id: str) -> Breakdown:
    indicator = get(indicator_id)
    if indicator.unit is not Unit.COUNT:
        raise UserError(f"breakdowns of {indicator.id} are not available yet (only of counts so far)")
    dimension = dimensions.get(dimension_id, indicator.breakdowns, indicator.id)
    if period.return_year not in loaded_years(con, council):
        return Breakdown(indicator.id, council, period, dimension, (), None,
                         (f"no {years.label(period.return_year)} return loaded for {council}",))
    params = {"council": council, "year": period.return_year, "start": period.start, "end": period.end}
    params = {k: v for k, v in params.items() if f"${k}" in indicator.numerator_sql or k in ("council", "year")}
    rows = con.execute(f"""
        WITH n AS ({indicator.numerator_sql}),
        e AS (SELECT DISTINCT ON (CHILD, DECOM) * FROM episodes
              WHERE council = $council AND year = $year ORDER BY CHILD, DECOM, line),
        h AS (SELECT DISTINCT ON (CHILD) * FROM header WHERE council = $council AND year = $year
              ORDER BY CHILD, line),
        u AS (SELECT DISTINCT ON (CHILD) * FROM uasc WHERE council = $council AND year = $year
              ORDER BY CHILD, line),
        o AS (SELECT DISTINCT ON (CHILD) * FROM oc3 WHERE council = $council AND year = $year
              ORDER BY CHILD, line)
        SELECT {dimension.sql} AS label, count(*) AS n, min({dimension.order or dimension.sql}) AS sort_key
        FROM n LEFT JOIN e ON e.CHILD = n.CHILD AND e.DECOM = n.DECOM
               LEFT JOIN h ON h.CHILD = n.CHILD
               LEFT JOIN u ON u.CHILD = n.CHILD
               LEFT JOIN o ON o.CHILD = n.CHILD
        GROUP BY label ORDER BY sort_key, label""", params).fetchall()
    total = sum(n for _, n, _ in rows)
    return Breakdown(indicator.id, council, period, dimension,
                     tuple(Row(label, n, 100.0 * n / total) for label, n, _ in rows), total, ())
