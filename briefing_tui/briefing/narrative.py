"""Plain-English sentences about one figure, correct in every case a council paper meets.

"There were 344 children looked after at 31 March 2024, up from 331 a year earlier (+13, +3.9%)."
The rules, each tested in tests/briefing/test_narrative.py: counts say "no children" for zero and
"1 child" for one; a share of fewer children than the small base is said "3 of 7", not as a
percentage; a change is "improved" or "worsened" where the figure has a direction, "changed" where
it has none (counts say "up" or "down"), from the change as every output prints it (the unrounded
figures' change, rounded as they are); no previous figure, a change that rounds away and a previous
zero (no percentage change) are each said plainly; a suppressed figure is never described, only said to
be suppressed. Sentences take ``Facts``, already suppressed, so no renderer can say more than them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from briefing_tui.briefing import figure_text as fmt
from briefing_tui.briefing.rag import Rating
from briefing_tui.indicators.evaluate import Result
from briefing_tui.indicators.flags import FlagKind
from briefing_tui.indicators.periods import Period
from briefing_tui.indicators.registry import Indicator, Kind, Unit
from briefing_tui.ssda903 import years

SUPPRESSED = "c"


@dataclass(frozen=True)
class Comparator:
    """A published figure to compare with: "England", 54.0, "2023-24"."""

    name: str
    value: float | None
    year: str


@dataclass(frozen=True)
class Neighbours:
    average: float | None
    rank: int | None           # the council's rank, 1 = best
    of: int                    # councils ranked (itself and its neighbours with a figure)
    year: str
    by_highest: bool = False   # ranked from the highest (a figure with no direction)


@dataclass(frozen=True)
class Facts:
    """One figure as this briefing may state it (hidden parts already None, ``suppressed`` set)."""

    indicator: Indicator
    period: Period
    value: float | None
    numerator: int | None = None
    denominator: int | None = None
    previous: float | None = None
    change: float | None = None    # the result's own, unrounded (None when either figure is hidden)
    previous_numerator: int | None = None
    previous_denominator: int | None = None
    suppressed: bool = False
    previous_suppressed: bool = False
    no_figure: str = ""        # why there is no value ("no 2023-24 return loaded for DEMO")
    target: float | None = None
    rating: Rating | None = None
    rated_against: str = ""    # "target", "England", ""
    comparable: str = ""       # the group the comparators are of, when not the whole figure
    comparable_value: float | None = None
    comparable_numerator: int | None = None
    comparable_denominator: int | None = None
    comparable_suppressed: bool = False
    england: Comparator | None = None
    region: Comparator | None = None
    neighbours: Neighbours | None = None
    small_base: int = 10
    council_name: str = "the council"
    small: bool | None = None  # the base (this year's or last) is below small_base; None: judge from the bases
    precision: fmt.Precision = fmt.RESTRICTED  # public papers print percentages whole


# Plural noun at the start of a count's title -> its singular ("1 child", "1 missing incident").
_SINGULAR = {"children": "child", "incidents": "incident", "reviews": "review", "leavers": "leaver",
             "care leavers": "care leaver"}


def plural_noun(indicator: Indicator, moment: str = "") -> str:
    """A count's title as the noun of "There were N ... {moment}": "children looked after"."""
    title = _title(indicator, moment) if moment else indicator.title
    return title[:1].lower() + title[1:] if not title[:2].isupper() else title


def singular_noun(indicator: Indicator) -> str:
    """The same for one: "child looked after", "unaccompanied asylum-seeking child looked after"."""
    words = plural_noun(indicator).split(" ")
    for i, word in enumerate(words):
        if word.lower() in _SINGULAR:
            words[i] = _SINGULAR[word.lower()]
            break
    return " ".join(words)


def when(indicator: Indicator, period: Period) -> str:
    """"at 31 March 2024" for a figure on a day; "in the year ending 31 March 2024", "in December
    2023", "in Q3 2023-24 (...)" or, for a date, "between 1 April 2023 and 31 December
    2023" for a figure of what happened over a period; "in the twelve months to 30 September 2024"
    for a rolling figure."""
    if indicator.kind is Kind.STOCK or indicator.on_last_day:
        return f"at {_day(period.end)}"
    if indicator.kind is Kind.ROLLING:
        return f"in the twelve months to {_day(period.end)}"
    if period.kind == "year":
        return f"in the {period.label}"
    if period.kind == "date":
        return f"between {_day(period.start)} and {_day(period.end)}"
    return f"in {period.label}"


