"""Everything about an indicator lives in its declaration (issue 14, item 1): area, short title,
comparator, breakdown tables and the disclosure relations the public paper protects; and the
relations are true of the data. A share over the same children as another, undeclared, would let a
public paper leak: the test below finds every such pair in the demo borough's eight years."""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

import pytest

from briefing_tui.indicators import macros, periods, precomputed, registry
from briefing_tui.indicators.registry import SHORT_TITLE_MOST, all_indicators, base_anchor, get
from briefing_tui.store.connection import open_database

PACKAGE = Path(__file__).resolve().parents[2] / "briefing_tui"


@pytest.fixture(scope="module")
def bases(demo_db_master) -> dict[tuple[str, int], frozenset]:
    """Each share's denominator children in each demo year: its rows as stored at import, which the
    tests of precomputed prove to be the live definitions' rows."""
    con = open_database(demo_db_master, read_only=True)
    try:
        shares = [i.id for i in all_indicators() if i.is_share]
        rows = con.execute(f"SELECT indicator, year, list(CHILD), list(on_date) FROM {precomputed.TABLE} "
                           "WHERE indicator IN (SELECT unnest($ids)) GROUP BY indicator, year", {"ids": shares})
        out = {(i, y): frozenset(zip(children, days)) for i, y, children, days in rows.fetchall()}
        for ind in all_indicators():  # not stored (the rolling twelve months): their live rows at 31 March
            if ind.is_share and ind not in precomputed.stored_indicators():
                macros.install(con, ind)
                for y in range(2017, 2025):
                    year = periods.collection_year(y)
                    found = con.execute(f"SELECT list(CHILD), list(on_date) FROM {macros.rows(ind)}",
                                        {"council": "DEMO", "year": y, "start": year.start, "end": year.end})
                    children, days = found.fetchone()
                    out[(ind.id, y)] = frozenset(zip(children or [], days or []))
        return {(i, y): out.get((i, y), frozenset()) for i in shares for y in range(2017, 2025)}
    finally:
        con.close()


def undeclared_same_bases(bases, indicators) -> list[tuple[str, str]]:
    """Pairs of shares over exactly the same children in every year, not declared the same base; and
    pairs declared the same base that are not."""
    years = sorted({y for _, y in bases})
    wrong = []
    for a, b in itertools.combinations([i for i in indicators if i.is_share], 2):
        same = all(bases[(a.id, y)] == bases[(b.id, y)] for y in years)
        declared = _anchor(a, indicators) == _anchor(b, indicators)
        if same != declared:
            wrong.append((a.id, b.id))
    return wrong


def _anchor(ind, indicators) -> str:
    by_id = {i.id: i for i in indicators}
    while ind.same_base_as:
        ind = by_id[ind.same_base_as]
    return ind.id


def test_every_share_over_the_same_children_says_so(bases):
    assert undeclared_same_bases(bases, all_indicators()) == []


def test_a_share_whose_shared_base_is_not_declared_is_found(bases):
    """Take one declaration's same_base_as away: the check must notice."""
    indicators = [dataclasses.replace(i, same_base_as="") if i.id == "leavers.neet_pct" else i
                  for i in all_indicators()]
    assert ("leavers.in_touch_pct", "leavers.neet_pct") in undeclared_same_bases(bases, indicators)


def test_same_base_is_transitive_and_relations_name_real_figures():
    ids = {i.id for i in all_indicators()}
    for ind in all_indicators():
        for relation in ("part_of", "same_base_as", "complement_of"):
            target = getattr(ind, relation)
            assert not target or target in ids, (ind.id, relation, target)
        if ind.same_base_as:
            assert base_anchor(ind) is base_anchor(get(ind.same_base_as))   # a chain ends at one anchor
        if ind.complement_of:
            assert base_anchor(ind) is base_anchor(get(ind.complement_of)), ind.id  # complements share a base
        if ind.part_of:
            assert not get(ind.part_of).is_share, ind.id   # a part is of a count of children


def test_a_circle_of_same_bases_is_refused(monkeypatch):
    a, b = get("leavers.eet_pct"), get("leavers.in_touch_pct")
    monkeypatch.setitem(registry.REGISTRY, b.id, dataclasses.replace(b, same_base_as=a.id))
    with pytest.raises(ValueError, match="circle"):
        base_anchor(get(a.id))


def test_every_declaration_has_its_area_short_title_and_valid_tables():
    from briefing_tui.indicators.dimensions import DIMENSIONS

    for ind in all_indicators():
        assert 1 <= len(ind.short_title) <= SHORT_TITLE_MOST and ind.area is not None
        for table in ind.tables:
            assert table.dimension in ind.breakdowns and (not table.within or table.within in DIMENSIONS)
    with pytest.raises(ValueError, match="short title"):
        dataclasses.replace(get("cla.count"), short_title="x" * (SHORT_TITLE_MOST + 1))


def test_no_module_of_the_briefing_names_an_indicator():
    """Tables, comparators and disclosure links come from the declarations, never a list of ids."""
    ids = [i.id for i in all_indicators()]
    found = []
    for path in sorted((PACKAGE / "briefing").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.name}: {i}" for i in ids if re.search(rf"""["']{re.escape(i)}["']""", text)]
    assert found == []


def test_a_definition_reads_its_council_and_period_as_parameters_never_as_text_to_rewrite():
    """A definition is run as a table macro of _council, _year, _start and _end (indicators.macros):
    one written with the query's own parameters ($year) is refused where it is declared."""
    cla = get("cla.count")
    assert "$" not in cla.rows_sql and "_end" in cla.rows_sql
    with pytest.raises(ValueError, match=r"cla.count: rows_sql reads a query parameter \(\$\.\.\.\)"):
        dataclasses.replace(cla, rows_sql=cla.rows_sql.replace("_end", "$end"))
    source = (PACKAGE / "indicators").rglob("*.py")
    rewrites = [f"{p.name}: {line.strip()}" for p in source for line in p.read_text().splitlines()
                if re.search(r"""\.replace\(["'](\$|= \$|_num|[a-z]+\.[A-Z_]+["'])""", line)]
    assert rewrites == [], "SQL rewritten as text"


def test_each_dimensions_labels_are_declared_as_data_and_are_the_ones_its_sql_gives():
    from briefing_tui.indicators.dimensions import DIMENSIONS

    for dimension in DIMENSIONS.values():
        said = re.findall(r"(?:THEN|ELSE)\s+'((?:[^']|'')*)'", dimension.sql)
        assert list(dimension.labels) == list(dict.fromkeys(s.replace("''", "'") for s in said)), dimension.id
