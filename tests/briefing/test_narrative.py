"""Every sentence rule, by hand: each row is a figure and the sentence a paper must print for it."""

from __future__ import annotations

import pytest

from briefing_tui.briefing import figure_text as fmt
from briefing_tui.briefing import narrative
from briefing_tui.briefing.narrative import Comparator, Facts, Neighbours, headline
from briefing_tui.briefing.rag import judge
from briefing_tui.indicators.periods import collection_year, parse
from briefing_tui.indicators.registry import Polarity, get

Y2024 = collection_year(2024)


def facts(indicator: str, value, previous=None, **kw) -> Facts:
    """As a briefing states a result: its change the unrounded figures' (the result's own)."""
    change = None if value is None or previous is None else value - previous
    return Facts(get(indicator), kw.pop("period", Y2024), value, previous=previous, change=change, **kw)


HEADLINES = [
    # up: the issue's own example, a count with no direction
    ("up", facts("cla.count", 344.0, 331.0),
     "There were 344 children looked after at 31 March 2024, up from 331 a year earlier (+13, +3.9%)."),
    ("down", facts("cla.count", 320.0, 331.0),
     "There were 320 children looked after at 31 March 2024, down from 331 a year earlier (-11, -3.3%)."),
    ("same", facts("cla.count", 331.0, 331.0),
     "There were 331 children looked after at 31 March 2024, the same as a year earlier."),
    ("none before", facts("cla.count", 331.0, None),
     "There were 331 children looked after at 31 March 2024; there is no figure for a year earlier to compare "
     "with."),
    ("zero", facts("cla.uasc", 0.0, 4.0),
     "There were no unaccompanied asylum-seeking children looked after at 31 March 2024, down from 4 a year "
     "earlier (-4, -100.0%)."),
    ("one", facts("cla.uasc", 1.0, 0.0),
     "There was 1 unaccompanied asylum-seeking child looked after at 31 March 2024, up from 0 a year earlier "
     "(+1)."),
    ("one incident", facts("missing.incidents", 1.0, 2.0),
     "There was 1 missing incident in the year ending 31 March 2024, down from 2 a year earlier (-1, -50.0%), "
     "which is better."),
    ("flow up, lower better", facts("missing.children", 25.0, 20.0),
     "There were 25 children who went missing in the year ending 31 March 2024, up from 20 a year earlier "
     "(+5, +25.0%), which is worse."),
    ("improved", facts("leavers.eet_pct", 57.9, 54.4, numerator=183, denominator=316, previous_numerator=172,
                       previous_denominator=316),
     "Care leavers in education, employment or training in the year ending 31 March 2024: 57.9% (183 of 316 "
     "care leavers), improved from 54.4% a year earlier (+3.5 percentage points)."),
    ("worsened", facts("leavers.eet_pct", 50.0, 54.4, numerator=158, denominator=316),
     "Care leavers in education, employment or training in the year ending 31 March 2024: 50.0% (158 of 316 "
     "care leavers), worsened from 54.4% a year earlier (-4.4 percentage points)."),
    ("lower is better, down", facts("health.sdq_average", 13.9, 14.6),
     "Average SDQ score in the year ending 31 March 2024: 13.9, improved from 14.6 a year earlier (-0.7)."),
    ("no direction: changed", facts("cla.uasc_pct", 4.9, 4.1, numerator=17, denominator=344),
     "Share of children looked after who are UASC at 31 March 2024: 4.9% (17 of 344 children), changed from 4.1% "
     "a year earlier (+0.8 percentage points)."),
    ("small base", facts("leavers.eet_pct", 3 / 7 * 100, 2 / 6 * 100, numerator=3, denominator=7,
                         previous_numerator=2, previous_denominator=6),
     "Care leavers in education, employment or training in the year ending 31 March 2024: 3 of 7 care leavers, "
     "improved from 2 of 6 a year earlier."),
    ("small base now only", facts("leavers.eet_pct", 3 / 7 * 100, 54.4, numerator=3, denominator=7,
                                  previous_numerator=172, previous_denominator=316),
     "Care leavers in education, employment or training in the year ending 31 March 2024: 3 of 7 care leavers, "
     "worsened from 54.4% a year earlier."),
    ("base of one", facts("leavers.eet_pct", 100.0, None, numerator=1, denominator=1),
     "Care leavers in education, employment or training in the year ending 31 March 2024: 1 of 1 care leaver; "
     "there is no figure for a year earlier to compare with."),
    ("no figure", facts("leavers.eet_pct", None, None, no_figure="no 2023-24 return loaded for DEMO"),
     "Care leavers in education, employment or training in the year ending 31 March 2024: no figure (no 2023-24 "
     "return loaded for DEMO)."),
    ("suppressed", facts("missing.children", None, None, suppressed=True),
     "Children who went missing in the year ending 31 March 2024: not published, because a number of children in "
     "it, or worked out from it, is small enough to identify a child (shown as c)."),
    ("previous suppressed", facts("missing.children", 9.0, None, previous_suppressed=True),
     "There were 9 children who went missing in the year ending 31 March 2024; the figure a year earlier is not "
     "published (small numbers)."),
    ("a date, of a stock", facts("cla.count", 340.0, 330.0, period=parse("2023-12-31")),
     "There were 340 children looked after at 31 December 2023, up from 330 a year earlier (+10, +3.0%)."),
    ("a date, of a flow", facts("cla.starts", 90.0, 95.0, period=parse("2023-12-31")),
     "There were 90 children who started to be looked after between 1 April 2023 and 31 December 2023, down "
     "from 95 a year earlier (-5, -5.3%)."),
    ("a month", facts("missing.incidents", 7.0, 7.0, period=parse("2023-12")),
     "There were 7 missing incidents in December 2023, the same as a year earlier."),
    ("a quarter", facts("cla.starts", 30.0, 25.0, period=parse("2024Q1")),
     "There were 30 children who started to be looked after in Q1 2023-24 (April to June 2023), up "
     "from 25 a year earlier (+5, +20.0%)."),
    # the change is the unrounded figures', rounded as printed (+2.82: +2.8, though 59.3 - 56.4 = 2.9), as in
    # every table and the app
    ("the change is the unrounded figures'", facts("leavers.eet_pct", 59.26, 56.44, numerator=160,
                                                    denominator=270),
     "Care leavers in education, employment or training in the year ending 31 March 2024: 59.3% (160 of 270 care "
     "leavers), improved from 56.4% a year earlier (+2.8 percentage points)."),
    ("a change that rounds away is no change", facts("leavers.eet_pct", 60.46, 60.42, numerator=26,
                                                      denominator=43),
     "Care leavers in education, employment or training in the year ending 31 March 2024: 60.5% (26 of 43 care "
     "leavers), the same as a year earlier."),
    ("a title ending in the year, suppressed", facts("stability.three_placements_pct", None, None, suppressed=True),
     "Children with three or more placements in the year ending 31 March 2024: not published, because a number "
     "of children in it, or worked out from it, is small enough to identify a child (shown as c)."),
    ("a cohort on the year's last day", facts("health.cohort", 230.0, 220.0),
     "There were 230 children looked after for 12 months or more at 31 March 2024, up from 220 a year earlier "
     "(+10, +4.5%)."),
    ("a rate", facts("cla.rate", 68.8, 66.2),
     "Children looked after per 10,000 children at 31 March 2024: 68.8 per 10,000, changed from 66.2 per 10,000 "
     "a year earlier (+2.6)."),
]


