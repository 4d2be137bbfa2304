"""Small-number suppression by hand-made tables, each checked by brute force: for every hidden cell,
every assignment of values consistent with what is published is tried, and the cell must be able
to take at least two values, whether the reader assumes hidden cells any size (at least 1) or,
knowing the rule, 1 to the threshold."""

from __future__ import annotations

import pytest

from briefing_tui.briefing.disclosure import Node, determined, protect, shown

T = 4


def table(total: int, *cells) -> Node:
    """table(20, 2, 8, ("Foster", 10, [3, 7])): a total with cells, a cell with sub-cells."""
    root = Node("All", total)
    for i, cell in enumerate(cells):
        if isinstance(cell, tuple):
            label, count, subs = cell
            root.children.append(Node(label, count, [Node(f"{label}.{j}", n) for j, n in enumerate(subs)]))
        else:
            root.children.append(Node(f"cell{i}", cell))
    return root


def published(root: Node) -> list[str]:
    return [shown(n.count, n.suppressed) for n in root.walk()]


def recoverable(root: Node, threshold: int = T) -> list[str]:
    """Labels of hidden cells a reader can pin to their true value from the published table.

    The reader knows every shown cell and that each group adds up to its total; a hidden cell is at
    least 1 (zeros are shown) unless its group's total is hidden too (then it may be 0). Two readers:
    one assumes hidden cells any size; one, knowing the rule, at most the threshold (a conclusion
    drawn from that assumption counts only when the assumption holds for the true table)."""
    leaked = []
    cap = root.count + 2  # searching no further only makes a cell look more pinned than it is
    for most in (cap, threshold, "rule"):
        bounds = _bounds(root, most, threshold, cap)
        if most != cap and not _fits(root, bounds):
            continue  # the assumption is false here: what it concludes is not a disclosure
        for node in root.walk():
            if not node.suppressed or node.label in leaked:
                continue
            low, high = bounds[node.label]
            values = [v for v in range(low, min(high, cap) + 1)
                      if _feasible(root, {**bounds, node.label: (v, v)}) is not None]
            if values == [node.count]:
                leaked.append(node.label)
    return leaked


def _bounds(node: Node, most, threshold: int = T, cap: int = 0, parent_hidden: bool = False,
            siblings: list[Node] | None = None, out: dict | None = None) -> dict:
    """Each cell's range for a reader. ``most``: a number (every hidden cell at most that), or "rule":
    a hidden cell is small, or (a secondary) no bigger than the smallest cell shown beside it; a cell
    hidden with its hidden group may be anything up to ``cap``."""
    out = {} if out is None else out
    cap = cap or node.count + 2
    if node.suppressed:
        if parent_hidden:
            limit = cap if most == "rule" else most
        elif most == "rule":
            shown_beside = [s.count for s in (siblings or []) if not s.suppressed and s.count > 0]
            limit = max(threshold, min(shown_beside, default=threshold))
        else:
            limit = most
        out[node.label] = (0 if parent_hidden else 1, limit)
    else:
        out[node.label] = (node.count, node.count)
    for child in node.children:
        _bounds(child, most, threshold, cap, node.suppressed, node.children, out)
    return out


def _fits(root: Node, bounds: dict) -> bool:
    return all(bounds[n.label][0] <= n.count <= bounds[n.label][1] for n in root.walk())


def _feasible(node: Node, bounds: dict) -> tuple[int, int] | None:
    """The values ``node`` can take given its bounds and its children's (exact for a tree of sums:
    each child's feasible values are an interval, and so is their sum)."""
    low, high = bounds[node.label]
    if node.children:
        sums = [_feasible(c, bounds) for c in node.children]
        if any(s is None for s in sums):
            return None
        low, high = max(low, sum(s[0] for s in sums)), min(high, sum(s[1] for s in sums))
    return (low, high) if low <= high else None


