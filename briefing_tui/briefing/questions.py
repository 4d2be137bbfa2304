"""Questions for the panel, from rules a chair would apply to the figures themselves.

Three rules, each stated in the question it raises: a figure rated red; a figure that has worsened
three years running (four years' figures, each worse than the one before); a figure further from
England's than the settable margin (percentage points for a percentage, else a percentage of
England's figure; default 5). Only figures a
briefing shows are used, so a public paper's questions reveal nothing it hides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing_tui.briefing import figure_text as fmt
from briefing_tui.briefing import narrative
from briefing_tui.briefing.model import Question
from briefing_tui.indicators.registry import Polarity, Unit
from briefing_tui.ssda903 import years

if TYPE_CHECKING:
    from briefing_tui.briefing.assess import Assessed


def suggest(assessed: list[Assessed], england_gap: float) -> list[Question]:
    out: list[Question] = []
    for a in assessed:
        red = _red(a)
        # red against England already asks about the gap to England: one question, not two
        gap = None if red is not None and a.facts.rated_against == "England" else _gap(a, england_gap)
        out += [q for q in (red, _worsening(a), gap) if q is not None]
    return out


def _red(a: Assessed) -> Question | None:
    if a.rating is None or a.rating.colour != "red":
        return None
    return Question(a.indicator.id, "red",
                    f"{a.indicator.title}: rated red ({a.figure.shown}{narrative.earlier_year(a.result)}, "
                    f"{a.rating.words}). What is being done to "
                    "improve it, by whom, and by when?")


def _worsening(a: Assessed) -> Question | None:
    polarity = a.indicator.polarity
    if polarity is Polarity.NEUTRAL:
        return None
    points = [p for p in a.trend if p.year <= a.result.period.return_year][-4:]
    values = [p.value for p in points if p.value is not None]
    if len(points) < 4 or len(values) < len(points):
        return None
    if any(points[i + 1].year != points[i].year + 1 for i in range(3)):
        return None
    # each year's change judged as it is printed: 60.4% after 60.4% is not worse, whatever the decimals say
    if not all(fmt.change_of(later - before, a.indicator, a.facts.precision).better_or_worse == "worse"
               for before, later in zip(values, values[1:])):
        return None
    unit = a.indicator.unit
    path = " to ".join(f"{narrative.amount(p.value, unit, a.facts.precision)} ({years.label(p.year)})" for p in points)
    return Question(a.indicator.id, "worsening",
                    f"{a.indicator.title}: worse three years running, from {path}. What lies behind the trend, "
                    "and what would turn it?")


def _gap(a: Assessed, margin: float) -> Question | None:
    f = a.facts
    england = f.england
    polarity = a.indicator.polarity
    if (england is None or england.value is None or f.comparable_value is None or f.comparable_suppressed
            or polarity is Polarity.NEUTRAL or not england.value or _small(f)):
        return None
    unit = a.indicator.unit
    higher = polarity is Polarity.HIGHER_BETTER
    ours = round(f.comparable_value, fmt.places(unit, f.precision))
    shortfall = (england.value - ours) if higher else (ours - england.value)
    # percentages: the margin is in percentage points (a tenth of England's 2% would be nothing);
    # anything else: a percentage of England's figure
    allowed = margin if unit is Unit.PERCENT else abs(england.value) * margin / 100
    if shortfall <= allowed:
        return None
    group = f" ({f.comparable})" if f.comparable else ""
    return Question(a.indicator.id, "england-gap",
                    f"{a.indicator.title}{group}: {narrative.amount(f.comparable_value, unit, f.precision)} against "
                    f"{narrative.published(england.value, unit)} for England ({england.year}). What keeps the "
                    "council this far from the national figure, and what do councils nearer it do differently?")


def _small(f: narrative.Facts) -> bool:
    if f.comparable:
        base = f.comparable_denominator
        return f.indicator.is_share and base is not None and base < f.small_base
    return narrative.small_base(f)
