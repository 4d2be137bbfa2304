"""Children looked after: counts worked out by hand on tests/fixtures/indicators (synthetic).

Return 2024 (1 April 2023 - 31 March 2024), child by child:
  K01 open since 01/01/2022                      -> looked after at 31 March; not a start
  K02 starts 31/03/2024, open                    -> looked after at 31 March (DECOM <= the day); a start
  K03 01/06/2023 - 31/03/2024 E4A                -> not looked after at 31 March (DEC is not after it);
                                                    a start; ceased
  K04 01/05/2023, open, REC X1 on the open one   -> looked after; a start; not ceased (REC ignored)
  K05 V3 short break only                        -> nowhere
  K06 01/02/2023-01/12/2023 X1, overlapping the
      next from 01/11/2023, open                 -> looked after, counted once; started in 2023
  K07 two periods of care (gap May-Sept 2023)    -> a start and a cessation, each once; not at 31 March
  K08 V3 break in April 2023, V2 from 01/01/2024 -> looked after; a start (the V2 episode); the
                                                    break's end is not a cessation
  K09 L2 then C1 the same day (X1)               -> looked after; a start; not ceased
  K10 ceased 01/04/2023 (E11, first day of year) -> ceased; not looked after
So: 31 March 2024 = K01 K02 K04 K06 K08 K09 = 6; starts = K02 K03 K04 K07 K08 K09 = 6;
ceased = K03 K07 K10 = 3.
At 31 December 2023: K01 K03 K04 K06 K07 = 5 (K02, K08, K09 start later; K10 has left).
Return 2023: at 31 March 2023 = K01 K06 K07 K10 K11 = 5; starts = K06 K07 K11 K12 = 4; ceased = K12 = 1.
K11 is open at the end of 2023 and missing from 2024's return: by the per-return method it is
counted in 2023 and not in 2024.
"""

from __future__ import annotations

import datetime as dt

import pytest

from briefing_tui.indicators import periods
from briefing_tui.indicators.evaluate import Context, evaluate
from briefing_tui.indicators.periods import PeriodError


@pytest.mark.parametrize("indicator, period, expected", [
    ("cla.count", "2024", 6),
    ("cla.count", "2023", 5),
    ("cla.count", "2023-12-31", 5),
    ("cla.starts", "2024", 6),
    ("cla.starts", "2023", 4),
    ("cla.ceased", "2024", 3),
    ("cla.ceased", "2023", 1),
    ("cla.ceased", "2023-04", 1),     # K10 on 1 April
    ("cla.starts", "2024Q4", 3),      # January-March 2024: K02, K08, K09
    # UASC (2024 uasc table: K03 and K04 open, K08's status ceased 01/03/2024): at 31 March only
    # K04 is both looked after and UASC; at 31 December K03 and K04 (K08 not yet in care).
    ("cla.uasc", "2024", 1),
    ("cla.uasc", "2023-12-31", 2),
    # Missing (2024 missing.csv): K01 twice (M, m), K04 away (A), K06 on 31 March; K09's incident
    # starts 1 April 2024, outside the year, so it is not counted (and is a finding).
    ("missing.children", "2024", 2),
    ("missing.incidents", "2024", 3),
    ("away.children", "2024", 1),
    ("missing.incidents", "2024Q1", 2),   # April-June 2023: K01's two
    # Reviews (2024 reviews.csv): K01 twice, K09 (PN0, aged 1), K04; K02's on 1 April 2024 is outside.
    ("voice.reviews_held", "2024", 4),
])
def test_counts_worked_by_hand(con, indicator, period, expected):
    result = evaluate(con, indicator, periods.parse(period), "TEST")
    assert result.value == expected and result.numerator == expected
    assert not [f for f in result.flags if str(f).startswith("no ")]


def test_comparison_and_trend(con):
    result = evaluate(con, "cla.count", periods.parse("2024"), "TEST")
    assert (result.comparison, result.change) == (5, 1)
    assert result.comparison_label == "year ending 31 March 2023"
    assert [(p.year, p.value) for p in result.trend] == [(2023, 5), (2024, 6)]


def test_no_return_loaded_says_so(con):
    result = evaluate(con, "cla.count", periods.parse("2022"), "TEST")
    assert result.value is None and result.comparison is None and result.change is None
    assert tuple(map(str, result.flags)) == ("no 2021-22 return loaded for TEST",)
    first = evaluate(con, "cla.count", periods.parse("2023"), "TEST")
    assert first.value == 5 and first.comparison is None and first.change is None


