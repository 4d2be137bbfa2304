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

import datetime as dt

import pytest

from briefing_tui.indicators import periods
from briefing_tui.indicators.breakdowns import breakdown
from briefing_tui.indicators.evaluate import evaluate


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
    assert str(result.flags[0]) == "no children in the denominator"


def test_cohorts_are_for_whole_years(con):  # noqa: F811
    """Asked for a quarter, a complete-year figure is the latest complete year's, said so; none
    before the first loaded year has ended: not yet available, never 0."""
    quarter = evaluate(con, "leavers.eet_pct", periods.parse("2024Q1"), "TEST")
    assert quarter.period == periods.collection_year(2023)
    assert quarter.value == evaluate(con, "leavers.eet_pct", periods.parse("2023"), "TEST").value
    assert "the latest complete year's figure (2022-23)" in str(quarter.flags[0])
    early = evaluate(con, "leavers.eet_pct", periods.parse("2023Q3"), "TEST")
    assert early.value is None and early.period == periods.parse("2023Q3")
    assert str(early.flags[0]).startswith("not yet available: Care leavers")


# --- young people whose birthday in the year was not their 17th to 21st (DfE rule 391) ----------
# A copy of the fixture with these oc3 rows added. 2024 (1 April 2023 - 31 March 2024), after L09:
#   line 10 L11 15/06/2007 YES F1 B1   16th birthday 15/06/2023: outside 17 to 21; in touch, EET, suitable
#   line 11 L12 20/01/2002 NO  G5 S2   22nd birthday 20/01/2024: outside; NEET, not suitable
#   line 12 L13 29/02/2004 YES P5 U1   20th birthday 29/02/2024 (a leap year): 19 to 21; in touch, EET, suitable
#   line 13 L14 29/02/2008 YES G6 D2   16th birthday 29/02/2024: outside; in touch, NEET, not suitable
#   line 14 L15 (no DOB)   REFU 0 0    age not known ("Not recorded"); denominator only
# Everyone stays in: count 8 + 5 = 13; denominator 6 + 5 = 11; in touch 3 + 3 = 6; EET 2 + 2 = 4;
# NEET 1 + 2 = 3; suitable 2 + 2 = 4.
# By age group (count): 17 to 18 L01 L04 L06 L08 = 4; 19 to 21 L02 L03 L05 L09 L13 = 5; outside
# L11 L12 L14 = 3; Not recorded L15 = 1. EET by group: 17 to 18 2 of 3 (L04 died), 19 to 21 1 of 4
# (L13; L05 went home), outside 1 of 3 (L11), Not recorded 0 of 1. The comparator's 19-21 cut: 1 of 4.
# 2023 (1 April 2022 - 31 March 2023), a new oc3 file:
#   line 2 M01 29/02/2004   19th birthday 01/03/2023 (29 February in a common year): 19 to 21
#   line 3 M02 01/04/2006   16th birthday 01/04/2022, the year's first day: outside
#   line 4 M03 31/03/2006   17th birthday 31/03/2023, the year's last day: 17 to 18
#   line 5 M04 29/02/2008   15th birthday 01/03/2023: outside
EXTRA_2024 = ("L11,15/06/2007,YES,F1,B1\nL12,20/01/2002,NO,G5,S2\nL13,29/02/2004,YES,P5,U1\n"
              "L14,29/02/2008,YES,G6,D2\nL15,,REFU,0,0\n")
OC3_2023 = ("CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nM01,29/02/2004,YES,F1,B1\nM02,01/04/2006,YES,F1,B1\n"
            "M03,31/03/2006,YES,F1,B1\nM04,29/02/2008,YES,F1,B1\n")


@pytest.fixture(scope="module")
def outside(tmp_path_factory):
    import shutil

    from briefing_tui.store.connection import open_database
    from tests.conftest import write
    from tests.helpers import do_import
    from tests.indicators.conftest import FIXTURE

    data = tmp_path_factory.mktemp("outside") / "data"
    shutil.copytree(FIXTURE, data)
    oc3 = data / "2024" / "oc3.csv"
    oc3.write_text(oc3.read_text() + EXTRA_2024)
    write(data / "2023" / "oc3.csv", OC3_2023)
    db = data.parent / "outside.duckdb"
    result = do_import(db, data, council="TEST")
    con = open_database(db, read_only=True)
    yield con, result, data
    con.close()


