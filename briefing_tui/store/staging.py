"""Reading a return's CSV files into DuckDB, and turning text into typed values.

The spool (``ssda903.spool``) has put every file's rows into one CSV per table and header layout,
each row led by its file's source number; each is read once with its columns declared (no
sniffing). Rows land in a temporary ``raw_<table>`` in order, so a file's rows are a contiguous
range of row ids and a row's line is known without storing anything more per row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import duckdb

from briefing_tui.errors import UserError
from briefing_tui.ssda903.files import SourceFile
from briefing_tui.ssda903.problems import Problem, Severity
from briefing_tui.ssda903.spool import Spool, SpoolFile
from briefing_tui.ssda903.tables import TABLES, Column, Kind

# dd/mm/yyyy as the DfE asks; ISO dates; and the times spreadsheet and SQL exports add.
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%dT%H:%M:%S"]
_CSV_LINE = re.compile(r"CSV Error on Line: (\d+)")
_EXPECTED = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")
# What is wrong with one refused row, from its table, column, CHILD and value (the text sent)
RowProblem = Callable[[str, str, str | None, str | None], Problem]


@dataclass(frozen=True)
class StagedFile:
    """A file placed in an import: which council's return it belongs to and its id."""

    source: SourceFile
    council: str
    file_id: int

    @property
    def year(self) -> int:
        return self.source.year


def q(name: str) -> str:
    """Quote an identifier (column names come from our own table specs, never from files: a file's
    header names are never put in SQL, see ``_read_spool``)."""
    return '"' + name.replace('"', '""') + '"'


def raw_name(table: str) -> str:
    return f"raw_{table}"


def stage(con: duckdb.DuckDBPyConnection, files: list[StagedFile], spool: Spool) -> None:
    """Read the spooled rows into ``staged_<table>``: typed values, the text of lossy ones, provenance."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE staged_files (file_id INTEGER, source INTEGER, council VARCHAR, "
        "year SMALLINT, table_name VARCHAR, display VARCHAR, first_row BIGINT, rows BIGINT)"
    )
    con.execute(
        "INSERT INTO staged_files SELECT unnest(?), unnest(?), unnest(?), unnest(?), unnest(?), unnest(?), 0, 0",
        [[f.file_id for f in files], [f.source.source for f in files], [f.council for f in files],
         [f.year for f in files], [f.source.table for f in files], [f.source.display for f in files]],
    )
    mapped = [f for f in files if f.source.line_map is not None]
    con.execute("CREATE OR REPLACE TEMP TABLE line_maps (file_id INTEGER, row_index BIGINT, line INTEGER)")
    for f in mapped:
        line_map = list(f.source.line_map or ())  # never None here: mapped files only
        con.execute("INSERT INTO line_maps SELECT ?, generate_subscripts(?, 1) - 1, unnest(?)",
                    [f.file_id, line_map, line_map])
    wanted_spools = {f.source.spool_path for f in files}
    for table in TABLES.values():
        # Every table is staged, empty or not, so the checks can always read it.
        spools = [s for s in spool.files.values() if s.table == table.name and s.path in wanted_spools and s.rows]
        cols = ", ".join(f"{q(c.name)} VARCHAR" for c in table.columns)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {raw_name(table.name)} (source INTEGER, {cols})")
        for spooled in spools:
            _read_spool(con, spooled, spool, files)
        _type(con, table.name, has_line_maps=any(f.source.table == table.name for f in mapped))


def _read_spool(con: duckdb.DuckDBPyConnection, spooled: SpoolFile, spool: Spool,
                files: list[StagedFile]) -> None:
    """Append one spool file (one table and header layout) to ``raw_<table>``.

    No text from the council's file reaches the SQL: its header names (``NOTE'S``, or anything an
    export puts there) are not declared to the reader. The spool's columns are read by position
    (``c0``, ``c1``, ...) and the table's own columns, named by its spec, are taken from the
    positions the header gave them; the other columns were warned about at discovery and are left.
    """
    spec = TABLES[spooled.table]
    position = {name: i for i, name in enumerate(spooled.columns)}
    declared = "{'source': 'INTEGER', " + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(spooled.columns))) + "}"
    wanted = [c for c in spec.column_names if c in position]
    sql = (
        f"INSERT INTO {raw_name(spooled.table)} (source, {', '.join(q(c) for c in wanted)}) "
        f"SELECT source, {', '.join(f'c{position[c]}' for c in wanted)} FROM read_csv(?, columns = {declared}, "
        "header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"', strict_mode = true, "
        "null_padding = false)"
    )
    try:
        con.execute(sql, [str(spooled.path)])
    except duckdb.Error as exc:
        raise _read_error(exc, spooled, spool, files) from exc


def _type(con: duckdb.DuckDBPyConnection, table: str, *, has_line_maps: bool) -> None:
    """``staged_<table>``: provenance, typed columns, and the sent text of dates, flags and numbers.

    A file's rows keep their order in ``raw_<table>`` (DuckDB preserves insertion order), so a
    row's line is its distance from the file's first row id, plus the header; files with blank
    lines or multi-line fields inside have a line map instead.
    """
    spec = TABLES[table]
    raw = raw_name(table)
    con.execute(f"""
        UPDATE staged_files SET first_row = r.first_row, rows = r.n
        FROM (SELECT source, min(rowid) AS first_row, count(*) AS n FROM {raw} GROUP BY source) r
        WHERE staged_files.source = r.source""")
    line = "CAST(r.rowid - f.first_row + 2 AS INTEGER)"
    join_map = ""
    if has_line_maps:
        line = f"coalesce(m.line, {line})"
        join_map = "LEFT JOIN line_maps m ON m.file_id = f.file_id AND m.row_index = r.rowid - f.first_row"
    # Dates are parsed once, in an inner query, then range-checked (a 2-digit year parses as 0019).
    parsed = ", ".join(f"{_parse_date('r.' + q(c.name))} AS {q(c.name + '__p')}"
                       for c in spec.columns if c.kind is Kind.DATE)
    exprs = {c.name: _date_in_range(q(c.name + "__p")) if c.kind is Kind.DATE else typed(c, "r.")
             for c in spec.columns}
    values = [f"{exprs[c.name]} AS {q(c.name)}" for c in spec.columns]
    # The sent text is kept only where it did not convert: the checks quote it, and a column of
    # NULLs costs next to nothing.
    texts = [f"CASE WHEN ({exprs[c.name]}) IS NULL THEN r.{q(c.name)} END AS {q(sent(c.name))}"
             for c in spec.columns if c.kind in LOSSY]
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {located(table)} AS
        SELECT f.file_id, f.council, f.year, {line} AS line, {', '.join(values + texts)}
        FROM (SELECT rowid, *{', ' + parsed if parsed else ''} FROM {raw} AS r) AS r
        JOIN staged_files f ON f.source = r.source
        {join_map}""")
    con.execute(f"DROP TABLE {raw}")


