"""Figures a public paper hides together, because beside each other they would give a small number away.

Each indicator's declaration says how it relates to others (``Indicator.part_of``,
``same_base_as``, ``complement_of``); this module protects those relations generically, so that a
new indicator declared with its relations is protected without a line here, and no module of the
briefing names an indicator:

- **part of**: a count among another's children (UASC among all children looked after), or a
  share's base among a count's (care leavers less those who died or went home, among all care
  leavers): the whole, the part and the rest are protected as a table. A share's base is never
  printed, but it is treated as known (several whole percentages of one base narrow it), so only
  the whole can be hidden to protect the rest. A part that is the whole (a rate is its count per
  10,000) is hidden whenever the whole is.
- **complement of**: two shares of one base whose children never overlap (EET and NEET): they and
  the rest (neither) are protected as a table; so are the groups the published comparators are cut
  to (aged 19 to 21) and the rest of the base beside them.
- **the year's quarters**: a flow's quarters add up to its year (``quarter_links``).

Every function returns, per indicator id, the collection years in which it is hidden.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from briefing_tui.briefing import disclosure
from briefing_tui.briefing.assess import hidden
from briefing_tui.indicators import quarter_ends
from briefing_tui.indicators.dimensions import DIMENSIONS
from briefing_tui.indicators.evaluate import Point, Result
from briefing_tui.indicators.evidence import Evidence
from briefing_tui.indicators.periods import Period
from briefing_tui.indicators.registry import Indicator, base_anchor, get

Linked = dict[str, set[int]]


def linked_years(results: list[Result], threshold: int) -> Linked:
    """Years in which a figure is hidden because a figure it is declared part of, or complementary
    to, would give a small number away beside it."""
    points = {r.indicator.id: {p.year: p for p in r.trend} for r in results}
    by_id = {r.indicator.id: r.indicator for r in results}
    out: Linked = {}
    bases_done: set[str] = set()
    for ind in by_id.values():
        # A share's base is its group's (same_base_as): the group's part_of is checked once, on the
        # first of its shares the paper states.
        whole = base_anchor(ind).part_of if ind.is_share else ind.part_of
        if ind.is_share and (not whole or base_anchor(ind).id in bases_done):
            continue
        if whole and whole in by_id:
            bases_done.add(base_anchor(ind).id)
            _parts(ind, by_id[whole], points, threshold, out)
        if ind.complement_of and ind.complement_of in by_id:
            other = by_id[ind.complement_of]
            for year, mine in points.get(ind.id, {}).items():
                theirs = points.get(other.id, {}).get(year)
                if theirs is None:
                    continue

                def hide(found: str, year: int = year) -> None:
                    out.setdefault(found, set()).add(year)

                _complements((ind.id, other.id), mine.denominator, (mine.numerator, theirs.numerator),
                             theirs.denominator, threshold, hide)
    return out


def _parts(part: Indicator, whole: Indicator, points: dict[str, dict[int, Point]], threshold: int,
           out: Linked) -> None:
    for year, p in points.get(part.id, {}).items():
        w = points.get(whole.id, {}).get(year)
        x = p.denominator if part.is_share else p.numerator
        if w is None or x is None or w.numerator is None:
            continue
        tree = disclosure.protect(disclosure.Node(whole.id, w.numerator, [
            disclosure.Node(part.id, x, fixed=part.is_share), disclosure.Node("rest", w.numerator - x)]), threshold)
        if tree.suppressed:
            out.setdefault(whole.id, set()).add(year)
        if tree.children[0].suppressed and not part.is_share:
            out.setdefault(part.id, set()).add(year)


def _complements(ids: tuple[str, str], base: int | None, counted: tuple[int | None, int | None],
                 other_base: int | None, threshold: int, hide: Callable[[str], None]) -> None:
    """A base's two never-overlapping shares and the rest, protected as a table; ``hide(id)`` for each
    share that must go."""
    if base is None or None in counted or other_base != base:
        return
    a, b = counted
    assert a is not None and b is not None
    group = disclosure.protect(disclosure.Node("base", base, [
        disclosure.Node(ids[0], a), disclosure.Node(ids[1], b), disclosure.Node("neither", base - a - b)]),
        threshold)
    for node in group.children[:2]:
        if node.suppressed or group.suppressed:
            hide(node.label)


def same_counts(results: list[Result], linked: Linked) -> Linked:
    """A part that is its whole (a rate and its count) hidden in every year the other is."""
    points = {r.indicator.id: {p.year: p for p in r.trend} for r in results}
    for r in results:
        ind = r.indicator
        if not ind.part_of or ind.is_share:
            continue
        for year, p in points.get(ind.id, {}).items():
            w = points.get(ind.part_of, {}).get(year)
            if w is None or w.numerator != p.numerator:
                continue
            if year in linked.get(ind.part_of, set()) or year in linked.get(ind.id, set()):
                linked.setdefault(ind.id, set()).add(year)
                linked.setdefault(ind.part_of, set()).add(year)
    return linked


def hidden_comparables(evidence: Evidence, threshold: int) -> set[str]:
    """Complementary shares compared with the DfE's figures for a group (care leavers aged 19-21):
    that group's shares and the rest, and the other care leavers' beside them (the whole figure
    less the group), protected as tables like the whole figure's."""
    by_id = {r.indicator.id: r for r in evidence.results}
    out: set[str] = set()
    for result in evidence.results:
        ind = result.indicator
        other = by_id.get(ind.complement_of)
        mine, theirs = evidence.benchmarks.get(ind.id), evidence.benchmarks.get(ind.complement_of)
        if other is None or mine is None or theirs is None:
            continue
        if (mine.council_numerator is None or theirs.council_numerator is None or mine.council_denominator is None
                or result.numerator is None or other.numerator is None or result.denominator is None
                or mine.council_denominator != theirs.council_denominator):
            continue
        group = (mine.council_denominator, (mine.council_numerator, theirs.council_numerator))
        rest = (result.denominator - group[0], (result.numerator - group[1][0], other.numerator - group[1][1]))
        for base, counted in (group, rest):
            _complements((ind.id, other.indicator.id), base, counted, base, threshold, out.add)
    return out


