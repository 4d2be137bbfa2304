"""A first briefing note built from the indicator results: one sentence per figure, by principle.

The full briefing (benchmarks, narrative, export) is the briefing issue's; this gives the app's
preview key something true to show meanwhile, from the same results the screens show.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from briefing_tui.briefing import format as fmt
from briefing_tui.indicators.evaluate import Result
from briefing_tui.indicators.registry import PRINCIPLES, Unit


def sentence(result: Result) -> str:
    """"Care leavers in education, employment or training: 57.9% (183 of 316), up 3.5 points on
    the year ending 31 March 2023 (54.4%): better." """
    ind = result.indicator
    if result.value is None:
        reason = result.flags[0] if result.flags else "no data"
        return f"{ind.title}: no figure ({reason})."
    text = f"{ind.title}: {fmt.number(result.value, ind.unit)}"
    if ind.unit is Unit.PERCENT and result.denominator:
        text += f" ({result.numerator:,} of {result.denominator:,})"
    if result.change is not None:
        if result.direction == "same":
            text += f", the same as {fmt.compared_with(result.comparison_label)}"
        else:
            size = abs(result.change)
            amount = f"{size:,.0f}" if ind.unit is Unit.COUNT else f"{size:,.1f}"
            points = " points" if ind.unit is Unit.PERCENT else ""
            text += (f", {result.direction} {amount}{points} on {fmt.compared_with(result.comparison_label)} "
                     f"({fmt.number(result.comparison, ind.unit)})")
            if result.judgement in ("better", "worse"):
                text += f": {result.judgement}"
    return text + "."


def preview(results: list[Result], council_name: str, period_label: str) -> RenderableType:
    parts: list[RenderableType] = [
        Text(f"Corporate Parenting Panel briefing: {council_name}", style="bold"),
        Text(f"{period_label[:1].upper()}{period_label[1:]}. Figures from the SSDA903 return, by the DfE's "
             "method; comparisons are with the same period a year earlier.", style="dim"),
    ]
    for letter, words in PRINCIPLES.items():
        evidence = [r for r in results if letter in r.indicator.principles]
        if not evidence:
            continue
        parts.append(Text(f"\n({letter}) To {words}", style="bold"))
        for result in evidence:
            parts.append(Text(f"  • {sentence(result)}"))
            for flag in result.flags:
                if not flag.startswith("no "):
                    parts.append(Text(f"      Note: {flag}", style="italic"))
    return Group(*parts)
