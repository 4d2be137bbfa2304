"""Care leavers (oc3), worked by hand on tests/fixtures/indicators/2024/oc3.csv (synthetic).

  L01 18th birthday 10/10/2023  YES  F2  B1   in touch, EET, suitable
  L02 21st birthday 01/02/2024  YES  G5  U2   in touch, NEET, not suitable (U2)
  L03 19th                      NO   0   0    denominator only
  L04 18th                      DIED          excluded from the denominator
  L05 20th                      RHOM          excluded from the denominator
  L06 18th birthday on 31/03/2024, 'yes' 'f3' 'd1' (lower case; F3 is the pre-split code):
                                              in touch, EET, suitable
  L08 17th                      REFU 0   0    denominator only (refused stays in)
  L09 21st                      NREQ 0   0    denominator only, not in touch (YES only counts)
Count 8; denominator 8 - 2 = 6; in touch 3 (50%); EET 2 (33.3%); NEET 1 (16.7%); suitable 2 (33.3%).
Age at the birthday in the year: 17-18 = L01 L04 L06 L08; 19-21 = L02 L03 L05 L09.
"""

from __future__ import annotations

import pytest

from briefing_tui.indicators import periods
from briefing_tui.indicators.breakdowns import breakdown
from briefing_tui.indicators.evaluate import evaluate
from briefing_tui.indicators.periods import PeriodError
from tests.indicators.test_cla import con  # noqa: F401  (the fixture database)


@pytest.mark.parametrize("indicator, numerator, denominator", [
    ("leavers.in_touch_pct", 3, 6),
    ("leavers.eet_pct", 2, 6),
    ("leavers.neet_pct", 1, 6),
    ("leavers.suitable_accom_pct", 2, 6),
])
def test_shares_worked_by_hand(con, indicator, numerator, denominator):  # noqa: F811
    result = evaluate(con, indicator, periods.parse("2024"), "TEST")
    assert (result.numerator, result.denominator) == (numerator, denominator)
    assert result.value == pytest.approx(100 * numerator / denominator)


def test_count_and_age_groups(con):  # noqa: F811
    assert evaluate(con, "leavers.count", periods.parse("2024"), "TEST").value == 8
    rows = breakdown(con, "leavers.count", periods.parse("2024"), "TEST", "leaver_age_group").rows
    assert [(r.label, r.value) for r in rows] == [("17 to 18", 4), ("19 to 21", 4)]


def test_no_oc3_rows_gives_no_data_not_zero_division(con):  # noqa: F811
    result = evaluate(con, "leavers.eet_pct", periods.parse("2023"), "TEST")
    assert result.value is None and result.denominator == 0
    assert result.flags[0] == "no children in the denominator"


def test_cohorts_are_for_whole_years(con):  # noqa: F811
    with pytest.raises(PeriodError, match="leavers.eet_pct is a cohort of a whole collection year"):
        evaluate(con, "leavers.eet_pct", periods.parse("2024Q1"), "TEST")
