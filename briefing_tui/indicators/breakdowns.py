"""An indicator split by a dimension, from the same rows as its headline figure.

Because a breakdown groups the indicator's own rows (see ``described``), a count's cells always sum
to the headline: a child is in exactly one cell, described once. A share's cells are the share
within each group (numerator and denominator both in the group); an average's, the group's average.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import duckdb

from briefing_tui.indicators import dimensions, extent, macros, precomputed
from briefing_tui.indicators.described import described_sql, filter_params, resolve
from briefing_tui.indicators.evaluate import DEFAULT_SUPPRESS_BELOW, check_question, small_counts, unanswerable
from briefing_tui.indicators.flags import Flag, no_value, small_numbers
from briefing_tui.indicators.periods import Period
from briefing_tui.indicators.registry import Indicator, get


@dataclass(frozen=True)
class Row:
    label: str
    value: float | None   # the indicator's value within the group (a count, a %, an average)
    numerator: int        # children (or reviews, incidents) counted in the group
    denominator: int | None  # the group's population, for a share or an average
    share: float          # the group's part of the whole population, %
    small: bool = False   # a count in it (or worked out from it) could identify a child


@dataclass(frozen=True)
class Breakdown:
    indicator_id: str
    council: str
    period: Period
    dimension: dimensions.Dimension
    rows: tuple[Row, ...]
    total: int | None     # the population (a count's headline; a share's denominator)
    flags: tuple[Flag, ...]


def breakdown(con: duckdb.DuckDBPyConnection, indicator_id: str, period: Period, council: str,
              dimension_id: str, filters: Mapping[str, str] | None = None,
              use_precomputed: bool = True, suppress_below: int = DEFAULT_SUPPRESS_BELOW) -> Breakdown:
    indicator = get(indicator_id)
    (dimension,) = resolve(indicator, [dimension_id])
    filters = dict(filters or {})
    asked = _asked(con, indicator, period, council, dimension, filters)
    if isinstance(asked, Breakdown):
        return asked
    period, answered_flags = asked
    if use_precomputed and precomputed.answers(con, indicator, period):
        where = "".join(f" AND lower(dim_{name}) = lower($f_{name})" for name in filters)
        rows_sql = (f"SELECT * FROM {precomputed.TABLE} WHERE indicator = $indicator AND council = $council "
                    f"AND year = $year{where}{precomputed.within(period)}")
    else:
        rows_sql = described_sql(indicator, [dimension], filters)
        macros.install(con, indicator)
    sql = f"SELECT {_GROUPED.format(dim=dimension.id)} FROM ({rows_sql}) GROUP BY label"
    params = {"council": council, "year": period.return_year, "start": period.start, "end": period.end,
              "indicator": indicator.id, **filter_params(filters)}
    found = con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql}).fetchall()
    return _built(indicator, council, period, dimension, found, answered_flags, suppress_below)


def breakdown_and_year_earlier(con: duckdb.DuckDBPyConnection, indicator_id: str, period: Period, council: str,
                               dimension_id: str, filters: Mapping[str, str] | None = None,
                               suppress_below: int = DEFAULT_SUPPRESS_BELOW) -> tuple[Breakdown, Breakdown]:
    """The breakdown and the same a year earlier (what a screen shows side by side): when both are
    answered live (a quarter, a month, a date), in one query, each period's rows from its own
    return (two queries took twice as long, most of it planning); else as ``breakdown`` each."""
    indicator = get(indicator_id)
    (dimension,) = resolve(indicator, [dimension_id])
    filters = dict(filters or {})
    now, before = (_asked(con, indicator, p, council, dimension, filters) for p in (period, period.year_earlier()))
    if (isinstance(now, Breakdown) or isinstance(before, Breakdown) or precomputed.answers(con, indicator, now[0])
            or precomputed.answers(con, indicator, before[0])):
        return (breakdown(con, indicator_id, period, council, dimension_id, filters, suppress_below=suppress_below),
                breakdown(con, indicator_id, period.year_earlier(), council, dimension_id, filters,
                          suppress_below=suppress_below))
    macros.install(con, indicator)
    rows_sql = described_sql(indicator, [dimension], filters, macros.EACH_PERIOD)
    sql = (f"SELECT _period.year, b.* FROM (SELECT unnest($years) AS year, unnest($starts) AS start_day, "
           f"unnest($ends) AS end_day) _period, LATERAL (SELECT {_GROUPED.format(dim=dimension.id)} "
           f"FROM ({rows_sql}) GROUP BY label) b")
    pair = (now, before)
    found = con.execute(sql, {"council": council, "years": [p.return_year for p, _ in pair],
                              "starts": [p.start for p, _ in pair], "ends": [p.end for p, _ in pair],
                              **filter_params(filters)}).fetchall()
    built = [_built(indicator, council, p, dimension, [row[1:] for row in found if row[0] == p.return_year], flags,
                    suppress_below) for p, flags in pair]
    return built[0], built[1]


# A breakdown's cells: its label, rows, rows in the numerator, scores and their average.
_GROUPED = ("dim_{dim} AS label, count(*) AS n, count(*) FILTER (WHERE _num) AS k, count(_score) AS scored, "
            "avg(_score) AS mean")


def _asked(con: duckdb.DuckDBPyConnection, indicator: Indicator, period: Period, council: str,
           dimension: dimensions.Dimension, filters: dict[str, str]) -> Breakdown | tuple[Period, tuple[Flag, ...]]:
    """The period the breakdown is answered for and the flags that go with it, or the breakdown with
    no rows that says why there is none (indicators.extent, evaluate.unanswerable)."""
    answer = extent.answered(indicator, period, council, extent.extents(con, council))
    if answer.unavailable:
        return Breakdown(indicator.id, council, period, dimension, (), None,
                         (*answer.flags, no_value(answer.unavailable)))
    period = answer.period
    check_question(indicator, period, filters)
    why = unanswerable(con, indicator, period, council)
    if why:
        return Breakdown(indicator.id, council, period, dimension, (), None, (no_value(why),))
    return period, answer.flags


def _built(indicator: Indicator, council: str, period: Period, dimension: dimensions.Dimension,
           found: list[tuple[Any, ...]], flags: tuple[Flag, ...], suppress_below: int) -> Breakdown:
    """The breakdown from its cells' counts (label, rows, numerator rows, scores, mean)."""
    found = sorted(found, key=lambda row: dimensions.sort_key(dimension, row[0]))
    total = sum(n for _, n, *_ in found)
    rows = []
    for label, n, k, scored, mean in found:
        if indicator.score:
            value, numerator, denominator = mean, scored, n
        elif indicator.is_share:
            value, numerator, denominator = 100.0 * k / n, k, n
        else:
            value, numerator, denominator = float(n), n, None
        small = any(0 < c < suppress_below for c in small_counts(indicator, n, k, scored))
        rows.append(Row(label, value, numerator, denominator, 100.0 * n / total if total else 0.0, small))
    if any(r.small for r in rows):
        flags += (small_numbers(f"small numbers in {', '.join(r.label for r in rows if r.small)} (fewer than "
                                f"{suppress_below}): could identify a child; suppress before publishing"),)
    return Breakdown(indicator.id, council, period, dimension, tuple(rows), total, flags)
