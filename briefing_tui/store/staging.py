"""Reading a return's CSV files into DuckDB, and turning text into typed values.

Files are read as text with their columns declared (no per-file sniffing: a 150-council import has
1,200 episode files), one ``read_csv`` per table and header layout. Rows land in a temporary
``raw_<table>`` in file order, and each file's rows are a contiguous range of row ids, so the
line a value came from is known without storing the file name on every row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from briefing_tui.errors import UserError
from briefing_tui.ssda903.files import SourceFile
from briefing_tui.ssda903.problems import Problem, Severity
from briefing_tui.ssda903.tables import TABLES, Column, Kind

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S"]
_CSV_LINE = re.compile(r"CSV Error on Line: (\d+)")
_EXPECTED = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")


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
    """Quote an identifier (column names come from our own table specs, never from files)."""
    return '"' + name.replace('"', '""') + '"'


def raw_name(table: str) -> str:
    return f"raw_{table}"


def stage(con: duckdb.DuckDBPyConnection, files: list[StagedFile]) -> None:
    """Create ``raw_<table>`` for every table and ``staged_files`` mapping row ids to files."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE staged_files (file_id INTEGER, council VARCHAR, year SMALLINT, "
        "table_name VARCHAR, display VARCHAR, first_row BIGINT, rows BIGINT)"
    )
    con.execute("CREATE OR REPLACE TEMP TABLE line_maps (file_id INTEGER, row_index BIGINT, line INTEGER)")
    for table in TABLES.values():
        cols = ", ".join(f"{q(c.name)} VARCHAR" for c in table.columns)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {raw_name(table.name)} ({cols})")
        mine = [f for f in files if f.source.table == table.name]
        groups: dict[tuple[tuple[str, ...], str], list[StagedFile]] = {}
        for f in mine:
            groups.setdefault((f.source.columns, f.source.delimiter), []).append(f)
        for (columns, delimiter), group in groups.items():
            _read_group(con, table.name, columns, delimiter, group)


def _read_group(con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...], delimiter: str,
                group: list[StagedFile]) -> None:
    spec = TABLES[table]
    raw = raw_name(table)
    start = con.execute(f"SELECT count(*) FROM {raw}").fetchone()[0]
    declared = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in columns) + "}"
    wanted = [c for c in spec.column_names if c in columns]
    paths = [str(f.source.read_path) for f in group]
    sql = (
        f"INSERT INTO {raw} ({', '.join(q(c) for c in wanted)}) "
        f"SELECT {', '.join(q(c) for c in wanted)} FROM read_csv(?, columns = {declared}, header = true, "
        f"auto_detect = false, delim = ?, quote = '\"', escape = '\"', strict_mode = true, "
        f"null_padding = false, parallel = true)"
    )
    try:
        con.execute(sql, [paths, delimiter])
    except duckdb.Error as exc:
        raise _read_error(exc, group) from exc
    end = con.execute(f"SELECT count(*) FROM {raw}").fetchone()[0]
    # Rows arrive in file order (DuckDB preserves insertion order), so file i owns the next
    # ``rows_i`` row ids. Counting lines in Python is exact for plain files and the line map
    # covers the rest; if the sums ever disagree, count per file rather than guess.
    counts = [_row_count(f.source) for f in group]
    if sum(counts) != end - start:
        counts = _count_each(con, columns, delimiter, group)
    offset = start
    for f, n in zip(group, counts):
        con.execute(
            "INSERT INTO staged_files VALUES (?, ?, ?, ?, ?, ?, ?)",
            [f.file_id, f.council, f.year, table, f.source.display, offset, n],
        )
        if f.source.line_map is not None:
            con.executemany(
                "INSERT INTO line_maps VALUES (?, ?, ?)",
                [(f.file_id, i, line) for i, line in enumerate(f.source.line_map)],
            )
        offset += n


def _row_count(source: SourceFile) -> int:
    if source.line_map is not None:
        return len(source.line_map)
    data = source.read_path.read_bytes()
    body = data.rstrip(b"\r\n\t ")
    return body.count(b"\n")  # lines after the header


