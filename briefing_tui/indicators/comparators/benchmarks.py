"""A council's figures beside England's, its region's and its statistical neighbours': which of our
indicators line up with which published measure (each declaration's ``comparator``), and the
benchmark of each for a period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb

from briefing_tui.indicators.comparators.own_file import load_own_file
from briefing_tui.indicators.comparators.published import (
    _LOCK,
    ATTRIBUTION,
    ENGLAND,
    NEIGHBOURS_SOURCE,
    Figure,
    Measure,
    _council,
    _Own,
    published,
    region_area,
)
from briefing_tui.indicators.evaluate import Context, Result, evaluate
from briefing_tui.indicators.flags import Flag
from briefing_tui.indicators.periods import Period
from briefing_tui.indicators.registry import all_indicators


@dataclass(frozen=True)
class Mapping:
    """How an indicator of ours lines up with a published measure."""

    indicator_id: str
    measure_id: str
    filters: dict[str, str] = field(default_factory=dict)  # dimension -> label making our figure comparable
    differs: str = ""  # "" when the definitions match, else one plain sentence for a councillor


def mappings() -> dict[str, Mapping]:
    """Every indicator's published comparator, as its declaration names it (``Indicator.comparator``)."""
    return {ind.id: Mapping(ind.id, ind.comparator.measure, dict(ind.comparator.filters), ind.comparator.differs)
            for ind in all_indicators() if ind.comparator is not None}


@dataclass(frozen=True)
class Benchmark:
    indicator_id: str
    measure: Measure
    mapping: Mapping
    council_value: float | None   # the council's figure computed the comparable way (mapping.filters)
    council_numerator: int | None    # ... and its parts, as evaluate gives them (for small-number checks)
    council_denominator: int | None
    council_flags: tuple[Flag, ...]   # ... and its flags (small numbers, data-quality findings)
    year: int                     # the publication year used (year ending 31 March)
    year_is_period: bool          # True: the period's own collection year; False: the latest before it
    year_note: str                # "" when year_is_period and the period is a whole year; else why
    england: Figure | None
    region: Figure | None
    neighbours: tuple[Figure, ...]  # the ten statistical neighbours, in the DfE's order
    neighbour_average: float | None  # mean of the neighbours with a value
    neighbours_with_value: int
    rank: int | None              # among the council and its neighbours with values; ties share a rank
    rank_of: int                  # how many were ranked (0: nothing to rank)
    rank_order: str               # what rank 1 means, e.g. "1 = lowest (the DfE: lower is better)"
    ranked_value: float | None    # council_value rounded as the DfE publishes the measure: what is ranked
    council_published: Figure | None  # a real council's own published figure that year
    source: str


# --- benchmarks -------------------------------------------------------------------------------------

