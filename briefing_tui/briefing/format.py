"""How figures are written, once, for the CLI, the app and the briefing notes alike.

Never colour alone: a change is written with an arrow and a word ("better", "worse"), so it reads
the same in a monochrome terminal, under NO_COLOR, on a projector or in a printed paper.
"""

from __future__ import annotations

from briefing_tui.indicators.evaluate import Result
from briefing_tui.indicators.registry import Unit

ARROWS = {"up": "▲", "down": "▼", "same": "=", "": ""}
SPARKS = "▁▂▃▄▅▆▇█"


def number(value: float | None, unit: Unit) -> str:
    """A value as a paper prints it: counts whole, shares and rates to one decimal place."""
    if value is None:
        return "no data"
    if unit is Unit.COUNT:
        return f"{value:,.0f}"
    return f"{value:,.1f}{'%' if unit is Unit.PERCENT else ''}"


def change(result: Result) -> str:
    """"▲ +13" or "▼ -2.1 pts" (percentage points for shares), "" when there is nothing to compare."""
    return signed(result.change, result.indicator.unit)


def signed(change: float | None, unit: Unit, digits: int | None = None) -> str:
    """A change as printed, its arrow from the printed number (a change that rounds to nothing is
    "= 0", not "▲ +0.0"): "▲ +13", "▼ -2.1 pts", "= 0"."""
    if change is None:
        return ""
    digits = (0 if unit is Unit.COUNT else 1) if digits is None else digits
    shown = round(change, digits)
    arrow = ARROWS["up" if shown > 0 else "down" if shown < 0 else "same"]
    number = f"{shown:+,.{digits}f}" if shown else f"{0:.{digits}f}"
    return f"{arrow} {number}{' pts' if unit is Unit.PERCENT else ''}"


def sentence(text: str) -> str:
    """First letter capitalised, the rest as written ("Year ending 31 March 2024")."""
    return text[:1].upper() + text[1:]


def compared_with(label: str) -> str:
    """A period as the object of "compared with": "the year ending 31 March 2023", "December 2022",
    "31 December 2022" (labels of dates read "at 31 December 2022")."""
    if label.startswith(("year ", "quarter ")):
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
