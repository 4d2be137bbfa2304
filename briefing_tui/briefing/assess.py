"""One indicator as a paper states it: rated against its target or England, hidden where a public
paper must hide it, and its figures rounded to what is printed. Every section draws on the
``Assessed`` figures made here; nothing here queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from briefing_tui.briefing import disclosure, narrative
from briefing_tui.briefing import figure_text as fmt
from briefing_tui.briefing.model import Comparators, Figure, PlaceFigure
from briefing_tui.briefing.rag import Rating, judge
from briefing_tui.indicators import comparators
from briefing_tui.indicators.evaluate import Point, Result, small_counts
from briefing_tui.indicators.flags import FlagKind
from briefing_tui.indicators.registry import Indicator, Unit
from briefing_tui.ssda903 import years

RESTRICTED = "OFFICIAL-SENSITIVE"
Rounder = Callable[[float | None], float | None]  # a figure as a paper may give it (see rounder)


PUBLIC = "OFFICIAL"


@dataclass(frozen=True)
class Options:
    council_name: str
    generated: dt.datetime
    panel: str = "Corporate Parenting Panel"
    public: bool = False
    threshold: int = disclosure.DEFAULT_THRESHOLD
    targets: Mapping[str, float] = field(default_factory=dict)
    tolerance: float = 5.0
    small_base: int = 10
    england_gap: float = 5.0
    synthetic: bool = False       # the demo borough: said on the cover

    @property
    def precision(self) -> fmt.Precision:
        """How finely this paper prints its figures (public percentages whole)."""
        return fmt.PUBLIC if self.public else fmt.RESTRICTED


@dataclass(frozen=True)
class Assessed:
    """One indicator after rating and suppression: what every section draws on."""

    result: Result
    facts: narrative.Facts
    figure: Figure
    rating: Rating | None
    earlier_rating: Rating | None     # a year earlier, against the same reference
    benchmark: comparators.Benchmark | None
    trend: tuple[Point, ...]          # suppressed years' values None

    @property
    def indicator(self) -> Indicator:
        return self.result.indicator


def hidden(indicator: Indicator, numerator: int | None, denominator: int | None, threshold: int) -> bool:
    """Whether a figure would let a reader see or work out 1 to ``threshold`` children: a count, a
    share's numerator, denominator or the rest, an average's number of scores, a rate's count."""
    if numerator is None:
        return False
    # A result's numerator is a share's part, an average's number of scores, a count or rate's count.
    rows = denominator if indicator.is_share and denominator is not None else numerator
    return any(disclosure.is_small(n, threshold) for n in small_counts(indicator, rows, numerator, numerator))


