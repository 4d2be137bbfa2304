"""Evaluating an indicator for a council and period: value, comparison, trend, flags, as data.

Results are plain frozen dataclasses so the TUI, the briefing and the CLI render the same figures.
No data never divides by zero or guesses: a period whose return is not loaded gives ``value=None``
and says why in ``flags``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TypeVar

import duckdb

from briefing_tui.errors import UserError
from briefing_tui.indicators import extent, macros, precomputed, snapshot
from briefing_tui.indicators.described import described_sql, filter_params
from briefing_tui.indicators.flags import Flag, FlagKind, no_value, small_numbers
from briefing_tui.indicators.periods import Period, PeriodError, collection_year, rolling_start
from briefing_tui.indicators.registry import Indicator, Kind, Unit, get
from briefing_tui.ssda903 import years

DEFAULT_SUPPRESS_BELOW = 5  # a public paper shows no count of 1-4 children (DOMAIN.md section 3)


@dataclass(frozen=True)
class Context:
    """What a figure needs that the return does not hold: the council's own population under 18 (a
    setting, for rates per 10,000) and the smallest count a public paper may show (a setting)."""

    population_under_18: int | None = None
    suppress_below: int = DEFAULT_SUPPRESS_BELOW

    def population(self, name: str) -> int | None:
        """The population a rate is per (``Indicator.rate_per_10000_of`` names it)."""
        value = getattr(self, name, None)
        return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class Point:
    """One value of a trend: the same period in another loaded year."""

    label: str
    year: int
    value: float | None
    numerator: int | None = None     # as Result's: what disclosure control needs of each year
    denominator: int | None = None


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
    change: float | None         # unrounded: how it is printed, and so judged, is briefing.figure_text's
    trend: tuple[Point, ...]
    flags: tuple[Flag, ...]
    filters: dict[str, str]      # dimension id -> label the figure was restricted to ({} for all)
    comparison_numerator: int | None = None    # the year-earlier figure's, as numerator and denominator
    comparison_denominator: int | None = None

    @property
    def previous(self) -> Point | None:
        """The year-earlier figure as a point (its value, numerator and denominator)."""
        if self.comparison is None and self.comparison_numerator is None:
            return None
        earlier = self.period.return_year - 1
        return Point(str(earlier), earlier, self.comparison, self.comparison_numerator, self.comparison_denominator)


def loaded_years(con: duckdb.DuckDBPyConnection, council: str) -> list[int]:
    return list(extent.extents(con, council))


def latest_period(con: duckdb.DuckDBPyConnection, council: str) -> Period | None:
    """What the latest data answer: an in-year extract's data-to date, else the latest complete year."""
    return extent.latest(extent.extents(con, council))


def evaluate(con: duckdb.DuckDBPyConnection, indicator_id: str, period: Period, council: str,
             context: Context | None = None,
             filters: Mapping[str, str] | None = None, use_precomputed: bool = True) -> Result:
    """``context`` carries what the data cannot: the population under 18 (a setting) for rates, and
    ``suppress_below``, the smallest count a public paper may show (a setting; default 5).
    ``filters`` (dimension id -> label) restrict the figure to some children, e.g. {"uasc": "UASC"}.
    Whole collection years are read from the rows stored at import (``precomputed``) when they are
    current; ``use_precomputed=False`` runs the definitions live (the tests compare the two).

    A period in an in-year extract's year is answered as ``extent.answered`` says: refused when it
    ends after the extract's data; a complete-year figure given for the latest complete year."""
    indicator = get(indicator_id)
    context = context or Context()
    filters = dict(filters or {})
    held = extent.extents(con, council)
    answer = extent.answered(indicator, period, council, held)
    if answer.unavailable:
        check_question(indicator, collection_year(period.return_year), filters)
        return Result(indicator, council, period, None, None, None, None, period.year_earlier().label, None, (),
                      (*answer.flags, no_value(answer.unavailable)), filters)
    period = answer.period
    check_question(indicator, period, filters)
    loaded = list(held)
    # The period, a year earlier, and the same period in every loaded year: one query for all.
    asked = {y: period.shifted(y - period.return_year) for y in loaded}
    if use_precomputed and precomputed.answers(con, indicator, period):
        counts = _stored_counts(con, [indicator], asked, council, filters)[indicator.id]
    elif filters:
        counts = _filtered_counts(con, indicator, asked, council, filters)
    else:
        counts = _counts(con, indicator, asked, council)
    result = _result(indicator, period, council, held, counts, context, filters)
    return replace(result, flags=answer.flags + result.flags) if answer.flags else result