def _read_error(exc: duckdb.Error, spooled: SpoolFile, spool: Spool, files: list[StagedFile]) -> UserError:
    """One line from DuckDB's multi-line CSV error, naming the council's file and line."""
    text = str(exc)
    at = _CSV_LINE.search(text)
    counts = _EXPECTED.search(text)
    where = spool.locate(str(spooled.path), int(at.group(1))) if at else None
    by_source = {f.source.source: f.source for f in files}
    source = by_source.get(where[0]) if where else None
    display = source.display if source else spooled.table
    line = where[1] if where else None
    if counts:  # the spool has one more field (the source number) than the council's file
        what = (f"row has {int(counts.group(2)) - 1} fields "
                f"(expected {int(counts.group(1)) - 1}, as in the header row)")
    elif "quote" in text.lower():
        what = "a quoted field is not closed (expected a matching \" before the end of the line)"
    else:
        what = text.strip().splitlines()[0]
    problem = Problem(Severity.ERROR, "csv", what, file=display, line=line, table=spooled.table)
    return ImportRefused([problem])


class ImportRefused(UserError):
    """The import was refused: nothing was written. Carries every error found."""

    def __init__(self, errors: list[Problem], *, total: int | None = None,
                 findings_refused: bool = False) -> None:
        n = total if total is not None else len(errors)
        noun = "finding" if findings_refused else "error"
        first = errors[0].message() if errors else ""
        more = f" (and {n - 1} more {noun}{'s' if n > 2 else ''})" if n > 1 else ""
        why = " (--strict refuses findings)" if findings_refused else ""
        super().__init__(f"{first}{more}; nothing was imported{why}")
        self.errors = errors
        self.total = n


# --- typed values -------------------------------------------------------------------------------

LOSSY = (Kind.DATE, Kind.FLAG, Kind.INT)  # kinds whose typed value can lose what was sent


def located(table: str) -> str:
    """The staged rows of a table: typed, each with its file, council, year and line."""
    return f"staged_{table}"


def sent(column: str) -> str:
    """Name of the staged column holding the text sent for a lossy column."""
    return f"{column}__sent"