def _count_each(con, columns, delimiter, group) -> list[int]:
    declared = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in columns) + "}"
    out = []
    for f in group:
        out.append(con.execute(
            f"SELECT count(*) FROM read_csv(?, columns = {declared}, header = true, auto_detect = false, "
            "delim = ?, quote = '\"', escape = '\"')",
            [str(f.source.read_path), delimiter],
        ).fetchone()[0])
    return out


def _read_error(exc: duckdb.Error, group: list[StagedFile]) -> UserError:
    """One line from DuckDB's multi-line CSV error: which file, which line, what was wrong."""
    text = str(exc)
    file = next((f.source for f in group if str(f.source.read_path) in text), group[0].source)
    line = _CSV_LINE.search(text)
    counts = _EXPECTED.search(text)
    where = f"{file.display}:{line.group(1)}" if line else file.display
    if counts:
        what = f"row has {counts.group(2)} fields (expected {counts.group(1)}, as in the header row)"
    elif "quote" in text.lower():
        what = "a quoted field is not closed (expected a matching \" before the end of the line)"
    else:
        what = text.strip().splitlines()[0]
    problem = Problem(Severity.ERROR, "csv", what, file=file.display,
                      line=int(line.group(1)) if line else None, table=file.table)
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

def located(table: str) -> str:
    """``raw_<table>`` with each row's file, council, year and line attached."""
    return (
        f"(SELECT raw_.*, sf_.file_id, sf_.council, sf_.year, sf_.display AS file, "
        f"coalesce(lm_.line, CAST(raw_.rowid - sf_.first_row + 2 AS INTEGER)) AS line "
        f"FROM (SELECT rowid, * FROM {raw_name(table)}) AS raw_ "
        f"ASOF JOIN (SELECT * FROM staged_files WHERE table_name = '{table}') AS sf_ "
        f"ON raw_.rowid >= sf_.first_row "
        f"LEFT JOIN line_maps AS lm_ ON lm_.file_id = sf_.file_id AND lm_.row_index = raw_.rowid - sf_.first_row)"
    )


def _formats() -> str:
    return "[" + ", ".join(f"'{f}'" for f in DATE_FORMATS) + "]"


def typed(column: Column, source: str = "") -> str:
    """SQL turning one raw text column into its stored type."""
    ref = f"{source}{q(column.name)}"
    if column.kind is Kind.DATE:
        parsed = f"try_strptime(nullif(trim({ref}), ''), {_formats()})"
        return f"CAST(CASE WHEN year({parsed}) BETWEEN 1900 AND 2100 THEN {parsed} END AS DATE)"
    if column.kind is Kind.FLAG:
        return f"CASE trim({ref}) WHEN '1' THEN true WHEN '0' THEN false END"
    if column.kind is Kind.INT:
        return f"try_cast(trim({ref}) AS INTEGER)"
    if column.kind in (Kind.CODE, Kind.POSTCODE):
        return f"nullif(upper(trim({ref})), '')"
    return f"nullif(trim({ref}), '')"


def date_errors(con: duckdb.DuckDBPyConnection, limit: int = 200) -> list[Problem]:
    """Dates that do not parse: these refuse the import (a wrong date moves a child between years)."""
    parts = []
    for table in TABLES.values():
        for col in table.columns:
            if col.kind is Kind.DATE:
                parts.append(
                    f"SELECT '{table.name}' AS tbl, '{col.name}' AS col, file, line, CHILD, "
                    f"{q(col.name)} AS value FROM {located(table.name)} "
                    f"WHERE nullif(trim({q(col.name)}), '') IS NOT NULL AND {typed(col)} IS NULL"
                )
    rows = con.execute(" UNION ALL ".join(parts) + f" ORDER BY file, line LIMIT {limit}").fetchall()
    return [
        Problem(Severity.ERROR, "date", "not a date", file=file, line=line, column=col, value=value,
                expected="a real date as dd/mm/yyyy", table=tbl, child=child or "")
        for tbl, col, file, line, child, value in rows
    ]