CASES = [
    # (description, table, cells published as)
    ("nothing small", table(30, 10, 8, 12), ["30", "10", "8", "12"]),
    ("one small cell: the next smallest hides it", table(20, 2, 8, 10), ["20", "c", "c", "10"]),
    ("two small cells that add to 2 give themselves away: a third is hidden", table(22, 1, 1, 8, 12),
     ["22", "c", "c", "c", "12"]),
    ("two small cells adding to 8 are each 4 to a reader who knows the rule", table(28, 4, 4, 8, 12),
     ["28", "c", "c", "c", "12"]),
    ("two small cells of 1 and 3 protect each other", table(24, 1, 3, 8, 12), ["24", "c", "c", "8", "12"]),
    ("cells tied for the secondary are hidden together (the rule could tell which was taken)",
     table(114, 5, 5, 4, 100), ["114", "c", "c", "c", "100"]),
    ("zeros are shown and never hidden to protect", table(12, 0, 2, 10, 0), ["12", "0", "c", "c", "0"]),
    ("a small sub-cell is protected within its group",
     table(40, ("Foster", 20, [2, 8, 10]), ("Residential", 20, [10, 10])),
     ["40", "20", "c", "c", "10", "20", "10", "10"]),
    ("a group that cannot be protected within itself is hidden, and a partner above it",
     table(36, ("Foster", 8, [4, 4]), ("Other", 6, [6]), ("Residential", 22, [22])),
     ["36", "c", "c", "c", "c", "c", "22", "22"]),
    ("a small group hides its sub-cells and is protected among the groups",
     table(30, ("Foster", 3, [1, 2]), ("Other", 9, [9]), ("Residential", 18, [18])),
     ["30", "c", "c", "c", "c", "c", "18", "18"]),
]


@pytest.mark.parametrize("what, root, expected", CASES, ids=[c[0] for c in CASES])
def test_suppression_by_hand(what, root, expected):
    protect(root, T)
    assert published(root) == expected
    assert recoverable(root) == []


def test_a_hidden_total_takes_its_cells_with_it():
    root = protect(table(3, 1, 2), T)
    assert published(root) == ["c", "c", "c"]


def test_the_threshold_is_a_setting():
    root = protect(table(30, 6, 12, 12), 6)
    assert published(root) == ["30", "c", "c", "c"] and recoverable(root, 6) == []  # the two 12s tie
    assert published(protect(table(30, 6, 12, 12), 4)) == ["30", "6", "12", "12"]


@pytest.mark.parametrize("rest, hidden, pinned", [
    (5, 1, True), (2, 2, True), (3, 2, False), (8, 2, True), (7, 2, False), (12, 3, True), (11, 3, False),
    (30, 2, False),
])
def test_determined(rest, hidden, pinned):
    assert determined(rest, hidden, T) is pinned


def test_many_random_tables_leak_nothing():
    import random

    rng = random.Random(903)
    for _ in range(400):
        cells = []
        for _ in range(rng.randint(2, 4)):
            if rng.random() < 0.4:
                subs = [rng.choice([0, 1, 2, 3, 4, 5, 8]) for _ in range(rng.randint(1, 3))]
                cells.append((f"g{len(cells)}", sum(subs), subs))
            else:
                cells.append(rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 15]))
        root = protect(table(sum(c[1] if isinstance(c, tuple) else c for c in cells), *cells), T)
        assert recoverable(root) == [], (cells, published(root))


def test_the_checker_finds_what_primary_suppression_alone_leaks():
    root = table(20, 2, 8, 10)
    root.children[0].suppressed = True  # the small cell only: 20 - 8 - 10 = 2
    assert recoverable(root) == ["cell0"]
    root = table(22, 1, 1, 8, 12)
    root.children[0].suppressed = root.children[1].suppressed = True  # 22 - 8 - 12 = 2 = 1 + 1
    assert recoverable(root) == ["cell0", "cell1"]
