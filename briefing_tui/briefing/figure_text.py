"""How figures are written, once, for the CLI, the app and the briefing notes alike.

Never colour alone: a change is written with an arrow and a word ("better", "worse"), so it reads
the same in a monochrome terminal, under NO_COLOR, on a projector or in a printed paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import overload

from briefing_tui.indicators.evaluate import Result
from briefing_tui.indicators.registry import Indicator, Polarity, Unit

ARROWS = {"up": "▲", "down": "▼", "same": "=", "": ""}
SPARKS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class Precision:
    """How finely figures are printed: a percentage to one decimal place in a restricted briefing
    (and on screen), whole in a public one, as the DfE publishes councils' percentages (a percentage
    to 0.1 can give its base away, and with it the numbers). Passed, never ambient."""

    percent: int = 1


RESTRICTED = Precision(1)
PUBLIC = Precision(0)


def places(unit: Unit, precision: Precision = RESTRICTED) -> int:
    """Decimal places a figure of ``unit`` is printed to, and so its change: counts whole,
    percentages to ``precision.percent``, rates, days and scores to one."""
    if unit is Unit.COUNT:
        return 0
    return precision.percent if unit is Unit.PERCENT else 1


def number(value: float | None, unit: Unit, precision: Precision = RESTRICTED) -> str:
    """A value as a paper prints it: counts whole, shares and rates to one decimal place."""
    if value is None:
        return "no data"
    return f"{value:,.{places(unit, precision)}f}{'%' if unit is Unit.PERCENT else ''}"


@dataclass(frozen=True)
class Change:
    """A change since a year earlier as every output prints it: the unrounded change (``Result.change``)
    rounded as the figures are printed, its arrow, word and judgement all read from that printed
    number, so a change that rounds away is "= 0", "no change", neither better nor worse, in the app,
    on the command line and in every briefing alike."""

    amount: float      # the change rounded to ``places``; 0.0 (never -0.0) when it rounds away
    places: int
    unit: Unit
    polarity: Polarity

    @property
    def direction(self) -> str:
        """"up", "down" or "same"."""
        return "up" if self.amount > 0 else "down" if self.amount < 0 else "same"

    @property
    def word(self) -> str:
        """"up", "down" or "no change"."""
        return "no change" if self.direction == "same" else self.direction

    @property
    def judgement(self) -> str:
        """"better" or "worse" by the figure's polarity; "no better or worse" when it has none or
        the change rounds away."""
        if self.direction == "same" or self.polarity is Polarity.NEUTRAL:
            return "no better or worse"
        return "better" if (self.direction == "up") == (self.polarity is Polarity.HIGHER_BETTER) else "worse"

    @property
    def better_or_worse(self) -> str:
        """The judgement when there is one to colour and say ("better", "worse"), else ""."""
        return "" if self.judgement == "no better or worse" else self.judgement

    @property
    def number(self) -> str:
        """The number alone, signed: "+13", "-2.1", "0"."""
        return f"{self.amount:+,.{self.places}f}" if self.amount else "0"

    def points(self, word: str = "pt") -> str:
        """A share's change is in percentage points: " pts", " percentage points", and " pt" for
        exactly one ("+1", not "+1.0"); "" for anything else, or no change."""
        if self.unit is not Unit.PERCENT or not self.amount:
            return ""
        return f" {word}" + ("" if abs(self.amount) == 1 and self.places == 0 else "s")

    def __str__(self) -> str:
        """"▲ +13", "▼ -2.1 pts" (percentage points for shares), "= 0"."""
        return f"{ARROWS[self.direction]} {self.number}{self.points()}"


@overload
def change_of(change: float, indicator: Indicator, precision: Precision = RESTRICTED) -> Change: ...
@overload
def change_of(change: float | None, indicator: Indicator, precision: Precision = RESTRICTED) -> Change | None: ...
def change_of(change: float | None, indicator: Indicator, precision: Precision = RESTRICTED) -> Change | None:
    """The one way a change is rounded and judged (None when there is nothing to compare)."""
    if change is None:
        return None
    digits = places(indicator.unit, precision)
    return Change(round(change, digits) + 0.0, digits, indicator.unit, indicator.polarity)


def change(result: Result, precision: Precision = RESTRICTED) -> Change | None:
    """A result's change as printed."""
    return change_of(result.change, result.indicator, precision)


def sentence(text: str) -> str:
    """First letter capitalised, the rest as written ("Year ending 31 March 2024")."""
    return text[:1].upper() + text[1:]


def compared_with(label: str) -> str:
    """A period as the object of "compared with": "the year ending 31 March 2023", "December 2022",
    "31 December 2022" (labels of dates read "at 31 December 2022")."""
    if label.startswith("year "):
        return f"the {label}"
    return label.removeprefix("at ")


def sparkline(values: list[float | None]) -> str:
    """The trend in block characters, a gap for a year with no value."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    return "".join(" " if v is None else SPARKS[round((v - low) / span * (len(SPARKS) - 1))] for v in values)
