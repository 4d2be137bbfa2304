"""Evaluating an indicator for a council and period: value, comparison, trend, flags, as data.

Results are plain frozen dataclasses so the TUI, the briefing and the CLI render the same figures.
No data never divides by zero or guesses: a period whose return is not loaded gives ``value=None``
and says why in ``flags``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import duckdb

from briefing_tui.indicators.periods import Period, PeriodError, collection_year
from briefing_tui.indicators.registry import Indicator, Kind, Polarity, Unit, get
from briefing_tui.ssda903 import years


@dataclass(frozen=True)
class Point:
    """One value of a trend: the same period in another loaded year."""

    label: str
    year: int
    value: float | None


@dataclass(frozen=True)
class Result:
    indicator: Indicator
    council: str
    period: Period
    value: float | None
    numerator: int | None
    denominator: int | None
    comparison: float | None     # the same period a year earlier
    comparison_label: str
    change: float | None
    direction: str               # "up", "down", "same" or "" (nothing to compare)
    judgement: str               # "better", "worse", "no better or worse", or ""
    trend: tuple[Point, ...]
    flags: tuple[str, ...]


def loaded_years(con: duckdb.DuckDBPyConnection, council: str) -> list[int]:
    return [y for (y,) in con.execute(
        "SELECT DISTINCT year FROM returns WHERE council = ? ORDER BY year", [council]).fetchall()]


def latest_period(con: duckdb.DuckDBPyConnection, council: str) -> Period | None:
    loaded = loaded_years(con, council)
    return collection_year(loaded[-1]) if loaded else None


def evaluate(con: duckdb.DuckDBPyConnection, indicator_id: str, period: Period, council: str,
             context: Mapping[str, float | None] | None = None) -> Result:
    """``context`` carries what the data cannot: the population under 18 (a setting) for rates."""
    indicator = get(indicator_id)
    context = context or {}
    loaded = loaded_years(con, council)
    if indicator.kind is Kind.COHORT and period.kind != "year":
        raise PeriodError(f"{indicator.id} is a cohort of a whole collection year: give a year (e.g. "
                          f"{period.return_year}), not {period.label}")
    value, numerator, denominator, flags = _value(con, indicator, period, council, loaded, context)
    earlier = period.year_earlier()
    comparison = _value(con, indicator, earlier, council, loaded, context)[0]
    change = value - comparison if value is not None and comparison is not None else None
    direction = "" if change is None else ("up" if change > 0 else "down" if change < 0 else "same")
    trend = tuple(
        Point(str(year), year,
              _value(con, indicator, period.shifted(year - period.return_year), council, loaded, context)[0])
        for year in loaded)
    return Result(indicator, council, period, value, numerator, denominator, comparison, earlier.label,
                  change, direction, _judge(indicator.polarity, direction), trend, tuple(flags))


def _value(con, indicator: Indicator, period: Period, council: str, loaded: list[int], context):
    """(value, numerator, denominator, flags) from the one return that answers ``period``."""
    if period.return_year not in loaded:
        return None, None, None, [f"no {years.label(period.return_year)} return loaded for {council}"]
    params = {"council": council, "year": period.return_year, "start": period.start, "end": period.end}
    params = {k: v for k, v in params.items() if f"${k}" in indicator.numerator_sql + indicator.denominator_sql}
    numerator = con.execute(f"SELECT count(*) FROM ({indicator.numerator_sql})", params).fetchone()[0]
    if indicator.unit is Unit.RATE:
        population = context.get(indicator.rate_per_10000_of)
        if not population:
            return None, numerator, None, [f"no {indicator.rate_per_10000_of.replace('_', ' ')} set "
                                           f"(settings: council.{indicator.rate_per_10000_of})"]
        return numerator * 10_000 / population, numerator, int(population), []
    if not indicator.denominator_sql:
        return float(numerator), numerator, None, []
    denominator = con.execute(f"SELECT count(*) FROM ({indicator.denominator_sql})", params).fetchone()[0]
    if denominator == 0:
        return None, numerator, 0, ["no children in the denominator"]
    scale = 100.0 if indicator.unit is Unit.PERCENT else 1.0
    return numerator * scale / denominator, numerator, denominator, []


def _judge(polarity: Polarity, direction: str) -> str:
    if not direction:
        return ""
    if direction == "same" or polarity is Polarity.NEUTRAL:
        return "no better or worse"
    up_is_good = polarity is Polarity.HIGHER_BETTER
    return "better" if (direction == "up") == up_is_good else "worse"