def benchmarks(con: duckdb.DuckDBPyConnection, council: str, period: Period, results: list[Result],
               la_number: str | None,
               region: str | None, own_file: Path | None = None,
               context: Context | None = None) -> dict[str, Benchmark]:
    """The published comparators of each mapped indicator among ``results`` (one period's), by indicator id.

    A real council (``la_number``, e.g. "302") gets England, its region (from the published data;
    ``region`` is then not read) and its ten statistical neighbours, and its own published figure. A
    council the DfE does not publish (the demo: ``la_number`` None) gets England and the ``region``
    named, if any. The publication year is the period's collection year where the measure is
    published for it, else the latest published year before it; an indicator with no published year
    at or before the period has no benchmark. ``own_file`` adds to, and replaces, published figures.
    """
    pub = published()
    own = load_own_file(Path(own_file)) if own_file else None
    if la_number is not None and str(la_number).strip():
        la, _, region_name = _council(pub, own, la_number)
        neighbour_list = pub.neighbours.get(la, ())
    else:
        la, neighbour_list = "", ()
        region_name = region_area(region) if region and region.strip() else ""
    region_la = pub.regions.get(region_name, "")

    wanted = []  # (result, mapping, measure, year)
    found_mappings = mappings()
    for result in results:
        mapping = found_mappings.get(result.indicator.id)
        if mapping is None:
            continue
        measure = pub.measures[mapping.measure_id]
        years = pub.england_years.get(measure.id, frozenset()) | (own.england_years.get(measure.id, frozenset())
                                                                 if own else frozenset())
        usable = [y for y in years if y <= result.period.return_year]  # a complete year's figure given for a
        # quarter (indicators.extent) is that year's, so compared with that year's
        if usable:
            wanted.append((result, mapping, measure, max(usable)))
    if not wanted:
        return {}

    areas = [code for code in (ENGLAND, region_la, la, *(n for n, _ in neighbour_list)) if code]
    found: dict[tuple[str, int, str], Figure] = {}
    with _LOCK:
        cursor = pub.con.cursor()  # a connection of its own: callers may be on several threads
    try:
        for mid, year, code, area, text, value in cursor.execute(
                "SELECT measure, year, la_number, area, published, value FROM figures "
                "WHERE measure IN (SELECT unnest($m)) AND year IN (SELECT unnest($y)) "
                "AND la_number IN (SELECT unnest($a))",
                {"m": sorted({m.id for _, _, m, _ in wanted}), "y": sorted({y for *_, y in wanted}),
                 "a": areas}).fetchall():
            found[(mid, year, code)] = Figure(area, code, year, value, text)
    finally:
        cursor.close()
    if own:
        found.update(own.rows)

    out = {}
    for result, mapping, measure, year in wanted:
        def figure(code: str, name: str = "", measure: Measure = measure, year: int = year) -> Figure | None:
            if not code:
                return None
            return area_figure(code, name, measure, year)

        def area_figure(code: str, name: str, measure: Measure = measure, year: int = year) -> Figure:
            return found.get((measure.id, year, code)) or Figure(name, code, year, None, "")

        neighbours = tuple(area_figure(code, name) for code, name in neighbour_list)
        values = [f.value for f in neighbours if f.value is not None]
        comparable = _comparable(con, council, result.period, result, mapping, context)
        council_value = comparable.value
        ranked = _as_published(council_value, pub.decimals.get(measure.id, 0))
        rank, rank_of = _rank(ranked, values, measure.polarity)
        figures = [figure(ENGLAND), figure(region_la, region_name), figure(la), *neighbours]
        out[mapping.indicator_id] = Benchmark(
            indicator_id=mapping.indicator_id, measure=measure, mapping=mapping, council_value=council_value,
            council_numerator=comparable.numerator, council_denominator=comparable.denominator,
            council_flags=tuple(comparable.flags),
            year=year, year_is_period=year == result.period.return_year,
            year_note=_year_note(measure, year, result.period),
            england=figure(ENGLAND), region=figure(region_la, region_name), neighbours=neighbours,
            neighbour_average=sum(values) / len(values) if values else None, neighbours_with_value=len(values),
            rank=rank, rank_of=rank_of, rank_order=_rank_order(measure.polarity), ranked_value=ranked,
            council_published=figure(la), source=_source(measure, year, bool(neighbours), own, figures))
    return out


def _comparable(con: duckdb.DuckDBPyConnection, council: str, period: Period, result: Result, mapping: Mapping,
                context: Context | None) -> Result:
    """The council's result cut the way the published figure is (the result itself when it already is)."""
    if {k: v.lower() for k, v in result.filters.items()} == {k: v.lower() for k, v in mapping.filters.items()}:
        return result
    return evaluate(con, mapping.indicator_id, period, council, context, filters=mapping.filters)


def _as_published(value: float | None, decimals: int) -> float | None:
    """Rounded as the DfE publishes the measure (half up: 54.5 -> 55), so a tie with a neighbour is a tie."""
    if value is None:
        return None
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _rank(value: float | None, others: list[float], polarity: str) -> tuple[int | None, int]:
    if value is None or not others:
        return None, 0
    better = [v for v in others if (v < value if polarity == "Low" else v > value)]
    return 1 + len(better), 1 + len(others)


def _rank_order(polarity: str) -> str:
    if polarity == "High":
        return "1 = highest (the DfE: higher is better)"
    if polarity == "Low":
        return "1 = lowest (the DfE: lower is better)"
    return "1 = highest (the DfE gives no better direction: ranked from the highest value, not best to worst)"


def _year_note(measure: Measure, year: int, period: Period) -> str:
    notes = []
    if year != period.return_year:
        notes.append(f"The DfE has not published {measure.title} for the year ending 31 March "
                     f"{period.return_year}; the latest published year before it, {year}, is shown.")
    if period.kind != "year":
        notes.append(f"The council's figure is for {period.label}; the published figures are for the year "
                     f"ending 31 March {year}.")
    return " ".join(notes)


def _source(measure: Measure, year: int, has_neighbours: bool, own: _Own | None,
            figures: list[Figure | None]) -> str:
    parts = [f"DfE published figures, {measure.id} ({measure.title}), year ending 31 March {year}"]
    if has_neighbours:
        parts.append(f"statistical neighbours: {NEIGHBOURS_SOURCE}")
    if own and any(f is not None and f.own_file for f in figures):
        parts.append(f"figures marked as the council's own from {own.path.name}")
    return "; ".join(parts) + ". " + ATTRIBUTION
