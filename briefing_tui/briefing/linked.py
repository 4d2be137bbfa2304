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

from collections.abc import Callable, Iterable

from briefing_tui.briefing import disclosure
from briefing_tui.indicators.evaluate import Point, Result
from briefing_tui.indicators.evidence import Evidence
from briefing_tui.indicators.registry import Indicator, base_anchor

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


def merge(found: Iterable[Linked]) -> Linked:
    out: Linked = {}
    for linked in found:
        for key, years_hidden in linked.items():
            out.setdefault(key, set()).update(years_hidden)
    return out
