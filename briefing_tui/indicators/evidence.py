"""Everything a briefing states for a council and period, fetched in one go.

The briefing layer never queries (it turns this into a document); this is the one place that asks
the database for it: every indicator's result, the breakdown tables a panel reads (this period's
and a year earlier's, nested where a table has sub-groups), the published comparators, the panel's
notes, the children's identifiers typed into those notes (for a public paper to replace) and what
is loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from briefing_tui.errors import UserError
from briefing_tui.indicators import comparators, extent, quarter_ends, reported
from briefing_tui.indicators.breakdowns import Breakdown, breakdown
from briefing_tui.indicators.evaluate import (
    Context,
    Counts,
    Point,
    Result,
    evaluate,
    evaluate_many,
    loaded_years,
    value_from,
)
from briefing_tui.indicators.periods import Period, collection_year, quarter
from briefing_tui.indicators.registry import Kind, Unit, all_indicators, get, shown_at
from briefing_tui.ssda903 import identifiers, years
from briefing_tui.store import info, notes
from briefing_tui.store.identifiers import held_in


@dataclass(frozen=True)
class TableAsk:
    """A breakdown table to show: an indicator by a dimension, optionally each group by another."""

    indicator: str
    dimension: str
    within: str = ""     # a second dimension: each group's sub-groups (placement group -> placement type)
    caption: str = ""


def table_asks() -> list[TableAsk]:
    """The breakdown tables a panel's paper prints, as the indicators declare them."""
    return [TableAsk(ind.id, t.dimension, t.within, t.caption) for ind in all_indicators() for t in ind.tables]


@dataclass(frozen=True)
class Nested:
    """A breakdown with, for each of its groups, the group's own breakdown by ``TableAsk.within``."""

    ask: TableAsk
    top: Breakdown
    within: dict[str, Breakdown]


@dataclass(frozen=True)
class QuarterSet:
    """A flow's four quarters in one collection year beside the year's own figure: a council's
    public papers publish them all (the year's, and each quarter's), so they are protected together."""

    year_total: int
    quarters: tuple[int, int, int, int]
    additive: bool     # events: the year is the quarters' sum; children: at most it (counted once a year)


