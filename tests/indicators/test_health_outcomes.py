"""Health outcomes of the oc2 cohort, worked out by hand on tests/fixtures/health/2024 (synthetic).

Return 2024 covers 1 April 2023 - 31 March 2024. The cohort is the children looked after on every
day of that year by the return's non-V3/V4 episodes: care began on or before 1 April 2023 and had
not ended by 31 March 2024. Age is at 31 March 2024 (a birthday on 31 March counts; one on
1 April does not yet). oc2 rows of children outside the cohort never count; a cohort child with no
oc2 row is in every denominator it is old enough for and in no numerator.

child  care from      cohort?  DOB         age  oc2 row (SDQ; CONVICTED, HEALTH_CHECK, SUBSTANCE, INTERV. RECEIVED)
G01    01/06/2021     in       31/03/2020   4   blank (SDQ1); C0 HC1 S0
G02    15/09/2020     in       31/03/2019   5   0; C0 HC1 S0            (HC1 ignored: 5 is not under 5)
G03    20/10/2021     in       01/09/2020   3   blank (SDQ1); C0 HC0 S0
G04    01/02/2019 (+P move 14/08/2023, X1)
                      in       31/03/2008  16   40; C1 HC0 S1 IR1
G05    03/03/2015     in       31/03/2007  17   30 (ignored: 17 is over 16); C1 S1 IR0
G06    01/04/2018     in       31/03/2014  10   13; C1 S0
G07    12/12/2019     in       01/04/2014   9   14; C1 (ignored: 9 is under 10) S0
G08    01/04/2023 (V2, then L to C2 01/09/2023, X1)
                      in (starts on 1 April, so looked after every day)
                               15/06/2012  11   16; C0 S1 IR0 (offered, refused)
G09    15/05/2023     OUT (came in May 2023)   oc2 row full of 1s, SDQ 20: counts nowhere
G10    02/04/2023     OUT (not looked after on 1 April 2023)
                                               oc2 row full of 1s, SDQ 5: counts nowhere
G11    01/07/2017     in       05/05/2012  11   NO oc2 row: not done everywhere
G12    11/11/2021     in       20/02/2013  11   41 (out of 0-40: no score); C0 S0
G13    01/03/2022     in       01/01/2016   8   blank (SDQ2, carer refused); C0 S0
G14    06/06/2020     in       12/12/2009  14   17; C0 S0

Cohort = G01-G08, G11-G14 = 12 children.

Aged 5-16 in the cohort: G02 G04 G06 G07 G08 G11 G12 G13 G14 = 9
  (G01 is 4, G03 is 3, G05 is 17).
  With a score 0-40: G02 0, G04 40, G06 13, G07 14, G08 16, G14 17 = 6 (G11 no row, G12 41, G13 blank).
  sdq_completed_pct = 6 / 9 = 66.67%.
  sdq_average: numerator 6 scores, denominator 9, value (0+40+13+14+16+17) / 6 = 100 / 6 = 16.67.
  sdq_concern_pct: of the 6 with a score, >= 17: G04 (40), G14 (17) = 2 / 6 = 33.33%.
  sdq_band of the 9: Normal (0-13) G02 G06 = 2; Borderline (14-16) G07 G08 = 2;
  Cause for concern (17-40) G04 G14 = 2; No score G11 G12 G13 = 3; 2+2+2+3 = 9.
  Band averages: Normal (0+13)/2 = 6.5; Borderline (14+16)/2 = 15; Concern (40+17)/2 = 28.5.
  Filtered to 'No score' the average has no scores: value None, flag "no scores recorded", 0 of 3.
Substance misuse: G04 G05 G08 of the 12 = 3 / 12 = 25% (G09's 1 does not count).
  Intervention received: G04 of G04 G05 G08 = 1 / 3 = 33.33%.
Convicted, aged 10+ in the cohort: G04 16, G05 17, G06 10, G08 11, G11 11, G12 11, G14 14 = 7;
  CONVICTED = 1: G04 G05 G06 = 3 / 7 = 42.86% (G07's 1 at age 9 and G09's do not count).
Development, under 5 in the cohort: G01 (4), G03 (3) = 2; HEALTH_CHECK = 1: G01 = 1 / 2 = 50%.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_tui.indicators import periods
from briefing_tui.indicators.breakdowns import breakdown
from briefing_tui.indicators.evaluate import evaluate
from briefing_tui.store.connection import open_database
from tests.helpers import do_import

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "health"
YEAR = periods.parse("2024")


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    db = tmp_path_factory.mktemp("health") / "health.duckdb"
    do_import(db, FIXTURE, council="TEST")
    con = open_database(db, read_only=True)
    yield con
    con.close()


def test_cohort(con):
    # G01-G08, G11-G14: G08 (from 1 April 2023) in; G09 (May) and G10 (2 April) out.
    assert evaluate(con, "health.cohort", YEAR, "TEST").value == 12


@pytest.mark.parametrize("indicator, numerator, denominator, value", [
    ("health.sdq_completed_pct", 6, 9, 100 * 6 / 9),
    ("health.sdq_average", 6, 9, 100 / 6),
    ("health.sdq_concern_pct", 2, 6, 100 * 2 / 6),
    ("health.substance_misuse_pct", 3, 12, 25.0),
    ("health.substance_intervention_pct", 1, 3, 100 / 3),
    ("health.convicted_pct", 3, 7, 100 * 3 / 7),
    ("health.development_pct", 1, 2, 50.0),
])
def test_worked_by_hand(con, indicator, numerator, denominator, value):
    result = evaluate(con, indicator, YEAR, "TEST")
    assert (result.numerator, result.denominator) == (numerator, denominator)
    assert result.value == pytest.approx(value)
    assert not [f for f in result.flags if str(f).startswith("no ")]


def test_average_with_no_scores_is_none(con):
    # Only G11, G12, G13 are 'No score': three children, none with a score.
    result = evaluate(con, "health.sdq_average", YEAR, "TEST", filters={"sdq_band": "No score"})
    assert result.value is None
    assert (result.numerator, result.denominator) == (0, 3)
    assert "no scores recorded" in map(str, result.flags)


BANDS_OF_NINE = {"Normal (0-13)": 2, "Borderline (14-16)": 2, "Cause for concern (17-40)": 2, "No score": 3}


@pytest.mark.parametrize("indicator", ["health.sdq_completed_pct", "health.sdq_average"])
def test_sdq_band_of_the_5_to_16s(con, indicator):
    result = breakdown(con, indicator, YEAR, "TEST", "sdq_band")
    counts = {row.label: (row.denominator if row.denominator is not None else row.numerator)
              for row in result.rows}
    assert counts == BANDS_OF_NINE
    # Ordered by score: the bands low to high, then no score.
    assert [row.label for row in result.rows] == list(BANDS_OF_NINE)
    assert result.total == sum(counts.values()) == evaluate(con, indicator, YEAR, "TEST").denominator == 9


def test_sdq_band_completed_values(con):
    rows = {row.label: row for row in breakdown(con, "health.sdq_completed_pct", YEAR, "TEST", "sdq_band").rows}
    assert {label: (r.numerator, r.denominator, r.value) for label, r in rows.items()} == {
        "Normal (0-13)": (2, 2, 100.0),
        "Borderline (14-16)": (2, 2, 100.0),
        "Cause for concern (17-40)": (2, 2, 100.0),
        "No score": (0, 3, 0.0),
    }


def test_sdq_band_average_values(con):
    rows = {row.label: row for row in breakdown(con, "health.sdq_average", YEAR, "TEST", "sdq_band").rows}
    assert rows["Normal (0-13)"].value == pytest.approx(6.5)
    assert rows["Borderline (14-16)"].value == pytest.approx(15.0)
    assert rows["Cause for concern (17-40)"].value == pytest.approx(28.5)
    assert rows["No score"].value is None and rows["No score"].numerator == 0
    assert sum(r.numerator for r in rows.values()) == 6   # the scores behind the headline average


def test_sdq_band_of_concern_share(con):
    result = breakdown(con, "health.sdq_concern_pct", YEAR, "TEST", "sdq_band")
    assert {row.label: (row.numerator, row.denominator) for row in result.rows} == {
        "Normal (0-13)": (0, 2),
        "Borderline (14-16)": (0, 2),
        "Cause for concern (17-40)": (2, 2),
    }
    assert result.total == sum(row.denominator for row in result.rows) == 6
    assert sum(row.numerator for row in result.rows) == 2
