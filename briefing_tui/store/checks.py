"""Data-quality checks of a return, as set-based SQL (never a Python loop over rows).

Value checks (codes, flags, numbers, postcodes) run on the raw text so a finding can quote what
the council sent even when it is stored as blank; relational checks (overlaps, orphans, cohorts,
duplicates) run on the typed rows of the returns being imported. Both write to the temporary
``findings`` table, in the shape of ``data_quality``.
"""

from __future__ import annotations

import duckdb

from briefing_tui.ssda903 import codes
from briefing_tui.ssda903.tables import TABLES, InYear, Kind
from briefing_tui.store.staging import located, q

POSTCODE_PATTERN = r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?([0-9]([A-Z]{2})?)?$"
DMY = "'%d/%m/%Y'"

_FINDINGS_COLUMNS = "council, year, table_name, file, line, child, rule, column_name, value, problem, expected"


def prepare(con: duckdb.DuckDBPyConnection, years: list[int]) -> None:
    con.execute(
        "CREATE OR REPLACE TEMP TABLE findings AS SELECT * FROM data_quality LIMIT 0"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE code_lists (table_name VARCHAR, column_name VARCHAR, "
        "year SMALLINT, code VARCHAR)"
    )
    con.executemany("INSERT INTO code_lists VALUES (?, ?, ?, ?)", codes.rows(range(min(years), max(years) + 1)))
    con.execute(
        "CREATE OR REPLACE TEMP TABLE code_expected AS SELECT table_name, column_name, year, "
        "'one of ' || string_agg(code, ', ' ORDER BY length(code), code) AS expected "
        "FROM code_lists GROUP BY ALL"
    )


def _insert(con: duckdb.DuckDBPyConnection, select_sql: str) -> None:
    con.execute(f"INSERT INTO findings ({_FINDINGS_COLUMNS}) {select_sql}")


def value_checks(con: duckdb.DuckDBPyConnection) -> None:
    for table in TABLES.values():
        for col in table.columns:
            check = _value_check(table.name, col)
            if check:
                rule, problem, expected, join, where = check
                c = q(col.name)
                _insert(con, f"""
                    SELECT r.council, r.year, '{table.name}', r.file, r.line, r.CHILD, '{rule}', '{col.name}',
                           trim(r.{c}), {problem}, {expected}
                    FROM {located(table.name)} AS r {join}
                    WHERE {where}""")


def _value_check(table: str, col) -> tuple[str, str, str, str, str] | None:
    """(rule, problem SQL, expected SQL, join, condition) for a column's value check, if any."""
    c = f"r.{q(col.name)}"
    if (table, col.name) in codes.CODE_LISTS:
        join = (f"LEFT JOIN code_expected x ON x.table_name = '{table}' AND x.column_name = '{col.name}' "
                "AND x.year = r.year")
        listed = (f"SELECT 1 FROM code_lists k WHERE k.table_name = '{table}' AND k.column_name = '{col.name}' "
                  f"AND k.year = r.year AND k.code = upper(trim({c}))")
        return ("code",
                "'not in the ' || (r.year - 1) || '-' || right(CAST(r.year AS VARCHAR), 2) || ' list'",
                "coalesce(x.expected, 'blank: no codes are collected that year')",
                join,
                f"nullif(upper(trim({c})), '') IS NOT NULL AND NOT EXISTS ({listed})")
    if col.kind is Kind.FLAG:
        return ("flag", "'not 0 or 1; stored as blank'", "'0 or 1'", "",
                f"trim({c}) NOT IN ('', '0', '1')")
    if col.kind is Kind.INT:
        return ("integer", "'not a whole number; stored as blank'", "'a whole number'", "",
                f"trim({c}) <> '' AND try_cast(trim({c}) AS INTEGER) IS NULL")
    if col.kind is Kind.POSTCODE:
        return ("postcode", "'not a postcode'", "'a postcode or its first part and sector, e.g. W11 2'", "",
                f"trim({c}) <> '' AND NOT regexp_matches(upper(trim({c})), '{POSTCODE_PATTERN}')")
    return None


# --- relational checks on the typed rows --------------------------------------------------------

def _rows(table: str) -> str:
    """The typed rows of the returns being imported, with the file name for messages."""
    return (f"(SELECT t.*, f.display AS file FROM {table} t JOIN staged_files f USING (file_id) "
            f"WHERE (t.council, t.year) IN (SELECT council, year FROM importing))")


def relational_checks(con: duckdb.DuckDBPyConnection) -> None:
    ep = _rows("episodes")
    _insert(con, f"""
        SELECT council, year, 'episodes', file, line, CHILD, 'dec-before-decom', 'DEC',
               strftime(DEC, {DMY}), 'episode ends before it starts on ' || strftime(DECOM, {DMY}),
               'DEC on or after DECOM'
        FROM {ep} WHERE DEC < DECOM""")
    _insert(con, f"""
        SELECT council, year, 'episodes', file, line, CHILD, 'dec-without-rec', 'REC', NULL,
               'episode ended on ' || strftime(DEC, {DMY}) || ' with no reason', 'a REC code when DEC is set'
        FROM {ep} WHERE DEC IS NOT NULL AND REC IS NULL""")
    _insert(con, f"""
        SELECT council, year, 'episodes', file, line, CHILD, 'rec-on-open-episode', 'REC', REC,
               'reason for ending on an episode with no end date; ignored', 'REC blank while DEC is blank'
        FROM {ep} WHERE DEC IS NULL AND REC IS NOT NULL""")
    _insert(con, f"""
        SELECT council, year, 'episodes', file, line, CHILD, 'episode-overlap', 'DECOM',
               strftime(DECOM, {DMY}),
               'starts before the previous episode (line ' || prev_line || ', from ' ||
               strftime(prev_decom, {DMY}) || ') ' ||
               CASE WHEN prev_dec IS NULL THEN 'has ended' ELSE 'ends on ' || strftime(prev_dec, {DMY}) END,
               'each episode to start on or after the previous one ends'
        FROM (
            SELECT *, lag(DEC) OVER w AS prev_dec, lag(DECOM) OVER w AS prev_decom, lag(line) OVER w AS prev_line
            FROM {ep} WINDOW w AS (PARTITION BY council, year, CHILD ORDER BY DECOM, line)
        )
        WHERE prev_decom IS NOT NULL AND DECOM > prev_decom AND (prev_dec IS NULL OR DECOM < prev_dec)""")
    _outside_year(con)
    _duplicates(con)
    _orphans(con)
    _oc2_cohort(con)
    oc2 = _rows("oc2")
    _insert(con, f"""
        SELECT council, year, 'oc2', file, line, CHILD, 'sdq-range', 'SDQ_SCORE', CAST(SDQ_SCORE AS VARCHAR),
               'outside the SDQ range', 'a score from 0 to 40'
        FROM {oc2} WHERE SDQ_SCORE NOT BETWEEN 0 AND 40""")


def _outside_year(con: duckdb.DuckDBPyConnection) -> None:
    for table in TABLES.values():
        for col in table.columns:
            if col.in_year is None:
                continue
            c = q(col.name)
            start = "make_date(year - 1, 4, 1)"
            end = "make_date(year, 3, 31)"
            cond = f"{c} > {end}"
            if col.in_year is InYear.WITHIN:
                cond += f" OR {c} < {start}"
            _insert(con, f"""
                SELECT council, year, '{table.name}', file, line, CHILD, 'date-outside-year', '{col.name}',
                       strftime({c}, {DMY}),
                       'outside collection year ' || (year - 1) || '-' || right(CAST(year AS VARCHAR), 2),
                       '{"a date from" if col.in_year is InYear.WITHIN else "a date up to"} ' ||
                       {"strftime(" + start + ", " + DMY + ") || ' to ' || " if col.in_year is InYear.WITHIN else ""}
                       strftime({end}, {DMY})
                FROM {_rows(table.name)} WHERE {cond}""")


def _duplicates(con: duckdb.DuckDBPyConnection) -> None:
    for table in TABLES.values():
        keys = ", ".join(q(k) for k in table.key)
        shown = " || ' ' || ".join(
            f"coalesce(strftime({q(k)}, {DMY}), '')" if table.column(k).kind is Kind.DATE
            else f"coalesce({q(k)}, '')" for k in table.key)
        _insert(con, f"""
            SELECT council, year, '{table.name}', file, line, CHILD, 'duplicate-key', '{'+'.join(table.key)}',
                   {shown}, 'repeats line ' || first_line, 'one row per {' + '.join(table.key)}'
            FROM (
                SELECT *, first_value(line) OVER w AS first_line, row_number() OVER w AS n
                FROM {_rows(table.name)} WINDOW w AS (PARTITION BY council, year, {keys} ORDER BY file, line)
            ) WHERE n > 1""")


def _orphans(con: duckdb.DuckDBPyConnection) -> None:
    for table in ("episodes", "oc2", "oc3"):
        _insert(con, f"""
            SELECT council, year, '{table}', file, min(line), CHILD, 'no-header', 'CHILD', CHILD,
                   'child has {table} rows but no header row', 'a header row for every child'
            FROM {_rows(table)} t
            WHERE NOT EXISTS (SELECT 1 FROM header h WHERE h.council = t.council AND h.year = t.year
                              AND h.CHILD = t.CHILD)
            GROUP BY council, year, file, CHILD""")
    _insert(con, f"""
        SELECT council, year, 'header', file, line, CHILD, 'no-episodes', 'CHILD', CHILD,
               'child in the header has no episodes in this return', 'at least one episode per child'
        FROM {_rows('header')} h
        WHERE NOT EXISTS (SELECT 1 FROM episodes e WHERE e.council = h.council AND e.year = h.year
                          AND e.CHILD = h.CHILD)""")


def _oc2_cohort(con: duckdb.DuckDBPyConnection) -> None:
    _insert(con, f"""
        SELECT o.council, o.year, 'oc2', o.file, o.line, o.CHILD, 'oc2-outside-cohort', 'CHILD', o.CHILD,
               'not looked after continuously from ' || strftime(make_date(o.year - 1, 4, 1), {DMY}) ||
               ' to ' || strftime(make_date(o.year, 3, 31), {DMY}) || ' in this return''s episodes',
               'oc2 rows only for children looked after 12 months or more at 31 March'
        FROM {_rows('oc2')} o
        WHERE NOT EXISTS (SELECT 1 FROM continuous_care c WHERE c.council = o.council AND c.year = o.year
                          AND c.CHILD = o.CHILD AND c.care_start <= make_date(o.year - 1, 4, 1)
                          AND (c.care_end IS NULL OR c.care_end > make_date(o.year, 3, 31)))""")