def _formats() -> str:
    return "[" + ", ".join(f"'{f}'" for f in DATE_FORMATS) + "]"


def _parse_date(ref: str) -> str:
    return f"try_strptime(nullif(trim({ref}), ''), {_formats()})"


def _date_in_range(parsed: str) -> str:
    return f"CAST(CASE WHEN year({parsed}) BETWEEN 1900 AND 2100 THEN {parsed} END AS DATE)"


def typed(column: Column, source: str = "") -> str:
    """SQL turning one raw text column into its stored type."""
    ref = f"{source}{q(column.name)}"
    if column.kind is Kind.DATE:
        return _date_in_range(_parse_date(ref))
    if column.kind is Kind.FLAG:
        return f"CASE trim({ref}) WHEN '1' THEN true WHEN '0' THEN false END"
    if column.kind is Kind.INT:  # '12.5' is not a score: no rounding
        return f"CASE WHEN regexp_full_match(trim({ref}), '[+-]?[0-9]{{1,9}}') THEN CAST(trim({ref}) AS INTEGER) END"
    if column.kind in (Kind.CODE, Kind.POSTCODE):
        return f"nullif(upper(trim({ref})), '')"
    return f"nullif(trim({ref}), '')"


def tables_with_rows(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables the staged files give rows to: the rest need no insert and no check."""
    have = {t for (t,) in con.execute("SELECT DISTINCT table_name FROM staged_files WHERE rows > 0").fetchall()}
    return [t for t in TABLES if t in have]


def date_errors(con: duckdb.DuckDBPyConnection, present: list[str], limit: int = 200) -> None:
    """Refuse the import when a date does not parse (a wrong date moves a child between years):
    the first ``limit`` are listed, all are counted."""
    parts = []
    for table in (TABLES[t] for t in present):
        for col in table.columns:
            if col.kind is Kind.DATE:
                raw = q(sent(col.name))
                parts.append(
                    f"SELECT '{table.name}' AS tbl, '{col.name}' AS col, file_id, line, CHILD, {raw} AS value "
                    f"FROM {located(table.name)} WHERE {q(col.name)} IS NULL AND trim({raw}) <> ''"
                )
    _refuse_rows(con, parts, limit, lambda tbl, col, child, value: Problem(
        Severity.ERROR, "date", "not a date", column=col, value=value, expected="a real date as dd/mm/yyyy",
        table=tbl, child=child or ""))


def key_errors(con: duckdb.DuckDBPyConnection, present: list[str], limit: int = 200) -> None:
    """Refuse the import when a row's key (its CHILD, and the date or id that tells its rows apart)
    is blank: such a row belongs to no child, or to no time, and cannot be stored as anyone's."""
    parts = []
    for table in (TABLES[t] for t in present):
        blank = " || ".join(f"CASE WHEN {q(k)} IS NULL THEN ' and {k}' ELSE '' END" for k in table.key)
        parts.append(f"SELECT '{table.name}' AS tbl, substr({blank}, 6) AS col, file_id, line, CHILD, NULL AS value "
                     f"FROM {located(table.name)} WHERE " + " OR ".join(f"{q(k)} IS NULL" for k in table.key))

    def problem(tbl: str, col: str, child: str | None, _value: str | None) -> Problem:
        keys = TABLES[tbl].key
        says = f"{' and '.join(keys)} identify it" if len(keys) > 1 else f"{keys[0]} identifies it"
        return Problem(Severity.ERROR, "blank-key", "blank", column=col, expected=f"a {col} on every {tbl} row: {says}",
                       table=tbl, child=child or "")

    _refuse_rows(con, parts, limit, problem)


def _refuse_rows(con: duckdb.DuckDBPyConnection, parts: list[str], limit: int, problem: RowProblem) -> None:
    """Refuse the import when the queries ``parts`` (tbl, col, file_id, line, CHILD, value) find
    rows: ``problem(tbl, col, child, value)`` says what is wrong with each of the first ``limit``,
    in file and line order, each placed at its file and line; all are counted."""
    if not parts:
        return
    rows = con.execute(
        f"SELECT tbl, col, f.display AS file, line, CHILD, value, count(*) OVER () FROM "
        f"({' UNION ALL '.join(parts)}) JOIN staged_files f USING (file_id) ORDER BY file, line LIMIT {limit}"
    ).fetchall()
    if rows:
        raise ImportRefused([replace(problem(tbl, col, child, value), file=file, line=line)
                             for tbl, col, file, line, child, value, _ in rows], total=rows[0][-1])
