"""What ``import``, ``check`` and ``info`` print about returns: rows per table, problems refused,
data-quality findings, the import history.

One row per return with the collection years down the side; the tables of a return split in two
groups so each fits 80 columns; many councils' returns added together per year. A problem is
printed whole (``file:line: COLUMN value 'x': ...``), one to a line, the same way by every command.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from briefing_tui.cli import blocks
from briefing_tui.cli.blocks import Wrapped
from briefing_tui.ssda903 import years as cy
from briefing_tui.ssda903.problems import Problem, group
from briefing_tui.ssda903.rules import RULES
from briefing_tui.ssda903.tables import TABLES
from briefing_tui.store.importer import ImportResult, ReturnSummary
from briefing_tui.store.info import ImportRun, LoadedReturn, RuleCount
from briefing_tui.text import plain

# The tables of a return, years down the side: the first group every council sends, the rest after
# it (adoption, permanence, social workers...), so each fits 80 columns beside a year and a council.
FIRST_TABLES = ("header", "episodes", "uasc", "oc2", "oc3", "reviews", "missing")
POOLED = 10  # more returns than this from several councils are added together per year

Row = tuple[str, int, str, dict[str, int], int, int]  # council, year, status, rows per table, findings, warnings


def import_result(result: ImportResult, *, checked_only: bool = False, named: bool = True) -> RenderableType:
    """``named``: whether the returns had a council (``check`` may be run without naming one)."""
    councils = sorted({r.council for r in result.returns})
    who = f" for {councils[0]}" if len(councils) == 1 and named else ""
    title = f"Checked{who} (nothing imported)" if checked_only else f"Imported{who} (import {result.import_id})"
    rows = [(r.council, r.year, r.outcome, r.row_counts, r.findings, r.warnings) for r in result.returns]
    parts: list[RenderableType] = [_returns(title, rows, status=None if checked_only else "outcome"), Text()]
    parts += [*_extents([(r.council, r.year, r.data_to) for r in result.returns], replaced=result.returns), Text()]
    if result.warnings:
        parts.append(problems("Warnings", result.warnings))
    if result.findings:
        kept = "found; not recorded" if checked_only else "recorded; run `briefing-tui info` to see them again"
        parts.append(Wrapped(f"Data-quality findings: {result.finding_total:,} ({kept})", style="bold"))
        for f in result.findings:
            parts.append(Wrapped(f"{f.rule} {f.table}.{f.column}: {f.count:,} - {RULES.get(f.rule, '')}",
                                 indent=2))
            for example in f.examples:
                parts.append(plain(f"      {example.message()}", style="dim"))  # whole, to search for
            if f.count > len(f.examples):
                parts.append(Text(f"      ... and {f.count - len(f.examples):,} more", style="dim"))
    else:
        parts.append(Text("No data-quality findings."))
    return Group(*parts)


def problems(title: str, items: list[Problem], examples: int = 10) -> RenderableType:
    lines: list[RenderableType] = [Text(title, style="bold")]
    for g in group(items, examples=examples):
        if g.count > 1:
            lines.append(Wrapped(g.heading(), indent=2))
        for p in g.examples:
            lines.append(plain(f"  {p.message()}"))  # whole, to search for
        if g.count > len(g.examples):
            lines.append(Text(f"  ... and {g.count - len(g.examples)} more"))
    return Group(*lines)


def info(path: str, loaded: list[LoadedReturn], stored: dict[tuple[str, int], dict[str, int]], history: list[ImportRun],
         rules: list[RuleCount], names: dict[str, str] | None = None) -> RenderableType:
    """``names``: each council's code -> how it is said in full ("302 Barnet"), with any note on it."""
    parts: list[RenderableType] = [Wrapped(f"Database {path}", style="bold")]  # the path whole, to copy
    if not loaded:
        parts.append(Wrapped("No returns loaded. Import your 903 files with `briefing-tui import FOLDER`, "
                             "or build the demo with `briefing-tui init`."))
        return Group(*parts)
    councils = sorted({r.council for r in loaded})
    years = sorted({r.year for r in loaded})
    parts.append(Wrapped(f"Councils: {'; '.join((names or {}).get(c, c) for c in councils)}", hanging=10))
    parts.append(Wrapped(f"Years: {', '.join(cy.label(y) for y in years)}", hanging=7))
    rows = [(r.council, r.year, r.imported_at.strftime("%Y-%m-%d"),
             stored.get((r.council, r.year), r.row_counts), r.findings, r.warnings) for r in loaded]
    parts += _extents([(r.council, r.year, r.data_to) for r in loaded])
    return blocks.apart(Group(*parts), _returns("Returns loaded", rows, status="imported"), history_table(history),
                        findings_table(rules))


def _extents(returns: list[tuple[str, int, dt.date | None]],
             replaced: Sequence[ReturnSummary] = ()) -> list[RenderableType]:
    """How far each return reaches: every in-year extract named with its data-to date (its figures
    are provisional), and what an import's return replaced when that was an extract or a complete year."""
    by_council = len({c for c, _, _ in returns}) > 1
    lines: list[RenderableType] = []
    for council, year, data_to in returns:
        if data_to is not None:
            who = f"{council} " if by_council else ""
            lines.append(Wrapped(f"{who}{cy.label(year)}: in-year extract, data to {cy.long_date(data_to)}: "
                                 f"provisional; figures are given up to {cy.long_date(data_to)} only, and those of "
                                 "complete years alone (the oc2 cohort's health, care leavers, stability at 31 "
                                 "March) from the latest complete year.",
                                 style="yellow", hanging=2))
    for r in replaced:
        if r.replaced_complete:
            lines.append(Wrapped(f"{cy.label(r.year)}: the complete year loaded before was replaced by this extract "
                                 "(--replace).", style="yellow", hanging=2))
        elif r.replaced_data_to is not None:
            now = "the complete year" if r.data_to is None else f"data to {cy.long_date(r.data_to)}"
            lines.append(Wrapped(f"{cy.label(r.year)}: replaces the in-year extract with data to "
                                 f"{cy.long_date(r.replaced_data_to)} ({now}).", hanging=2))
    if not lines and returns:
        lines.append(Text("Every return is a complete collection year." if len(returns) > 1
                          else "The return is the complete collection year."))
    return lines