def assess(result: Result, bench: comparators.Benchmark | None, o: Options, linked: set[int],
            comparable_linked: bool = False) -> Assessed:
    ind = result.indicator
    public = o.public
    year = result.period.return_year

    def hides(point: Point | None) -> bool:
        return public and point is not None and point.value is not None and (
            point.year in linked or hidden(ind, point.numerator, point.denominator, o.threshold))

    current = Point(str(year), year, result.value, result.numerator, result.denominator)
    suppressed = hides(current)
    previous = result.previous
    previous_suppressed = hides(previous)
    trend = tuple(replace(p, value=None, numerator=None, denominator=None) if hides(p) else p
                  for p in result.trend)
    target = o.targets.get(ind.id)
    england = region = neighbours = None
    comparable = ""
    comparable_value = None
    comparable_num = comparable_den = None
    comparable_suppressed = False
    if bench is not None:
        bench_year = years.label(bench.year)
        england = _comparator(bench.england, "England", bench_year)
        region = _comparator(bench.region, bench.region.area if bench.region else "", bench_year)
        if bench.neighbours:
            neighbours = narrative.Neighbours(bench.neighbour_average, bench.rank, bench.rank_of, bench_year,
                                              bench.measure.polarity not in ("High", "Low"))
        if bench.mapping.filters:
            comparable = "; ".join(f"{v.lower()}" for v in bench.mapping.filters.values())
            comparable = f"{ind.counts} aged {comparable.removeprefix('aged ')}" if "to" in comparable else comparable
            comparable_value = bench.council_value
            comparable_num, comparable_den = bench.council_numerator, bench.council_denominator
            # the group compared, and the rest of the figure beside it (17-18s, any outside 17-21): both safe
            rest = (None if comparable_num is None or result.numerator is None
                    else result.numerator - comparable_num,
                    None if comparable_den is None or result.denominator is None
                    else result.denominator - comparable_den)
            comparable_suppressed = public and (suppressed or comparable_linked
                                                or hidden(ind, comparable_num, comparable_den, o.threshold)
                                                or hidden(ind, rest[0], rest[1], o.threshold))
        else:
            comparable_value = result.value
            comparable_suppressed = suppressed
    rating = earlier = None
    against = ""
    if target is not None:
        unit = "%" if ind.unit is Unit.PERCENT else ""
        words = f"target ({target:g}{unit})"
        rating = judge(result.value, ind.polarity, target, o.tolerance, words)
        earlier = judge(result.comparison, ind.polarity, target, o.tolerance, words)
        against = "target"
    elif england is not None and england.value is not None:
        words = f"England ({narrative.published(england.value, ind.unit)}, {england.year})"
        if comparable and comparable_value is not None:
            words += f", compared for {comparable} ({narrative.amount(comparable_value, ind.unit, o.precision)})"
        ranked = bench.ranked_value if bench is not None and bench.ranked_value is not None else comparable_value
        rating = judge(ranked, ind.polarity, england.value, o.tolerance, words)
        if not (bench and bench.mapping.filters):
            earlier = judge(result.comparison, ind.polarity, england.value, o.tolerance, words)
        against = "England"
    if suppressed or (against == "England" and comparable_suppressed):
        rating = earlier = None

    def few(base: int | None) -> bool:  # a share of a handful of children swings too far to be rated
        return ind.is_share and base is not None and base < o.small_base

    if few(comparable_den if against == "England" and bench is not None and bench.mapping.filters
           else result.denominator):
        rating = earlier = None
    if previous_suppressed or few(result.comparison_denominator or 0):
        earlier = None
    # A public paper gives a share as a percentage only: the bases of several shares of one cohort
    # (under 5s, 5-16s, 10 and over) would let a reader subtract their way to a small group.
    bases_hidden = public and ind.is_share
    facts = narrative.Facts(
        indicator=ind, period=result.period,
        value=None if suppressed else result.value,
        numerator=None if suppressed or (public and (result.value is None or ind.is_share or ind.score))
        else result.numerator,
        denominator=None if suppressed or (public and (ind.score or ind.is_share or result.value is None))
        else result.denominator,
        previous=None if previous_suppressed else result.comparison,
        change=None if suppressed or previous_suppressed else result.change,
        previous_numerator=None if previous_suppressed or bases_hidden else result.comparison_numerator,
        previous_denominator=None if previous_suppressed or bases_hidden else result.comparison_denominator,
        suppressed=suppressed, previous_suppressed=previous_suppressed,
        no_figure="; ".join(f.text for f in result.flags if f.kind is FlagKind.NO_VALUE),
        target=target, rating=rating, rated_against=against if rating else "",
        comparable=comparable,
        comparable_value=None if comparable_suppressed else comparable_value,
        comparable_numerator=None if comparable_suppressed or bases_hidden else comparable_num,
        comparable_denominator=None if comparable_suppressed or bases_hidden else comparable_den,
        comparable_suppressed=comparable_suppressed,
        england=england, region=region, neighbours=neighbours, small_base=o.small_base,
        council_name=o.council_name,
        small=few(result.denominator) or few(result.comparison_denominator), precision=o.precision)
    shown = rounder(o.precision if public else None, ind.unit)
    figure = Figure(
        indicator=ind.id, title=ind.title, unit=ind.unit.value, polarity=ind.polarity.value, area=ind.area,
        principles=ind.principles, value=shown(facts.value), shown=narrative.short(facts),
        numerator=facts.numerator, denominator=facts.denominator, previous=shown(facts.previous),
        change=shown(facts.change),
        trend={years.label(p.year): shown(p.value) for p in trend}, target=target,
        rating=rating.colour if rating else "", rating_reason=rating.words if rating else "",
        suppressed=suppressed,
        comparators=_comparators_json(bench, facts, shown) if bench else Comparators(),
        flags=tuple(f.public_text if public else f.text for f in result.flags
                    if not (public and f.kind is FlagKind.SMALL_NUMBERS)))
    return Assessed(result, facts, figure, rating, earlier, bench, trend)


def _comparator(found: comparators.Figure | None, name: str, year: str) -> narrative.Comparator | None:
    if found is None:
        return None
    if found.own_file:
        name += " (the council's own figure)"
    return narrative.Comparator(name, found.value, years.label(found.year) if found.year else year)


def rounder(precision: fmt.Precision | None, unit: Unit = Unit.COUNT) -> Rounder:
    """Public figures carry no more precision than they are printed with (``precision``; None:
    unrounded): 59.32203389830509 would say the base was 59 (35 of 59). (``+ 0`` turns a change that
    rounds to -0.0 into 0.0.)"""
    if precision is None:
        return lambda v: v
    places = fmt.places(unit, precision)
    return lambda v: None if v is None else round(v, places) + 0


def _comparators_json(bench: comparators.Benchmark, facts: narrative.Facts, shown: Rounder) -> Comparators:
    out: Comparators = {"measure": bench.measure.id, "measure_title": bench.measure.title,
                        "year": years.label(bench.year), "compared_group": facts.comparable or "as the indicator",
                        "council": shown(facts.comparable_value), "differs": bench.mapping.differs}
    if facts.england is not None:
        out["england"] = _place(facts.england)
    if facts.region is not None:
        out["region"] = _place(facts.region)
    if facts.neighbours is not None:
        rank_hidden = facts.comparable_suppressed
        out["statistical_neighbours"] = {"average": shown(facts.neighbours.average), "year": facts.neighbours.year,
                                         "rank": None if rank_hidden else facts.neighbours.rank,
                                         "of": facts.neighbours.of,
                                         "areas": [{"area": n.area, "value": n.value} for n in bench.neighbours]}
    return out


def _place(c: narrative.Comparator) -> PlaceFigure:
    return {"area": c.name, "value": c.value, "year": c.year}
