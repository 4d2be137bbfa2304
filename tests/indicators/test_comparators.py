"""Published comparators, checked against figures read from the shipped CSV by hand (grep).

The published values below were read with, e.g.,
    grep -E '^CareLeaverEET,2024,' briefing_tui/indicators/published/dfe_la_figures.csv
and Barnet's (302) neighbours with
    grep '^302,' briefing_tui/indicators/published/statistical_neighbours.csv
which lists, in the DfE's order: 320 Waltham Forest, 870 Reading, 310 Harrow, 317 Redbridge,
315 Merton, 306 Croydon, 209 Lewisham, 312 Hillingdon, 309 Haringey, 307 Ealing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

import pytest

from briefing_tui.demo import DEMO_COUNCIL, DEMO_POPULATION_UNDER_18
from briefing_tui.errors import UserError
from briefing_tui.indicators import comparators, dimensions, periods
from briefing_tui.indicators.comparators import ATTRIBUTION, MAPPINGS, benchmarks
from briefing_tui.indicators.described import parse_filters
from briefing_tui.indicators.evaluate import Context, evaluate, evaluate_many
from briefing_tui.indicators.registry import REGISTRY, Unit, all_indicators, get
from briefing_tui.store.connection import open_database
from tests.conftest import write

ROOT = Path(__file__).resolve().parent.parent.parent
DEMO = ROOT / "data" / "demo"
PUBLISHED = ROOT / "briefing_tui" / "indicators" / "published"
CONTEXT = Context(population_under_18=DEMO_POPULATION_UNDER_18)
BARNET_NEIGHBOURS = ["320", "870", "310", "317", "315", "306", "209", "312", "309", "307"]


@pytest.fixture(scope="module")
def con(demo_db_master):
    con = open_database(demo_db_master, read_only=True)
    yield con
    con.close()


def results(con, year: int, ids=None):
    ids = ids or [i.id for i in all_indicators()]
    return evaluate_many(con, ids, periods.parse(str(year)), DEMO_COUNCIL, CONTEXT)


def with_value(con, indicator_id: str, year: int, value: float):
    """The demo's result for the indicator, with a value of our choosing (and already cut the way the
    published figure is, so ``benchmarks`` uses the value as given): ranks worked out by hand."""
    (result,) = results(con, year, [indicator_id])
    return dataclasses.replace(result, value=value, filters=dict(MAPPINGS[indicator_id].filters))


def bench(con, year, res, la_number=None, region=None, own_file=None):
    return benchmarks(con, DEMO_COUNCIL, periods.parse(str(year)), res, la_number, region, own_file=own_file,
                      context=CONTEXT)


# --- the shipped files ----------------------------------------------------------------------------

def test_shipped_files_are_the_dfe_files_unchanged():
    digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in PUBLISHED.glob("*.csv")}
    assert digests == {  # sha256 of /work/shared/comparators/*.csv as received
        "dfe_la_figures.csv": "7b8a76469c3592d656f3f9b3344a8f45c7772c4cea1716586155bc83649427a2",
        "measures.csv": "1381040a077cf33d71587a43a3521a3bd96bb3430e5ee7db909835784df4af58",
        "statistical_neighbours.csv": "badcb6edec9c87172bda31b639ccf94acab5b66ae91f6cb7207854b833e2a12e",
    }
    readme = (PUBLISHED / "README.md").read_text()
    assert "These are the DfE's published figures, unchanged" in readme


def test_attribution_is_the_readme_text():
    readme = " ".join((PUBLISHED / "README.md").read_text().split())
    assert f'"{ATTRIBUTION}"' in readme


def test_pyproject_ships_the_published_files():
    text = (ROOT / "pyproject.toml").read_text()
    assert '"briefing_tui.indicators" = ["published/*.csv", "published/*.md"]' in text


def test_measures_are_read_with_the_dfe_polarity_and_a_unit():
    measures = comparators.measures()
    assert len(measures) == 43
    assert measures["CareLeaverEET"].polarity == "High"
    assert measures["CareLeaversNEET"].polarity == "Low"
    assert measures["LAC"].polarity == "-"
    assert measures["LAC_ceased_SGO%"].polarity == "-"  # published as "NA"
    assert measures["LAC"].unit == "rate per 10,000"
    assert measures["Emotional_LAC"].unit == "score"
    assert measures["LACHealth%"].unit == "%"
    assert measures["LACnum"].unit == "count"
    assert {m.unit for m in measures.values()} == {"%", "rate per 10,000", "score", "count"}


# --- the mappings ---------------------------------------------------------------------------------

def test_every_mapping_names_a_published_measure_and_an_indicator_with_valid_filters():
    measures = comparators.measures()
    get("cla.count")  # loads the registry
    for indicator_id, mapping in MAPPINGS.items():
        assert mapping.indicator_id == indicator_id
        assert mapping.measure_id in measures, mapping
        assert indicator_id in REGISTRY, mapping
        indicator = REGISTRY[indicator_id]
        # every filter is a breakdown of the indicator, and its label one of the dimension's groups
        assert parse_filters(indicator, [f"{k}={v}" for k, v in mapping.filters.items()]) == mapping.filters
        for name, label in mapping.filters.items():
            assert label in dimensions.DIMENSIONS[name].labels
        # shares with shares, rates with rates, averages with averages: never a count across councils
        unit = measures[mapping.measure_id].unit
        assert unit != "count"
        assert {Unit.PERCENT: "%", Unit.RATE: "rate per 10,000", Unit.SCORE: "score"}[indicator.unit] == unit
        assert mapping.differs == "" or (mapping.differs.endswith(".") and "\n" not in mapping.differs
                                         and mapping.differs.count(". ") == 0), mapping.differs


def test_care_leaver_measures_are_compared_for_ages_19_to_21():
    assert "19 to 21" in dimensions.DIMENSIONS["leaver_age_group"].labels
    for indicator_id in ("leavers.eet_pct", "leavers.neet_pct", "leavers.suitable_accom_pct"):
        assert MAPPINGS[indicator_id].filters == {"leaver_age_group": "19 to 21"}
        assert MAPPINGS[indicator_id].differs  # our denominator cannot make every DfE exclusion
    assert MAPPINGS["stability.three_placements_pct"].differs  # the DfE's move rule is unconfirmed
    assert "leavers.count" not in MAPPINGS and "cla.count" not in MAPPINGS and "cla.uasc" not in MAPPINGS


# --- a real council: Barnet (302) -----------------------------------------------------------------

def test_real_council_gets_england_its_region_and_its_ten_neighbours(con):
    b = bench(con, 2024, [with_value(con, "leavers.eet_pct", 2024, 58.4)], la_number="302")["leavers.eet_pct"]
    assert b.measure.id == "CareLeaverEET" and b.year == 2024 and b.year_is_period and b.year_note == ""
    assert (b.england.area, b.england.la_number, b.england.value, b.england.published) == ("England", "970", 54.0, "54")
    # Barnet's region column says "Outer London": the region area is "London (Outer)" (988), 57 in 2024
    assert (b.region.area, b.region.la_number, b.region.value) == ("London (Outer)", "988", 57.0)
    assert (b.council_published.area, b.council_published.value) == ("Barnet", 69.0)
    assert [n.la_number for n in b.neighbours] == BARNET_NEIGHBOURS
    assert [n.area for n in b.neighbours][:2] == ["Waltham Forest", "Reading"]
    assert [n.value for n in b.neighbours] == [59, 43, 66, 58, 68, 53, 53, 54, 55, 57]
    assert b.neighbours_with_value == 10
    assert b.neighbour_average == pytest.approx(56.6)  # 566 / 10
    # 58.4 is published as 58: higher (better) are 59, 66 and 68; Redbridge's 58 ties, sharing 4th
    assert b.ranked_value == 58 and (b.rank, b.rank_of) == (4, 11)
    assert "higher is better" in b.rank_order
    assert ATTRIBUTION in b.source and "CareLeaverEET" in b.source and "2024" in b.source


def test_rank_with_suppressed_neighbours_and_lower_is_better(con):
    # LACSubstance 2024: 320=4 870=5 310=9 317=- 315=9 306=2 209=- 312=0 309=10 307=11
    b = bench(con, 2024, [with_value(con, "health.substance_misuse_pct", 2024, 3.04)],
              la_number="302")["health.substance_misuse_pct"]
    assert b.measure.polarity == "Low"
    redbridge, lewisham = b.neighbours[3], b.neighbours[6]
    assert (redbridge.area, redbridge.value, redbridge.published) == ("Redbridge", None, "-")
    assert (lewisham.area, lewisham.value, lewisham.published) == ("Lewisham", None, "-")
    assert b.neighbours_with_value == 8
    assert b.neighbour_average == pytest.approx(50 / 8)  # 4+5+9+9+2+0+10+11
    assert (b.rank, b.rank_of) == (3, 9)  # 3: lower (better) are Croydon's 2 and Hillingdon's 0
    assert "lower is better" in b.rank_order
    assert (b.council_published.value, b.england.value, b.region.value) == (0, 3, 4)


def test_rank_of_a_measure_with_no_better_direction_is_from_the_highest(con):
    # LAC 2024: 320=48 870=70 310=30 317=40 315=31 306=55 209=72 312=43 309=62 307=37; Barnet 35
    b = bench(con, 2024, [with_value(con, "cla.rate", 2024, 68.6)], la_number="302")["cla.rate"]
    assert b.measure.polarity == "-" and b.mapping.filters == {}
    assert b.council_value == 68.6 and b.ranked_value == 69
    assert (b.rank, b.rank_of) == (3, 11)  # only Reading's 70 and Lewisham's 72 are higher
    assert "highest" in b.rank_order and "no better direction" in b.rank_order
    assert b.neighbour_average == pytest.approx(48.8)
    assert (b.england.value, b.region.value, b.council_published.value) == (69, 45, 35)


def test_published_text_and_its_floating_point_noise(con):
    b = bench(con, 2024, [with_value(con, "health.sdq_average", 2024, 13.3)], la_number="302")["health.sdq_average"]
    # grep '^Emotional_LAC,2024,Barnet' -> 9.6999999999999993 (the extract's float noise)
    assert b.council_published.published == "9.6999999999999993"
    assert b.council_published.value == pytest.approx(9.7) and b.council_published.text == "9.7"
    assert b.england.text == "14.7" and b.ranked_value == 13.3


def test_unknown_la_number_says_what_was_meant():
    pub = comparators.published()
    with pytest.raises(UserError, match=r"'3020'.*did you mean 302 \(Barnet\)"):
        comparators._council(pub, None, "3020")
    with pytest.raises(UserError, match=r"'barnet'.*did you mean 302 \(Barnet\)\?"):
        comparators._council(pub, None, "barnet")
    with pytest.raises(UserError, match=r"'Barnett'.*did you mean 302 \(Barnet\)"):
        comparators._council(pub, None, "Barnett")
    with pytest.raises(UserError, match=r"'Newcastle'.*did you mean 391 \(Newcastle upon Tyne\)"):
        comparators._council(pub, None, "Newcastle")
    with pytest.raises(UserError, match=r"970 is England, not a council"):
        comparators._council(pub, None, "970")
    assert comparators.council_name(" 302 ") == "Barnet"


def test_unknown_la_number_through_benchmarks(con):
    with pytest.raises(UserError, match="did you mean"):
        bench(con, 2024, results(con, 2024, ["cla.rate"]), la_number="3022")


# --- the demo: no la_number -----------------------------------------------------------------------

def test_demo_gets_england_and_the_region_named_only(con):
    out = bench(con, 2024, results(con, 2024), region="Outer London")
    assert set(out) == set(MAPPINGS)
    for b in out.values():
        assert b.england.area == "England" and b.region.area == "London (Outer)"
        assert b.neighbours == () and b.neighbour_average is None and b.neighbours_with_value == 0
        assert b.rank is None and b.rank_of == 0 and b.council_published is None
        assert "neighbours" not in b.source
    assert out["leavers.eet_pct"].region.value == 57
    assert out["cla.rate"].council_value == pytest.approx(evaluate(
        con, "cla.rate", periods.parse("2024"), DEMO_COUNCIL, CONTEXT).value)


def test_demo_without_a_region_gets_england_only(con):
    out = bench(con, 2024, results(con, 2024, ["leavers.eet_pct"]), region="")
    assert out["leavers.eet_pct"].region is None and out["leavers.eet_pct"].england.value == 54


@pytest.mark.parametrize("name, area, eet_2024", [
    ("North West", "North West", 53),
    ("Yorkshire and The Humber", "Yorkshire and the Humber", 52),  # the councils' spelling
    ("yorkshire and the humber", "Yorkshire and the Humber", 52),
    ("Inner London", "London (Inner)", None),
    ("london (outer)", "London (Outer)", 57),
])
def test_region_names(con, name, area, eet_2024):
    b = bench(con, 2024, results(con, 2024, ["leavers.eet_pct"]), region=name)["leavers.eet_pct"]
    assert b.region.area == area
    if eet_2024 is not None:
        assert b.region.value == eet_2024


def test_unknown_region_lists_the_valid_names(con):
    with pytest.raises(UserError) as err:
        bench(con, 2024, results(con, 2024, ["leavers.eet_pct"]), region="North-West England")
    assert "North-West England" in err.value.message
    for name in ("North East", "Yorkshire and the Humber", "London (Inner)", "South West"):
        assert name in err.value.message


def test_demo_eet_for_19_to_21_year_olds_is_a_hand_count_of_oc3(con):
    # Care leavers aged 19 to 21 in 2023-24: their 19th-21st birthday fell in 1 April 2023 - 31 March
    # 2024, i.e. born 1 April 2002 to 31 March 2005; less those who died or went home (DIED, RHOM).
    eet, leavers = con.execute("""
        SELECT count(*) FILTER (WHERE ACTIV IN ('F1','P1','F2','P2','F3','P3','F4','P4','F5','P5')), count(*)
        FROM oc3
        WHERE council = 'DEMO' AND year = 2024
          AND DOB BETWEEN DATE '2002-04-01' AND DATE '2005-03-31'
          AND coalesce(IN_TOUCH, '') NOT IN ('DIED', 'RHOM')""").fetchone()
    assert con.execute("SELECT count(*) = count(DISTINCT CHILD) FROM oc3 WHERE council = 'DEMO' AND year = 2024"
                       ).fetchone()[0]  # one row per care leaver, so no duplicates to drop
    assert leavers > 100 and 0 < eet < leavers
    (result,) = results(con, 2024, ["leavers.eet_pct"])
    assert result.filters == {}  # the 17-21 headline ...
    b = bench(con, 2024, [result], region="London")["leavers.eet_pct"]
    assert b.council_value == pytest.approx(eet * 100 / leavers)  # ... and the 19-21 figure beside England's
    assert (b.council_numerator, b.council_denominator) == (eet, leavers)
    assert b.council_value != pytest.approx(result.value)


# --- years ----------------------------------------------------------------------------------------

def test_a_year_not_yet_published_falls_back_to_the_latest(con):
    out = bench(con, 2026, results(con, 2026, ["leavers.eet_pct", "cla.rate"]), la_number="302")
    b = out["leavers.eet_pct"]
    assert b.year == 2025 and not b.year_is_period
    assert "2026" in b.year_note and "2025" in b.year_note
    assert b.england.value == 54 and b.england.year == 2025  # grep '^CareLeaverEET,2025,England'
    assert b.council_value is None  # no 2026 return loaded for the demo
    assert out["cla.rate"].england.value == 67  # grep '^LAC,2025,England'


def test_no_benchmark_before_a_measure_was_first_published(con):
    # LACHealth% and LAC_LongStable% start in 2018, CareLeaverEET in 2016
    out = bench(con, 2017, results(con, 2017), region="London")
    assert "health.assessment_pct" not in out and "stability.long_term_pct" not in out
    assert out["leavers.eet_pct"].year == 2017 and out["leavers.eet_pct"].england.value == 50
    assert out["cla.rate"].england.value == 62
    assert bench(con, 2018, results(con, 2018, ["health.assessment_pct"]), region="London"
                 )["health.assessment_pct"].england.value == 88


def test_a_period_inside_a_year_says_the_published_figure_is_for_the_year(con):
    period = periods.parse("2023-12-31")
    res = [evaluate(con, "cla.uasc_pct", period, DEMO_COUNCIL, CONTEXT)]
    b = benchmarks(con, DEMO_COUNCIL, period, res, None, "London")["cla.uasc_pct"]
    assert b.year == 2024 and "31 December 2023" in b.year_note


# --- the council's own file -----------------------------------------------------------------------

OWN = """
measure,year,area,la_number,region,value
CareLeaverEET,2026,England,,,55
CareLeaverEET,2026,London (Outer),988,,58
CareLeaverEET,2026,Barnet,302,Outer London,66
CareLeaverEET,2026,Waltham Forest,320,Outer London,-
CareLeaverEET,2024,Barnet,302,Outer London,70
CareLeaverEET,2024,Reading,870,South East,45
"""


def test_own_file_adds_and_replaces_figures(con, tmp_path):
    own = write(tmp_path / "own.csv", OWN)
    b = bench(con, 2024, [with_value(con, "leavers.eet_pct", 2024, 58.4)], la_number="302",
              own_file=own)["leavers.eet_pct"]
    assert (b.council_published.value, b.council_published.own_file) == (70, True)  # replaces 69
    reading = b.neighbours[1]
    assert (reading.area, reading.value, reading.own_file) == ("Reading", 45, True)  # replaces 43
    assert b.neighbours[0].own_file is False and b.neighbours[0].value == 59
    assert b.neighbour_average == pytest.approx(56.8)  # (566 - 43 + 45) / 10
    assert "own.csv" in b.source
    # 2026: England has a figure in the own file, so 2026 is the year compared
    b = bench(con, 2026, results(con, 2026, ["leavers.eet_pct"]), la_number="302", own_file=own)["leavers.eet_pct"]
    assert b.year == 2026 and b.year_is_period
    assert (b.england.value, b.england.la_number, b.england.own_file) == (55, "970", True)
    assert (b.region.value, b.council_published.value) == (58, 66)
    assert b.neighbours[0].published == "-" and b.neighbours[0].value is None
    assert b.neighbours[1].published == "" and b.neighbours[1].value is None  # no 2026 line for Reading
    assert b.neighbours_with_value == 0 and b.neighbour_average is None and b.rank is None
    # without the file, 2026 is not published
    assert bench(con, 2026, results(con, 2026, ["leavers.eet_pct"]), la_number="302")["leavers.eet_pct"].year == 2025


def test_own_file_may_add_a_council_the_dfe_file_lacks(con, tmp_path):
    own = write(tmp_path / "own.csv", """