def check_question(indicator: Indicator, period: Period, filters: Mapping[str, str]) -> None:
    """Refuse what no figure can answer, the same way for a value, a breakdown and a cohort list.

    Each filter's key must be, exactly, a dimension id the indicator offers: the key names a
    column in the SQL (``dim_<id>``, ``$f_<id>``), so nothing else may reach it (its value is bound)."""
    from briefing_tui.indicators.described import parse_filters, resolve

    if indicator.kind is Kind.COHORT and period.kind != "year":
        raise PeriodError(f"{indicator.id} is a cohort of a whole collection year: give a year (e.g. "
                          f"{period.return_year}), not {period.label}")
    if indicator.unit is Unit.RATE and filters:
        raise UserError(f"{indicator.id} is per 10,000 of the whole population: filter cla.count instead")
    resolve(indicator, list(filters))
    parse_filters(indicator, [f"{k}={v}" for k, v in filters.items()])


def unanswerable(con: duckdb.DuckDBPyConnection, indicator: Indicator, period: Period, council: str) -> str:
    """Why the period has no figure ("" when it has one): its return, or the history it needs, not
    loaded, or its return an in-year extract that stops before the period ends."""
    return _unanswerable(indicator, period, council, extent.extents(con, council))


def _unanswerable(indicator: Indicator, period: Period, council: str, held: extent.Extents) -> str:
    loaded = list(held)
    if period.return_year not in loaded:
        return f"no {years.label(period.return_year)} return loaded for {council}"
    short = extent.reached(period, held)
    if short:
        return short
    if indicator.reads_year_before and period.end != years.year_end(period.return_year):
        before = period.return_year - 1
        data_to = held.get(before)
        if before not in loaded or data_to is not None:
            why = (f"is an in-year extract with data to {years.long_date(data_to)}" if data_to is not None
                   else f"is not loaded for {council}")
            return (f"the twelve months to {years.long_date(period.end)} begin on "
                    f"{years.long_date(rolling_start(period.end))}, in the {years.label(before)} return, which {why}")
    missing = [y for y in range(period.return_year - indicator.history_years, period.return_year) if y not in loaded]
    if missing:
        return (f"needs children's history from the {' and '.join(years.label(y) for y in missing)} "
                f"return{'s' if len(missing) > 1 else ''}, not loaded for {council}: durations before then are "
                "unknown")
    return ""


def evaluate_many(con: duckdb.DuckDBPyConnection, indicator_ids: list[str], period: Period, council: str,
                  context: Context | None = None) -> list[Result]:
    """Several indicators for one period (a panel's overview), each as ``evaluate`` gives it: those
    the stored rows answer in one query for each period they are answered for (a complete-year
    figure asked for a date is its latest complete year's), the rest live, two at a time."""
    indicators = [get(i) for i in indicator_ids]
    context = context or Context()
    held = extent.extents(con, council)
    stored: dict[Period, list[tuple[Indicator, extent.Answered]]] = {}
    live = []
    for ind in indicators:
        answer = extent.answered(ind, period, council, held)  # refuses a period past the data, as evaluate
        if not answer.unavailable and precomputed.answers(con, ind, answer.period):
            stored.setdefault(answer.period, []).append((ind, answer))
        else:
            live.append(ind.id)
    done: dict[str, Result] = {}
    for asked_for, members in stored.items():
        asked = {y: asked_for.shifted(y - asked_for.return_year) for y in held}
        counts = _stored_counts(con, [ind for ind, _ in members], asked, council, {})
        for ind, answer in members:
            result = _result(ind, asked_for, council, held, counts[ind.id], context, {})
            done[ind.id] = replace(result, flags=answer.flags + result.flags) if answer.flags else result
    done.update(zip(live, side_by_side(con, live, lambda cur, i: evaluate(cur, i, period, council, context))))
    return [done[ind.id] for ind in indicators]


WORKERS = 2  # the machines a panel's laptop is like have two cores; DuckDB runs a small query on one
T = TypeVar("T")