@pytest.mark.parametrize("rule, given, expected", HEADLINES, ids=[h[0] for h in HEADLINES])
def test_headline(rule, given, expected):
    assert headline(given) == expected


def test_a_public_change_is_the_unrounded_change_in_whole_points():
    """58.4% after 57.6% prints 58% and 58% in a public paper: the change (+0.8) is +1 point."""
    from dataclasses import replace

    said = headline(replace(facts("leavers.eet_pct", 58.4, 57.6), precision=fmt.PUBLIC))
    assert said.endswith(": 58%, improved from 58% a year earlier (+1 percentage point)."), said


def test_a_small_base_is_a_setting():
    given = facts("leavers.eet_pct", 3 / 7 * 100, None, numerator=3, denominator=7, small_base=5)
    assert "42.9% (3 of 7 care leavers)" in headline(given)


@pytest.mark.parametrize("indicator, singular", [
    ("cla.count", "child looked after"), ("cla.starts", "child who started to be looked after"),
    ("cla.ceased", "child who ceased to be looked after"),
    ("cla.uasc", "unaccompanied asylum-seeking child looked after"),
    ("health.cohort", "child looked after for 12 months or more"),
    ("leavers.count", "care leaver aged 17 to 21"), ("missing.children", "child who went missing"),
    ("missing.incidents", "missing incident"), ("away.incidents", "incident of being away from placement"),
    ("away.children", "child away from placement without authorisation"),
    ("voice.reviews_held", "statutory review held"),
])
def test_every_count_has_a_singular(indicator, singular):
    assert narrative.singular_noun(get(indicator)) == singular