@dataclass(frozen=True)
class Evidence:
    council: str
    period: Period
    results: list[Result]
    tables: list[tuple[Nested, Nested | None]]     # this period's and a year earlier's (None: not loaded)
    benchmarks: dict[str, comparators.Benchmark]
    notes: list[notes.Note]
    returns: list[info.LoadedReturn]                # the council's loaded returns, oldest first
    # flow counts' quarters by indicator and year, where a public paper's figure may depend on them
    quarter_sets: dict[str, dict[int, QuarterSet]] = field(default_factory=dict)
    identifiers: frozenset[str] = frozenset()       # held here and typed into a note that may be published
    last_panel: LastPanel | None = None             # what the latest earlier report gave (None: no report)
    # a quarter's or a date's stock figures at the last eight quarter ends, by indicator (indicators.quarter_ends)
    quarter_ends: dict[str, tuple[Point, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Reported:
    """One figure as the last panel was told it, and as the data loaded now give the same period."""

    indicator: str
    value: float | None
    numerator: int | None
    denominator: int | None
    now: float | None             # the same period's figure from the returns loaded now (revised when it differs)
    now_numerator: int | None = None      # and its numerator and denominator (what disclosure control needs)
    now_denominator: int | None = None


@dataclass(frozen=True)
class LastPanel:
    """The figures of the latest report before the briefing's period ended (indicators.reported)."""

    period: Period
    data_to: dt.date | None       # that report's extent (None: a complete year)
    imported_at: dt.datetime
    figures: dict[str, Reported]


def gather(con: duckdb.DuckDBPyConnection, council: str, period: Period, context: Context,
           tables: list[TableAsk], la_number: str | None, region: str | None,
           own_comparators: Path | None, panel_notes: list[notes.Note]) -> Evidence:
    loaded = loaded_years(con, council)
    if period.return_year not in loaded:
        have = ", ".join(years.label(y) for y in loaded) or "none"
        raise UserError(f"no {years.label(period.return_year)} return is loaded for council {council} (loaded: "
                        f"{have}): a briefing needs the return that covers its period; briefing-tui info lists "
                        "what is loaded")
    # A cohort figure (oc2, oc3, a year's placements) asked for a quarter is the latest complete year's.
    wanted = [i.id for i in shown_at(period)]
    results = evaluate_many(con, wanted, period, council, context)
    earlier = period.year_earlier()
    shown = []
    for ask in tables:
        now = _nested(con, ask, period, council, context)
        before = _nested(con, ask, earlier, council, context) if earlier.return_year in loaded else None
        shown.append((now, before))
    found = comparators.benchmarks(con, council, period, results, la_number, region, own_comparators, context)
    typed = [identifiers.skeleton(t) for n in panel_notes if not n.private for t in (n.text, n.owner)]
    return Evidence(council, period, results, shown, found, panel_notes,
                    [r for r in info.loaded_returns(con) if r.council == council],
                    quarter_sets=quarter_sets(con, council, period, results, context), identifiers=held_in(con, typed),
                    last_panel=last_panel(con, council, period, context),
                    quarter_ends={r.indicator.id: points for r in results if r.period == period
                                  and (points := quarter_ends.trend(con, r.indicator.id, period, council, context))}
                    if period.kind != "year" else {})


def last_panel(con: duckdb.DuckDBPyConnection, council: str, period: Period, context: Context) -> LastPanel | None:
    """What the latest earlier report gave, each figure beside what the data now give for its period."""
    found = reported.last_panel(con, council, period)
    if not found:
        return None
    first = found[0]
    figures = {}
    for r in found:
        ind = get(r.indicator)
        value, numerator, denominator, _ = value_from(ind, Counts(r.rows, r.numerator, r.scored, r.mean, 0), council,
                                                      context)
        try:
            now = evaluate(con, ind.id, r.period, council, context)
            again = (now.value, now.numerator, now.denominator) if now.period == r.period else (None, None, None)
        except UserError:  # its return no longer loaded as it was
            again = (None, None, None)
        figures[ind.id] = Reported(ind.id, value, numerator, denominator, *again)
    return LastPanel(first.period, first.data_to, first.imported_at, figures)


def quarter_sets(con: duckdb.DuckDBPyConnection, council: str, period: Period, results: list[Result],
                 context: Context) -> dict[str, dict[int, QuarterSet]]:
    """Each flow count's quarters in every loaded year, where a public paper needs them: for a
    quarter, always (its figure is one of four that add up to the year's); for a year, only for a
    flow with a year of at most four times the disclosure threshold (a larger year can never be
    hidden to protect its quarters). One evaluation per quarter gives that quarter in every year."""
    threshold = context.suppress_below - 1
    if period.kind not in ("year", "quarter"):
        return {}
    # The year and its quarters are asked of a complete year (each trend gives every loaded year):
    # an in-year extract's year has no figure for its whole or its later quarters (indicators.extent).
    complete = [y for y, data_to in extent.extents(con, council).items() if data_to is None]
    if not complete:
        return {}
    anchor = period.return_year if period.return_year in complete else max(complete)
    out: dict[str, dict[int, QuarterSet]] = {}
    for result in results:
        ind = result.indicator
        if ind.kind is not Kind.FLOW or ind.unit is not Unit.COUNT:
            continue
        if period.kind == "year" and not any(p.numerator is not None and p.numerator <= 4 * threshold
                                             for p in result.trend):
            continue
        whole = (result if period.kind == "year" and anchor == period.return_year
                 else evaluate(con, ind.id, collection_year(anchor), council, context))
        parts = [evaluate(con, ind.id, quarter(anchor, n), council, context) for n in (1, 2, 3, 4)]
        by_year = [{p.year: p.numerator for p in r.trend} for r in (whole, *parts)]
        for year, total in by_year[0].items():
            q1, q2, q3, q4 = (q.get(year) for q in by_year[1:])
            if total is not None and q1 is not None and q2 is not None and q3 is not None and q4 is not None:
                out.setdefault(ind.id, {})[year] = QuarterSet(total, (q1, q2, q3, q4), ind.additive)
    return out


def _nested(con: duckdb.DuckDBPyConnection, ask: TableAsk, period: Period, council: str, context: Context) -> Nested:
    threshold = context.suppress_below
    top = breakdown(con, ask.indicator, period, council, ask.dimension, suppress_below=threshold)
    within = {}
    if ask.within:
        for row in top.rows:
            within[row.label] = breakdown(con, ask.indicator, period, council, ask.within,
                                          filters={ask.dimension: row.label}, suppress_below=threshold)
    return Nested(ask, top, within)
