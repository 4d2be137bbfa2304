"""An indicator's rows as a DuckDB table macro of the council and the period.

A definition (``rows_sql``, ``where``, ``score``) reads its council and period from four macro
parameters, ``_council``, ``_year``, ``_start`` and ``_end``, so one definition answers one period
from the query's own parameters (``$council`` ...), every loaded year's period in one query (a row
of a periods list), or every return of several councils at once (the stored rows made at import,
a row of a returns list), each by calling the macro with other arguments, never by rewriting the
definition's text.

The macros are temporary: made on the connection (or cursor) that runs the query, just before it,
from the definitions of this version, so a database never holds an older version's definitions,
and a read-only one works the same. Making one costs about a third of a millisecond.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from briefing_tui.indicators.registry import Indicator

PARAMETERS = ("_council", "_year", "_start", "_end")


@dataclass(frozen=True)
class At:
    """What a query calls the macros with: a SQL expression for each parameter."""

    council: str
    year: str
    start: str
    end: str


QUERY = At("$council", "$year", "$start", "$end")  # the query's own parameters: one council, one period
# A list's row is named with a leading underscore, as no definition names a table: an argument is
# put into the definition as written, so a row named ``c`` would be taken for a definition's own
# ``continuous_care c`` (it was: the health cohort's earlier years came out wrong).
EACH_PERIOD = At("$council", "_period.year", "_period.start_day", "_period.end_day")  # a row of a periods list
EACH_YEAR = At("$council", "_return.year", "_return.start_day", "_return.end_day")  # one council's returns
EACH_COUNCIL = At("_return.council", "$year", "$start", "$end")  # one year's returns of many councils


def measured(indicator: Indicator) -> str:
    """The rows with ``_num`` (in the numerator) and ``_score`` (the averaged value, or NULL): the macro's body."""
    if indicator.where:
        num = f"coalesce(({indicator.where}), false)"
    else:  # an average counts the rows with a score; a count, every row
        num = f"({indicator.score}) IS NOT NULL" if indicator.score else "true"
    score = f"({indicator.score})" if indicator.score else "CAST(NULL AS DOUBLE)"
    return f"SELECT *, {num} AS _num, {score} AS _score FROM ({indicator.rows_sql})"


def name(indicator: Indicator) -> str:
    return "rows_" + "".join(c if c.isalnum() else "_" for c in indicator.id)


def rows(indicator: Indicator, at: At = QUERY) -> str:
    """The indicator's measured rows for the council and period ``at`` says (install the macro first)."""
    return f"{name(indicator)}({at.council}, {at.year}, {at.start}, {at.end})"


def install(con: duckdb.DuckDBPyConnection, *indicators: Indicator) -> None:
    """Make the indicators' macros on this connection (a cursor has its own), from this version's definitions."""
    for indicator in indicators:
        con.execute(f"CREATE OR REPLACE TEMP MACRO {name(indicator)}({', '.join(PARAMETERS)}) AS TABLE "
                    f"{measured(indicator)}")
