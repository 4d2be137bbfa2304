"""The rolling twelve months to a date, worked by hand on tests/fixtures/rolling.

Two complete returns, 2023-24 and 2024-25 (tests/fixtures/rolling/README.md lists every episode).
The twelve months to 30 September 2024 run from 1 October 2023: events from 1 April 2024 come from
2024-25's return, earlier ones from 2023-24's; an episode both returns hold is taken from 2024-25's;
each child is counted once.

Worked answers, at 30 September 2024 (window 1 October 2023 to 30 September 2024):
- started: R01 (15/11/2023: in both returns, counted once), R02 (01/06/2024; its start of 10/05/2023
  is before the window), R05 (01/11/2023, 2023-24 only), R06 (15/02/2024: recorded only in
  2024-25's, an episode open across 31 March) = 4. Not R03 (01/09/2023), R04, R07 (01/12/2024).
- ceased: R02 (20/12/2023, E11, 2023-24's) = 1. Not R03: 2023-24's return closed its episode on
  15/03/2024, 2024-25's holds the same episode still open, and the later return's account wins.
  Not R04's or R05's X1 endings, nor R05's 20/10/2024.
- went missing: R01 (25/03/2024 from 2023-24's and 20/06/2024 from 2024-25's: once), R03
  (30/09/2024, the last day) = 2. Not R05 (10/08/2023, before the window), R04 (away, not
  missing), R02 (15/10/2024).
- three or more placements: looked after on 30 September 2024 R01 R02 R03 R04 R05 R06 (6). R05:
  new placements 01/11/2023, 01/01/2024 and 01/07/2024 = 3. R04: held on 1 October 2023, a new one
  on 01/12/2023, then a temporary placement (T1) and the return from it (20/02/2024, which must be
  read against 2023-24's T1 though 2024-25's return holds the episode), then a same-carer change
  (T) = 2. R02: held, and 01/06/2024 = 2. Others 1. 1 of 6 = 16.7%.
At 30 June 2024 (from 1 July 2023): started R01 R02 R03 R05 R06 = 5; ceased R02 = 1; missing R01,
R05 = 2; three or more 0 of 6 (R05 has 2 by then). At 31 December 2024 (from 1 January 2024):
started R02 R06 R07 = 3; ceased R05 = 1; missing R01 R02 R03 = 3; 0 of 6.
To 31 March of a year the window is the year: the year's own figures (2023-24: started 4, ceased
2, missing 2, 0 of 3; 2024-25: 2, 1, 3, 0 of 6).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing_tui.demo.extract import cut_folder
from briefing_tui.indicators import periods, quarter_ends
from briefing_tui.indicators.breakdowns import breakdown
from briefing_tui.indicators.cohort import cohort
from briefing_tui.indicators.evaluate import evaluate
from briefing_tui.indicators.registry import Kind, all_indicators, shown_for
from briefing_tui.store.connection import open_database
from tests.helpers import do_import

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "rolling"
ROLLING = ("cla.starts_12m", "cla.ceased_12m", "missing.children_12m", "stability.three_placements_12m")
ANNUAL = ("cla.starts", "cla.ceased", "missing.children", "stability.three_placements_pct")

WORKED = {  # (value, numerator, denominator) of each rolling figure, in ROLLING's order
    "2024-09-30": [(4, 4, None), (1, 1, None), (2, 2, None), (100 / 6, 1, 6)],
    "2024-06-30": [(5, 5, None), (1, 1, None), (2, 2, None), (0.0, 0, 6)],
    "2024-12-31": [(3, 3, None), (1, 1, None), (3, 3, None), (0.0, 0, 6)],
    "2024": [(4, 4, None), (2, 2, None), (2, 2, None), (0.0, 0, 3)],
    "2025": [(2, 2, None), (1, 1, None), (3, 3, None), (0.0, 0, 6)],
}


@pytest.fixture(scope="module")
def rolling_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("rolling") / "r.duckdb"
    result = do_import(db, FIXTURE)
    assert result.committed and not result.findings and not result.warnings
    con = open_database(db, read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize("text", list(WORKED))
def test_each_rolling_figure_is_the_hand_worked_answer(rolling_db, text):
    got = [evaluate(rolling_db, i, periods.parse(text), "TEST") for i in ROLLING]
    assert [(r.value, r.numerator, r.denominator) for r in got] == WORKED[text]


@pytest.mark.parametrize("year", [2024, 2025])
def test_to_31_march_the_rolling_figure_is_the_years_own(rolling_db, year):
    for rolling, annual in zip(ROLLING, ANNUAL):
        a = evaluate(rolling_db, rolling, periods.collection_year(year), "TEST")
        b = evaluate(rolling_db, annual, periods.collection_year(year), "TEST")
        assert (a.value, a.numerator, a.denominator) == (b.value, b.numerator, b.denominator), rolling


def test_a_quarter_is_answered_for_the_twelve_months_to_its_last_day(rolling_db):
    q2 = evaluate(rolling_db, "cla.starts_12m", periods.parse("2025Q2"), "TEST")
    assert q2.value == 4  # = at 30 September 2024


def test_a_child_is_described_by_the_return_its_event_comes_from(rolling_db):
    at = periods.parse("2024-09-30")
    reasons = breakdown(rolling_db, "cla.ceased_12m", at, "TEST", "reason_ceased")
    # R02's cessation is 2023-24's: its reason is read there (2024-25's return has no such episode)
    assert [(r.label, r.numerator) for r in reasons.rows] == [("E11", 1)]
    by_sex = breakdown(rolling_db, "cla.starts_12m", at, "TEST", "sex")
    assert {r.label: r.numerator for r in by_sex.rows} == {"Male": 2, "Female": 2}
    listed = cohort(rolling_db, "cla.starts_12m", at, "TEST", officer_mode=True)
    assert {(m.who, m.on_date, m.placement) for m in listed.members} == {
        ("R01", dt.date(2023, 11, 15), "U4"), ("R02", dt.date(2024, 6, 1), "U5"),
        ("R05", dt.date(2023, 11, 1), "U4"), ("R06", dt.date(2024, 2, 15), "U4")}


def test_without_the_year_before_there_is_no_rolling_figure_and_it_says_why(tmp_path):
    db = tmp_path / "one.duckdb"
    do_import(db, FIXTURE / "2025")
    con = open_database(db, read_only=True)
    try:
        got = evaluate(con, "cla.starts_12m", periods.parse("2024-09-30"), "TEST")
        assert got.value is None
        assert any("the twelve months to 30 September 2024 begin on 1 October 2023, in the 2023-24 return, which is "
                   "not loaded for TEST" in f.text for f in got.flags)
        # to 31 March the year's own return is enough
        assert evaluate(con, "cla.starts_12m", periods.parse("2025"), "TEST").value == 2
    finally:
        con.close()


def test_an_extract_gives_the_complete_returns_rolling_figures_up_to_its_date(tmp_path):
    db = tmp_path / "x.duckdb"
    do_import(db, FIXTURE / "2024")
    cut_folder(FIXTURE / "2025", tmp_path / "q" / "2025-to-2024-09-30", dt.date(2024, 9, 30))
    do_import(db, tmp_path / "q")
    con = open_database(db, read_only=True)
    try:
        for text in ("2024-09-30", "2024-06-30"):
            got = [evaluate(con, i, periods.parse(text), "TEST") for i in ROLLING]
            assert [(r.value, r.numerator, r.denominator) for r in got] == WORKED[text]
        points = quarter_ends.trend(con, "cla.starts_12m", periods.parse("2024-09-30"), "TEST")
        # 30 June 2023 to 31 December 2023 need 2022-23's return, not loaded: left out
        assert [(p.label, p.value) for p in points] == [("31 Mar 2024", 4), ("30 Jun 2024", 5), ("30 Sep 2024", 4)]
    finally:
        con.close()


def test_the_rolling_figures_are_declared_and_not_shown_twice_at_31_march():
    rolling = [i for i in all_indicators() if i.kind is Kind.ROLLING]
    assert sorted(i.id for i in rolling) == sorted(ROLLING)
    for ind in rolling:
        assert ind.reads_year_before
        for text in ("2024", "2024Q4", "2024-03-31"):  # to 31 March: the year's own figure, shown once
            assert not shown_for(ind, periods.parse(text))
        for text in ("2024Q2", "2024-09-30", "2023-12"):
            assert shown_for(ind, periods.parse(text))


def test_the_cohort_counts_each_childs_placements_over_the_twelve_months(rolling_db):
    """The list behind 16.7% (1 of 6) at 30 September 2024 shows each child's placements in the
    twelve months to that day, the number the figure counted (worked in the module's docstring)."""
    from briefing_tui.briefing.table_export import cohort_records

    at = periods.parse("2024-09-30")
    listed = cohort(rolling_db, "stability.three_placements_12m", at, "TEST", part="all", officer_mode=True)
    assert {m.who: m.placements_this_year for m in listed.members} == {
        "R01": 1, "R02": 2, "R03": 1, "R04": 2, "R05": 3, "R06": 1}
    assert {m.who for m in listed.members if m.counted} == {"R05"}
    records = cohort_records(listed)
    assert "placements_in_12_months" in records[0] and "placements_this_year" not in records[0]


@pytest.mark.parametrize("end, first", [("2024-09-30", "2023-10-01"), ("2024-02-29", "2023-03-01"),
                                        ("2025-03-31", "2024-04-01"), ("2023-12-31", "2023-01-01")])
def test_the_window_starts_where_the_sql_and_the_messages_both_say(end, first):
    """The SQL's first day of the twelve months (rolling.WINDOW_START) and the one the messages name
    (periods.rolling_start) are the same day, 29 February included."""
    import duckdb

    from briefing_tui.indicators.definitions.rolling import WINDOW_START

    day = dt.date.fromisoformat(end)
    window_start = WINDOW_START.replace("_end", f"DATE '{end}'")
    ((sql,),) = duckdb.sql(f"SELECT {window_start}").fetchall()
    assert sql == periods.rolling_start(day) == dt.date.fromisoformat(first)
