"""Rich renderings of what the CLI reports: import and check results, database info, indicators,
figures, cohorts and timelines.

Kept apart from ``cli.py`` so the command definitions stay a thin layer, and so the messages
(``file:line: COLUMN value 'x': ...``) are printed the same way by every command. Everything reads
whole at 80 columns and in a pipe (tests/test_cli_width.py): collection years run down the side,
tables have no box to take columns, prose wraps itself (the CLI prints with soft wrap), and a
quoted message or a path is printed whole, one to a line, to be searched for and pasted.
"""

from __future__ import annotations

import textwrap

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from briefing_tui.briefing import figure_text as fmt
from briefing_tui.ssda903 import years as cy
from briefing_tui.ssda903.problems import Problem, group
from briefing_tui.ssda903.rules import RULES
from briefing_tui.ssda903.tables import TABLES
from briefing_tui.store.importer import ImportResult
from briefing_tui.store.info import ImportRun, LoadedReturn, RuleCount
from briefing_tui.text import cells, plain, visible

# The tables of a return, years down the side: the first group every council sends, the rest after
# it (adoption, permanence, social workers...), so each fits 80 columns beside a year and a council.
FIRST_TABLES = ("header", "episodes", "uasc", "oc2", "oc3", "reviews", "missing")
POOLED = 10  # more returns than this from several councils are added together per year


class Wrapped:
    """A line of prose wrapped to the terminal, its continuation indented: never cut, never wider
    than the terminal (the CLI prints with soft wrap, so quoted problems stay whole for grep; prose
    must wrap itself). A word longer than the line (a path) is kept whole."""

    def __init__(self, text: str, indent: int = 0, hanging: int = 2, style: str = "") -> None:
        self.text, self.indent, self.hanging, self.style = visible(text), indent, hanging, style

    def __rich_console__(self, console, options):
        lines = textwrap.wrap(self.text, width=max(options.max_width, 20), initial_indent=" " * self.indent,
                              subsequent_indent=" " * (self.indent + self.hanging), break_long_words=False,
                              break_on_hyphens=False) or [""]
        for line in lines:
            yield Text(line, style=self.style, no_wrap=True, overflow="ignore")


def _apart(*blocks: RenderableType | None) -> Group:
    """Blocks a blank line apart, so that each table stands on its own (None left out)."""
    out: list[RenderableType] = []
    for block in blocks:
        if block is not None:
            out += [Text(), block] if out else [block]
    return Group(*out)


def _table(title: str | None = None, **kwargs) -> Table:
    """A CLI table as every command draws it: a rule under the headings, no box or edges to take
    columns, two spaces between columns."""
    return Table(title=plain(title) if title else None, title_justify="left", header_style="bold",
                 box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1, 0, 0), pad_edge=False, **kwargs)


def _add_row(table: Table, *values, **kwargs) -> None:
    """A row of cells from the data (codes, council codes, labels): never read as markup."""
    table.add_row(*cells(values), **kwargs)


Row = tuple[str, int, str, dict[str, int], int, int]  # council, year, status, rows per table, findings, warnings


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
        _add_row(summary, *_return_keys(r, by_council), *((r[2],) if status else ()), f"{r[4]:,}", f"{r[5]:,}")
    rest = tuple(t for t in TABLES if t not in FIRST_TABLES)
    return _apart(summary, *(_rows_per_table(caption, names, rows, by_council) for caption, names in
                             (("Rows per table", FIRST_TABLES), ("Rows per table (continued)", rest))))


def _by_return(title: str, rows: list[Row], by_council: bool) -> Table:
    """A table keyed by return: council (when there are several) and collection year."""
    table = _table(title)
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
        _add_row(table, *_return_keys(r, by_council), *(f"{r[3].get(t, 0):,}" for t in shown))
    return table


def _added_up(rows: list[Row], councils: int) -> list[Row]:
    """Many councils' returns as one row per year (a pool of 150 boroughs is read by year)."""
    merged: dict[int, list] = {}
    for _council, year, status, counts, findings, warnings in rows:
        m = merged.setdefault(year, [f"{councils} councils", year, status, dict.fromkeys(TABLES, 0), 0, 0])
        if m[2] != status:  # imported on different days, or some new and some replaced
            m[2] = "various"
        for t, n in counts.items():
            m[3][t] = m[3].get(t, 0) + n
        m[4] += findings
        m[5] += warnings
    return [tuple(v) for _, v in sorted(merged.items())]


