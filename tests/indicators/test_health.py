"""Health (oc2 cohort), worked by hand on tests/fixtures/indicators/2024 (synthetic).

Looked after on every day from 1 April 2023 to 31 March 2024 (short breaks aside):
  K01 (since 2022)                                  in the cohort
  K06 (01/02/2023; the next episode starts before
       the first ends, so care never breaks)         in the cohort
  K10 left on 1 April 2023 (not looked after that day), K04 came in May, K07 has a gap,
  K08's only early episode is a short break, K02/K09 came in later: not in it.
So the cohort is 2. oc2 rows: K01 (assessment 1, immunisations 1, dental 0) and K04, who is outside
the cohort and must not count. K06 has no oc2 row: in the denominator, not done.
Assessment 1 of 2, immunisations 1 of 2, dental 0 of 2; no child under 5 in the cohort.
"""

from __future__ import annotations

import pytest

from briefing_tui.indicators import periods
from briefing_tui.indicators.evaluate import evaluate


def test_cohort_is_built_from_episodes(con):  # noqa: F811
    assert evaluate(con, "health.cohort", periods.parse("2024"), "TEST").value == 2


@pytest.mark.parametrize("indicator, numerator, denominator", [
    ("health.assessment_pct", 1, 2),
    ("health.immunisations_pct", 1, 2),
    ("health.dental_pct", 0, 2),
])
def test_shares_of_the_cohort(con, indicator, numerator, denominator):  # noqa: F811
    result = evaluate(con, indicator, periods.parse("2024"), "TEST")
    assert (result.numerator, result.denominator, result.value) == (numerator, denominator,
                                                                    100 * numerator / denominator)


def test_no_under_fives_is_no_data(con):  # noqa: F811
    result = evaluate(con, "health.development_pct", periods.parse("2024"), "TEST")
    assert result.value is None and str(result.flags[0]) == "no children in the denominator"
