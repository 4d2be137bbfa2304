"""The breakdown tables a paper prints (children looked after by age, legal status, placement...):
this period's beside a year earlier's, as trees of groups and sub-groups, suppressed together in a
public paper with the headline they add up to.
"""

from __future__ import annotations

from collections.abc import Iterator

from briefing_tui.briefing import disclosure
from briefing_tui.briefing import figure_text as fmt
from briefing_tui.briefing.assess import Options
from briefing_tui.briefing.model import Cell, Table
from briefing_tui.indicators.evidence import Evidence, Nested
from briefing_tui.indicators.registry import Indicator, get
from briefing_tui.ssda903 import years
from briefing_tui.ssda903.meanings import described

# A breakdown's asks (this period, a year earlier: None when not loaded) and their trees, as protected
ProtectedTable = tuple[Nested, Nested | None, disclosure.Node, disclosure.Node | None]


def protected_tables(evidence: Evidence, o: Options, linked: dict[str, set[int]]) -> list[ProtectedTable]:
    """Every breakdown table's trees (this period, a year earlier), suppressed together with the
    headline they share: a total hidden in one table, or as the headline, is hidden in them all (8
    children shown as a headline would undo an age table's two hidden cells of 4), and the tables
    are protected again until nothing changes. ``linked`` gains the headline years so hidden."""
    out = [(ask_now, ask_before, *trees(ask_now, ask_before)) for ask_now, ask_before in evidence.tables]
    if not o.public:
        return out
    year_now = evidence.period.return_year
    while True:
        hidden_totals: dict[str, set[int]] = {}
        for now, _before, a, b in out:
            for tree_, year in ((a, year_now), (b, year_now - 1)):
                if tree_ is None:
                    continue
                if year in linked.get(now.ask.indicator, set()):
                    tree_.suppressed = True
                disclosure.protect(tree_, o.threshold)
                if tree_.suppressed:
                    hidden_totals.setdefault(now.ask.indicator, set()).add(year)
        grew = False
        for indicator, found in hidden_totals.items():
            known = linked.setdefault(indicator, set())
            if not found <= known:
                known |= found
                grew = True
        if not grew:
            break
    return out


def breakdown_table(now: Nested, tree_now: disclosure.Node, tree_before: disclosure.Node | None,
                    o: Options) -> Table:
    """A breakdown (with sub-groups) of this period beside a year earlier: counts, % of all, change.
    In a public briefing the trees come suppressed (``protected_tables``) and a change or percentage
    is shown only between cells both shown."""
    earlier = {path: node for path, node in _paths(tree_before)} if tree_before is not None else {}
    counted = get(now.ask.indicator)
    rows = []
    for path, node in _paths(tree_now):
        depth = len(path) - 1
        if depth < 0:
            continue
        old = earlier.get(path)
        rows.append(_breakdown_row(counted, node, old, tree_now.count, depth, tree_before is not None))
    rows.append(_breakdown_row(counted, tree_now, tree_before, tree_now.count, 0, tree_before is not None,
                               label="All"))
    period = now.top.period
    return Table(f"{now.ask.caption}, {period.label}" if now.ask.caption else f"{now.top.indicator_id}",
                 ("Group", f"{years.label(period.return_year)}", "% of all", "A year earlier", "Change"),
                 tuple(rows), (False, True, True, True, True),
                 notes=("Counts of children" + ("; sub-groups are indented under their group." if now.ask.within
                                                     else "."),) +
                 ((f"c: {disclosure.SYMBOLS['c']}.",) if o.public else ()))


def _breakdown_row(counted: Indicator, node: disclosure.Node, old: disclosure.Node | None, total: int, depth: int,
                   loaded: bool, label: str = "") -> tuple[Cell, ...]:
    count = Cell(disclosure.shown(node.count, node.suppressed), None if node.suppressed else float(node.count))
    share = Cell("" if node.suppressed or not total else f"{node.count / total * 100:.1f}%",
                 None if node.suppressed or not total else node.count / total * 100)
    if not loaded:
        before = Cell("")
    elif old is None:
        before = Cell("0", 0.0)
    else:
        before = Cell(disclosure.shown(old.count, old.suppressed), None if old.suppressed else float(old.count))
    change = Cell("")
    if loaded and not node.suppressed and (old is None or not old.suppressed):
        diff = node.count - (old.count if old else 0)
        change = Cell(fmt.change_of(diff, counted).number, float(diff))
    return (Cell(label or node.label, indent=depth), count, share, before, change)


def trees(now: Nested, before: Nested | None) -> tuple[disclosure.Node, disclosure.Node | None]:
    """This period's and a year earlier's trees with the same groups (a group with no children one
    year is a 0 that year), so each column adds up to its total and rows compare like with like."""
    a = tree(now)
    if before is None:
        return a, None
    b = tree(before)
    _align(a, b)
    _align(b, a)
    return a, b


def _align(into: disclosure.Node, other: disclosure.Node) -> None:
    """Add to ``into`` a 0 for each group ``other`` has and it lacks, at every level."""
    have = {c.label: c for c in into.children}
    for c in other.children:
        if c.label not in have:
            have[c.label] = disclosure.Node(c.label, 0)
            into.children.append(have[c.label])
        _align(have[c.label], c)


def tree(nested: Nested) -> disclosure.Node:
    """A breakdown as a tree of counts: the total, its groups, each group's sub-groups (labelled with
    their codes' meanings: "C2 Full care order")."""
    root = disclosure.Node("All", nested.top.total or 0)
    for row in nested.top.rows:
        node = disclosure.Node(described(nested.ask.dimension, row.label), row.numerator)
        sub = nested.within.get(row.label)
        if sub is not None:
            node.children = [disclosure.Node(described(nested.ask.within, r.label), r.numerator) for r in sub.rows]
        root.children.append(node)
    return root


def _paths(root: disclosure.Node, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], disclosure.Node]]:
    """(labels from the top, node) for every cell below ``root``, in reading order."""
    for child in root.children:
        here = path + (child.label,)
        yield here, child
        yield from _paths(child, here)