def side_by_side(con: duckdb.DuckDBPyConnection, ids: list[str],
                 ask: Callable[[duckdb.DuckDBPyConnection, str], T]) -> list[T]:
    """``ask(cursor, id)`` for each id, in order, two at a time on cursors of their own when the
    connection is read-only (DuckDB runs each on its own core, the GIL let go; the date overview's
    thirty live figures took half the time), else one after another on ``con`` (a writer's cursor
    would not see its own transaction's rows)."""
    if len(ids) < 2 * WORKERS or not snapshot.read_only(con):
        return [ask(con, i) for i in ids]
    local = threading.local()
    cursors: list[duckdb.DuckDBPyConnection] = []
    lock = threading.Lock()

    def on_own_cursor(i: str) -> T:
        cur = getattr(local, "cursor", None)
        if cur is None:
            cur = local.cursor = con.cursor()
            with lock:
                cursors.append(cur)
        return ask(cur, i)

    try:
        with ThreadPoolExecutor(WORKERS, thread_name_prefix="figures") as pool:
            return list(pool.map(on_own_cursor, ids))
    finally:
        for cur in cursors:
            cur.close()


def _result(indicator: Indicator, period: Period, council: str, held: extent.Extents, counts: dict[int, Counts],
            context: Context, filters: Mapping[str, str]) -> Result:
    earlier = period.year_earlier()
    value, numerator, denominator, flags = _value(indicator, period, council, held, counts, context)
    comparison, comparison_numerator, comparison_denominator, _ = _value(indicator, earlier, council, held, counts,
                                                                         context)
    change = value - comparison if value is not None and comparison is not None else None
    trend = tuple(Point(str(y), y, *_value(indicator, period.shifted(y - period.return_year), council, held, counts,
                                           context)[:3]) for y in held)
    if value is not None or numerator is not None:
        flags += _flags(indicator, counts[period.return_year], period, context)
    return Result(indicator, council, period, value, numerator, denominator, comparison, earlier.label,
                  change, trend, tuple(flags), dict(filters), comparison_numerator, comparison_denominator)


@dataclass(frozen=True)
class Counts:
    """What one period's rows add up to: enough for any unit's value and its flags."""

    rows: int          # rows in the population (a count's value; a share's denominator)
    numerator: int     # rows meeting the share's condition (= rows for a count)
    scored: int        # rows with a score (averages)
    mean: float | None
    touched: int       # rows whose child has data-quality findings in the same return


_AGGREGATE = """struct_pack(rows := count(*), numerator := count(*) FILTER (WHERE _num),
    scored := count(_score), mean := avg(_score),
    touched := count(*) FILTER (WHERE EXISTS (SELECT 1 FROM data_quality dq WHERE dq.council = r.council
                                             AND dq.year = {year} AND dq.child = r.CHILD)))"""


def _counts(con: duckdb.DuckDBPyConnection, indicator: Indicator, by_year: dict[int, Period],
            council: str) -> dict[int, Counts]:
    """Each year's period's counts, each from its own return, in one query."""
    return dict(zip(by_year, counts_of(con, indicator, list(by_year.values()), council)))


def _filtered_counts(con: duckdb.DuckDBPyConnection, indicator: Indicator, by_year: dict[int, Period], council: str,
                     filters: Mapping[str, str]) -> dict[int, Counts]:
    """As ``_counts``, for the rows a filter keeps."""
    return dict(zip(by_year, counts_of(con, indicator, list(by_year.values()), council, filters)))


def counts_of(con: duckdb.DuckDBPyConnection, indicator: Indicator, periods: Sequence[Period], council: str,
              filters: Mapping[str, str] | None = None) -> list[Counts]:
    """Each period's counts, each from its own return, every period in one query (with a filter,
    the rows each period's return labels; a query a period took five times as long, most of it
    planning). The periods may share a year (quarter ends: indicators.quarter_ends)."""
    if not periods:
        return []
    macros.install(con, indicator)
    rows = (f"({described_sql(indicator, (), filters, macros.EACH_PERIOD)})" if filters
            else macros.rows(indicator, macros.EACH_PERIOD))
    found = dict(con.execute(
        f"SELECT _period.i, (SELECT {_AGGREGATE.format(year='_period.year')} FROM {rows} r) "
        "FROM (SELECT unnest($i) AS i, unnest($years) AS year, unnest($starts) AS start_day, "
        "unnest($ends) AS end_day) _period",
        {"council": council, "i": list(range(len(periods))), "years": [p.return_year for p in periods],
         "starts": [p.start for p in periods], "ends": [p.end for p in periods],
         **filter_params(filters or {})}).fetchall())
    return [Counts(**found[i]) for i in range(len(periods))]


