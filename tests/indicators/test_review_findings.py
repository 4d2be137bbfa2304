"""Edges found in review of the indicator engine, each worked by hand on a copy of the fixtures."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from briefing_tui.errors import UserError
from briefing_tui.indicators import periods, precomputed
from briefing_tui.indicators.breakdowns import breakdown
from briefing_tui.indicators.cohort import cohort
from briefing_tui.indicators.evaluate import Context, evaluate
from briefing_tui.store.connection import open_database
from tests.helpers import do_import
from tests.indicators.conftest import FIXTURE

Y2024 = periods.parse("2024")


def test_a_repeated_oc3_row_counts_once_as_sent_first_and_a_blank_dob_stays_in(tmp_path):
    """oc3 of 2024 plus L01 again (second, as NO) and L10 with no date of birth: L01 is counted from
    its first row (YES, F2, B1: in touch, EET), so the count is 8 + L10 = 9, the denominator 6 + 1 = 7,
    EET still 2; L10's age group is "Not recorded"."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    oc3 = data / "2024" / "oc3.csv"
    oc3.write_text(oc3.read_text() + "L01,10/10/2005,NO,G5,U2\nL10,,YES,F1,B1\n")
    db = tmp_path / "x.duckdb"
    do_import(db, data, council="TEST")
    c = open_database(db, read_only=True)
    try:
        assert evaluate(c, "leavers.count", Y2024, "TEST").value == 9
        eet = evaluate(c, "leavers.eet_pct", Y2024, "TEST")
        assert (eet.numerator, eet.denominator) == (3, 7)  # L10 (F1) is EET too
        live = evaluate(c, "leavers.eet_pct", Y2024, "TEST", use_precomputed=False)
        assert (live.numerator, live.denominator) == (3, 7)
        activity = {r.label: r.numerator for r in breakdown(c, "leavers.eet_pct", Y2024, "TEST", "activity").rows}
        assert activity["F2"] == 1 and "G5" in activity  # L01 labelled by its first row (F2); L02's G5
        ages = {r.label: r.denominator for r in breakdown(c, "leavers.eet_pct", Y2024, "TEST", "leaver_age_group").rows}
        assert ages["Not recorded"] == 1
    finally:
        c.close()


def test_breakdowns_and_cohorts_refuse_what_the_headline_refuses(con):  # noqa: F811
    # Long-term stability needs the two returns before 2024; only 2023 is loaded.
    headline = evaluate(con, "stability.long_term_pct", Y2024, "TEST")
    assert headline.value is None and str(headline.flags[0]).startswith("needs children's history from the 2021-22")
    split = breakdown(con, "stability.long_term_pct", Y2024, "TEST", "age_band")
    assert split.rows == () and split.flags == headline.flags
    assert cohort(con, "stability.long_term_pct", Y2024, "TEST").members == ()
    # a complete-year figure asked for a quarter is the latest complete year's (2022-23 ended by then)
    quarter = cohort(con, "stability.three_placements_pct", periods.parse("2024Q3"), "TEST")
    assert quarter.period == periods.collection_year(2023)
    assert "the latest complete year's figure (2022-23)" in str(quarter.flags[0])
    with pytest.raises(UserError, match="has no breakdown 'council'"):
        evaluate(con, "cla.uasc", Y2024, "TEST", filters={"council": "TEST"})


def test_small_cells_are_flagged_and_so_is_a_shares_complement(con):  # noqa: F811
    by_sex = breakdown(con, "cla.count", Y2024, "TEST", "sex")  # Male 2, Female 4: both under 5
    assert [r.small for r in by_sex.rows] == [True, True]
    assert tuple(map(str, by_sex.flags)) == ("small numbers in Male, Female (fewer than 5): could identify a child; "
                            "suppress before publishing",)
    assert not breakdown(con, "cla.count", Y2024, "TEST", "sex", suppress_below=2).flags
    # 1 of 6 UASC: the 1 is small, and so would be "5 not UASC" out of 6
    share = evaluate(con, "cla.uasc_pct", Y2024, "TEST", Context(suppress_below=6))
    assert any(str(f).startswith("small numbers (1 < 6)") for f in share.flags)


