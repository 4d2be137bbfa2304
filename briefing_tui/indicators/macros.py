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

from collections.abc import Sequence
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
    return f"SELECT *, {numerator(indicator)} AS _num, {score(indicator)} AS _score FROM ({indicator.rows_sql})"


def numerator(indicator: Indicator) -> str:
    """Whether a row is in the numerator, as SQL on the indicator's rows."""
    if indicator.where:
        return f"coalesce(({indicator.where}), false)"
    # an average counts the rows with a score; a count, every row
    return f"({indicator.score}) IS NOT NULL" if indicator.score else "true"


def score(indicator: Indicator) -> str:
    """The row's value to average, as SQL on the indicator's rows (NULL for a count or a share)."""
    return f"({indicator.score})" if indicator.score else "CAST(NULL AS DOUBLE)"


def name(indicator: Indicator) -> str:
    return "rows_" + "".join(c if c.isalnum() else "_" for c in indicator.id)


def rows(indicator: Indicator, at: At = QUERY) -> str:
    """The indicator's measured rows for the council and period ``at`` says (install the macro first)."""
    return f"{name(indicator)}({at.council}, {at.year}, {at.start}, {at.end})"


def install(con: duckdb.DuckDBPyConnection, *indicators: Indicator) -> None:
    """Make the indicators' macros on this connection (a cursor has its own), from this version's definitions."""
    for indicator in indicators:
        _make(con, name(indicator), measured(indicator))


def measured_together(group: Sequence[Indicator]) -> str:
    """Rows several indicators share (the same ``rows_sql``), each row with every one's numerator
    and score (``_num_<i>``, ``_score_<i>``, by its place in ``group``): the shared macro's body."""
    assert len({ind.rows_sql for ind in group}) == 1, "indicators measured together share their rows"
    measures = "".join(f", {numerator(ind)} AS _num_{i}, {score(ind)} AS _score_{i}" for i, ind in enumerate(group))
    return f"SELECT *{measures} FROM ({group[0].rows_sql})"


def shared_name(group: Sequence[Indicator]) -> str:
    return "shared_" + name(group[0])


def shared_rows(group: Sequence[Indicator], at: At) -> str:
    """The group's shared rows for the council and period ``at`` says (``install_shared`` first)."""
    return f"{shared_name(group)}({at.council}, {at.year}, {at.start}, {at.end})"


def install_shared(con: duckdb.DuckDBPyConnection, *groups: Sequence[Indicator]) -> None:
    """Make the groups' shared macros on this connection (``measured_together``)."""
    for group in groups:
        _make(con, shared_name(group), measured_together(group))


def _make(con: duckdb.DuckDBPyConnection, macro: str, body: str) -> None:
    con.execute(f"CREATE OR REPLACE TEMP MACRO {macro}({', '.join(PARAMETERS)}) AS TABLE {body}")
