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
    earlier = period.year_earlier()
    # The period, a year earlier, and the same period in every loaded year: one query for all.
    asked = sorted({period.return_year, earlier.return_year, *loaded})
    counts = _counts(con, indicator, {y: period.shifted(y - period.return_year) for y in asked if y in loaded},
                     council)
    value, numerator, denominator, flags = _value(indicator, period, council, counts, context)
    comparison = _value(indicator, earlier, council, counts, context)[0]
    change = value - comparison if value is not None and comparison is not None else None
    direction = "" if change is None else ("up" if change > 0 else "down" if change < 0 else "same")
    trend = tuple(Point(str(y), y, _value(indicator, period.shifted(y - period.return_year), council, counts,
                                          context)[0]) for y in loaded)
    return Result(indicator, council, period, value, numerator, denominator, comparison, earlier.label,
                  change, direction, _judge(indicator.polarity, direction), trend, tuple(flags))


def _per_period(sql: str) -> str:
    """An indicator's SQL with its period parameters read from the row ``p`` of a periods list."""
    return sql.replace("$year", "p.year").replace("$start", "p.start_day").replace("$end", "p.end_day")


def _counts(con, indicator: Indicator, by_year: dict[int, Period], council: str) -> dict[int, tuple[int, int | None]]:
    """(numerator, denominator) for each year's period, each from its own return, in one query."""
    if not by_year:
        return {}
    denominator = (f", (SELECT count(*) FROM ({_per_period(indicator.denominator_sql)}))"
                   if indicator.denominator_sql else ", NULL")
    rows = con.execute(
        f"SELECT p.year, (SELECT count(*) FROM ({_per_period(indicator.numerator_sql)})){denominator} "
        "FROM (SELECT unnest($years) AS year, unnest($starts) AS start_day, unnest($ends) AS end_day) p",
        {"council": council, "years": list(by_year), "starts": [p.start for p in by_year.values()],
         "ends": [p.end for p in by_year.values()]},
    ).fetchall()
    return {year: (n, d) for year, n, d in rows}


def _value(indicator: Indicator, period: Period, council: str, counts: dict, context):
    """(value, numerator, denominator, flags) from the one return that answers ``period``."""
    if period.return_year not in counts:
        return None, None, None, [f"no {years.label(period.return_year)} return loaded for {council}"]
    numerator, denominator = counts[period.return_year]
    if indicator.unit is Unit.RATE:
        population = context.get(indicator.rate_per_10000_of)
        if not population:
            return None, numerator, None, [f"no {indicator.rate_per_10000_of.replace('_', ' ')} set "
                                           f"(settings: council.{indicator.rate_per_10000_of})"]
        return numerator * 10_000 / population, numerator, int(population), []
    if denominator is None:
        return float(numerator), numerator, None, []
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
