"""On the demo borough, every breakdown of every count sums to its headline, in every year."""

from __future__ import annotations

import pytest

from briefing_tui.demo import DEMO_COUNCIL
from briefing_tui.indicators import periods
from briefing_tui.indicators.breakdowns import breakdown
from briefing_tui.indicators.evaluate import evaluate
from briefing_tui.indicators.registry import Unit, all_indicators
from briefing_tui.store.connection import open_database


@pytest.fixture(scope="module")
def con(demo_db_master):
    con = open_database(demo_db_master, read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize("indicator", [i.id for i in all_indicators() if i.unit is Unit.COUNT])
def test_breakdowns_sum_to_the_total(con, indicator):
    ind = next(i for i in all_indicators() if i.id == indicator)
    for year in (2017, 2020, 2024):
        period = periods.parse(str(year))
        total = evaluate(con, indicator, period, DEMO_COUNCIL).value
        assert total and total > 0  # the demo has some of everything
        for dimension in ind.breakdowns:
            rows = breakdown(con, indicator, period, DEMO_COUNCIL, dimension)
            assert sum(r.value for r in rows.rows) == total, (year, dimension)


@pytest.mark.parametrize("indicator", [i.id for i in all_indicators() if i.is_share and i.breakdowns])
def test_share_breakdowns_split_numerator_and_denominator(con, indicator):
    ind = next(i for i in all_indicators() if i.id == indicator)
    period = periods.parse("2024")
    result = evaluate(con, indicator, period, DEMO_COUNCIL)
    for dimension in ind.breakdowns:
        rows = breakdown(con, indicator, period, DEMO_COUNCIL, dimension).rows
        assert sum(r.denominator for r in rows) == result.denominator, dimension
        assert sum(r.numerator for r in rows) == result.numerator, dimension
        assert all(r.value == pytest.approx(100 * r.numerator / r.denominator) for r in rows)