@pytest.mark.parametrize("stored", [True, False])
@pytest.mark.parametrize("indicator, numerator, denominator", [
    ("leavers.count", 13, None),
    ("leavers.in_touch_pct", 6, 11),
    ("leavers.eet_pct", 4, 11),
    ("leavers.neet_pct", 3, 11),
    ("leavers.suitable_accom_pct", 4, 11),
])
def test_outside_17_to_21_stay_in_the_figures(outside, indicator, numerator, denominator, stored):
    con, _, _ = outside
    result = evaluate(con, indicator, periods.parse("2024"), "TEST", use_precomputed=stored)
    assert (result.numerator, result.denominator) == (numerator, denominator)


@pytest.mark.parametrize("stored", [True, False])
def test_outside_17_to_21_is_a_group_of_its_own(outside, stored):
    con, _, _ = outside
    y2024, y2023 = periods.parse("2024"), periods.parse("2023")
    count = breakdown(con, "leavers.count", y2024, "TEST", "leaver_age_group", use_precomputed=stored)
    assert [(r.label, r.numerator) for r in count.rows] == [
        ("17 to 18", 4), ("19 to 21", 5), ("outside 17 to 21", 3), ("Not recorded", 1)]
    eet = breakdown(con, "leavers.eet_pct", y2024, "TEST", "leaver_age_group", use_precomputed=stored)
    assert [(r.label, r.numerator, r.denominator) for r in eet.rows] == [
        ("17 to 18", 2, 3), ("19 to 21", 1, 4), ("outside 17 to 21", 1, 3), ("Not recorded", 0, 1)]
    earlier = breakdown(con, "leavers.count", y2023, "TEST", "leaver_age_group", use_precomputed=stored)
    assert [(r.label, r.numerator) for r in earlier.rows] == [
        ("17 to 18", 1), ("19 to 21", 1), ("outside 17 to 21", 2)]
    compared = evaluate(con, "leavers.eet_pct", y2024, "TEST", filters={"leaver_age_group": "19 to 21"},
                        use_precomputed=stored)
    assert (compared.numerator, compared.denominator) == (1, 4)  # the comparators' cut (comparators.MAPPINGS)
    apart = evaluate(con, "leavers.count", y2024, "TEST", filters={"leaver_age_group": "Outside 17 to 21"},
                     use_precomputed=stored)
    assert apart.value == 3


def test_birthdays_in_the_year_and_29_february(outside):
    from briefing_tui.indicators.cohort import cohort

    con, _, _ = outside
    members = cohort(con, "leavers.count", periods.parse("2023"), "TEST", officer_mode=True).members
    assert [(m.who, m.on_date) for m in members] == [
        ("M01", dt.date(2023, 3, 1)), ("M02", dt.date(2022, 4, 1)), ("M03", dt.date(2023, 3, 31)),
        ("M04", dt.date(2023, 3, 1))]


def test_the_age_groups_offered_to_filters():
    from briefing_tui.indicators import dimensions

    assert list(dimensions.DIMENSIONS["leaver_age_group"].labels) == [
        "17 to 18", "19 to 21", "Not recorded", "outside 17 to 21"]


def test_outside_17_to_21_is_a_rule_391_finding(outside):
    _, result, data = outside
    (found,) = [f for f in result.findings if f.rule == "391"]
    assert (found.table, found.column, found.count) == ("oc3", "DOB", 5)
    assert [e.message() for e in found.examples] == [
        f"{data}/2023/oc3.csv:3: DOB value '01/04/2006': 16th birthday (01/04/2022) fell in collection year "
        "2022-23 (expected an oc3 row only for a young person whose 17th to 21st birthday fell in the year)",
        f"{data}/2023/oc3.csv:5: DOB value '29/02/2008': 15th birthday (01/03/2023) fell in collection year "
        "2022-23 (expected an oc3 row only for a young person whose 17th to 21st birthday fell in the year)",
        f"{data}/2024/oc3.csv:10: DOB value '15/06/2007': 16th birthday (15/06/2023) fell in collection year "
        "2023-24 (expected an oc3 row only for a young person whose 17th to 21st birthday fell in the year)",
        f"{data}/2024/oc3.csv:11: DOB value '20/01/2002': 22nd birthday (20/01/2024) fell in collection year "
        "2023-24 (expected an oc3 row only for a young person whose 17th to 21st birthday fell in the year)",
        f"{data}/2024/oc3.csv:13: DOB value '29/02/2008': 16th birthday (29/02/2024) fell in collection year "
        "2023-24 (expected an oc3 row only for a young person whose 17th to 21st birthday fell in the year)",
    ]
