"""A stock's (or a rolling twelve months') figure at each of the last eight quarter ends: the
quarterly panel's trend.

A panel meeting each quarter follows the number of children looked after (and its shares) from one
quarter end to the next, not from one 31 March to the next. Each quarter end is answered from its
own collection year's return (the DfE's per-return method: 30 June 2024 from 2024-25's), only
where that return reaches it (an extract up to its data-to date), in one query for all of them.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from briefing_tui.indicators import extent
from briefing_tui.indicators.evaluate import Context, Point, counts_of, unanswerable, value_from
from briefing_tui.indicators.periods import QUARTER_ENDS, Period, as_at
from briefing_tui.indicators.registry import Kind, get
from briefing_tui.ssda903 import years

COUNT = 8


def quarter_ends(period: Period, held: extent.Extents, count: int = COUNT) -> list[dt.date]:
    """The last ``count`` quarter ends on or before ``period``'s end that a loaded return reaches,
    oldest first."""
    found: list[dt.date] = []
    year = period.end.year
    while len(found) < count and year >= years.FIRST_SUPPORTED - 1:
        for month, day in sorted(QUARTER_ENDS, reverse=True):  # this calendar year's, latest first
            end = dt.date(year, month, day)
            if end > period.end or len(found) == count:
                continue
            return_year = years.year_of(end)
            if return_year not in held:
                continue
            data_to = held[return_year]
            if data_to is None or end <= data_to:
                found.append(end)
        year -= 1
    return sorted(found)


def trend(con: duckdb.DuckDBPyConnection, indicator_id: str, period: Period, council: str,
          context: Context | None = None) -> tuple[Point, ...]:
    """The stock or rolling figure ``indicator_id`` at each of the last eight quarter ends up to
    ``period`` that can be answered (empty for any other figure), each from its own return (and,
    for the rolling twelve months, the one before)."""
    indicator = get(indicator_id)
    if indicator.kind not in (Kind.STOCK, Kind.ROLLING):
        return ()
    ends = quarter_ends(period, extent.extents(con, council))
    # a rolling figure's twelve months need the year before each end's return too
    days = [day for day in map(as_at, ends) if not unanswerable(con, indicator, day, council)]
    if not days:
        return ()
    out = []
    for day, counts in zip(days, counts_of(con, indicator, days, council)):
        value, numerator, denominator, _ = value_from(indicator, counts, council, context or Context())
        out.append(Point(label(day.end), day.return_year, value, numerator, denominator))
    return tuple(out)


LABEL = "%d %b %Y"  # "30 Sep 2024": a point's label, and a table's row


def label(end: dt.date) -> str:
    """How a quarter end is named in the trend and the tables that print it."""
    return f"{end.day} {end:%b %Y}"


def day(point: Point) -> dt.date:
    """The quarter end a point of ``trend`` is for (read back from its ``label``)."""
    return dt.datetime.strptime(point.label, LABEL).date()
