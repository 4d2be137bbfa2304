"""Rich renderings of what the CLI reports: import and check results, database info.

Kept apart from ``cli.py`` so the command definitions stay a thin layer, and so the messages
(``file:line: COLUMN value 'x': ...``) are printed the same way by every command.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from briefing_tui.briefing import format as fmt
from briefing_tui.ssda903 import years as cy
from briefing_tui.ssda903.problems import Problem, group
from briefing_tui.ssda903.rules import RULES
from briefing_tui.ssda903.tables import TABLES
from briefing_tui.store.importer import ImportResult
from briefing_tui.store.info import ImportRun, LoadedReturn, RuleCount

def _counts_table(title: str, rows: list[tuple[str, int, str, dict[str, int], int, int]],
                  status: str = "status") -> Table:
    """Rows per table (down) for each return (across); many councils are summed per year."""
    councils = sorted({r[0] for r in rows})
    if len(rows) > 10 and len(councils) > 1:
        merged: dict[int, list] = {}
        for council, year, status, counts, findings, warnings in rows:
            m = merged.setdefault(year, [f"{len(councils)} councils", year, status, dict.fromkeys(TABLES, 0), 0, 0])
            for t, n in counts.items():
                m[3][t] = m[3].get(t, 0) + n
            m[4] += findings
            m[5] += warnings
        rows = [tuple(v) for _, v in sorted(merged.items())]
    table = Table(title=title, title_justify="left", header_style="bold")
    table.add_column("", no_wrap=True)
    for council, year, *_ in rows:
        name = cy.label(year) if len(councils) == 1 else f"{council} {cy.label(year)}"
        table.add_column(name, justify="right")
    table.add_row(status, *(r[2] for r in rows), end_section=True)
    for name in TABLES:
        if any(r[3].get(name, 0) for r in rows):
            table.add_row(name, *(f"{r[3].get(name, 0):,}" for r in rows))
    table.add_row("findings", *(f"{r[4]:,}" for r in rows), style="bold")
    table.add_row("warnings", *(f"{r[5]:,}" for r in rows))
    return table


def import_result(result: ImportResult, *, checked_only: bool = False) -> RenderableType:
    title = "Checked (nothing imported)" if checked_only else f"Imported (import {result.import_id})"
    rows = [(r.council, r.year, r.outcome if not checked_only else "checked", r.row_counts, r.findings, r.warnings)
            for r in result.returns]
    parts: list[RenderableType] = [_counts_table(title, rows)]
    if result.warnings:
        parts.append(problems("Warnings", result.warnings))
    if result.findings:
        parts.append(Text(f"Data-quality findings: {result.finding_total:,} (recorded; run `briefing-tui info` "
                          "to see them again)", style="bold"))
        for f in result.findings:
            parts.append(Text(f"  {f.rule} {f.table}.{f.column}: {f.count:,}  - {RULES.get(f.rule, '')}"))
            for example in f.examples:
                parts.append(Text(f"      {example.message()}", style="dim"))
            if f.count > len(f.examples):
                parts.append(Text(f"      ... and {f.count - len(f.examples):,} more", style="dim"))
    else:
        parts.append(Text("No data-quality findings."))
    return Group(*parts)


def problems(title: str, items: list[Problem], examples: int = 10) -> RenderableType:
    lines: list[RenderableType] = [Text(title, style="bold")]
    for g in group(items, examples=examples):
        if g.count > 1:
            lines.append(Text(f"  {g.heading()}"))
        for p in g.examples:
            lines.append(Text(f"  {p.message()}"))
        if g.count > len(g.examples):
            lines.append(Text(f"  ... and {g.count - len(g.examples)} more"))
    return Group(*lines)


def info(path: str, loaded: list[LoadedReturn], stored: dict, history: list[ImportRun],
         rules: list[RuleCount]) -> RenderableType:
    parts: list[RenderableType] = [Text(f"Database {path}", style="bold")]
    if not loaded:
        parts.append(Text("No returns loaded. Import your 903 files with `briefing-tui import FOLDER`, "
                          "or build the demo with `briefing-tui init`."))
        return Group(*parts)
    councils = sorted({r.council for r in loaded})
    years = sorted({r.year for r in loaded})
    parts.append(Text(f"Councils: {', '.join(councils)}    Years: {', '.join(cy.label(y) for y in years)}"))
    rows = [(r.council, r.year, r.imported_at.strftime("%Y-%m-%d"),
             stored.get((r.council, r.year), r.row_counts), r.findings, r.warnings) for r in loaded]
    parts.append(_counts_table("Returns loaded (rows per table)", rows, status="imported"))
    history_table = Table(title="Import history (latest first)", title_justify="left", header_style="bold")
    for col in ("import", "finished", "command", "returns", "files", "strict"):
        history_table.add_column(col)
    for run in history:
        history_table.add_row(str(run.import_id), run.finished_at.strftime("%Y-%m-%d %H:%M:%S"), run.command,
                              str(run.returns), str(run.files), "yes" if run.strict else "no")
    parts.append(history_table)
    parts.append(findings_table(rules, years))
    return Group(*parts)


def findings_table(rules: list[RuleCount], years: list[int]) -> RenderableType:
    """Counts by rule and year, then what each rule means (kept out of the table so it stays
    narrow enough for an 80-column terminal with eight years)."""
    if not rules:
        return Text("Data-quality findings: none.")
    table = Table(title="Data-quality findings by rule and collection year", title_justify="left",
                  header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("rule", no_wrap=True)
    table.add_column("where", no_wrap=True)
    table.add_column("total", justify="right", no_wrap=True)
    for y in years:
        table.add_column(f"'{str(y)[-2:]}", justify="right", min_width=3)
    for rc in rules:
        where = f"{rc.table}.{rc.column}" if rc.column else rc.table
        table.add_row(rc.rule, where, f"{rc.count:,}", *(str(rc.by_year.get(y, "")) for y in years))
    legend = [Text(f"  {rule}: {RULES.get(rule, '')}", style="dim")
              for rule in dict.fromkeys(rc.rule for rc in rules)]
    note = Text("Columns '17 to '24 are collection years, named by the year they end ('24 = 2023-24).",
                style="dim")
    return Group(table, *legend, note)


def indicator_list(indicators) -> RenderableType:
    """One entry per indicator (a list, not a table: definitions are sentences)."""
    lines: list[RenderableType] = [Text(f"{len(indicators)} indicators", style="bold")]
    for ind in indicators:
        lines.append(Text.assemble((ind.id, "bold"), f"  {ind.title}"))
        lines.append(Text(f"    {ind.unit.value}; {ind.kind.value}; {ind.polarity.value}; principles "
                          f"{', '.join(ind.principles)}", style="dim"))
        lines.append(Text(f"    {ind.definition}"))
        if ind.breakdowns:
            lines.append(Text(f"    by: {', '.join(ind.breakdowns)}", style="dim"))
    lines.append(Text("Principles (a)-(g): the corporate parenting principles, Children and Social Work "
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
        Text(f"{ind.title} ({ind.id}), {result.council}, {result.period.label}{_filters(result)}", style="bold"),
        Text(ind.definition, style="dim"),
        Text(f"Value: {_number(result.value, ind.unit)}"
             + (_of(result.numerator, result.denominator, ind.unit) if result.value is not None else "")),
    ]
    moved = fmt.change(result)
    if moved is not None:
        lines.append(Text(f"Compared with {fmt.compared_with(result.comparison_label)} "
                          f"({_number(result.comparison, ind.unit)}): {moved}, "
                          f"{moved.better_or_worse or moved.word} ({ind.polarity.value})"))
    trend = Table(title="Trend", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for point in result.trend:
        trend.add_column(point.label, justify="right")
    trend.add_row(*(_number(p.value, ind.unit) for p in result.trend))
    lines.append(trend)
    if rows is not None:
        lines.append(breakdown_table(ind, rows))
    for flag in result.flags:
        lines.append(Text(f"Note: {flag}", style="yellow"))
    return Group(*lines)


def breakdown_table(ind, rows) -> RenderableType:
    from briefing_tui.indicators.registry import Unit

    table = Table(title=f"By {rows.dimension.title.lower()}", title_justify="left", header_style="bold")
    table.add_column(rows.dimension.title)
    if ind.unit is Unit.COUNT:
        table.add_column("count", justify="right")
        table.add_column("% of all", justify="right")
        for row in rows.rows:
            table.add_row(row.label, f"{row.numerator:,}", f"{row.share:.1f}")
        if rows.total is not None:
            table.add_row("Total", f"{rows.total:,}", "100.0" if rows.total else "", style="bold")
        return table
    table.add_column(ind.unit.value if ind.unit is not Unit.PERCENT else "%", justify="right")
    table.add_column("of", justify="right")
    for row in rows.rows:
        table.add_row(row.label, _number(row.value, ind.unit), f"{row.numerator:,} of {row.denominator:,}")
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
        "change": result.change,  # unrounded; direction and judgement as printed (format.Change)
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
    import csv
    import io

    from briefing_tui.briefing.tables import breakdown_records, to_csv

    if rows is not None:
        return to_csv(breakdown_records(result, rows))
    out = io.StringIO()
    record = {k: v for k, v in result_record(result).items() if k not in ("trend", "flags", "filters")}
    writer = csv.DictWriter(out, fieldnames=list(record), lineterminator="\n")
    writer.writeheader()
    writer.writerow(record)
    return out.getvalue()

def cohort_table(found, ind) -> RenderableType:
    where = "".join(f", {k} = {v}" for k, v in found.filters.items())
    part = "" if found.part == "counted" else f" ({found.part})"
    lines: list[RenderableType] = [
        Text(f"{ind.title} ({ind.id}), {found.council}, {found.period.label}{where}{part}: "
             f"{len(found.members):,} {ind.counts}",
             style="bold")]
    table = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    one_day = len({m.on_date for m in found.members}) <= 1  # a stock: everyone described on the same day
    for name, justify in (("child", "left"), ("on", "left"), ("age", "right"), ("sex", "left"),
                          ("ethnicity", "left"), ("LS", "left"), ("place", "left"),
                          ("care began", "left"), ("days", "right"), ("moves", "right"), ("UASC", "left")):
        if name == "on" and one_day:
            continue
        table.add_column(name, justify=justify, no_wrap=True)
    for m in found.members:
        cells = [m.who, f"{m.on_date:%d/%m/%Y}" if m.on_date else "", _maybe(m.age), m.sex[:1] if m.sex != "Not recorded" else "",
                 m.ethnic_group if len(m.ethnic_group) <= 8 else m.ethnic_group.split()[0], m.legal_status or "",
                 m.placement or "", f"{m.care_start:%d/%m/%Y}" if m.care_start else "", _maybe(m.days_in_care),
                 _maybe(m.placements_this_year), "yes" if m.uasc else ""]
        table.add_row(*(cells[:1] + cells[2:] if one_day else cells))
    lines.append(table)
    lines.append(Text("child: alias (CHILD ids only in officer mode); on: the day each is described; LS: legal "
                      "status; place: placement type; moves: placements this year; `briefing-tui child ALIAS` "
                      "shows one child's timeline.", style="dim"))
    for flag in found.flags:
        lines.append(Text(f"Note: {flag}", style="yellow"))
    return Group(*lines)


def _maybe(value) -> str:
    return "" if value is None else f"{value:,}"


def cohort_json(found) -> str:
    import json

    from briefing_tui.briefing.tables import cohort_records

    return json.dumps({"indicator": found.indicator_id, "council": found.council, "period": found.period.label,
                       "filters": found.filters, "part": found.part, "count": len(found.members),
                       "children": cohort_records(found), "flags": list(found.flags)}, indent=2) + "\n"


def cohort_csv(found) -> str:
    from briefing_tui.briefing.tables import cohort_records, to_csv

    return to_csv(cohort_records(found))


def timeline(story) -> RenderableType:
    born = f", born {story.born:%m/%Y}" if story.born else ""
    table = Table(header_style="bold", box=box.SIMPLE_HEAD)
    table.add_column("date")
    table.add_column("what")
    table.add_column("detail")
    table.add_column("return", justify="right")
    from briefing_tui.ssda903 import years

    for e in story.events:
        table.add_row(f"{e.day:%d/%m/%Y}" if e.day else "", e.kind, e.detail, years.label(e.return_year))
    return Group(Text(f"{story.who}, {story.council}{born}: {len(story.events)} events across the loaded returns",
                      style="bold"), table)