measure,year,area,la_number,region,value
CareLeaverEET,2024,New Borough,999,South West,61
""")
    b = bench(con, 2024, results(con, 2024, ["leavers.eet_pct"]), la_number="999", own_file=own)["leavers.eet_pct"]
    assert b.council_published.value == 61 and b.region.area == "South West" and b.neighbours == ()


def test_own_file_with_crlf_bom_and_extra_columns(con, tmp_path):
    own = tmp_path / "excel.csv"
    own.write_bytes("\ufeffmeasure,year,area,la_number,region,value,note\r\n"
                    "CareLeaverEET,2024,Barnet,302,Outer London,71,checked\r\n\r\n".encode("utf-8"))
    b = bench(con, 2024, results(con, 2024, ["leavers.eet_pct"]), la_number="302", own_file=own)["leavers.eet_pct"]
    assert b.council_published.value == 71


HEADER = "measure,year,area,la_number,region,value\n"


@pytest.mark.parametrize("text, line, column, value, expected", [
    (HEADER + "CareLeaverEET,2024,Barnet,302,Outer London,70\nCareLeaverEEt,2024,Barnet,302,,70\n",
     3, "measure", "CareLeaverEEt", "did you mean CareLeaverEET"),
    (HEADER + "CareLeaverEET,24,Barnet,302,,70\n", 2, "year", "24", "4-digit year"),
    (HEADER + "CareLeaverEET,2024-25,Barnet,302,,70\n", 2, "year", "2024-25", "4-digit year"),
    (HEADER + "CareLeaverEET,2024,Barnet,302,,n/a\n", 2, "value", "n/a", "a number as published"),
    (HEADER + "CareLeaverEET,2024,Barnet,302,,\n", 2, "value", "", "or - where no figure"),
    (HEADER + "CareLeaverEET,2024,Barnet,302,,54%\n", 2, "value", "54%", "a number as published"),
    (HEADER + "CareLeaverEET,2024,Barnet,302,,nan\n", 2, "value", "nan", "a number as published"),
    (HEADER + "CareLeaverEET,2024,Barnet,302,,1e2\n", 2, "value", "1e2", "a number as published"),
    (HEADER + "CareLeaverEET,2024,Barnet,30,,70\n", 2, "la_number", "30", "3-digit code"),
    (HEADER + "CareLeaverEET,2024,Narnia,,,70\n", 2, "la_number", "", "3-digit code"),
    (HEADER + "CareLeaverEET,2024,,302,,70\n", 2, "area", "", "the area's name"),
    (HEADER + "CareLeaverEET,2024,Barnet,302,Greater London,70\n", 2, "region", "Greater London", "London (Outer)"),
])
def test_bad_own_file_says_file_line_column_value_and_what_was_expected(con, tmp_path, text, line, column, value,
                                                                        expected):
    own = write(tmp_path / "bad.csv", text)
    with pytest.raises(UserError) as err:
        bench(con, 2024, results(con, 2024, ["leavers.eet_pct"]), la_number="302", own_file=own)
    message = err.value.message
    assert message.startswith(f"{own}: line {line}, column {column}: '{value}' "), message
    assert "(expected " in message and expected in message, message


@pytest.mark.parametrize("text, expected", [
    ("measure,year,area,region,value\nCareLeaverEET,2024,Barnet,,70\n",
     "line 1 (the header): no 'la_number' column (expected the columns measure,year,area,la_number,region,value"),
    ("", "line 1: the file is empty (expected a header line measure,year,area,la_number,region,value)"),
    (HEADER + "CareLeaverEET,2024,Barnet\n", "line 2: 3 values, but the header has 6 columns"),
    (HEADER + "CareLeaverEET,2024,Barnet,302,,70\nLACHealth%,2024,Barnet,302,,90\n"
              "CareLeaverEET,2024,Barnet,302,,71\n",
     "line 4 repeats the measure, year and la_number of line 2 (CareLeaverEET, 2024, 302)"),
])
def test_bad_own_file_shape(con, tmp_path, text, expected):
    own = tmp_path / "bad.csv"
    own.write_text(text)
    with pytest.raises(UserError) as err:
        bench(con, 2024, results(con, 2024, ["leavers.eet_pct"]), la_number="302", own_file=own)
    assert err.value.message.startswith(f"{own}: "), err.value.message
    assert expected in err.value.message


def test_missing_own_file(con, tmp_path):
    with pytest.raises(UserError, match=r"absent\.csv not found.*comparators\.file"):
        bench(con, 2024, results(con, 2024, ["leavers.eet_pct"]), own_file=tmp_path / "absent.csv")


def test_own_file_is_reread_when_it_changes(con, tmp_path):
    own = write(tmp_path / "own.csv", HEADER + "CareLeaverEET,2024,Barnet,302,,70\n")
    res = results(con, 2024, ["leavers.eet_pct"])
    assert bench(con, 2024, res, "302", own_file=own)["leavers.eet_pct"].council_published.value == 70
    write(own, HEADER + "CareLeaverEET,2024,Barnet,302,,72.5\n")
    assert bench(con, 2024, res, "302", own_file=own)["leavers.eet_pct"].council_published.value == 72.5


# --- speed ----------------------------------------------------------------------------------------

def test_lookups_answer_every_mapped_figure_once_loaded(con):
    """(How fast: benchmarks/bench_briefing.py; a timing is never asserted in a test.)"""
    res = results(con, 2024)
    comparators.published()
    assert len(bench(con, 2024, res, la_number="302")) == len(MAPPINGS)


def test_the_large_file_is_not_parsed_with_the_csv_module():
    folder = Path(comparators.__file__).parent
    assert re.search(r"read_csv\(\$path", (folder / "published.py").read_text())
    assert "csv.reader(" not in (folder / "published.py").read_text()
    assert "csv.reader(io.StringIO(text))" in (folder / "own_file.py").read_text()  # the council's own (small) file
