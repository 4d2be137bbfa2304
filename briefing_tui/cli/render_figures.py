"""What ``indicators`` and ``show`` print: the list of indicators, and one figure with how it was
made, its comparison a year earlier, its trend and any breakdown.

Figures and changes are written by ``briefing.figure_text``, so the CLI says them exactly as the
app and the briefing do; a trend runs a year to a row, so any number of years fits 80 columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from briefing_tui.briefing import figure_text as fmt
from briefing_tui.cli import blocks
from briefing_tui.cli.blocks import Wrapped
from briefing_tui.indicators.registry import Unit
from briefing_tui.ssda903 import years as cy
from briefing_tui.text import plain

if TYPE_CHECKING:
    from briefing_tui.indicators.breakdowns import Breakdown
    from briefing_tui.indicators.evaluate import Point, Result
    from briefing_tui.indicators.registry import Indicator


def indicator_list(indicators: Sequence[Indicator]) -> RenderableType:
    """One entry per indicator (a list, not a table: definitions are sentences)."""
    lines: list[RenderableType] = [Text(f"{len(indicators)} indicators", style="bold")]
    for ind in indicators:
        lines.append(Wrapped(f"{ind.id}  {ind.title}", hanging=4, style="bold"))
        lines.append(Wrapped(f"{ind.unit.value}; {ind.kind.value}; {ind.polarity.value}; principles "
                             f"{', '.join(ind.principles)}", indent=4, style="dim"))
        lines.append(Wrapped(ind.definition, indent=4, hanging=0))
        if ind.breakdowns:
            lines.append(Wrapped(f"by: {', '.join(ind.breakdowns)}", indent=4, hanging=4, style="dim"))
    lines.append(Wrapped("Principles (a)-(g): the corporate parenting principles, Children and Social Work "
                         "Act 2017 s.1(1).", style="dim"))
    return Group(*lines)


def indicator_result(result: Result, rows: Breakdown | None = None,
                     quarter_ends: Sequence[Point] = ()) -> RenderableType:
    """``quarter_ends``: a stock's figure at the last eight quarter ends (a quarter's or a date's)."""
    ind = result.indicator
    lines: list[RenderableType] = [
        Wrapped(f"{ind.title} ({ind.id}), {result.council}, {result.period.label}{_filters(result)}", style="bold"),
        Wrapped(ind.definition, hanging=0, style="dim"),
        Wrapped(f"Value: {fmt.number(result.value, ind.unit)}"
                + (_of(result.numerator, result.denominator, ind.unit) if result.value is not None else "")),
    ]
    moved = fmt.change(result)
    if moved is not None:
        lines.append(Wrapped(f"Compared with {fmt.compared_with(result.comparison_label)} "
                             f"({fmt.number(result.comparison, ind.unit)}): {moved}, "
                             f"{moved.better_or_worse or moved.word} ({ind.polarity.value})"))
    flags = [Wrapped(f"Note: {flag}", hanging=6, style="yellow") for flag in result.flags]
    return blocks.apart(Group(*lines), trend_table(result), quarter_table(result, quarter_ends),
                        breakdown_table(ind, rows) if rows is not None else None, Group(*flags) if flags else None)


def trend_table(result: Result) -> RenderableType:
    """The same period in every loaded return, a year to a row (eight or more years do not fit
    across 80 columns): the value and, for a share, what it is of."""
    return _points("Trend: the same period in each loaded return", "return", result,
                   [(cy.label(p.year), p) for p in result.trend])


def quarter_table(result: Result, points: Sequence[Point]) -> RenderableType | None:
    """The figure at each of the last quarter ends, one to a row, each from its own return."""
    if not points:
        return None
    return _points("Quarter ends: the figure on each, from its own return", "quarter end", result,
                   [(p.label, p) for p in points])


def _points(title: str, key: str, result: Result, rows: list[tuple[str, Point]]) -> RenderableType:
    share = result.indicator.unit is Unit.PERCENT
    table = blocks.table(title)
    table.add_column(key, no_wrap=True)
    table.add_column("value", justify="right", no_wrap=True)
    if share:
        table.add_column("of", justify="right", no_wrap=True)
    for label, p in rows:
        of = (f"{p.numerator:,} of {p.denominator:,}" if p.denominator else "",) if share else ()
        blocks.add_row(table, label, fmt.number(p.value, result.indicator.unit), *of)
    return table


def breakdown_table(ind: Indicator, rows: Breakdown) -> RenderableType:
    title = rows.dimension.title
    table = blocks.table(f"By {title[:1].lower()}{title[1:]}")  # "By age (DfE bands)"
    table.add_column(plain(rows.dimension.title), overflow="fold")
    if ind.unit is Unit.COUNT:
        table.add_column("count", justify="right")
        table.add_column("% of all", justify="right")
        for row in rows.rows:
            blocks.add_row(table, row.label, f"{row.numerator:,}", f"{row.share:.1f}")
        if rows.total is not None:
            blocks.add_row(table, "Total", f"{rows.total:,}", "100.0" if rows.total else "", style="bold")
        return table
    table.add_column(ind.unit.value if ind.unit is not Unit.PERCENT else "%", justify="right")
    table.add_column("of", justify="right")
    for row in rows.rows:
        blocks.add_row(table, row.label, fmt.number(row.value, ind.unit), f"{row.numerator:,} of {row.denominator:,}")
    return table


def _filters(result: Result) -> str:
    return "".join(f", {name} = {value}" for name, value in result.filters.items())


def _of(numerator: int | None, denominator: int | None, unit: Unit) -> str:
    """How the value was made, in words a reader can check: "(48 of 81)", "(average of 119 scores)"."""
    if unit in (Unit.SCORE, Unit.DAYS):
        return f"  (average of {numerator:,} of {denominator:,})" if denominator else ""
    if denominator and unit is Unit.PERCENT:
        return f"  ({numerator:,} of {denominator:,})"
    if denominator and unit is Unit.RATE:
        return f"  ({numerator:,} children; population {denominator:,})"
    return ""