def _title(indicator: Indicator, moment: str) -> str:
    """The title before "in the year ending ...": "... placements in the year" says it once."""
    if not moment.startswith(("in ", "between ")):
        return indicator.title
    return indicator.title.removesuffix(" in the year").removesuffix(" in the last twelve months")


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def amount(value: float | None, unit: Unit, precision: fmt.Precision = fmt.RESTRICTED) -> str:
    """A value as a sentence says it: 344, 57.9%, 69.4 per 10,000, 14.2."""
    if value is None:
        return "no figure"
    text = f"{value:,.{fmt.places(unit, precision)}f}"
    return text + {Unit.PERCENT: "%", Unit.RATE: " per 10,000", Unit.DAYS: " days"}.get(unit, "")


def published(value: float | None, unit: Unit) -> str:
    """A published comparator as the DfE printed it (whole percentages stay whole)."""
    if value is None:
        return "not published"
    if float(value).is_integer() and unit is not Unit.SCORE:
        text = f"{value:,.0f}"
    else:
        text = f"{value:,.1f}"
    return text + ("%" if unit is Unit.PERCENT else " per 10,000" if unit is Unit.RATE else "")


def of(numerator: int, denominator: int, indicator: Indicator) -> str:
    """"3 of 7 care leavers" (the counted noun after the base)."""
    noun = indicator.counts if denominator != 1 else _SINGULAR.get(indicator.counts, indicator.counts)
    return f"{numerator:,} of {denominator:,} {noun}"


def earlier_year(result: Result) -> str:
    """" (2023-24)" after a figure given for the latest complete year in a quarter's or a date's
    paper (indicators.extent), so a list that names no period never passes it off as in-year; "" else."""
    if any(flag.kind is FlagKind.EARLIER_YEAR for flag in result.flags):
        return f" ({years.label(result.period.return_year)})"
    return ""


def short(f: Facts) -> str:
    """The figure alone, as a table or a list shows it: "57.9%", "3 of 7" (small base), "c", "no figure"."""
    return _alone(f, f.suppressed, f.value, f.numerator, f.denominator)


def short_comparable(f: Facts) -> str:
    """The council's figure as compared with the published ones, as a table shows it."""
    return _alone(f, f.comparable_suppressed, f.comparable_value, f.comparable_numerator, f.comparable_denominator)


def _alone(f: Facts, suppressed: bool, value: float | None, numerator: int | None, denominator: int | None) -> str:
    if suppressed:
        return SUPPRESSED
    if value is None:
        return "no figure"
    return _few(numerator, denominator, f) or amount(value, f.indicator.unit, f.precision)


def short_previous(f: Facts) -> str:
    """The year-earlier figure as a table shows it ("" when there is none)."""
    if f.previous_suppressed:
        return SUPPRESSED
    if f.previous is None:
        return ""
    return _previous_phrase(f)


def _few(numerator: int | None, denominator: int | None, f: Facts) -> str:
    """"3 of 7" for a share of a base below the small base ("" otherwise, or when the parts are not
    printed)."""
    if f.indicator.is_share and numerator is not None and denominator is not None and denominator < f.small_base:
        return f"{numerator:,} of {denominator:,}"
    return ""


def _value_phrase(f: Facts) -> str:
    """The figure itself: "57.9% (183 of 316 children)" or, on a small base, "3 of 7 children"."""
    ind = f.indicator
    if ind.is_share and f.denominator is not None and f.numerator is not None:
        if _few(f.numerator, f.denominator, f):
            return of(f.numerator, f.denominator, ind)
        return f"{amount(f.value, ind.unit, f.precision)} ({of(f.numerator, f.denominator, ind)})"
    return amount(f.value, ind.unit, f.precision)


def _previous_phrase(f: Facts) -> str:
    return _few(f.previous_numerator, f.previous_denominator, f) or amount(f.previous, f.indicator.unit, f.precision)


def small_base(f: Facts) -> bool:
    """Whether this period's or the year before's base is too small for a percentage (decided from
    the real bases, which a public briefing does not print)."""
    if f.small is not None:
        return f.small
    return f.indicator.is_share and any(d is not None and d < f.small_base
                                        for d in (f.denominator, f.previous_denominator))


