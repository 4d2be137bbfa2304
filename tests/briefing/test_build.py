"""The decisions a briefing makes, by hand-made results: ratings (target, England, tolerance, small
base), principles' ratings, newly amber or red, each question rule, and the public version's
linked suppression (a figure hidden because another beside it would give a small number away)."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing_tui.briefing.build import Options, build
from briefing_tui.briefing.linked import linked_years
from briefing_tui.indicators import comparators
from briefing_tui.indicators.evaluate import Point, Result
from briefing_tui.indicators.evidence import Evidence
from briefing_tui.indicators.flags import Flag, FlagKind
from briefing_tui.indicators.periods import collection_year
from briefing_tui.indicators.registry import get

WHEN = dt.datetime(2024, 11, 23)


def result(indicator: str, by_year: dict[int, tuple], year: int = 2024) -> Result:
    """by_year: {2024: (value, numerator, denominator), ...}: this year, a year earlier, the trend."""
    period = collection_year(year)
    trend = tuple(Point(str(y), y, *v) for y, v in sorted(by_year.items()))
    value, num, den = by_year.get(year, (None, None, None))
    prev = by_year.get(year - 1)
    change = None if prev is None or value is None or prev[0] is None else value - prev[0]
    return Result(get(indicator), "TEST", period, value, num, den, prev[0] if prev else None,
                  period.year_earlier().label, change, trend, (), {},
                  prev[1] if prev else None, prev[2] if prev else None)


def evidence(*results: Result, benchmarks=None) -> Evidence:
    return Evidence("TEST", results[0].period, list(results), [], benchmarks or {}, [], [])


def options(**kw) -> Options:
    return Options(council_name="Testshire", generated=WHEN, **kw)


def england(indicator: str, value: float, filters=None) -> comparators.Benchmark:
    mapping = comparators.MAPPINGS[indicator]
    measure = comparators.measures()[mapping.measure_id]
    figure = comparators.Figure("England", "970", 2024, value, f"{value:g}")
    return comparators.Benchmark(indicator, measure, mapping, None, None, None, (), 2024, True, "", figure, None,
                                 (), None, 0, None, 0, "", None, None, "test")


def figure(briefing, indicator):
    return next(f for f in briefing.figures if f.indicator == indicator)


@pytest.mark.parametrize("value, target, tolerance, colour", [
    (60.0, 60.0, 5.0, "green"), (57.0, 60.0, 5.0, "amber"), (56.9, 60.0, 5.0, "red"),
    (56.9, 60.0, 10.0, "amber"), (61.0, 60.0, 0.0, "green"),
])
def test_rating_against_the_target_with_its_tolerance(value, target, tolerance, colour):
    r = result("leavers.eet_pct", {2024: (value, round(value * 10), 1000)})
    b = build(evidence(r), options(targets={"leavers.eet_pct": target}, tolerance=tolerance))
    assert figure(b, "leavers.eet_pct").rating == colour


def test_without_a_target_a_figure_is_rated_against_england_as_published():
    r = result("health.dental_pct", {2024: (78.6, 786, 1000)})  # 79% as the DfE would publish it
    b = build(evidence(r, benchmarks={"health.dental_pct": _ranked(england("health.dental_pct", 79.0), 79.0)}),
              options())
    assert figure(b, "health.dental_pct").rating == "green"
    assert figure(b, "health.dental_pct").rating_reason == "as good as or better than England (79%, 2023-24)"


def _ranked(bench, ranked):
    from dataclasses import replace

    return replace(bench, council_value=ranked, ranked_value=ranked)


def test_a_share_of_a_small_base_and_a_figure_without_direction_are_not_rated():
    small = result("leavers.eet_pct", {2024: (3 / 7 * 100, 3, 7)})
    neutral = result("cla.count", {2024: (300.0, 300, None)})
    b = build(evidence(small, neutral), options(targets={"leavers.eet_pct": 60.0, "cla.count": 250.0}))
    assert figure(b, "leavers.eet_pct").rating == "" and figure(b, "cla.count").rating == ""


def test_a_principle_takes_the_worst_rating_of_its_evidence():
    eet = result("leavers.eet_pct", {2024: (50.0, 500, 1000)})        # principle e
    neet = result("leavers.neet_pct", {2024: (20.0, 200, 1000)})      # principle e, lower is better
    b = build(evidence(eet, neet), options(targets={"leavers.eet_pct": 51.0, "leavers.neet_pct": 25.0}))
    principles = next(s for s in b.sections if s.id == "principles")
    e = next(s for s in principles.subsections if s.id == "principle-e")
    assert e.rating.colour == "amber" and e.rating.words == "1 of 2 rated figures amber"
    g = next(s for s in principles.subsections if s.id == "principle-g")
    assert g.rating is None


def test_newly_amber_or_red_includes_amber_to_red_and_says_what_it_was():
    went_red = result("leavers.eet_pct", {2023: (57.5, 575, 1000), 2024: (50.0, 500, 1000)})
    went_amber = result("leavers.suitable_accom_pct", {2023: (90.0, 900, 1000), 2024: (86.0, 860, 1000)})
    stayed = result("leavers.neet_pct", {2023: (40.0, 400, 1000), 2024: (41.0, 410, 1000)})
    b = build(evidence(went_red, went_amber, stayed), options(targets={
        "leavers.eet_pct": 60.0, "leavers.suitable_accom_pct": 88.0, "leavers.neet_pct": 30.0}))
    summary = next(s for s in b.sections if s.id == "summary")
    newly = next(s for s in summary.subsections if s.id == "summary-newly").blocks[0].items
    assert newly == (
        "Care leavers in education, employment or training: ○ Red: off target (60%); it was amber a year earlier "
        "against the same reference",
        "Care leavers in suitable accommodation: ◐ Amber: just off target (88%); it was green a year earlier "
        "against the same reference")


def test_each_question_rule():
    red = result("leavers.eet_pct", {2024: (40.0, 400, 1000)})
    worsening = result("missing.children", {2020: (10.0, 10, None), 2021: (12.0, 12, None),
                                            2022: (15.0, 15, None), 2023: (15.0, 15, None), 2024: (19.0, 19, None)})
    three_running = result("missing.incidents", {2021: (20.0, 20, None), 2022: (25.0, 25, None),
                                                 2023: (31.0, 31, None), 2024: (40.0, 40, None)})
    gap = result("health.dental_pct", {2024: (70.0, 700, 1000)})
    near = result("health.immunisations_pct", {2024: (78.0, 780, 1000)})
    b = build(evidence(red, worsening, three_running, gap, near, benchmarks={
        "health.dental_pct": _ranked(england("health.dental_pct", 79.0), 70.0),
        "health.immunisations_pct": _ranked(england("health.immunisations_pct", 82.0), 78.0)}),
        options(targets={"leavers.eet_pct": 60.0, "health.dental_pct": 65.0}, england_gap=5.0))
    asked = {(q.indicator, q.rule) for q in b.questions}
    assert ("leavers.eet_pct", "red") in asked
    assert ("missing.incidents", "worsening") in asked and ("missing.children", "worsening") not in asked
    assert ("health.dental_pct", "england-gap") in asked  # on its target, but 9 points worse than England's 79%
    assert ("health.immunisations_pct", "england-gap") not in asked  # 4 points: within the margin of 5
    text = next(q.text for q in b.questions if q.rule == "worsening")
    assert text.startswith("Missing incidents: worse three years running, from 20 (2020-21) to 25 (2021-22) to "
                           "31 (2022-23) to 40 (2023-24).")


def test_worse_three_years_running_is_judged_on_the_changes_printed():
    """60.44% to 60.43% to 60.42% to 60.41%: each year prints 60.4%, no change, so nothing worsened;
    in a public paper 61% to 60% to 59% to 58% (each change about -1) has."""
    flat = result("leavers.eet_pct", {2021: (60.44, 6044, 10000), 2022: (60.43, 6043, 10000),
                                      2023: (60.42, 6042, 10000), 2024: (60.41, 6041, 10000)})
    falling = result("leavers.eet_pct", {2021: (61.2, 612, 1000), 2022: (60.1, 601, 1000),
                                         2023: (59.2, 592, 1000), 2024: (58.3, 583, 1000)})
    assert not [q for q in build(evidence(flat), options()).questions if q.rule == "worsening"]
    asked = [q.text for q in build(evidence(falling), options(public=True)).questions if q.rule == "worsening"]
    assert asked and "from 61% (2020-21) to 60% (2021-22) to 59% (2022-23) to 58% (2023-24)" in asked[0]


def test_the_uasc_figures_beside_the_count_give_nothing_away():
    everyone = result("cla.count", {2023: (41.0, 41, None), 2024: (40.0, 40, None)})
    uasc = result("cla.uasc", {2023: (30.0, 30, None), 2024: (37.0, 37, None)})
    share = result("cla.uasc_pct", {2023: (30 / 41 * 100, 30, 41), 2024: (37 / 40 * 100, 37, 40)})
    assert linked_years([everyone, uasc, share], 4) == {"cla.uasc": {2024}}
    b = build(evidence(everyone, uasc, share), options(public=True))
    assert figure(b, "cla.count").shown == "40"
    assert figure(b, "cla.uasc").shown == "c" and figure(b, "cla.uasc_pct").shown == "c"  # 40 - 37 = 3
    assert figure(b, "cla.uasc").trend == {"2022-23": 30.0, "2023-24": None}


def test_every_care_leaver_less_the_shares_base_gives_nothing_away():
    count = result("leavers.count", {2024: (30.0, 30, None)})
    eet = result("leavers.eet_pct", {2024: (12 / 28 * 100, 12, 28)})  # 2 died or returned home
    b = build(evidence(count, eet), options(public=True))
    assert figure(b, "leavers.count").shown == "c" and figure(b, "leavers.eet_pct").shown == "43%"


def test_public_flags_and_averages_carry_no_counts():
    from dataclasses import replace

    sdq = replace(result("health.sdq_average", {2024: (13.1, 144, 146)}),
                  flags=(Flag(FlagKind.DATA_QUALITY, "1 of the 146 children counted have data-quality findings in "
                              "the 2023-24 return (briefing-tui info lists them)",
                              public="Some of the children counted have data-quality findings in the 2023-24 "
                                     "return (briefing-tui info lists them)"),))
    b = build(evidence(sdq), options(public=True))
    f = figure(b, "health.sdq_average")
    assert f.denominator is None and f.flags == ("Some of the children counted have data-quality findings in "
                                                 "the 2023-24 return (briefing-tui info lists them)",)


def test_public_figures_are_no_more_precise_than_printed():
    eet = result("leavers.eet_pct", {2023: (100 / 236 * 100, 100, 236), 2024: (35 / 59 * 100, 35, 59)})
    f = figure(build(evidence(eet), options(public=True)), "leavers.eet_pct")
    assert f.value == 59 and f.previous == 42 and f.trend == {"2022-23": 42, "2023-24": 59}  # whole, as the DfE


def test_a_public_share_is_a_whole_percentage_without_its_base():
    eet = result("leavers.eet_pct", {2023: (54.4, 172, 316), 2024: (57.9, 183, 316)})
    public = build(evidence(eet), options(public=True))
    f = figure(public, "leavers.eet_pct")
    assert (f.shown, f.numerator, f.denominator) == ("58%", None, None)
    area = next(s for s in public.sections if s.id == "area-care-leavers")
    assert area.blocks[0].items[0] == ("Care leavers in education, employment or training in the year ending 31 March "
                                       "2024: 58%, improved from 54% a year earlier (+4 percentage points).")
    restricted = figure(build(evidence(eet), options()), "leavers.eet_pct")
    assert (restricted.numerator, restricted.denominator) == (183, 316)


def test_red_against_england_is_asked_about_once():
    dental = result("health.dental_pct", {2024: (62.6, 626, 1000)})
    b = build(evidence(dental, benchmarks={"health.dental_pct": _ranked(england("health.dental_pct", 79.0), 62.6)}),
              options())
    assert [q.rule for q in b.questions] == ["red"]


def test_neither_eet_nor_neet_is_protected_like_a_cell():
    eet = result("leavers.eet_pct", {2024: (50.0, 30, 60)})
    neet = result("leavers.neet_pct", {2024: (45.0, 27, 60)})  # 60 - 30 - 27 = 3 neither
    b = build(evidence(eet, neet), options(public=True))
    assert {figure(b, "leavers.eet_pct").shown, figure(b, "leavers.neet_pct").shown} == {"c", "50%"}
    assert figure(b, "leavers.neet_pct").shown == "c"  # the smaller of the two is hidden with the 3


def test_a_total_hidden_in_one_table_is_hidden_everywhere():
    from briefing_tui.indicators.breakdowns import Breakdown, Row
    from briefing_tui.indicators.dimensions import DIMENSIONS
    from briefing_tui.indicators.evidence import Nested, TableAsk

    everyone = result("cla.count", {2024: (8.0, 8, None)})
    uasc = result("cla.uasc", {2024: (0.0, 0, None)})
    period = everyone.period
    ages = Breakdown("cla.count", "TEST", period, DIMENSIONS["age_band"],
                     (Row("10 to 15", 4.0, 4, None, 50.0), Row("16 and over", 4.0, 4, None, 50.0)), 8, ())
    ask = TableAsk("cla.count", "age_band", caption="Children looked after by age")
    ev = Evidence("TEST", period, [everyone, uasc], [(Nested(ask, ages, {}), None)], {}, [], [])
    b = build(ev, options(public=True))
    assert figure(b, "cla.count").shown == "c"  # 8 beside two hidden cells of 4 would give both away