def test_an_averages_cohort_is_the_children_with_a_score(tmp_path):
    from tests.indicators.test_health_outcomes import FIXTURE as HEALTH

    db = tmp_path / "h.duckdb"
    do_import(db, HEALTH, council="TEST")
    c = open_database(db, read_only=True)
    try:
        average = evaluate(c, "health.sdq_average", Y2024, "TEST")
        counted = cohort(c, "health.sdq_average", Y2024, "TEST")
        rest = cohort(c, "health.sdq_average", Y2024, "TEST", part="not-counted")
        assert len(counted.members) == average.numerator
        assert len(rest.members) == average.denominator - average.numerator
    finally:
        c.close()


def test_a_month_trend_keeps_29_february(tmp_path):
    """K-fixture plus a start on 29/02/2024: February 2023 asked, its 2024 point is 1 to 29 February."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    episodes = data / "2024" / "episodes.csv"
    episodes.write_text(episodes.read_text() + "K20,29/02/2024,S,C1,N1,U6,PR4,,,,N7 8,N7 9,\n")
    header = data / "2024" / "header.csv"
    header.write_text(header.read_text() + "K20,1,01/01/2015,WBRI,,,\n")
    db = tmp_path / "m.duckdb"
    do_import(db, data, council="TEST")
    c = open_database(db, read_only=True)
    try:
        trend = {p.year: p.value for p in evaluate(c, "cla.starts", periods.parse("2023-02"), "TEST").trend}
        assert trend[2024] == evaluate(c, "cla.starts", periods.parse("2024-02"), "TEST").value == 1
    finally:
        c.close()


def test_rows_left_stale_by_an_import_without_them_are_not_trusted(tmp_path):
    from briefing_tui.store.importer import import_paths

    db = tmp_path / "p.duckdb"
    do_import(db, FIXTURE, council="TEST")
    c = open_database(db)
    import_paths(c, [FIXTURE / "2024"], council="TEST", year=2024)  # no derive: stored rows now stale
    c.close()
    do_import(db, FIXTURE, council="OTHER")  # a later import that does rebuild: everything, so TEST too
    c = open_database(db, read_only=True)
    try:
        assert precomputed.is_current(c)
        assert evaluate(c, "cla.count", Y2024, "TEST") == evaluate(c, "cla.count", Y2024, "TEST",
                                                                   use_precomputed=False)
    finally:
        c.close()


def test_a_new_breakdown_column_is_made_when_definitions_change(tmp_path):
    db = tmp_path / "l.duckdb"
    do_import(db, FIXTURE, council="TEST")
    raw = duckdb.connect(str(db))  # as a database made before accommodation_type existed
    raw.execute(f"ALTER TABLE {precomputed.TABLE} DROP COLUMN dim_accommodation_type")
    raw.execute("UPDATE meta SET value = 'older definitions' WHERE key = ?", [precomputed.BUILT_KEY])
    raw.close()
    do_import(db, FIXTURE, council="TEST")
    c = open_database(db, read_only=True)
    try:
        assert breakdown(c, "leavers.count", Y2024, "TEST", "accommodation_type").total == 8
    finally:
        c.close()


def test_reviews_on_time_read_no_history_across_a_missing_year(tmp_path):
    """history fixture, 2023 left out: 2024's reviews cannot lean on 2022's, so every first or second
    review of a period of care begun before 1 April 2023 is left out, and the figure is of the rest."""
    from tests.indicators.test_history import FIXTURE as HISTORY

    data = tmp_path / "h"
    shutil.copytree(HISTORY / "2022", data / "2022")
    shutil.copytree(HISTORY / "2024", data / "2024")
    db = tmp_path / "gap.duckdb"
    do_import(db, data, council="TEST")
    c = open_database(db, read_only=True)
    try:
        result = evaluate(c, "voice.reviews_on_time_pct", Y2024, "TEST")
        alone = tmp_path / "alone"
        shutil.copytree(HISTORY / "2024", alone / "2024")
        db2 = tmp_path / "alone.duckdb"
        do_import(db2, alone, council="TEST")
        c2 = open_database(db2, read_only=True)
        try:  # the same as if 2024 were the only return loaded
            only = evaluate(c2, "voice.reviews_on_time_pct", Y2024, "TEST")
            assert (result.numerator, result.denominator) == (only.numerator, only.denominator)
        finally:
            c2.close()
    finally:
        c.close()
