"""An in-year extract gives the complete year's figures up to its data-to date, and nothing of its own.

The demo's 2023-24 return is cut at 30 September 2023 as a case system would export it mid-year
(briefing_tui.demo.extract) and imported as an extract after the two complete years before it; the
same three years imported complete are the truth. For every indicator and every period up to 30
September the extract gives exactly the complete return's figure; a figure of complete years only
(the oc2 cohort, oc3 care leavers, stability at 31 March) is the latest complete year's, flagged so;
a period that ends after 30 September is refused with the last day that can be asked.
"""

from __future__ import annotations

import datetime as dt

import pytest

from briefing_tui.indicators import periods
from briefing_tui.indicators.breakdowns import breakdown
from briefing_tui.indicators.evaluate import Context, evaluate, latest_period
from briefing_tui.indicators.flags import FlagKind
from briefing_tui.indicators.periods import PeriodError
from briefing_tui.indicators.registry import Kind, all_indicators
from briefing_tui.store.connection import open_database

DATA_TO = dt.date(2023, 9, 30)
CONTEXT = Context(population_under_18=50_000)

INSIDE = ["2023-09-30", "2024Q1", "2024Q2", "2023-08", "2023-06-15", "2023-04-01"]
PAST = ["2024", "2024Q3", "2024Q4", "2023-10", "2023-10-01", "2024-03-31"]


@pytest.fixture(scope="module")
def dbs(extract_dbs):
    complete, extract = extract_dbs
    truth, cut = open_database(complete, read_only=True), open_database(extract, read_only=True)
    yield truth, cut
    truth.close()
    cut.close()


@pytest.mark.parametrize("indicator", [i.id for i in all_indicators()])
def test_every_indicator_gives_the_complete_years_figure_or_the_latest_complete_year_or_a_refusal(dbs, indicator):
    truth, cut = dbs
    kind = next(i.kind for i in all_indicators() if i.id == indicator)
    for text in INSIDE:
        period = periods.parse(text)
        got = evaluate(cut, indicator, period, "DEMO", CONTEXT)
        kinds = {f.kind for f in got.flags}
        if kind is Kind.COHORT:
            # never worked out from the extract: the 2022-23 complete year's figure, said so
            assert got.period == periods.collection_year(2023), text
            assert FlagKind.EARLIER_YEAR in kinds
            expected = evaluate(truth, indicator, periods.collection_year(2023), "DEMO", CONTEXT)
        else:
            assert FlagKind.PROVISIONAL in kinds, text
            expected = evaluate(truth, indicator, period, "DEMO", CONTEXT)
        assert (got.value, got.numerator, got.denominator) == (expected.value, expected.numerator,
                                                               expected.denominator), (indicator, text)
        assert (got.comparison, got.comparison_numerator) == (expected.comparison, expected.comparison_numerator)
    for text in PAST:
        with pytest.raises(PeriodError, match="the last day that can be asked is 2023-09-30"):
            evaluate(cut, indicator, periods.parse(text), "DEMO", CONTEXT)


@pytest.mark.parametrize("indicator", [i for i in all_indicators() if i.kind is not Kind.COHORT and i.breakdowns],
                         ids=lambda i: i.id)
def test_breakdowns_up_to_the_data_to_date_are_the_complete_years(dbs, indicator):
    truth, cut = dbs
    period = periods.parse("2023-09-30")
    for dimension in indicator.breakdowns:
        got = breakdown(cut, indicator.id, period, "DEMO", dimension)
        expected = breakdown(truth, indicator.id, period, "DEMO", dimension)
        assert got.rows == expected.rows, (indicator.id, dimension)


def test_the_latest_data_are_the_extracts_date(dbs):
    truth, cut = dbs
    assert latest_period(cut, "DEMO") == periods.as_at(DATA_TO)
    assert latest_period(truth, "DEMO") == periods.collection_year(2024)


def test_a_trend_point_in_the_extracts_year_has_no_figure_for_a_whole_year(dbs):
    _, cut = dbs
    got = evaluate(cut, "cla.starts", periods.collection_year(2023), "DEMO", CONTEXT)
    assert got.value is not None
    assert [(p.year, p.value is None) for p in got.trend] == [(2022, False), (2023, False), (2024, True)]
