"""Which period a figure can be given for, when a return is an in-year extract.

An extract "data to 30 September 2024" holds the collection year 2024-25 up to that day and nothing
after it: a period ending later would be counted from data that do not exist (starts "down 56%",
health checks 0%), so it is refused with the last day that can be asked. Figures that exist only
for a complete year (``Kind.COHORT``: the oc2 12-month cohort and its health measures, care leavers
from oc3, stability at 31 March) are never worked out from part of one: asked for a quarter, month
or date (an extract's, or any), they are given for the latest complete year ended by then, flagged
as such, or "not yet available" when none is loaded. Every figure answered from an extract carries
a flag saying it is provisional.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from briefing_tui.indicators import snapshot
from briefing_tui.indicators.flags import Flag, FlagKind
from briefing_tui.indicators.periods import (
    Period,
    PeriodError,
    as_at,
    collection_year,
    is_quarter_end,
    quarter_number,
)
from briefing_tui.indicators.registry import Indicator, Kind
from briefing_tui.ssda903 import years

Extents = dict[int, dt.date | None]  # collection year -> an extract's data-to date; None: the complete year


def extents(con: duckdb.DuckDBPyConnection, council: str) -> Extents:
    """The council's loaded returns, by collection year, with how far each reaches."""
    return snapshot.remembered(con, ("extents", council), lambda: dict(con.execute(
        "SELECT year, data_to FROM returns WHERE council = ? ORDER BY year", [council]).fetchall()))


@dataclass(frozen=True)
class Answered:
    """The period a figure is given for, and what a reader must know about that."""

    period: Period                 # the period asked, or the complete year given instead
    flags: tuple[Flag, ...] = ()
    unavailable: str = ""          # why there is no figure at all ("" when there is one)


def answered(indicator: Indicator, period: Period, council: str, held: Extents) -> Answered:
    """What ``period`` is answered with: refused (PeriodError) when it ends after its return's data;
    for a complete-year figure asked for a quarter, month or date, the latest complete year ended by
    then (whether the period's own return is an extract or not: the same figure either way)."""
    data_to = held.get(period.return_year)
    if data_to is not None and period.end > data_to:
        raise PeriodError(past_the_data(period, data_to))
    if indicator.kind is Kind.COHORT and period.kind != "year":
        return _latest_complete(indicator, period, council, held)
    if data_to is None:
        return Answered(period)
    return Answered(period, (provisional(data_to),))


def _latest_complete(indicator: Indicator, period: Period, council: str, held: Extents) -> Answered:
    """A complete-year figure asked for a quarter, month or date: the latest complete year loaded
    that has ended by the period's end, said so (the paper's "latest complete year's figure")."""
    complete = [y for y, to in held.items() if to is None and years.year_end(y) <= period.end]
    why = (f"{indicator.title} is a figure of a complete collection year (made when the year ends, 31 March), "
           f"not of {period.label.removeprefix('at ')}")
    data_to = held.get(period.return_year)
    if data_to is not None:
        why += (f"; the {years.label(period.return_year)} return is an in-year extract with data to "
                f"{years.long_date(data_to)}")
    if not complete:
        return Answered(period, unavailable=f"not yet available: {why}, and no complete year ended by "
                                                   f"{years.long_date(period.end)} is loaded for {council}")
    latest = collection_year(max(complete))
    said = f"the latest complete year's figure ({years.label(latest.return_year)}): {why}"
    return Answered(latest, (Flag(FlagKind.EARLIER_YEAR, said),))


def provisional(data_to: dt.date) -> Flag:
    return Flag(FlagKind.PROVISIONAL, f"provisional: data to {years.long_date(data_to)} (an in-year extract)")


def past_the_data(period: Period, data_to: dt.date) -> str:
    """The refusal of a period that ends after its return's data, with the last one that can be asked."""
    quarter = (f" ({years.year_of(data_to)}Q{quarter_number(as_at(data_to))} is the quarter that ends then)"
               if is_quarter_end(data_to) else "")
    return (f"{period.label} ends after the data: the {years.label(period.return_year)} return is an in-year "
            f"extract with data to {years.long_date(data_to)}; the last day that can be asked is "
            f"{data_to.isoformat()}{quarter}")


def not_askable(period: Period, held: Extents) -> str:
    """Why ``period`` cannot be chosen at all ("" when it can): its year not loaded, or past an
    extract's data (the period picker and the default period setting ask this)."""
    if period.return_year not in held:
        have = ", ".join(years.label(y) for y in held) or "none"
        return f"no {years.label(period.return_year)} return is loaded (loaded: {have})"
    data_to = held[period.return_year]
    return past_the_data(period, data_to) if data_to is not None and period.end > data_to else ""


def reached(period: Period, held: Extents) -> str:
    """Why a trend's or comparison's period has no figure because its return stops short ("" when it
    does not): the same period in an extract's year, ending after its data."""
    data_to = held.get(period.return_year)
    if data_to is not None and period.end > data_to:
        return (f"the {years.label(period.return_year)} return is an in-year extract with data to "
                f"{years.long_date(data_to)}")
    return ""


def latest(held: Extents) -> Period | None:
    """The period the latest data answer: the latest extract's data-to date, else the latest complete year."""
    if not held:
        return None
    year = max(held)
    data_to = held[year]
    return as_at(data_to) if data_to is not None else collection_year(year)

