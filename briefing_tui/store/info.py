"""What a database holds: returns loaded, their row counts, import history, findings by rule.

Read-only questions for ``briefing-tui info`` (and, later, the app's data-source line), answered
as plain dataclasses so the CLI and the TUI render them their own way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from briefing_tui.ssda903.tables import TABLES


@dataclass(frozen=True)
class LoadedReturn:
    council: str
    year: int
    imported_at: dt.datetime
    outcome: str
    row_counts: dict[str, int]
    findings: int
    warnings: int
    data_to: dt.date | None = None  # an in-year extract's last day of data; None: the complete year


@dataclass(frozen=True)
class ImportRun:
    import_id: int
    finished_at: dt.datetime
    command: str
    strict: bool
    returns: int
    files: int


@dataclass(frozen=True)
class RuleCount:
    rule: str
    table: str
    column: str
    count: int
    by_year: dict[int, int]


def loaded_returns(con: duckdb.DuckDBPyConnection) -> list[LoadedReturn]:
    rows = con.execute("""
        SELECT r.council, r.year, i.finished_at, ir.outcome, ir.row_counts, ir.findings, ir.warnings, r.data_to
        FROM returns r
        JOIN import_returns ir USING (import_id, council, year)
        JOIN imports i USING (import_id)
        ORDER BY r.council, r.year
    """).fetchall()
    return [LoadedReturn(c, y, at, outcome, {t: int(counts.get(t, 0)) for t in TABLES}, f, w, data_to)
            for c, y, at, outcome, counts, f, w, data_to in rows]


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, int], dict[str, int]]:
    """Rows actually stored per return and table (not what the import log says)."""
    parts = " UNION ALL ".join(
        f"SELECT council, year, '{t}' AS t, count(*) AS n FROM {t} GROUP BY ALL" for t in TABLES)
    out: dict[tuple[str, int], dict[str, int]] = {}
    for council, year, table, n in con.execute(parts).fetchall():
        out.setdefault((council, year), {t: 0 for t in TABLES})[table] = int(n)
    return out


def import_history(con: duckdb.DuckDBPyConnection, limit: int = 20) -> list[ImportRun]:
    rows = con.execute("""
        SELECT i.import_id, i.finished_at, i.command, i.strict,
               (SELECT count(*) FROM import_returns r WHERE r.import_id = i.import_id),
               (SELECT count(*) FROM import_files f WHERE f.import_id = i.import_id)
        FROM imports i ORDER BY i.import_id DESC LIMIT ?
    """, [limit]).fetchall()
    return [ImportRun(*row) for row in rows]


def findings_by_rule(con: duckdb.DuckDBPyConnection) -> list[RuleCount]:
    rows = con.execute("""
        SELECT rule, table_name, coalesce(column_name, ''), year, count(*)
        FROM data_quality GROUP BY ALL
    """).fetchall()
    merged: dict[tuple[str, str, str], dict[int, int]] = {}
    for rule, table, column, year, n in rows:
        merged.setdefault((rule, table, column), {})[year] = int(n)
    out = [RuleCount(r, t, c, sum(by.values()), dict(sorted(by.items()))) for (r, t, c), by in merged.items()]
    out.sort(key=lambda rc: (-rc.count, rc.rule, rc.table, rc.column))
    return out