def history_table(history: list[ImportRun]) -> Table:
    table = blocks.table("Import history (latest first)")
    for col in ("import", "finished", "command", "returns", "files", "strict"):
        table.add_column(col, justify="right" if col in ("import", "returns", "files") else "left")
    for run in history:
        blocks.add_row(table, str(run.import_id), run.finished_at.strftime("%Y-%m-%d %H:%M:%S"), run.command,
                       str(run.returns), str(run.files), "yes" if run.strict else "no")
    return table


def findings_table(rules: list[RuleCount]) -> RenderableType:
    """Counts by rule, then by collection year down the side (a total under a rule found in several
    years), then what each rule means: narrow enough for 80 columns however many years are loaded."""
    if not rules:
        return Text("Data-quality findings: none.")
    table = blocks.table("Data-quality findings by rule and collection year")
    table.add_column("rule", no_wrap=True)
    table.add_column("where", overflow="fold")
    table.add_column("year", no_wrap=True)
    table.add_column("findings", justify="right", no_wrap=True)
    for rc in rules:
        where = f"{rc.table}.{rc.column}" if rc.column else rc.table
        for i, (year, n) in enumerate(sorted(rc.by_year.items())):
            blocks.add_row(table, rc.rule if i == 0 else "", where if i == 0 else "", cy.label(year), f"{n:,}")
        if len(rc.by_year) > 1:
            blocks.add_row(table, "", "", "total", f"{rc.count:,}", style="bold")
    legend = Table.grid(padding=(0, 2, 0, 0))
    legend.add_column(no_wrap=True, style="dim")
    legend.add_column(overflow="fold", style="dim")
    for rule in dict.fromkeys(rc.rule for rc in rules):
        blocks.add_row(legend, rule, RULES.get(rule, ""))
    return Group(table, Padding(legend, (0, 0, 0, 2)))


def _returns(title: str, rows: list[Row], status: str | None) -> RenderableType:
    """One row per return, years down the side: its status, findings and warnings, then its rows per
    table. Several councils get a council column; many are added together per year."""
    councils = sorted({r[0] for r in rows})
    if len(rows) > POOLED and len(councils) > 1:
        rows = _added_up(rows, len(councils))
        title += f" ({len(councils)} councils, added together)"
    by_council = len({r[0] for r in rows}) > 1
    summary = _by_return(title, rows, by_council)
    if status:
        summary.add_column(status, no_wrap=True)
    summary.add_column("findings", justify="right")
    summary.add_column("warnings", justify="right")
    for r in rows:
        blocks.add_row(summary, *_return_keys(r, by_council), *((r[2],) if status else ()), f"{r[4]:,}",
                       f"{r[5]:,}")
    rest = tuple(t for t in TABLES if t not in FIRST_TABLES)
    return blocks.apart(summary, *(_rows_per_table(caption, names, rows, by_council) for caption, names in
                                   (("Rows per table", FIRST_TABLES), ("Rows per table (continued)", rest))))


def _by_return(title: str, rows: list[Row], by_council: bool) -> Table:
    """A table keyed by return: council (when there are several) and collection year."""
    table = blocks.table(title)
    if by_council:
        table.add_column("council", no_wrap=True)
    table.add_column("year", no_wrap=True)
    return table


def _return_keys(row: Row, by_council: bool) -> tuple[str, ...]:
    return ((row[0],) if by_council else ()) + (cy.label(row[1]),)


def _rows_per_table(caption: str, names: tuple[str, ...], rows: list[Row], by_council: bool) -> Table | None:
    """Rows stored in each of these tables, by return (a table no return has is left out)."""
    shown = [t for t in names if any(r[3].get(t, 0) for r in rows)]
    if not shown:
        return None
    table = _by_return(caption, rows, by_council)
    for name in shown:
        table.add_column(name.replace("_", " "), justify="right")  # "placed for adoption" may take two lines
    for r in rows:
        blocks.add_row(table, *_return_keys(r, by_council), *(f"{r[3].get(t, 0):,}" for t in shown))
    return table


def _added_up(rows: list[Row], councils: int) -> list[Row]:
    """Many councils' returns as one row per year (a pool of 150 boroughs is read by year)."""
    merged: dict[int, Row] = {}
    for _council, year, status, counts, findings, warnings in rows:
        _, _, so_far, added, found, warned = merged.get(
            year, (f"{councils} councils", year, status, dict.fromkeys(TABLES, 0), 0, 0))
        for t, n in counts.items():
            added[t] = added.get(t, 0) + n
        # "various": imported on different days, or some new and some replaced
        merged[year] = (f"{councils} councils", year, so_far if so_far == status else "various", added,
                        found + findings, warned + warnings)
    return [v for _, v in sorted(merged.items())]
