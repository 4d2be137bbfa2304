"""Red, amber or green against the council's target: with a word and a glyph, never colour alone.

Green: at the target or better. Amber: worse, but within 5 % of the target (a near miss a panel
should watch). Red: further off. Figures with no direction (neutral polarity) or no target get no
rating rather than an invented one.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing_tui.indicators.evaluate import Result
from briefing_tui.indicators.registry import Polarity

AMBER_WITHIN = 0.05


@dataclass(frozen=True)
class Rating:
    colour: str   # "red", "amber", "green"
    glyph: str    # shown with the word, so it reads without colour
    words: str    # "on target (60%)", "below target (60%)"


GLYPHS = {"green": "●", "amber": "◐", "red": "○"}


def rate(result: Result, target: float | None) -> Rating | None:
    if target is None or result.value is None or result.indicator.polarity is Polarity.NEUTRAL:
        return None
    higher = result.indicator.polarity is Polarity.HIGHER_BETTER
    shortfall = (target - result.value) if higher else (result.value - target)
    if shortfall <= 0:
        colour, words = "green", "on target"
    elif shortfall <= abs(target) * AMBER_WITHIN:
        colour, words = "amber", "just off target"
    else:
        colour, words = "red", "off target"
    unit = "%" if result.indicator.unit.value == "%" else ""
    return Rating(colour, GLYPHS[colour], f"{words} ({target:g}{unit})")
