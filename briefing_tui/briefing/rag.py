"""Red, amber or green: against the council's target, else its comparator; never by colour alone.

Green: at the reference or better. Amber: worse, but by no more than the tolerance (a percentage of
the reference; default 5, so 57 against a target of 60 is amber, 56 red). Red: further off.
Figures with no direction (neutral polarity) or nothing to compare with get no rating rather than an
invented one. ``RULE`` is the same in words, printed in every briefing's data notes.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing_tui.indicators.evaluate import Result
from briefing_tui.indicators.registry import Polarity, Unit

AMBER_WITHIN = 0.05
GLYPHS = {"green": "●", "amber": "◐", "red": "○"}
WORDS = {"green": "Green", "amber": "Amber", "red": "Red"}
SEVERITY = {"green": 0, "amber": 1, "red": 2}


@dataclass(frozen=True)
class Rating:
    colour: str   # "red", "amber", "green"
    glyph: str    # shown with the word, so it reads without colour
    words: str    # the reason: "on target (60%)", "worse than England (54%, 2023-24)"

    @property
    def word(self) -> str:
        return WORDS[self.colour]

    @property
    def label(self) -> str:
        """"○ Red: off target (60%)": the rating said in full."""
        return f"{self.glyph} {self.word}: {self.words}"


def rule(tolerance: float, small_base: int) -> str:
    return (f"Each figure with a direction (higher or lower is better) is rated against the council's target "
            f"where one is set, otherwise against England's published figure for the same year (or the latest "
            f"published before it): green at or better than it; amber when worse by no more than "
            f"{tolerance:g}% of it; red when further off. Figures with no direction, nothing to compare "
            f"with, or a percentage of fewer than {small_base} children, are not rated. A principle takes the worst "
            "rating of its rated evidence (red if any is "
            f"red, else amber if any is amber, else green); a principle with no rated evidence is not rated.")


def judge(value: float | None, polarity: Polarity, reference: float | None, tolerance: float,
          against: str) -> Rating | None:
    """Rate ``value`` against ``reference``; ``against`` names it ("target (60%)", "England (54%, 2023-24)")."""
    if reference is None or value is None or polarity is Polarity.NEUTRAL:
        return None
    higher = polarity is Polarity.HIGHER_BETTER
    shortfall = (reference - value) if higher else (value - reference)
    if shortfall <= 0:
        colour = "green"
        words = "on target" if against.startswith("target") else "as good as or better than"
    elif shortfall <= abs(reference) * tolerance / 100:
        colour = "amber"
        words = "just off target" if against.startswith("target") else "a little worse than"
    else:
        colour = "red"
        words = "off target" if against.startswith("target") else "worse than"
    if against.startswith("target"):
        return Rating(colour, GLYPHS[colour], f"{words} {against.removeprefix('target ')}")
    return Rating(colour, GLYPHS[colour], f"{words} {against}")


def rate(result: Result, target: float | None, tolerance: float = AMBER_WITHIN * 100) -> Rating | None:
    """A result against the council's target (the app's tiles and principles screen)."""
    if target is None:
        return None
    unit = "%" if result.indicator.unit is Unit.PERCENT else ""
    return judge(result.value, result.indicator.polarity, target, tolerance, f"target ({target:g}{unit})")


def worst(ratings: list[Rating | None]) -> Rating | None:
    """A principle's rating: the worst of its evidence's."""
    rated = [r for r in ratings if r is not None]
    if not rated:
        return None
    colour = max((r.colour for r in rated), key=SEVERITY.__getitem__)
    n = sum(r.colour == colour for r in rated)
    return Rating(colour, GLYPHS[colour], f"{n} of {len(rated)} rated figure{'s' if len(rated) != 1 else ''} "
                                          f"{WORDS[colour].lower()}")
