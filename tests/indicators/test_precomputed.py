"""The rows stored at import answer exactly as the live definitions do, council by council.

Two councils are pooled with the same CHILD ids (TEST and TWIN: the indicator fixture twice, TWIN
without its 2023 return), so a definition that joined children across councils would give TWIN
TEST's history and differ from its live figure. Every indicator, and every breakdown is compared;
then the demo borough's headline figures likewise.
"""

from __future__ import annotations

import shutil

import pytest

from briefing_tui.indicators import periods, precomputed
from briefing_tui.indicators.breakdowns import breakdown
from briefing_tui.indicators.evaluate import Context, evaluate, evaluate_many
from briefing_tui.indicators.registry import all_indicators
from briefing_tui.store.connection import open_database
from tests.helpers import do_import
from tests.indicators.conftest import FIXTURE

CONTEXT = Context(population_under_18=1_000)


@pytest.fixture(scope="module")
def pooled(tmp_path_factory):
    root = tmp_path_factory.mktemp("pooled")
    twin = root / "twin"
    shutil.copytree(FIXTURE / "2024", twin / "2024")
    db = root / "pooled.duckdb"
    do_import(db, FIXTURE, council="TEST")
    do_import(db, twin, council="TWIN")
    con = open_database(db, read_only=True)
    yield con
    con.close()


def _same(con, council: str, year: str) -> None:
    period = periods.parse(year)
    for ind in all_indicators():
        # every indicator's rows are stored but the rolling twelve months' (live: they read two returns)
        assert precomputed.answers(con, ind, period) is (ind in precomputed.stored_indicators())
        stored = evaluate(con, ind.id, period, council, CONTEXT)
        live = evaluate(con, ind.id, period, council, CONTEXT, use_precomputed=False)
        assert stored == live, ind.id
        for dimension in ind.breakdowns:
            assert (breakdown(con, ind.id, period, council, dimension)
                    == breakdown(con, ind.id, period, council, dimension, use_precomputed=False)), (ind.id, dimension)


@pytest.mark.parametrize("council, year", [("TEST", "2024"), ("TEST", "2023"), ("TWIN", "2024")])
def test_stored_rows_answer_as_the_live_definitions(pooled, council, year):
    _same(pooled, council, year)


def test_a_pool_rebuilt_at_once_answers_as_live_and_lies_in_council_order(pooled, tmp_path):
    """Every council derived in one go (an upgrade rebuilds every council's rows, as a pooled
    import does), with more councils than years, so the rows are derived a year at a time: each
    figure as live, and the rows stored in (indicator, council, year) order all the same."""
    from briefing_tui.store.transaction import transaction

    db = tmp_path / "rebuilt.duckdb"
    shutil.copy(_path(pooled), db)
    do_import(db, FIXTURE, council="TWIN2")  # after TWIN, and with a 2023 return as TEST has
    con = open_database(db)
    try:
        con.execute("UPDATE meta SET value = 'older definitions' WHERE key = ?", [precomputed.BUILT_KEY])
        with transaction(con):
            precomputed.refresh(con, [])
        for council, year in (("TEST", "2024"), ("TEST", "2023"), ("TWIN", "2024"), ("TWIN2", "2023")):
            _same(con, council, year)
        stored = con.execute(f"SELECT indicator, council, year FROM {precomputed.TABLE} ORDER BY rowid").fetchall()
        assert {c for _, c, _ in stored} == {"TEST", "TWIN", "TWIN2"}
        assert stored == sorted(stored)
    finally:
        con.close()


def _path(con) -> str:
    """The file an open connection reads."""
    (path,) = con.execute("SELECT path FROM duckdb_databases() WHERE NOT internal AND path IS NOT NULL").fetchone()
    return path


def test_the_overview_in_one_query_is_each_figure(pooled):
    ids = [ind.id for ind in all_indicators()]
    year = periods.parse("2024")
    assert evaluate_many(pooled, ids, year, "TWIN", CONTEXT) == [evaluate(pooled, i, year, "TWIN", CONTEXT)
                                                                 for i in ids]
    # a quarter and a date: stored rows where they answer (a complete-year figure is the latest
    # complete year's; dated and first events), the rest live, two at a time; each as evaluate gives it
    for text in ("2024Q4", "2023-09-30", "2024Q1"):
        period = periods.parse(text)
        assert evaluate_many(pooled, ids, period, "TEST", CONTEXT) == [evaluate(pooled, i, period, "TEST", CONTEXT)
                                                                       for i in ids], text