def change_clause(f: Facts) -> str:
    """What happened since a year earlier, as the end of the headline sentence: the change as every
    output prints it (``figure_text.Change``), so its words agree with the tables' arrows."""
    ind = f.indicator
    if f.previous_suppressed:
        return "; the figure a year earlier is not published (small numbers)"
    moved = fmt.change_of(f.change, ind, f.precision)
    if f.previous is None or moved is None:
        return "; there is no figure for a year earlier to compare with"
    if moved.direction == "same":
        return ", the same as a year earlier"
    earlier = f"{_previous_phrase(f)} a year earlier"
    if ind.unit is Unit.COUNT:
        size = moved.number
        if f.previous and f.change is not None:  # never None here: moved is its change
            size += f", {f.change / f.previous * 100:+.1f}%"
        text = f", {moved.word} from {earlier} ({size})"
        if moved.better_or_worse:
            text += f", which is {moved.better_or_worse}"
        return text
    verb = {"better": "improved", "worse": "worsened"}.get(moved.better_or_worse, "changed")
    if small_base(f):
        return f", {verb} from {earlier}"
    return f", {verb} from {earlier} ({moved.number}{moved.points('percentage point')})"


def headline(f: Facts) -> str:
    """The figure, when it is for, and its change since a year earlier, in one sentence."""
    ind = f.indicator
    moment = when(ind, f.period)
    if f.suppressed:
        return (f"{_title(ind, moment)} {moment}: not published, because a number of {ind.counts} in it, or "
                f"worked out from it, is small enough to identify a child (shown as {SUPPRESSED}).")
    if f.value is None:
        why = f" ({f.no_figure})" if f.no_figure else ""
        return f"{_title(ind, moment)} {moment}: no figure{why}."
    if ind.unit is Unit.COUNT:
        n = round(f.value)
        if n == 0:
            text = f"There were no {plural_noun(ind, moment)} {moment}"
        elif n == 1:
            text = f"There was 1 {singular_noun(ind)} {moment}"
        else:
            text = f"There were {n:,} {plural_noun(ind, moment)} {moment}"
    else:
        text = f"{_title(ind, moment)} {moment}: {_value_phrase(f)}"
    return text + change_clause(f) + "."


def target_sentence(f: Facts) -> str:
    """"Against the council's target of 60%: ○ Red, off target." ("" with no target)."""
    if f.target is None or f.suppressed or f.value is None or f.rating is None or f.rated_against != "target":
        return ""
    return f"Against the council's target of {amount(f.target, f.indicator.unit, f.precision)}: {f.rating.glyph} " \
           f"{f.rating.word}, {f.rating.words.split(' (')[0]}."


def comparison_sentence(f: Facts) -> str:
    """The published comparators: England, the region, the statistical neighbours, each with its year."""
    ind = f.indicator
    if not (f.england or f.region or f.neighbours):
        return ""
    parts = []
    for c in (f.england, f.region):
        if c is not None:
            parts.append(f"{c.name} {published(c.value, ind.unit)} ({c.year})")
    n = f.neighbours
    if n is not None and n.average is not None:
        text = f"the statistical neighbours' average {amount(n.average, ind.unit, f.precision)} ({n.year})"
        if n.rank is not None and not (f.comparable_suppressed or (f.suppressed and not f.comparable)):
            order = "1 = highest" if n.by_highest else "1 = best"
            text += f", where {f.council_name} ranks {_ordinal(n.rank)} of {n.of} ({order})"
        parts.append(text)
    if f.comparable:
        if f.comparable_suppressed:
            own = f"{f.comparable}: not published (small numbers)"
        elif f.comparable_value is None:
            own = f"{f.comparable}: no figure"
        elif (f.comparable_numerator is not None and f.comparable_denominator is not None
              and _few(f.comparable_numerator, f.comparable_denominator, f)):
            own = f"{f.comparable}: {of(f.comparable_numerator, f.comparable_denominator, ind)}"
        else:
            own = f"{f.comparable}: {amount(f.comparable_value, ind.unit, f.precision)}"
        lead = f"As the DfE publishes it ({own}), compare"
    else:
        lead = "Compare"
    text = f"{lead} {_join(parts)}."
    if f.rating is not None and f.rated_against == "England" and not f.suppressed and not f.comparable_suppressed:
        text += f" {f.rating.glyph} {f.rating.word}: {f.rating.words}."
    return text


def paragraph(f: Facts) -> str:
    """Everything said about one figure, in order: headline, target, comparators."""
    return " ".join(s for s in (headline(f), target_sentence(f), comparison_sentence(f)) if s)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _join(parts: list[str]) -> str:
    if len(parts) <= 2:
        return " and ".join(parts)
    return "; ".join(parts[:-1]) + "; and " + parts[-1]
