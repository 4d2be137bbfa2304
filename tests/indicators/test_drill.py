"""Filters, breakdowns of shares, cohort lists, aliases, timelines and flags, worked by hand on
tests/fixtures/indicators (synthetic; the children are described in test_cla.py and test_leavers.py).

Looked after at 31 March 2024: K01 (male, WBRI, C2 U4, in care since 01/01/2022), K02 (female, C1
U6, came in that day), K04 (female, UASC, V2 U6), K06 (female, BAFR, C2, moved U6 -> U4 on
01/11/2023), K08 (female, V2 K2; UASC status ceased 01/03/2024, so not UASC on 31 March), K09
(male, L2 then C1 the same day, U6).
  uasc = UASC: K04 -> 1; Not UASC: 5.  sex = Female: K02 K04 K06 K08 -> 4; Male: K01 K09 -> 2.
Care leavers (denominator, DIED/RHOM out): 17 to 18 = L01 L06 L08 (L04 died) -> 3, EET L01 L06 = 2;
19 to 21 = L02 L03 L09 (L05 RHOM) -> 3, EET none.
Cohort rows worked out (officer mode, on 31 March 2024):
  K01: age 13 (born 01/05/2010), care began 01/01/2022, 820 days (365 + 365 + 90), placements this
       year 1 (the one held on 1 April; no move), C2, U4, White.
  K06: care began 01/02/2023 (the overlapping episodes join), 424 days (365 + 29 + 30), placements 2
       (U6 held on 1 April, the move to U4 on 01/11/2023 with RNE P), described by the U4 episode.
  K09: care began 01/01/2024, 90 days, placements 1 (the S episode; the L change is not a move), C1.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest

from briefing_tui.errors import UserError
from briefing_tui.indicators import periods
from briefing_tui.indicators.breakdowns import breakdown
from briefing_tui.indicators.cohort import cohort
from briefing_tui.indicators.described import parse_filters
from briefing_tui.indicators.evaluate import Context, evaluate
from briefing_tui.indicators.registry import get
from briefing_tui.indicators.timeline import timeline
from briefing_tui.store.connection import open_database
from briefing_tui.store.schema import continuous_care_sql
from tests.helpers import do_import, query
from tests.indicators.conftest import FIXTURE

Y2024 = periods.parse("2024")
ALIAS = re.compile(r"^C-[0-9A-F]{4,}$")


@pytest.mark.parametrize("indicator, filters, value", [
    ("cla.count", {"uasc": "UASC"}, 1),
    ("cla.count", {"uasc": "not uasc"}, 5),          # labels match whatever the case
    ("cla.count", {"sex": "Female"}, 4),
    ("cla.count", {"sex": "Male"}, 2),
    ("cla.count", {"sex": "Female", "uasc": "UASC"}, 1),
    ("leavers.eet_pct", {"leaver_age_group": "17 to 18"}, pytest.approx(200 / 3)),
    ("leavers.eet_pct", {"leaver_age_group": "19 to 21"}, 0.0),
])
def test_filters_worked_by_hand(con, indicator, filters, value):  # noqa: F811
    result = evaluate(con, indicator, Y2024, "TEST", filters=filters)
    assert result.value == value and result.filters == filters


def test_a_share_breaks_down_into_shares_of_each_group(con):  # noqa: F811
    rows = breakdown(con, "leavers.eet_pct", Y2024, "TEST", "leaver_age_group")
    assert [(r.label, r.numerator, r.denominator) for r in rows.rows] == [("17 to 18", 2, 3), ("19 to 21", 0, 3)]
    assert rows.rows[0].value == pytest.approx(200 / 3) and rows.rows[1].value == 0.0
    assert rows.total == evaluate(con, "leavers.eet_pct", Y2024, "TEST").denominator == 6


def test_a_misspelt_filter_is_refused_with_the_groups():
    with pytest.raises(UserError, match=r"uasc='yes': not one of .* \(expected one of: UASC, Not UASC\)"):
        parse_filters(get("cla.count"), ["uasc=yes"])
    with pytest.raises(UserError, match="has no breakdown 'colour'"):
        parse_filters(get("cla.count"), ["colour=red"])
    with pytest.raises(UserError, match="is not DIMENSION=VALUE"):
        parse_filters(get("cla.count"), ["uasc"])


@pytest.mark.parametrize("key, value", [("ethnicity=WBRI) OR (true", "x"), (" sex", "Female"), ("sex ", "Female")])
def test_a_filter_is_named_by_a_dimension_id_exactly(con, key, value):  # noqa: F811
    """A filter's dimension names a column of the SQL: anything but an id the indicator offers, as
    given, is refused before any SQL is built (a key with '=' or spaces in it once passed as its
    first part, stripped, and reached the SQL whole)."""
    filters = {key: value}
    for ask in (lambda: evaluate(con, "cla.count", Y2024, "TEST", filters=filters),
                lambda: evaluate(con, "cla.count", Y2024, "TEST", filters=filters, use_precomputed=False),
                lambda: breakdown(con, "cla.count", Y2024, "TEST", "uasc", filters=filters),
                lambda: cohort(con, "cla.count", Y2024, "TEST", filters=filters)):
        with pytest.raises(UserError, match=f"cla.count has no breakdown '{re.escape(key)}'"):
            ask()


def test_cohort_is_the_children_counted_under_aliases(con):  # noqa: F811
    listed = cohort(con, "cla.count", Y2024, "TEST")
    assert len(listed.members) == 6
    assert all(ALIAS.match(m.who) for m in listed.members)
    assert not {"K01", "K02", "K04", "K06", "K08", "K09"} & {m.who for m in listed.members}


def test_officer_mode_shows_ids_and_the_worked_rows(con):  # noqa: F811
    listed = {m.who: m for m in cohort(con, "cla.count", Y2024, "TEST", officer_mode=True).members}
    assert set(listed) == {"K01", "K02", "K04", "K06", "K08", "K09"}
    k01, k06, k09 = listed["K01"], listed["K06"], listed["K09"]
    assert (k01.age, k01.sex, k01.ethnic_group, k01.legal_status, k01.placement) == (13, "Male", "White", "C2", "U4")
    assert (k01.care_start, k01.days_in_care, k01.placements_this_year) == (dt.date(2022, 1, 1), 820, 1)
    assert (k06.care_start, k06.days_in_care, k06.placements_this_year, k06.placement) == (
        dt.date(2023, 2, 1), 424, 2, "U4")
    assert (k09.care_start, k09.days_in_care, k09.placements_this_year, k09.legal_status) == (
        dt.date(2024, 1, 1), 90, 1, "C1")
    assert listed["K04"].uasc and not listed["K08"].uasc


def test_cohort_of_a_cell_and_of_each_part_of_a_share(con):  # noqa: F811
    female = cohort(con, "cla.count", Y2024, "TEST", {"sex": "Female"}, officer_mode=True)
    assert {m.who for m in female.members} == {"K02", "K04", "K06", "K08"}
    parts = {part: {m.who for m in cohort(con, "leavers.eet_pct", Y2024, "TEST", part=part,
                                          officer_mode=True).members}
             for part in ("counted", "not-counted", "all")}
    assert parts == {"counted": {"L01", "L06"}, "not-counted": {"L02", "L03", "L08", "L09"},
                     "all": {"L01", "L02", "L03", "L06", "L08", "L09"}}
    with pytest.raises(UserError, match="is a count"):
        cohort(con, "cla.count", Y2024, "TEST", part="all")


def test_aliases_are_stable_per_database_and_differ_between_databases(tmp_path):
    first, second = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    do_import(first, FIXTURE, council="TEST")
    before = dict(query(first, "SELECT CHILD, alias FROM aliases"))
    do_import(first, FIXTURE, council="TEST")  # re-import: nothing changes
    assert dict(query(first, "SELECT CHILD, alias FROM aliases")) == before
    do_import(second, FIXTURE, council="TEST")
    other = dict(query(second, "SELECT CHILD, alias FROM aliases"))
    assert set(other) == set(before) and len(before) == 20  # K01-K12 and L01-L09 less L07 (none)
    assert other != before
    assert len(set(before.values())) == len(before)  # unique


def test_an_older_database_is_upgraded_in_place_with_aliases(tmp_path):
    db = tmp_path / "v1.duckdb"
    do_import(db, FIXTURE, council="TEST")
    raw = duckdb.connect(str(db))  # make it look as version 1 left it
    raw.execute("DROP TABLE aliases")
    raw.execute("DROP TABLE indicator_rows")
    raw.execute("DROP TABLE continuous_care")
    raw.execute(f"CREATE VIEW continuous_care AS {continuous_care_sql('episodes')}")
    raw.execute("DELETE FROM meta WHERE key NOT IN ('schema_version', 'created_by')")
    raw.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    raw.close()
    con = open_database(db, read_only=True)
    try:
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("5",)
        assert con.execute("SELECT count(*) FROM aliases").fetchone() == (20,)
        assert con.execute("SELECT table_type FROM information_schema.tables "
                           "WHERE table_name = 'continuous_care'").fetchone() == ("BASE TABLE",)
        assert evaluate(con, "cla.count", Y2024, "TEST").value == 6
    finally:
        con.close()


def test_a_childs_timeline_across_returns(con):  # noqa: F811
    story = timeline(con, "TEST", "K06", officer_mode=True)
    assert [(e.day, e.kind, e.return_year) for e in story.events] == [
        (dt.date(2023, 2, 1), "episode", 2024),     # the 2024 return's version (ended 01/12/2023) wins
        (dt.date(2023, 11, 1), "episode", 2024),
        (dt.date(2024, 3, 31), "missing", 2024),
    ]
    assert "ended 01/12/2023 (X1)" in story.events[0].detail
    alias = con.execute("SELECT alias FROM aliases WHERE CHILD = 'K06'").fetchone()[0]
    assert timeline(con, "TEST", alias.lower()).events == story.events
    with pytest.raises(UserError, match="no child 'K06'"):
        timeline(con, "TEST", "K06")  # a CHILD id is not accepted outside officer mode


def test_flags_small_numbers_and_data_quality(con):  # noqa: F811
    uasc = evaluate(con, "cla.uasc", Y2024, "TEST")
    assert "small numbers (1 < 5): could identify a child; suppress before publishing" in map(str, uasc.flags)
    assert not [f for f in evaluate(con, "cla.uasc", Y2024, "TEST", Context(suppress_below=1)).flags
                if str(f).startswith("small")]
    counted = {"K01", "K02", "K04", "K06", "K08", "K09"}
    with_findings = {c for (c,) in con.execute(
        "SELECT DISTINCT child FROM data_quality WHERE council = 'TEST' AND year = 2024").fetchall()}
    touched = len(counted & with_findings)
    assert touched > 0  # the fixture is dirty on purpose
    assert f"{touched} of the 6 children counted have data-quality findings in the 2023-24 return " \
           "(briefing-tui info lists them)" in map(str, evaluate(con, "cla.count", Y2024, "TEST").flags)


def test_no_data_is_said_not_divided(con):  # noqa: F811
    result = evaluate(con, "leavers.eet_pct", periods.parse("2022"), "TEST")
    assert result.value is None and tuple(map(str, result.flags)) == ("no 2021-22 return loaded for TEST",)
    listed = cohort(con, "cla.count", periods.parse("2022"), "TEST")
    assert listed.members == () and tuple(map(str, listed.flags)) == ("no 2021-22 return loaded for TEST",)


def test_cli_where_cohort_and_child(capsys, tmp_path):
    import json

    from briefing_tui.cli import main

    db = tmp_path / "ind.duckdb"
    do_import(db, Path(FIXTURE), council="TEST")
    common = ["--db", str(db), "--council", "TEST", "--period", "2024"]
    assert main(["show", "cla.count", *common, "--where", "sex=Female", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert (record["value"], record["filters"]) == (4, {"sex": "Female"})
    assert main(["cohort", "leavers.eet_pct", *common, "--part", "not-counted", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["count"] == 4 and all(ALIAS.match(c["who"]) for c in listed["children"])
    alias = listed["children"][0]["who"]
    assert main(["child", alias, "--db", str(db), "--council", "TEST"]) == 0
    assert f"{alias}, TEST" in capsys.readouterr().out
    assert main(["cohort", "cla.count", *common, "--where", "uasc=maybe"]) != 0
    assert "expected one of: UASC, Not UASC" in capsys.readouterr().err


def test_officer_mode_is_a_setting(tmp_path):
    from briefing_tui import settings

    cfg = tmp_path / "s.toml"
    cfg.write_text("[display]\nofficer_mode = true\n[disclosure]\nthreshold = 9\n")
    loaded = settings.load(cfg)
    assert loaded.officer_mode is True and loaded.suppress_below == 10
    cfg.write_text('[display]\nofficer_mode = "yes"\n')
    with pytest.raises(settings.SettingsError, match=r"display.officer_mode = 'yes' is not valid \(expected a "
                                                     r"true or false"):
        settings.load(cfg)