def test_the_overview_of_an_extracts_date_is_each_figure(extract_dbs):
    con = open_database(extract_dbs[1], read_only=True)
    try:
        ids = [ind.id for ind in all_indicators()]
        for text in ("2023-09-30", "2024Q2", "2024Q1"):
            period = periods.parse(text)
            assert evaluate_many(con, ids, period, "DEMO", CONTEXT) == [evaluate(con, i, period, "DEMO", CONTEXT)
                                                                        for i in ids], text
    finally:
        con.close()


def test_filters_from_stored_rows_match_live(pooled):
    period = periods.parse("2024")
    for filters in ({"sex": "Female"}, {"uasc": "UASC"}, {"sex": "male", "age_band": "10 to 15"}):
        assert (evaluate(pooled, "cla.count", period, "TWIN", filters=filters)
                == evaluate(pooled, "cla.count", period, "TWIN", filters=filters, use_precomputed=False))


def test_quarters_are_answered_live_and_a_stale_signature_is_ignored(pooled, tmp_path):
    ind = all_indicators()[0]
    assert not precomputed.answers(pooled, ind, periods.parse("2024Q1"))
    db = tmp_path / "stale.duckdb"
    do_import(db, FIXTURE, council="TEST")
    con = open_database(db)
    con.execute("UPDATE meta SET value = 'other definitions' WHERE key = ?", [precomputed.SIGNATURE_KEY])
    assert not precomputed.answers(con, ind, periods.parse("2024"))
    assert evaluate(con, "cla.count", periods.parse("2024"), "TEST").value == 6
    con.close()


def test_demo_stored_figures_match_live(demo_db_master):
    con = open_database(demo_db_master, read_only=True)
    try:
        for year in ("2019", "2024"):
            period = periods.parse(year)
            for ind in all_indicators():
                assert (evaluate(con, ind.id, period, "DEMO", CONTEXT)
                        == evaluate(con, ind.id, period, "DEMO", CONTEXT, use_precomputed=False)), ind.id
                if ind.breakdowns:
                    dim = ind.breakdowns[0]
                    assert (breakdown(con, ind.id, period, "DEMO", dim)
                            == breakdown(con, ind.id, period, "DEMO", dim, use_precomputed=False)), ind.id
    finally:
        con.close()


def test_gathered_columns_keep_each_indicators_own_types(pooled):
    """The derivation gathers every indicator's rows into one table before labelling them: each
    column it gathers (those every row has, and those the indicator's breakdowns read) is declared
    with the type the definition gives it, so no value is converted on the way (an SDQ score made
    a whole number from a fraction would move a child between bands)."""
    from briefing_tui.indicators import dimensions, macros

    declared = {**precomputed.GATHERED_COLUMNS, **precomputed.OWN_COLUMNS}
    read = {c for d in dimensions.DIMENSIONS.values() for c in dimensions.own_columns(d)}
    assert read <= set(precomputed.OWN_COLUMNS), "a breakdown reads a column the derivation does not gather"
    cursor = pooled.cursor()
    macros.install(cursor, *all_indicators())
    for ind in all_indicators():
        rows = cursor.sql(f"SELECT * FROM {macros.name(ind)}('TEST', 2024, DATE '2023-04-01', DATE '2024-03-31')")
        types = dict(zip(rows.columns, map(str, rows.types)))
        for column in ("council", "CHILD", "DECOM", "on_date", "_num", *precomputed.own_columns(ind)):
            assert types[column] == declared[column], (ind.id, column)
        score = types["_score"]
        assert score == "DOUBLE" or score in ("INTEGER", "BIGINT", "SMALLINT"), (ind.id, score)  # exact in DOUBLE


