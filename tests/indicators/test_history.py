"""Measures that read a child's history across returns, worked by hand on tests/fixtures/history.

The fixture (synthetic) holds three returns: 2022 (1 April 2021 - 31 March 2022), 2023 and 2024.
Each child's episodes appear in every return whose year they overlap, with their original DECOM.

LONG-TERM STABILITY, 2024 (former NI 63). Denominator: looked after at 31/03/2024 by return 2024,
under 16 that day, care (period of care, over the loaded history) began on or before 30/09/2021.
Numerator: current placement began on or before 31/03/2022 or, if placed for adoption (A3-A6), the
placement before it did. A new placement is RNE S, P or B, not temporary (T0-T4), not the return
from a temporary one; L, T and U continue the placement.
  H01 S 30/09/2021 U4, open. Age 11. Care 2.5 years to the day (30/09/2021)   -> den; placed since
      30/09/2021                                                              -> num
  H02 S 01/10/2021 U4, open. One day short of 2.5 years                       -> out
  H03 S 01/06/2020 U6 to 31/03/2022 (X1), P 31/03/2022 U4 open. Care from 01/06/2020 (one span)
                                                                               -> den; placement
      since 31/03/2022, exactly 2 years                                       -> num
  H04 S 01/06/2020 U6 to 01/04/2022 (X1; in the 2023 return, its cessation year), P 01/04/2022 U4
      open                                                                     -> den; placed since
      01/04/2022, one day short                                               -> not num
  H05 DOB 31/03/2008, care since 2019, one placement: 16 on 31/03/2024 (a birthday that day counts),
      not under 16                                                            -> out
  H06 DOB 01/04/2008: still 15 on 31/03/2024; S 01/01/2019 U4 open             -> den, num
  H07 (true entry S 01/03/2019 ended 01/01/2021, so in no loaded return) P 01/01/2021 U6 V2, then
      L 01/06/2022 (legal status only), T 01/09/2023 (same carer, U4), U 01/01/2024 (same carer, C2).
      Care from 01/01/2021 (the first loaded episode; both before 30/09/2021) -> den; L, T, U are
      not new placements: placed since 01/01/2021                              -> num
  H08 S 01/02/2018 U4; P 01/05/2023 T1 (hospital, temporary); P 15/05/2023 U4 (return from the
      temporary placement). Neither is a new placement: placed since 01/02/2018 -> den, num
  H09 S 01/06/2019 U6; P 01/06/2022 U4 (new carer); U 01/11/2023 E1 A5 (placed for adoption with
      the same carer). Current placement since 01/06/2022 (U is not new); placed for adoption, so
      the placement before it counts: began 01/06/2019                        -> den, num
  H10 S 01/06/2019 U6; P 01/04/2022 U4; B 01/11/2023 E1 A6 (new carers, placed for adoption).
      Placement before the adoptive one began 01/04/2022, after 31/03/2022    -> den, not num
  H11 S 01/01/2019 - 01/06/2021 (E4A), back in care S 01/11/2021: the current period of care began
      01/11/2021 (a gap starts a new one)                                     -> out
  H12 S 01/01/2020 U4. The 2023 return closed it on 01/03/2023 with a P move to U6; the 2024 return
      withdraws the move and sends the 01/01/2020 episode open. The 2024 return's first episode
      (01/01/2020) is not later than either 2023 episode, so 2023's are both superseded: placed
      since 01/01/2020                                                        -> den, num
  H13 H14 H15: care began in 2023 (H15 in February 2023)                      -> out
  So 2024: denominator 9 (H01 H03 H04 H06 H07 H08 H09 H10 H12), numerator 7 (all but H04, H10):
  77.8%. 2023 needs the 2020-21 return (not loaded) and 2022 the 2019-20 and 2020-21 returns:
  value None, flagged "needs children's history ...".

REVIEWS ON TIME. Periods of care from the history. First review due on the 20th working day after
the care start (weekends and England bank holidays skipped); second 3 months after the first (the
same day, clamped to the month's end); later ones 6 months after the one before. On time = on or
before the due date. Left out: a review in no period of care; the 1st or 2nd review of a period
that began before 01/04/2021 (start of the earliest loaded return, 2022).
Working days, counted by hand:
  from Thu 30/09/2021: Oct 1,4-8,11-15,18-22,25-28 -> 20th = 28/10/2021 (no bank holiday)
  from Mon 01/11/2021: Nov 2-5,8-12,15-19,22-26,29 -> 29/11/2021
  from Mon 27/02/2023: Feb 28, Mar 1-3,6-10,13-17,20-24,27 -> 27/03/2023
  from Mon 03/04/2023 (Easter): Apr 4-6 (3), Good Friday 7/4 and Easter Monday 10/4 skipped,
      11-14 (7), 17-21 (12), 24-28 (17), Early May bank holiday 1/5 skipped, 2-4 May -> 04/05/2023
      (without the bank holidays it would be 01/05/2023)
  from Mon 11/12/2023 (Christmas): Dec 12-15 (4), 18-22 (9), 25 and 26 skipped, 27-29 (12),
      1 Jan skipped, Jan 2-5 (16), 8-11 (20) -> 11/01/2024
Child by child (care start; review date: place, due date, verdict):
  H01 care 30/09/2021 (within the loaded history, so every review counts)
      28/10/2021 1st, due 28/10/2021 (20th working day exactly)   on time   [2022]
      28/01/2022 2nd, due 28/01/2022 (exactly 3 months)           on time   [2022]
      29/07/2022 3rd, due 28/07/2022 (6 months + 1 day)           late      [2023]
  H06 care 01/01/2019 (before 01/04/2021); no review in the 2022 or 2023 returns
      10/04/2023 1st known: left out; 10/07/2023 2nd known: left out
      10/01/2024 3rd, due 10/07/2023 + 6 months = 10/01/2024      on time   [2024]
      (if taken for a 2nd review it would be due 10/10/2023 and late)
  H07 care (loaded) 01/01/2021, before 01/04/2021
      15/06/2021 1st known, 10/12/2021 2nd known: left out (2022)
      10/06/2022 3rd, due 10/06/2022 (6 months)                   on time   [2023]
      11/12/2022 4th, due 10/12/2022                              late      [2023]
      31/08/2023 5th, due 11/06/2023                              late      [2024]
      29/02/2024 6th, due 31/08/2023 + 6 months = 29/02/2024 (31 February clamped)  on time [2024]
  H11 period 1 01/01/2019 - 01/06/2021 (began before 01/04/2021); period 2 from 01/11/2021
      20/04/2021 1st of period 1: left out
      15/07/2021 between the periods (not looked after): left out
      30/11/2021 1st of period 2 (numbering restarts), due 29/11/2021   late      [2022]
      28/02/2022 2nd of period 2, due 30/11/2021 + 3 months = 28/02/2022 (clamped)  on time [2022]
  H13 care 03/04/2023
      04/05/2023 1st, due 04/05/2023 (20th working day, over Easter and 1 May)  on time [2024]
      04/08/2023 2nd, due 04/08/2023 (exactly 3 months)           on time   [2024]
      05/02/2024 3rd, due 04/02/2024 (6 months + 1 day)           late      [2024]
  H14 care 03/04/2023
      05/05/2023 1st, due 04/05/2023 (one day late)               late      [2024]
      06/08/2023 2nd, due 05/08/2023 (3 months + 1 day)           late      [2024]
  H15 period 1 27/02/2023 - 30/06/2023 (E4A); period 2 from 11/12/2023
      24/03/2023 1st, due 27/03/2023                              on time   [2023]
          (sent again in the 2024 return: one review, not two)
      26/06/2023 2nd, due 24/03/2023 + 3 months = 24/06/2023      late      [2024]
          (were the repeat counted, it would be the 3rd, due 24/09/2023, and on time)
      15/07/2023 between the periods: left out
      12/01/2024 1st of period 2, due 11/01/2024 (over Christmas; one day late)  late [2024]
So:
  2022: H01 x2 on time, H11 30/11 late, H11 28/02 on time                     -> 3 of 4 (75%)
        by review: first 1 of 2 (H01; H11 late), second 2 of 2 (H01, H11)
  2023: H01 29/07 late, H07 10/06 on time, H07 11/12 late, H15 24/03 on time   -> 2 of 4 (50%)
        by review: first 1 of 1 (H15), later 1 of 3
  2024: first H13 on time, H14 late, H15 late                        -> 1 of 3
        second H13 on time, H14 late, H15 late                       -> 1 of 3
        later H06 on time, H07 31/08 late, H07 29/02 on time, H13 late -> 2 of 4
                                                                     -> 4 of 10 (40%)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing_tui.indicators import macros, periods
from briefing_tui.indicators.breakdowns import breakdown
from briefing_tui.indicators.definitions.stability import LONG_TERM
from briefing_tui.indicators.definitions.voice import REVIEW_SCHEDULE
from briefing_tui.indicators.evaluate import evaluate
from briefing_tui.store.connection import open_database
from tests.helpers import do_import

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "history"
COUNCIL = "HIST"
D = dt.date


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    db = tmp_path_factory.mktemp("history") / "history.duckdb"
    do_import(db, FIXTURE, council=COUNCIL)
    con = open_database(db, read_only=True)
    yield con
    con.close()


def _rows(con, sql: str, year: int):
    """An indicator's rows for collection year ``year``, straight from its SQL (a definition's
    fragment, read as the indicators read theirs: a table macro of the council and period)."""
    period = periods.parse(str(year))
    con.execute(f"CREATE OR REPLACE TEMP MACRO fragment({', '.join(macros.PARAMETERS)}) AS TABLE {sql}")
    return con.execute("SELECT * FROM fragment($council, $year, $start, $end)",
                       {"council": COUNCIL, "year": year, "start": period.start, "end": period.end}).fetchall()


def test_fixture_imports_with_one_finding(tmp_path):
    """Only the repeated review (24/03/2023 in the 2024 return) is outside its return's year."""
    result = do_import(tmp_path / "h.duckdb", FIXTURE, council=COUNCIL)
    assert result.committed
    assert [(r.year, r.findings) for r in result.returns] == [(2022, 0), (2023, 0), (2024, 1)]