def import_result(result: ImportResult, *, checked_only: bool = False, named: bool = True) -> RenderableType:
    """``named``: whether the returns had a council (``check`` may be run without naming one)."""
    councils = sorted({r.council for r in result.returns})
    who = f" for {councils[0]}" if len(councils) == 1 and named else ""
    title = f"Checked{who} (nothing imported)" if checked_only else f"Imported{who} (import {result.import_id})"
    rows = [(r.council, r.year, r.outcome, r.row_counts, r.findings, r.warnings) for r in result.returns]
    parts: list[RenderableType] = [_returns(title, rows, status=None if checked_only else "outcome"), Text()]
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


def info(path: str, loaded: list[LoadedReturn], stored: dict, history: list[ImportRun],
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
    return _apart(Group(*parts), _returns("Returns loaded", rows, status="imported"), history_table(history),
                  findings_table(rules))


def history_table(history: list[ImportRun]) -> Table:
    table = _table("Import history (latest first)")
    for col in ("import", "finished", "command", "returns", "files", "strict"):
        table.add_column(col, justify="right" if col in ("import", "returns", "files") else "left")
    for run in history:
        _add_row(table, str(run.import_id), run.finished_at.strftime("%Y-%m-%d %H:%M:%S"), run.command,
                 str(run.returns), str(run.files), "yes" if run.strict else "no")
    return table


def findings_table(rules: list[RuleCount]) -> RenderableType:
    """Counts by rule, then by collection year down the side (a total under a rule found in several
    years), then what each rule means: narrow enough for 80 columns however many years are loaded."""
    if not rules:
        return Text("Data-quality findings: none.")
    table = _table("Data-quality findings by rule and collection year")
    table.add_column("rule", no_wrap=True)
    table.add_column("where", overflow="fold")
    table.add_column("year", no_wrap=True)
    table.add_column("findings", justify="right", no_wrap=True)
    for rc in rules:
        where = f"{rc.table}.{rc.column}" if rc.column else rc.table
        for i, (year, n) in enumerate(sorted(rc.by_year.items())):
            _add_row(table, rc.rule if i == 0 else "", where if i == 0 else "", cy.label(year), f"{n:,}")
        if len(rc.by_year) > 1:
            _add_row(table, "", "", "total", f"{rc.count:,}", style="bold")
    legend = Table.grid(padding=(0, 2, 0, 0))
    legend.add_column(no_wrap=True, style="dim")
    legend.add_column(overflow="fold", style="dim")
    for rule in dict.fromkeys(rc.rule for rc in rules):
        _add_row(legend, rule, RULES.get(rule, ""))
    return Group(table, Padding(legend, (0, 0, 0, 2)))


def indicator_list(indicators) -> RenderableType:
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


def _number(value: float | None, unit) -> str:
    return fmt.number(value, unit)


def _filters(result) -> str:
    return "".join(f", {name} = {value}" for name, value in result.filters.items())


def _of(numerator, denominator, unit) -> str:
    """How the value was made, in words a reader can check: "(48 of 81)", "(average of 119 scores)"."""
    from briefing_tui.indicators.registry import Unit

    if unit in (Unit.SCORE, Unit.DAYS):
        return f"  (average of {numerator:,} of {denominator:,})" if denominator else ""
    if denominator and unit is Unit.PERCENT:
        return f"  ({numerator:,} of {denominator:,})"
    if denominator and unit is Unit.RATE:
        return f"  ({numerator:,} children; population {denominator:,})"
    return ""


def indicator_result(result, rows=None) -> RenderableType:
    ind = result.indicator
    lines: list[RenderableType] = [
        Wrapped(f"{ind.title} ({ind.id}), {result.council}, {result.period.label}{_filters(result)}", style="bold"),
        Wrapped(ind.definition, hanging=0, style="dim"),
        Wrapped(f"Value: {_number(result.value, ind.unit)}"
                + (_of(result.numerator, result.denominator, ind.unit) if result.value is not None else "")),
    ]
    moved = fmt.change(result)
    if moved is not None:
        lines.append(Wrapped(f"Compared with {fmt.compared_with(result.comparison_label)} "
                             f"({_number(result.comparison, ind.unit)}): {moved}, "
                             f"{moved.better_or_worse or moved.word} ({ind.polarity.value})"))
    flags = [Wrapped(f"Note: {flag}", hanging=6, style="yellow") for flag in result.flags]
    return _apart(Group(*lines), trend_table(result), breakdown_table(ind, rows) if rows is not None else None,
                  Group(*flags) if flags else None)


def trend_table(result) -> RenderableType:
    """The same period in every loaded return, a year to a row (eight or more years do not fit
    across 80 columns): the value and, for a share, what it is of."""
    from briefing_tui.indicators.registry import Unit

    share = result.indicator.unit is Unit.PERCENT
    trend = _table("Trend: the same period in each loaded return")
    trend.add_column("return", no_wrap=True)
    trend.add_column("value", justify="right", no_wrap=True)
    if share:
        trend.add_column("of", justify="right", no_wrap=True)
    for p in result.trend:
        of = (f"{p.numerator:,} of {p.denominator:,}" if p.denominator else "",) if share else ()
        _add_row(trend, cy.label(p.year), _number(p.value, result.indicator.unit), *of)
    return trend


def breakdown_table(ind, rows) -> RenderableType:
    from briefing_tui.indicators.registry import Unit

    title = rows.dimension.title
    table = _table(f"By {title[:1].lower()}{title[1:]}")  # "By age (DfE bands)"
    table.add_column(plain(rows.dimension.title), overflow="fold")
    if ind.unit is Unit.COUNT:
        table.add_column("count", justify="right")
        table.add_column("% of all", justify="right")
        for row in rows.rows:
            _add_row(table, row.label, f"{row.numerator:,}", f"{row.share:.1f}")
        if rows.total is not None:
            _add_row(table, "Total", f"{rows.total:,}", "100.0" if rows.total else "", style="bold")
        return table
    table.add_column(ind.unit.value if ind.unit is not Unit.PERCENT else "%", justify="right")
    table.add_column("of", justify="right")
    for row in rows.rows:
        _add_row(table, row.label, _number(row.value, ind.unit), f"{row.numerator:,} of {row.denominator:,}")
    return table


def result_record(result, rows=None) -> dict:
    moved = fmt.change(result)
    record = {
        "indicator": result.indicator.id,
        "title": result.indicator.title,
        "council": result.council,
        "period": result.period.label,
        "period_start": result.period.start.isoformat(),
        "period_end": result.period.end.isoformat(),
        "filters": result.filters,
        "value": result.value,
        "numerator": result.numerator,
        "denominator": result.denominator,
        "unit": result.indicator.unit.value,
        "comparison": result.comparison,
        "comparison_period": result.comparison_label,
        "change": result.change,  # unrounded; direction and judgement as printed (figure_text.Change)
        "direction": moved.direction if moved else "",
        "judgement": moved.judgement if moved else "",
        "trend": [{"year": p.year, "value": p.value} for p in result.trend],
        "flags": list(result.flags),
    }
    if rows is not None:
        record["by"] = rows.dimension.id
        record["rows"] = [{"label": r.label, "value": r.value, "numerator": r.numerator,
                           "denominator": r.denominator, "share_of_all": r.share} for r in rows.rows]
    return record


def result_json(result, rows=None) -> str:
    import json

    return json.dumps(result_record(result, rows), indent=2) + "\n"


def result_csv(result, rows=None) -> str:
    """The headline as one row; with a breakdown, one row per group."""
    from briefing_tui.briefing.table_export import breakdown_records, to_csv

    if rows is not None:
        return to_csv(breakdown_records(result, rows))
    return to_csv([{k: v for k, v in result_record(result).items() if k not in ("trend", "flags", "filters")}])

COHORT_COLUMNS = (("child", "left"), ("on", "left"), ("age", "right"), ("sex", "left"), ("ethnic group", "left"),
                  ("LS", "left"), ("place", "left"), ("care began", "left"), ("days", "right"),
                  ("moves", "right"), ("UASC", "left"))


class Snug:
    """A table whose every column keeps the width of its widest cell. When the terminal is too
    narrow, a heading of two words takes two lines ("ethnic / group"), then columns stand one space
    apart, not two: a date, a number or an alias is never cut or folded (a cohort list's eleven
    columns fit 80 this way)."""

    def __init__(self, columns: list[tuple[str, str]], rows: list[list[str]]) -> None:
        self.columns, self.rows = columns, rows

    def __rich_console__(self, console, options):
        widest = [max([len(visible(r[i])) for r in self.rows] or [0]) for i in range(len(self.columns))]
        tight = [max([len(word) for word in name.split()] + [w]) for (name, _), w in zip(self.columns, widest)]
        natural = sum(max(len(name), w) for (name, _), w in zip(self.columns, widest))
        gaps = len(self.columns) - 1
        narrow = natural + 2 * gaps > options.max_width
        table = _table()
        if sum(tight) + 2 * gaps > options.max_width:
            table.padding = (0, 0, 0, 0)
        for (name, justify), width in zip(self.columns, tight):
            table.add_column(name, justify=justify, no_wrap=" " not in name, width=width if narrow else None)
        for row in self.rows:
            _add_row(table, *row)
        yield table


def cohort_table(found, ind) -> RenderableType:
    where = "".join(f", {k} = {v}" for k, v in found.filters.items())
    part = "" if found.part == "counted" else f" ({found.part})"
    lines: list[RenderableType] = [
        Wrapped(f"{ind.title} ({ind.id}), {found.council}, {found.period.label}{where}{part}: "
                f"{len(found.members):,} {ind.counts}", style="bold")]
    one_day = len({m.on_date for m in found.members}) <= 1  # a stock: everyone described on the same day
    columns = [c for c in COHORT_COLUMNS if not (one_day and c[0] == "on")]
    rows = []
    for m in found.members:
        cells = [m.who, f"{m.on_date:%d/%m/%Y}" if m.on_date else "", _maybe(m.age), m.sex[:1] if m.sex != "Not recorded" else "",
                 m.ethnic_group if len(m.ethnic_group) <= 8 else m.ethnic_group.split()[0], m.legal_status or "",
                 m.placement or "", f"{m.care_start:%d/%m/%Y}" if m.care_start else "", _maybe(m.days_in_care),
                 _maybe(m.placements_this_year), "yes" if m.uasc else ""]
        rows.append(cells[:1] + cells[2:] if one_day else cells)
    lines.append(Snug(columns, rows))
    lines.append(Wrapped("child: alias (CHILD ids only in officer mode); on: the day each is described; LS: legal "
                         "status; place: placement type; days: in care on that day; moves: placements this "
                         "year; `briefing-tui child ALIAS` shows one child's timeline.", hanging=0, style="dim"))
    for flag in found.flags:
        lines.append(Wrapped(f"Note: {flag}", hanging=6, style="yellow"))
    return Group(*lines)


def _maybe(value) -> str:
    return "" if value is None else f"{value:,}"


def cohort_json(found) -> str:
    import json

    from briefing_tui.briefing.table_export import cohort_records

    return json.dumps({"indicator": found.indicator_id, "council": found.council, "period": found.period.label,
                       "filters": found.filters, "part": found.part, "count": len(found.members),
                       "children": cohort_records(found), "flags": list(found.flags)}, indent=2) + "\n"


def cohort_csv(found) -> str:
    from briefing_tui.briefing.table_export import cohort_records, to_csv

    return to_csv(cohort_records(found))


def timeline(story) -> RenderableType:
    born = f", born {story.born:%m/%Y}" if story.born else ""
    table = _table()
    table.add_column("date", no_wrap=True)
    table.add_column("what", no_wrap=True)
    table.add_column("detail", overflow="fold")
    table.add_column("return", no_wrap=True)
    for e in story.events:
        _add_row(table, f"{e.day:%d/%m/%Y}" if e.day else "", e.kind, e.detail, cy.label(e.return_year))
    return Group(Wrapped(f"{story.who}, {story.council}{born}: {len(story.events)} events across the loaded "
                         "returns", style="bold"), table)