@pytest.mark.parametrize("text", ["2024Q1", "2024Q4", "2023-12", "2023-10-15", "2024-03-31", "2023Q2"])
def test_dated_events_answer_parts_of_a_year_from_the_stored_rows_as_live(pooled, text):
    """Reviews and incidents: a quarter, month or date is the year's stored rows on those days,
    headline, comparison, trend and every breakdown the same as the live definitions give."""
    period = periods.parse(text)
    dated = [ind for ind in all_indicators() if ind.dated_events]
    assert {i.id for i in dated} == {"voice.reviews_held", "voice.participation_pct", "voice.reviews_on_time_pct",
                                     "missing.incidents", "away.incidents"}
    # each child's first event (starts, children missing or away): a period from 1 April (a year to
    # date, the first quarter) is the year's stored rows up to its last day
    first = [ind for ind in all_indicators() if ind.first_event]
    assert {i.id for i in first} == {"cla.starts", "missing.children", "away.children"}
    from_april = period.start.month == 4 and period.start.day == 1
    for ind in first:
        assert precomputed.answers(pooled, ind, period) is from_april, (ind.id, text)
    for council in ("TEST", "TWIN"):
        for ind in dated + (first if from_april else []):
            assert precomputed.answers(pooled, ind, period)
            assert (evaluate(pooled, ind.id, period, council, CONTEXT)
                    == evaluate(pooled, ind.id, period, council, CONTEXT, use_precomputed=False)), (ind.id, council)
            for dimension in ind.breakdowns:
                assert (breakdown(pooled, ind.id, period, council, dimension)
                        == breakdown(pooled, ind.id, period, council, dimension, use_precomputed=False)), \
                    (ind.id, dimension)


def test_dated_events_on_the_demo_match_live(demo_db_master):
    con = open_database(demo_db_master, read_only=True)
    try:
        for text in ("2024Q2", "2023-09-30", "2019-11", "2024Q1", "2020-12-31"):
            period = periods.parse(text)
            for ind in (i for i in all_indicators() if i.dated_events or i.first_event):
                assert (evaluate(con, ind.id, period, "DEMO", CONTEXT)
                        == evaluate(con, ind.id, period, "DEMO", CONTEXT, use_precomputed=False)), (ind.id, text)
                dimension = ind.breakdowns[-1]
                assert (breakdown(con, ind.id, period, "DEMO", dimension)
                        == breakdown(con, ind.id, period, "DEMO", dimension, use_precomputed=False)), \
                    (ind.id, text, dimension)
    finally:
        con.close()


def test_a_filtered_figure_for_a_date_is_its_breakdown_row_in_every_year(demo_db_master):
    """Filters at a date are answered live, every year in one query: each year's value is that
    year's breakdown row, from its own return."""
    con = open_database(demo_db_master, read_only=True)
    try:
        period = periods.parse("2023-09-30")
        for ind_id, dimension in (("cla.count", "sex"), ("cla.foster_pct", "age_band"), ("cla.starts", "uasc")):
            split = breakdown(con, ind_id, period, "DEMO", dimension)
            for row in split.rows:
                got = evaluate(con, ind_id, period, "DEMO", CONTEXT, filters={dimension: row.label})
                assert (got.value, got.numerator) == (row.value, row.numerator), (ind_id, row.label)
                earlier = breakdown(con, ind_id, period.shifted(-3), "DEMO", dimension)
                cell = next((r for r in earlier.rows if r.label == row.label), None)
                point = next(p for p in got.trend if p.year == period.return_year - 3)
                assert point.value == (cell.value if cell else None) or (cell is None and point.value in (0, None))
    finally:
        con.close()


@pytest.mark.parametrize("text", ["2023-09-30", "2024Q2", "2024"])
def test_a_breakdown_and_its_year_earlier_in_one_query_are_the_two_breakdowns(demo_db_master, text):
    from briefing_tui.indicators.breakdowns import breakdown_and_year_earlier

    con = open_database(demo_db_master, read_only=True)
    try:
        period = periods.parse(text)
        for ind_id, dimension, filters in (("cla.count", "age_band", {}), ("cla.foster_pct", "sex", {"uasc": "UASC"}),
                                           ("cla.starts", "legal_status", {}), ("health.dental_pct", "age_band", {}),
                                           ("voice.reviews_on_time_pct", "review_number", {})):
            pair = breakdown_and_year_earlier(con, ind_id, period, "DEMO", dimension, filters)
            assert pair == (breakdown(con, ind_id, period, "DEMO", dimension, filters),
                            breakdown(con, ind_id, period.year_earlier(), "DEMO", dimension, filters)), ind_id
    finally:
        con.close()
