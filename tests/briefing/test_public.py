"""The public briefing of the demo borough leaks no small number: every figure that shows or implies
1 to 4 children is suppressed, with its change, rating and rank, and no hidden cell of any table can
be worked out from what is published (checked by the brute-force reader of test_disclosure)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from briefing_tui import councils
from briefing_tui.briefing import disclosure
from briefing_tui.briefing.build import build, trees
from briefing_tui.briefing.export import render
from briefing_tui.briefing.prepare import comparison_area, context, options
from briefing_tui.indicators.evidence import gather, table_asks
from briefing_tui.indicators.periods import collection_year
from briefing_tui.settings import Settings
from briefing_tui.store.connection import open_database
from tests.briefing.test_disclosure import recoverable

WHEN = dt.datetime(2026, 11, 23)
DEMO = councils.demo()


@pytest.fixture(scope="module", params=[2024, 2019])
def evidence(request, demo_db_master):
    config = Settings()
    con = open_database(demo_db_master, read_only=True)
    try:
        yield gather(con, "DEMO", collection_year(request.param), context(config, DEMO), table_asks(),
                     *comparison_area(DEMO), None, [])
    finally:
        con.close()


def small(indicator, numerator, denominator) -> bool:
    """Written out again here rather than imported: a count, or a share's part, base or rest, of 1-4."""
    if numerator is None:
        return False
    parts = [numerator] + ([denominator, denominator - numerator] if indicator.is_share and denominator else [])
    return any(1 <= n <= 4 for n in parts)


def test_every_small_figure_is_suppressed_with_what_would_reveal_it(evidence):
    briefing = build(evidence, options(Settings(), DEMO, True, WHEN))
    by_id = {f.indicator: f for f in briefing.figures}
    found = 0
    for result in evidence.results:
        figure = by_id[result.indicator.id]
        if small(result.indicator, result.numerator, result.denominator):
            found += 1
            assert figure.suppressed and figure.value is None and figure.shown == "c", result.indicator.id
            assert figure.numerator is None and figure.denominator is None and figure.change is None
            assert figure.rating == "" and figure.comparators.get("statistical_neighbours", {}).get("rank") is None
        previous = result.previous
        if previous is not None and small(result.indicator, previous.numerator, previous.denominator):
            assert figure.previous is None and figure.change is None, result.indicator.id
        for point in result.trend:
            if small(result.indicator, point.numerator, point.denominator):
                from briefing_tui.ssda903 import years

                assert figure.trend[years.label(point.year)] is None
    assert found > 0  # the demo has small figures, so this test tests something


def test_no_hidden_table_cell_can_be_recovered(evidence):
    checked = 0
    for now, before in evidence.tables:
        for root in trees(now, before):  # as the briefing prints them: both years, the same groups
            if root is None:
                continue
            disclosure.protect(root, 4)
            assert recoverable(root) == [], now.ask
            checked += sum(1 for n in root.walk() if n.suppressed)
    assert checked > 0


def test_public_documents_carry_no_small_count_aliases_or_restricted_marking(evidence):
    briefing = build(evidence, options(Settings(), DEMO, True, WHEN))
    for fmt in ("md", "txt", "html", "json"):
        text = render(briefing, fmt)
        assert "OFFICIAL-SENSITIVE" not in text.replace("This version is OFFICIAL-SENSITIVE", "")
        assert not re.search(r"\bC-[0-9A-F]{4,}\b", text)
    doc = json.loads(render(briefing, "json"))
    for section in _sections(doc["sections"]):
        for block in section["blocks"]:
            table = block.get("table")
            if not table or not table["columns"][0] == "Group":
                continue
            for row in table["rows"]:
                for cell in (row[1], row[3]):  # the counts: this year, a year earlier
                    assert cell["text"] == "c" or cell["text"] == "" or not 1 <= cell.get("value", 0) <= 4, \
                        (table["caption"], row)


def _sections(sections):
    for s in sections:
        yield s
        yield from _sections(s.get("sections", []))


def test_restricted_documents_are_marked_top_and_bottom(evidence):
    briefing = build(evidence, options(Settings(), DEMO, False, WHEN))
    for fmt in ("md", "txt", "html"):
        lines = [line for line in render(briefing, fmt).splitlines() if line.strip()]
        head = " ".join(lines[:12]) if fmt == "html" else lines[0]
        assert "OFFICIAL-SENSITIVE" in head and "OFFICIAL-SENSITIVE" in " ".join(lines[-4:]), fmt