# ---- long-term stability ---------------------------------------------------------------------

def test_long_term_stability_2024(con):
    result = evaluate(con, "stability.long_term_pct", periods.parse("2024"), COUNCIL)
    assert (result.numerator, result.denominator) == (7, 9)
    assert result.value == pytest.approx(700 / 9)
    assert result.comparison is None  # 2023 cannot be worked out (no 2020-21 return)


def test_long_term_stability_children_2024(con):
    """Each child in the denominator, with the care start and the placement start worked out above
    (for H09 and H10, placed for adoption, the start of the placement before the adoptive one)."""
    rows = _rows(con, LONG_TERM, 2024)
    got = sorted((child, care_start, placed_since) for _, child, _, _, _, care_start, placed_since in rows)
    assert got == [
        ("H01", D(2021, 9, 30), D(2021, 9, 30)),
        ("H03", D(2020, 6, 1), D(2022, 3, 31)),
        ("H04", D(2020, 6, 1), D(2022, 4, 1)),
        ("H06", D(2019, 1, 1), D(2019, 1, 1)),
        ("H07", D(2021, 1, 1), D(2021, 1, 1)),
        ("H08", D(2018, 2, 1), D(2018, 2, 1)),
        ("H09", D(2019, 6, 1), D(2019, 6, 1)),
        ("H10", D(2019, 6, 1), D(2022, 4, 1)),
        ("H12", D(2020, 1, 1), D(2020, 1, 1)),
    ]