def _stored_counts(con: duckdb.DuckDBPyConnection, indicators: Sequence[Indicator], by_year: dict[int, Period],
                   council: str, filters: Mapping[str, str]) -> dict[str, dict[int, Counts]]:
    """As ``_counts``, from the rows stored at import, for each indicator: one small aggregate over
    every year of them all."""
    where = "".join(f" AND lower(dim_{name}) = lower($f_{name})" for name in filters)
    params: dict[str, object] = {"ids": [ind.id for ind in indicators], "council": council,
                                 **filter_params(filters)}
    days = ""
    if any(p.kind != "year" for p in by_year.values()):  # each year's rows on its period's days
        days = (" JOIN (SELECT unnest($years) AS y, unnest($starts) AS s, unnest($ends) AS e) d "
                "ON d.y = r.year AND r.on_date BETWEEN d.s AND d.e")
        params.update(years=list(by_year), starts=[p.start for p in by_year.values()],
                      ends=[p.end for p in by_year.values()])
    rows = con.execute(
        "SELECT indicator, year, count(*) AS rows, count(*) FILTER (WHERE _num) AS numerator, "
        "count(_score) AS scored, avg(_score) AS mean, count(*) FILTER (WHERE touched) AS touched "
        f"FROM {precomputed.TABLE} r{days} "
        f"WHERE indicator IN (SELECT unnest($ids)) AND council = $council{where} GROUP BY indicator, year",
        params).fetchall()
    found = {(ind, year): Counts(n, k, scored, mean, touched) for ind, year, n, k, scored, mean, touched in rows}
    empty = Counts(0, 0, 0, None, 0)
    return {ind.id: {year: found.get((ind.id, year), empty) for year in by_year} for ind in indicators}


def _value(indicator: Indicator, period: Period, council: str, held: extent.Extents, counts: dict[int, Counts],
           context: Context) -> tuple[float | None, int | None, int | None, list[Flag]]:
    """(value, numerator, denominator, flags) from the one return that answers ``period``."""
    why = _unanswerable(indicator, period, council, {y: held.get(y) for y in counts})
    if why:
        return None, None, None, [no_value(why)]
    return value_from(indicator, counts[period.return_year], council, context)


def value_from(indicator: Indicator, c: Counts, council: str,
               context: Context) -> tuple[float | None, int | None, int | None, list[Flag]]:
    """(value, numerator, denominator, flags) of rows that add up to ``c`` (a period's, or a
    report's: indicators.reported)."""
    if indicator.unit is Unit.RATE:
        population = context.population(indicator.rate_per_10000_of)
        if not population:
            return None, c.rows, None, [no_value(
                f"no {indicator.rate_per_10000_of.replace('_', ' ')} set for {council} (settings: "
                f"{indicator.rate_per_10000_of} under [council], or [councils.\"{council}\"])")]
        return c.rows * 10_000 / population, c.rows, int(population), []
    if indicator.score:
        if not c.scored:
            return None, 0, c.rows, [no_value("no scores recorded")]
        return c.mean, c.scored, c.rows, []
    if not indicator.is_share:
        return float(c.rows), c.rows, None, []
    if c.rows == 0:
        return None, 0, 0, [no_value("no children in the denominator")]
    return c.numerator * 100.0 / c.rows, c.numerator, c.rows, []


def _flags(indicator: Indicator, c: Counts, period: Period, context: Context) -> list[Flag]:
    """What a reader must know before quoting the figure: small numbers, dirty data."""
    found = []
    threshold = context.suppress_below
    small = [n for n in small_counts(indicator, c.rows, c.numerator, c.scored) if 0 < n < threshold]
    if small:
        found.append(small_numbers(f"small numbers ({min(small)} < {threshold}): could identify a child; "
                                         "suppress before publishing"))
    if c.touched:
        where = f"have data-quality findings in the {years.label(period.return_year)} return"
        found.append(Flag(FlagKind.DATA_QUALITY,
                          f"{c.touched} of the {c.rows} {indicator.counts} counted {where} (briefing-tui info lists "
                          "them)", public=f"Some of the {indicator.counts} counted {where} (briefing-tui info lists "
                                           "them)"))
    return found


def small_counts(indicator: Indicator, rows: int, numerator: int, scored: int) -> tuple[int, ...]:
    """The counts a reader could see or work out: a share's numerator, its denominator and the rest
    (97 of 100 tells that 3 were not); an average's number of scores; a count itself."""
    if indicator.score:
        return (scored,)
    if indicator.is_share:
        return (numerator, rows, rows - numerator)
    return (rows,)

