"""Small-number suppression for public briefings: primary and secondary, at every level of a table.

A count of 1 to the threshold could identify a child, so a public paper shows it as ``c`` (the
DfE's symbol). That alone is not enough: a suppressed cell can be worked out from its table's total
less the cells shown, and two suppressed cells of 1 each from a total that leaves 2. So cells are
suppressed until every suppressed cell has at least two values consistent with everything
published, whether a reader assumes the hidden cells are any positive number or, knowing the rule,
only 1 to the threshold. A table is a tree (a total, its groups, their sub-groups): each group's
children are protected against the group's own total, and a group that cannot be protected within
itself is suppressed whole, which passes the problem up a level. A suppressed group's children are
all suppressed (publishing them would add up to it).

Zeros are shown (a cell of 0 children identifies nobody) and never chosen as secondary cells, so a
reader learns nothing from which cells are hidden except that each is at least 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from briefing_tui.errors import UserError
from briefing_tui.indicators import periods
from briefing_tui.indicators.evidence import QuarterSet
from briefing_tui.indicators.periods import Period
from briefing_tui.indicators.registry import Indicator, Kind

SYMBOLS = {
    "c": "confidential: a small number that could identify a child, or a figure from which one could be "
         "worked out",
    "z": "not applicable",
    "x": "not available",
    "k": "a figure that rounds to zero but is not zero",
}
DEFAULT_THRESHOLD = 4


def is_small(count: int | None, threshold: int) -> bool:
    return count is not None and 0 < count <= threshold


@dataclass
class Node:
    """One cell of a table: a label, its count, and the cells it is the total of."""

    label: str
    count: int
    children: list[Node] = field(default_factory=list)
    suppressed: bool = False
    fixed: bool = False   # known to a reader whatever is printed (a share's base): never hidden to protect another

    def walk(self) -> Iterable[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


def protect(root: Node, threshold: int = DEFAULT_THRESHOLD) -> Node:
    """Mark the cells of ``root`` (in place) that a public table must show as ``c``; returns it.
    A cell already marked (hidden elsewhere: the same total in another table) stays hidden."""
    for node in root.walk():
        node.suppressed = node.suppressed or is_small(node.count, threshold)
    changed = True
    while changed:
        changed = False
        for node in list(root.walk()):
            if node.suppressed:
                for child in node.walk():
                    if not child.suppressed:
                        child.suppressed = changed = True
                continue
            if node.children and _exposed(node.count, node.children, threshold):
                spare = [c for c in node.children if not c.suppressed and not c.fixed and c.count > 0]
                # the smallest cell shown; all of them when several tie, or a reader who knows the rule
                # could tell which of two equal cells was taken, and so which hidden cell is which
                smallest = min((c.count for c in spare), default=None)
                targets = [c for c in spare if c.count == smallest] or [node]
                for target in targets:
                    target.suppressed = True
                changed = True
    return root


def _exposed(total: int, cells: list[Node], threshold: int) -> bool:
    """Whether any hidden cell among ``cells`` can be worked out from ``total`` and the cells shown."""
    hidden = [c for c in cells if c.suppressed]
    if not hidden:
        return False
    shown_cells = [c.count for c in cells if not c.suppressed and c.count > 0]
    rest = total - sum(c.count for c in cells if not c.suppressed)
    # A reader who knows the rule knows a hidden cell is small, or no bigger than the smallest shown.
    ceiling = max(threshold, min(shown_cells, default=threshold))
    return determined(rest, len(hidden), threshold) or determined(rest, len(hidden), ceiling)


def determined(rest: int, hidden: int, most: int) -> bool:
    """Whether ``hidden`` cells, each at least 1, that add up to ``rest`` are each pinned to one value
    for a reader who assumes them any size, or only 1 to ``most`` (the threshold, when the rule is
    known)."""
    if hidden == 1:
        return True
    # Any size >= 1: each cell ranges over 1 .. rest - (hidden - 1).
    if rest - (hidden - 1) <= 1:
        return True
    # Each 1 .. most: a cell ranges max(1, rest - (hidden-1)*most) .. min(most, rest - (hidden-1)).
    low = max(1, rest - (hidden - 1) * most)
    high = min(most, rest - (hidden - 1))
    return low == high


# ---- the public set: which periods have a public version, and what they publish together ----------

PUBLIC_PERIODS = ("collection years (2024), quarters (2024Q3) and quarter-end dates (30 June, 30 September, "
                  "31 December, 31 March)")


class NoPublicVersion(UserError):
    """A period a public paper is not made for."""


def public_refusal(period: Period) -> str:
    """Why ``period`` has no public version ("" when it has one).

    A council's public papers are read together, so suppression is decided over all of them: months
    and arbitrary dates are left out, since two papers a month or a day apart could be subtracted to
    give away the small numbers between them (a month's incidents from two quarters' worth of months,
    a child's move from two consecutive days' tables)."""
    if period.kind in ("year", "quarter") or (period.kind == "date" and periods.is_quarter_end(period.end)):
        return ""
    return (f"The period {period.label} has no public version: public papers are made for {PUBLIC_PERIODS} only, "
            "since two "
            "public papers a month or a day apart can be subtracted to give away the small numbers between them; "
            "choose a year, a quarter or a quarter's last day")


def check_public(period: Period) -> None:
    why = public_refusal(period)
    if why:
        raise NoPublicVersion(why)


def published_for(indicator: Indicator, period: Period) -> bool:
    """Whether a public paper of ``period`` states ``indicator``: a date's public version gives what
    was so on the day, not flows since 1 April (two quarter-ends' flows would give a quarter's, and
    quarters are published as quarters, protected with their year)."""
    return not (period.kind == "date" and indicator.kind is Kind.FLOW)


def quarter_tree(found: QuarterSet) -> Node:
    """A flow's year and its four quarters as a table: the year the total, the quarters its cells.
    For children counted once a year (not the quarters' sum) the cells add up to more than the
    total, so a reader learns less than the tree assumes: protecting it is on the safe side."""
    return Node("year", found.year_total, [Node(f"Q{n}", count) for n, count in enumerate(found.quarters, 1)])


def node_for(tree: Node, period: Period) -> Node | None:
    """The cell of a quarter tree a period's figure is (the year's total, or one quarter)."""
    if period.kind == "year":
        return tree
    if period.kind == "quarter":
        return tree.children[periods.quarter_number(period) - 1]
    return None


def shown(count: int | None, suppressed: bool) -> str:
    """A count as a public table prints it."""
    if count is None:
        return "x"
    return "c" if suppressed else f"{count:,}"
