"""What ``cohort`` and ``child`` print: the children behind a figure, one to a row, and one child's
timeline.

Children are shown by alias (CHILD ids only in officer mode, decided below the CLI). A cohort list
has eleven columns and must still fit 80 without cutting a date, a number or an alias (``Snug``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, JustifyMethod, RenderableType, RenderResult

from briefing_tui.cli import blocks
from briefing_tui.cli.blocks import Wrapped
from briefing_tui.ssda903 import years as cy
from briefing_tui.text import visible

if TYPE_CHECKING:
    from briefing_tui.indicators.cohort import Cohort
    from briefing_tui.indicators.registry import Indicator
    from briefing_tui.indicators.timeline import Timeline


COHORT_COLUMNS: tuple[tuple[str, JustifyMethod], ...] = (
    ("child", "left"), ("on", "left"), ("age", "right"), ("sex", "left"), ("ethnic group", "left"),
    ("LS", "left"), ("place", "left"), ("care began", "left"), ("days", "right"), ("moves", "right"),
    ("UASC", "left"))


class Snug:
    """A table whose every column keeps the width of its widest cell. When the terminal is too
    narrow, a heading of two words takes two lines ("ethnic / group"), then columns stand one space
    apart, not two: a date, a number or an alias is never cut or folded (a cohort list's eleven
    columns fit 80 this way)."""

    def __init__(self, columns: list[tuple[str, JustifyMethod]], rows: list[list[str]]) -> None:
        self.columns, self.rows = columns, rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widest = [max([len(visible(r[i])) for r in self.rows] or [0]) for i in range(len(self.columns))]
        tight = [max([len(word) for word in name.split()] + [w]) for (name, _), w in zip(self.columns, widest)]
        natural = sum(max(len(name), w) for (name, _), w in zip(self.columns, widest))
        gaps = len(self.columns) - 1
        narrow = natural + 2 * gaps > options.max_width
        table = blocks.table()
        if sum(tight) + 2 * gaps > options.max_width:
            table.padding = (0, 0, 0, 0)
        for (name, justify), width in zip(self.columns, tight):
            table.add_column(name, justify=justify, no_wrap=" " not in name, width=width if narrow else None)
        for row in self.rows:
            blocks.add_row(table, *row)
        yield table


def cohort_table(found: Cohort, ind: Indicator) -> RenderableType:
    where = "".join(f", {k} = {v}" for k, v in found.filters.items())
    part = "" if found.part == "counted" else f" ({found.part})"
    lines: list[RenderableType] = [
        Wrapped(f"{ind.title} ({ind.id}), {found.council}, {found.period.label}{where}{part}: "
                f"{len(found.members):,} {ind.counts}", style="bold")]
    one_day = len({m.on_date for m in found.members}) <= 1  # a stock: everyone described on the same day
    columns = [c for c in COHORT_COLUMNS if not (one_day and c[0] == "on")]
    rows = []
    for m in found.members:
        cells = [m.who, f"{m.on_date:%d/%m/%Y}" if m.on_date else "", _maybe(m.age),
                 m.sex[:1] if m.sex != "Not recorded" else "",
                 m.ethnic_group if len(m.ethnic_group) <= 8 else m.ethnic_group.split()[0], m.legal_status or "",
                 m.placement or "", f"{m.care_start:%d/%m/%Y}" if m.care_start else "", _maybe(m.days_in_care),
                 _maybe(m.placements_this_year), "yes" if m.uasc else ""]
        rows.append(cells[:1] + cells[2:] if one_day else cells)
    lines.append(Snug(columns, rows))
    moves = "placements in the twelve months to that day" if ind.reads_year_before else "placements this year"
    lines.append(Wrapped("child: alias (CHILD ids only in officer mode); on: the day each is described; LS: legal "
                         f"status; place: placement type; days: in care on that day; moves: {moves}; "
                         "`briefing-tui child ALIAS` shows one child's timeline.", hanging=0, style="dim"))
    for flag in found.flags:
        lines.append(Wrapped(f"Note: {flag}", hanging=6, style="yellow"))
    return Group(*lines)


def timeline(story: Timeline) -> RenderableType:
    born = f", born {story.born:%m/%Y}" if story.born else ""
    table = blocks.table()
    table.add_column("date", no_wrap=True)
    table.add_column("what", no_wrap=True)
    table.add_column("detail", overflow="fold")
    table.add_column("return", no_wrap=True)
    for e in story.events:
        blocks.add_row(table, f"{e.day:%d/%m/%Y}" if e.day else "", e.kind, e.detail, cy.label(e.return_year))
    return Group(Wrapped(f"{story.who}, {story.council}{born}: {len(story.events)} events across the loaded "
                         "returns", style="bold"), table)


def _maybe(value: int | None) -> str:
    return "" if value is None else f"{value:,}"