def test_target_and_comparators_are_said_with_their_years():
    ind = get("leavers.eet_pct")
    rating = judge(50.0, Polarity.HIGHER_BETTER, 60.0, 5.0, "target (60%)")
    f = facts("leavers.eet_pct", 50.0, 54.4, numerator=158, denominator=316, target=60.0, rating=rating,
              rated_against="target", comparable="care leavers aged 19 to 21", comparable_value=55.0,
              comparable_numerator=110, comparable_denominator=200,
              england=Comparator("England", 54.0, "2023-24"), region=Comparator("London (Outer)", 52.0, "2023-24"),
              neighbours=Neighbours(51.2, 3, 11, "2023-24"), council_name="Barnet")
    assert ind.polarity is Polarity.HIGHER_BETTER
    assert narrative.target_sentence(f) == "Against the council's target of 60.0%: ○ Red, off target."
    assert narrative.comparison_sentence(f) == (
        "As the DfE publishes it (care leavers aged 19 to 21: 55.0%), compare England 54% (2023-24); London "
        "(Outer) 52% (2023-24); and the statistical neighbours' average 51.2% (2023-24), where Barnet ranks 3rd "
        "of 11 (1 = best).")


def test_rating_against_england_is_said_after_the_comparators():
    rating = judge(40.0, Polarity.HIGHER_BETTER, 54.0, 5.0, "England (54%, 2023-24)")
    f = facts("leavers.eet_pct", 40.0, None, numerator=80, denominator=200, rating=rating, rated_against="England",
              england=Comparator("England", 54.0, "2023-24"))
    assert narrative.comparison_sentence(f) == ("Compare England 54% (2023-24). ○ Red: worse than England (54%, "
                                                "2023-24).")
    two = facts("leavers.eet_pct", 40.0, None, numerator=80, denominator=200, england=Comparator("England", 54.0,
                "2023-24"), region=Comparator("North West", 50.0, "2023-24"))
    assert narrative.comparison_sentence(two) == "Compare England 54% (2023-24) and North West 50% (2023-24)."


def test_a_suppressed_comparable_figure_gives_no_rank():
    f = facts("leavers.eet_pct", 60.0, None, numerator=120, denominator=200, comparable="care leavers aged 19 to 21",
              comparable_suppressed=True, england=Comparator("England", 54.0, "2023-24"),
              neighbours=Neighbours(51.2, 3, 11, "2023-24"))
    text = narrative.comparison_sentence(f)
    assert "not published (small numbers)" in text and "ranks" not in text