def test_long_term_stability_needs_two_earlier_returns(con):
    for year, missing in (("2023", "2020-21 return,"), ("2022", "2019-20 and 2020-21 returns,")):
        result = evaluate(con, "stability.long_term_pct", periods.parse(year), COUNCIL)
        assert (result.value, result.numerator, result.denominator) == (None, None, None)
        assert len(result.flags) == 1 and str(result.flags[0]).startswith("needs children's history")
        assert missing in str(result.flags[0])


# ---- reviews on time -------------------------------------------------------------------------

@pytest.mark.parametrize("year, numerator, denominator", [
    (2024, 4, 10),
    (2023, 2, 4),
    (2022, 3, 4),
])
def test_reviews_on_time(con, year, numerator, denominator):
    result = evaluate(con, "voice.reviews_on_time_pct", periods.parse(str(year)), COUNCIL)
    assert (result.numerator, result.denominator) == (numerator, denominator)
    assert result.value == pytest.approx(100 * numerator / denominator)


# Each counted review: (child, date, place in the schedule, due date, on time), as worked above.
REVIEWS_BY_HAND = {
    2022: [
        ("H01", D(2021, 10, 28), 1, D(2021, 10, 28), True),
        ("H01", D(2022, 1, 28), 2, D(2022, 1, 28), True),
        ("H11", D(2021, 11, 30), 1, D(2021, 11, 29), False),
        ("H11", D(2022, 2, 28), 2, D(2022, 2, 28), True),
    ],
    2023: [
        ("H01", D(2022, 7, 29), 3, D(2022, 7, 28), False),
        ("H07", D(2022, 6, 10), 3, D(2022, 6, 10), True),
        ("H07", D(2022, 12, 11), 4, D(2022, 12, 10), False),
        ("H15", D(2023, 3, 24), 1, D(2023, 3, 27), True),
    ],
    2024: [
        ("H06", D(2024, 1, 10), 3, D(2024, 1, 10), True),
        ("H07", D(2023, 8, 31), 5, D(2023, 6, 11), False),
        ("H07", D(2024, 2, 29), 6, D(2024, 2, 29), True),
        ("H13", D(2023, 5, 4), 1, D(2023, 5, 4), True),
        ("H13", D(2023, 8, 4), 2, D(2023, 8, 4), True),
        ("H13", D(2024, 2, 5), 3, D(2024, 2, 4), False),
        ("H14", D(2023, 5, 5), 1, D(2023, 5, 4), False),
        ("H14", D(2023, 8, 6), 2, D(2023, 8, 5), False),
        ("H15", D(2023, 6, 26), 2, D(2023, 6, 24), False),
        ("H15", D(2024, 1, 12), 1, D(2024, 1, 11), False),
    ],
}


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_each_review_placed_by_hand(con, year):
    rows = _rows(con, REVIEW_SCHEDULE, year)
    got = sorted((child, on_date, nth, due_by, on_time)
                 for _, child, _, on_date, nth, _, _, due_by, on_time in rows)
    assert got == REVIEWS_BY_HAND[year]


@pytest.mark.parametrize("year, expected", [
    (2024, [("First (20 working days)", 1, 3), ("Second (3 months)", 1, 3), ("Later (6 months)", 2, 4)]),
    (2023, [("First (20 working days)", 1, 1), ("Later (6 months)", 1, 3)]),
    (2022, [("First (20 working days)", 1, 2), ("Second (3 months)", 2, 2)]),
])
def test_reviews_on_time_by_review_number(con, year, expected):
    result = breakdown(con, "voice.reviews_on_time_pct", periods.parse(str(year)), COUNCIL, "review_number")
    assert [(r.label, r.numerator, r.denominator) for r in result.rows] == expected
    for row, (_, k, n) in zip(result.rows, expected):
        assert row.value == pytest.approx(100 * k / n)
    total = sum(n for *_, n in expected)
    assert result.total == total
    assert [r.share for r in result.rows] == pytest.approx([100 * n / total for *_, n in expected])