def quarter_links(evidence: Evidence, threshold: int) -> Linked:
    """Years in which a flow's figure for this period is hidden to protect its year's other public
    figures: the year's own and each quarter's are published, so a small quarter could be worked
    out from the year less the other three (``disclosure.quarter_tree``)."""
    out: Linked = {}
    for indicator_id, sets in evidence.quarter_sets.items():
        for year, found in sets.items():
            node = disclosure.node_for(disclosure.protect(disclosure.quarter_tree(found), threshold),
                                       evidence.period)
            if node is not None and node.suppressed:
                out.setdefault(indicator_id, set()).add(year)
    return out


def quarter_end_links(evidence: Evidence, threshold: int) -> dict[str, set[dt.date]]:
    """The quarter ends at which a public paper's quarter-ends table hides each figure: every point
    is that day's figure, so it is hidden as that day's own public paper hides it (``_hidden_by_day``)."""
    on_days = [replace(r, trend=tuple(replace(p, year=quarter_ends.day(p).toordinal()) for p in points))
               for r in evidence.results if (points := evidence.quarter_ends.get(r.indicator.id))]
    return {i: {dt.date.fromordinal(d) for d in days} for i, days in _hidden_by_day(on_days, threshold).items()}


def hidden_on_the_day(figures: Mapping[str, tuple[int | None, int | None]], period: Period,
                      threshold: int) -> set[str]:
    """Which of one day's (or year's) figures, given as (numerator, denominator) by indicator id, a
    public paper of that period hides (``_hidden_by_day``). For figures reprinted from an earlier
    report ("since the last panel"), so they are printed as that period's own public paper would."""
    year = period.return_year
    made = [Result(get(i), "", period, None, n, d, None, "", None, (Point(str(year), year, None, n, d),), (), {})
            for i, (n, d) in figures.items()]
    return set(_hidden_by_day(made, threshold))


def _hidden_by_day(results: list[Result], threshold: int) -> Linked:
    """For figures whose trend points are each one day's figure (keyed by ``Point.year``), the days
    on which a public paper of that day hides each: its small numbers, the figures declared related
    to it that day (``linked_years`` and ``same_counts`` read each day as they read each year), and
    what its breakdown tables might have hidden (``_tables_might_hide``)."""
    linked = same_counts(results, merge((linked_years(results, threshold), _tables_might_hide(results, threshold))))
    out: Linked = {}
    for r in results:
        for point in r.trend:
            if point.year in linked.get(r.indicator.id, set()) or hidden(r.indicator, point.numerator,
                                                                         point.denominator, threshold):
                out.setdefault(r.indicator.id, set()).add(point.year)
    return out


CODED_GROUPS_MOST = 20  # a breakdown by codes (legal status: 13 codes, with "Not recorded" and any other)


def _tables_might_hide(results: list[Result], threshold: int) -> Linked:
    """A paper hides a figure whose breakdown tables it prints when a table cannot be protected
    without hiding its total (``breakdown_tables.protected_tables``); a day's figure printed in
    another paper (a quarter end's, a report's), without that day's tables to hand, is hidden
    whenever they might have done so: a total is hidden only when every group in its table is,
    which needs each to be at most the threshold, so a count above the threshold times the groups
    its tables can have is always safe."""
    out: Linked = {}
    for r in results:
        groups = [len(DIMENSIONS[t.dimension].labels) or CODED_GROUPS_MOST for t in r.indicator.tables]
        if not groups:
            continue
        for p in r.trend:
            if p.numerator is not None and p.numerator <= threshold * max(groups):
                out.setdefault(r.indicator.id, set()).add(p.year)
    return out


def merge(found: Iterable[Linked]) -> Linked:
    out: Linked = {}
    for linked in found:
        for key, years_hidden in linked.items():
            out.setdefault(key, set()).update(years_hidden)
    return out
