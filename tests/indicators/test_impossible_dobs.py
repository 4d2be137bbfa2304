"""Dates of birth that cannot be right (issue 13): findings at import, and "Age not known" in the figures.

A DOB in 2099 for a child in care was counted in "Under 1" at age -75, and no finding was raised
for it, for a DOB after the start of care, or for a blank DOB. Worked by hand on
tests/fixtures/small/2024 (1 April 2023 to 31 March 2024) with six more children:

  child  DOB          episodes                         on 31/03/2024      what is wrong with the DOB
  C001   01/05/2010   since 01/02/2022 (open)          13: "10 to 15"      -
  C003   03/03/2006   20/09/2022 to 02/03/2024         not in care         -
  C004   09/09/2020   since 05/05/2023 (open)          3: "1 to 4"         -
  C005   01/01/2099   since 01/06/2023 (open)          age not known       after the year's end
  C006   01/12/2023   since 01/06/2023 (open)          age not known       after care began (would be 0)
  C007   01/01/1990   since 01/06/2023 (open)          age not known       34 on 31 March: over 25
  C008   (blank)      since 01/06/2023 (open)          age not known       blank
  C009   01/01/2099   since 01/01/2022 (open)          age not known       after the year's end

Looked after on 31 March 2024: C001, C004, C005-C009 = 7, in bands "1 to 4" 1, "10 to 15" 1, "Age
not known" 5 (sum 7). The oc2 cohort (looked after every day of the year): C001 (since 2022) and
C009 (since 01/01/2022) = 2. Under 5 in it: none (C009's age is not known; it was counted at -75),
so the development check has no denominator; 10 and over: C001 only (1). Reviews of C005 carry the
header's impossible DOB too: a finding of their own (after the year's end).
"""

from __future__ import annotations

import pytest

from briefing_tui.indicators import periods
from briefing_tui.indicators.breakdowns import breakdown
from briefing_tui.indicators.evaluate import evaluate
from briefing_tui.store.connection import open_database
from tests.helpers import do_import

Y2024 = periods.parse("2024")
OPEN = ",S,C2,N1,U4,PR1,,,,N7 8,N7 9,\n"


@pytest.fixture
def dobs(small, tmp_path):
    year = small / "2024"
    with (year / "header.csv").open("a") as f:
        f.write("C005,1,01/01/2099,WBRI,,,\nC006,2,01/12/2023,WBRI,,,\nC007,1,01/01/1990,WBRI,,,\n"
                "C008,2,,WBRI,,,\nC009,1,01/01/2099,WBRI,,,\n")
    with (year / "episodes.csv").open("a") as f:
        f.write("".join(f"{child},01/06/2023{OPEN}" for child in ("C005", "C006", "C007", "C008"))
                + f"C009,01/01/2022{OPEN}")
    with (year / "reviews.csv").open("a") as f:
        f.write("C005,01/01/2099,01/09/2023,PN1\n")
    db = tmp_path / "dobs.duckdb"
    result = do_import(db, year)
    con = open_database(db, read_only=True)
    yield result, con
    con.close()


def test_impossible_dates_of_birth_are_findings(dobs, small):
    result, _ = dobs
    (found,) = [f for f in result.findings if f.rule == "dob" and f.table == "header"]
    header = f"{small}/2024/header.csv"
    assert found.count == 5
    assert [e.message() for e in found.examples] == [
        f"{header}:5: DOB value '01/01/2099': after the end of collection year 2023-24 (31/03/2024) (expected a date "
        "of birth before the year ends)",
        f"{header}:6: DOB value '01/12/2023': after the child's care began (episode from 01/06/2023) (expected a "
        "date of birth on or before the first episode's start)",
        f"{header}:7: DOB value '01/01/1990': the child would be 34 on 31/03/2024 (expected a date of birth giving an "
        "age of 25 or under on 31 March)",
        f"{header}:8: DOB: blank: the child's age is not known (expected the child's date of birth)",
        f"{header}:9: DOB value '01/01/2099': after the end of collection year 2023-24 (31/03/2024) (expected a date "
        "of birth before the year ends)",
    ]
    (review,) = [f for f in result.findings if f.rule == "dob" and f.table == "reviews"]
    assert [e.line for e in review.examples] == [7]


@pytest.mark.parametrize("stored", [True, False])
def test_children_whose_age_is_not_known_have_a_row_of_their_own(dobs, stored):
    _, con = dobs
    assert evaluate(con, "cla.count", Y2024, "TEST", use_precomputed=stored).value == 7
    rows = breakdown(con, "cla.count", Y2024, "TEST", "age_band", use_precomputed=stored).rows
    assert [(r.label, r.numerator) for r in rows] == [("1 to 4", 1), ("10 to 15", 1), ("Age not known", 5)]


@pytest.mark.parametrize("stored", [True, False])
def test_a_child_whose_age_is_not_known_is_in_no_age_limited_figure(dobs, stored):
    _, con = dobs
    assert evaluate(con, "health.cohort", Y2024, "TEST", use_precomputed=stored).value == 2
    development = evaluate(con, "health.development_pct", Y2024, "TEST", use_precomputed=stored)
    assert development.denominator in (None, 0) and development.value is None  # C009 was in it, at age -75
    assert evaluate(con, "health.convicted_pct", Y2024, "TEST", use_precomputed=stored).denominator == 1