@pytest.mark.parametrize("text, start, end", [
    ("2024", dt.date(2023, 4, 1), dt.date(2024, 3, 31)),
    ("2024Q1", dt.date(2023, 4, 1), dt.date(2023, 6, 30)),
    ("2024Q4", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
    ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ("2023-12-31", dt.date(2023, 4, 1), dt.date(2023, 12, 31)),
])
def test_periods(text, start, end):
    period = periods.parse(text)
    assert (period.start, period.end) == (start, end)


def test_period_labels_and_comparisons():
    assert periods.parse("2024").label == "year ending 31 March 2024"
    assert periods.parse("2024Q4").label == "Q4 2023-24 (January to March 2024)"
    assert periods.parse("2024Q4").year_earlier().label == "Q4 2022-23 (January to March 2023)"
    assert periods.parse("Q4 2023-24") == periods.parse("2024Q4") == periods.parse("2023/24 Q4")
    assert periods.parse("2024-03-31").year_earlier().label == "at 31 March 2023"


@pytest.mark.parametrize("text, message", [
    ("2024Q5", "period '2024Q5' is not one this tool reads"),
    ("2023-02-30", "period '2023-02-30' is not a real date"),
    ("last year", "period 'last year' is not one this tool reads"),
])
def test_bad_periods(text, message):
    with pytest.raises(PeriodError, match=message):
        periods.parse(text)


def test_period_across_two_returns_is_refused():
    with pytest.raises(PeriodError, match="spans collection years 2022-23 and 2023-24"):
        periods.Period(dt.date(2023, 1, 1), dt.date(2023, 6, 30), "custom", "Jan-Jun 2023")


# Breakdowns, by hand (2024). At 31 March: K01 U4 C2 age 13; K02 U6 C1 age 9; K04 U6 V2 age 15
# (16 on 4 April); K06's latest open episode U4 C2 age 11; K08 K2 V2 age 14; K09's latest open
# episode U6 C1 age 1. Ceased: K03 E4A, K07 E4B (its last occasion), K10 E11.
@pytest.mark.parametrize("indicator, dimension, expected", [
    # Groups come in the DfE's order (foster care first); codes alphabetically; "Not recorded" last.
    ("cla.count", "placement_group", [("Other foster care", 5), ("Children's home (including secure)", 1)]),
    ("cla.count", "legal_status", [("C1", 2), ("C2", 2), ("V2", 2)]),
    ("cla.count", "age_band", [("1 to 4", 1), ("5 to 9", 1), ("10 to 15", 4)]),
    ("cla.ceased", "reason_ceased", [("E11", 1), ("E4A", 1), ("E4B", 1)]),
    ("cla.ceased", "sex", [("Male", 2), ("Female", 1)]),
])
def test_breakdowns_worked_by_hand(con, indicator, dimension, expected):
    from briefing_tui.indicators.breakdowns import breakdown

    result = breakdown(con, indicator, periods.parse("2024"), "TEST", dimension)
    assert [(r.label, r.value) for r in result.rows] == expected
    assert result.total == evaluate(con, indicator, periods.parse("2024"), "TEST").value


def test_unknown_breakdown_is_refused(con):
    from briefing_tui.errors import UserError
    from briefing_tui.indicators.breakdowns import breakdown

    with pytest.raises(UserError, match="cla.ceased has no breakdown 'placement_type'"):
        breakdown(con, "cla.ceased", periods.parse("2024"), "TEST", "placement_type")


def test_uasc_share_and_rate(con):
    share = evaluate(con, "cla.uasc_pct", periods.parse("2024"), "TEST")
    assert (share.numerator, share.denominator) == (1, 6) and share.value == pytest.approx(100 / 6)
    december = evaluate(con, "cla.uasc_pct", periods.parse("2023-12-31"), "TEST")
    assert (december.numerator, december.denominator, december.value) == (2, 5, 40.0)
    assert evaluate(con, "cla.uasc_pct", periods.parse("2023"), "TEST").value == 0.0  # no uasc file in 2023
    rate = evaluate(con, "cla.rate", periods.parse("2024"), "TEST", Context(population_under_18=1_500))
    assert rate.value == pytest.approx(6 * 10_000 / 1_500) and rate.numerator == 6
    unset = evaluate(con, "cla.rate", periods.parse("2024"), "TEST")
    assert unset.value is None
    assert str(unset.flags[0]) == ('no population under 18 set for TEST (settings: population_under_18 under '
                                   '[council], or [councils."TEST"])')


def test_review_participation(con):
    """Aged 4+ on the review date: K01 at 12 (PN1, participated) and 13 (PN7, not), K04 at 15 (PN5,
    participated); K09 at 1 is left out. 2 of 3."""
    result = evaluate(con, "voice.participation_pct", periods.parse("2024"), "TEST")
    assert (result.numerator, result.denominator) == (2, 3)
    assert result.value == pytest.approx(200 / 3)


def test_share_in_foster_care(con):
    """Worked by hand from the fixture's episodes (the describing episode is the latest open that day):
    at 31 March 2024, K01 U4, K02 U6, K04 U6, K06 U4 (its later, overlapping episode), K09 U6 in foster
    care; K08 K2 (a children's home) not: 5 of 6. At 31 December 2023: K01 U4, K03 U6, K04 U6, K06 U4,
    K07 U6: 5 of 5."""
    year = evaluate(con, "cla.foster_pct", periods.parse("2024"), "TEST")
    assert (year.numerator, year.denominator) == (5, 6) and year.value == pytest.approx(500 / 6)
    december = evaluate(con, "cla.foster_pct", periods.parse("2023-12-31"), "TEST")
    assert (december.numerator, december.denominator, december.value) == (5, 5, 100.0)
    everyone = evaluate(con, "cla.count", periods.parse("2024"), "TEST")
    assert year.denominator == everyone.value  # the same children as the headline count
