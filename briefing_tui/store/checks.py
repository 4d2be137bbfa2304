"""Data-quality checks of a return, as set-based SQL (never a Python loop over rows).

Value checks (codes, flags, numbers, postcodes) run on the raw text so a finding can quote what
the council sent even when it is stored as blank; relational checks (overlaps, orphans, cohorts,
duplicates) run on the typed rows of the returns being imported. Both write to the temporary
``findings`` table, in the shape of ``data_quality``.
"""

from __future__ import annotations

import re

import duckdb

from briefing_tui.ssda903 import codes
from briefing_tui.ssda903.tables import TABLES, Column, InYear, Kind
from briefing_tui.store.schema import (
    DOB_MAX_AGE,
    age_at_birthday_sql,
    age_sql,
    birthday_sql,
    continuous_care_sql,
    dob_problem_sql,
    first_starts_sql,
)
from briefing_tui.store.staging import located, q, sent

POSTCODE_PATTERN = r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?([0-9]([A-Z]{2})?)?$"
DMY = "'%d/%m/%Y'"
# A return's collection year as the DfE writes it (2023-24), from its ``year`` (2024).
_YEAR_LABEL = "(year - 1) || '-' || right(CAST(year AS VARCHAR), 2)"

_FINDINGS_COLUMNS = "council, year, table_name, file, line, child, rule, column_name, value, problem, expected"

# A relation of no care leavers, for a return without an oc3 file.
NO_ROWS = "(SELECT NULL AS council, NULL AS year, NULL AS CHILD WHERE false)"


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE findings AS SELECT * FROM data_quality LIMIT 0")


class _Batch:
    """Checks gathered into one INSERT ... UNION ALL: one statement, not one per check."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, select_sql: str) -> None:
        self.parts.append(f"({select_sql})")

    def run(self, con: duckdb.DuckDBPyConnection) -> None:
        if self.parts:  # checks give file ids; the file's name is joined on the few rows found
            con.execute(
                f"INSERT INTO findings ({_FINDINGS_COLUMNS}) "
                "SELECT u.council, u.year, u.table_name, f.display, u.line, u.child, u.rule, u.column_name, "
                "u.value, u.problem, u.expected FROM ("
                + " UNION ALL ".join(self.parts)
                + ") AS u (council, year, table_name, file_id, line, child, rule, column_name, value, problem, "
                "expected) JOIN staged_files f USING (file_id)")


def value_checks(con: duckdb.DuckDBPyConnection, present: list[str]) -> None:
    """Codes, flags, numbers and postcodes, judged on each column's distinct values.

    A return has millions of values but a few hundred distinct ones per column and year, so one
    query gathers the distinct (table, column, year, value) of every checked column, they are
    judged against the year's code list here, and rows are fetched only for values found bad
    (usually none). Flags and numbers are judged on the text sent, which the staged tables keep
    only where it did not convert.
    """
    branches = []
    for table in (TABLES[t] for t in present):
        cols = _checked(table.name)
        if cols:
            shown = ", ".join(f"CAST({_judged(c)} AS VARCHAR) AS {q(c.name)}" for c in cols)
            branches.append(
                f"SELECT DISTINCT '{table.name}' AS tbl, year, col, val FROM "
                f"(SELECT year, {shown} FROM {located(table.name)}) "
                f"UNPIVOT (val FOR col IN ({', '.join(q(c.name) for c in cols)}))")
    if not branches:
        return
    bad: dict[tuple[str, str], list[tuple[int, str, str, str, str]]] = {}
    for tbl, year, col, val in con.execute(" UNION ALL ".join(branches)).fetchall():
        verdict = _judge(TABLES[tbl].column(col), tbl, year, val)
        if verdict:
            bad.setdefault((tbl, col), []).append((year, val, *verdict))
    for (tbl, col), found in sorted(bad.items()):
        column = TABLES[tbl].column(col)
        con.execute(
            f"INSERT INTO findings ({_FINDINGS_COLUMNS}) "
            f"SELECT s.council, s.year, '{tbl}', f.display, s.line, s.CHILD, b.rule, '{col}', trim(b.val), "
            f"b.problem, b.expected FROM {located(tbl)} s JOIN staged_files f USING (file_id) "
            "JOIN (SELECT unnest(?) AS year, unnest(?) AS val, unnest(?) AS rule, unnest(?) AS problem, "
            f"unnest(?) AS expected) b ON b.year = s.year AND b.val = CAST({_judged(column, 's.')} AS VARCHAR)",
            [list(x) for x in zip(*found)],
        )


def _checked(table: str) -> list[Column]:
    return [c for c in TABLES[table].columns
            if (table, c.name) in codes.CODE_LISTS or c.kind in (Kind.FLAG, Kind.INT, Kind.POSTCODE)]


def _judged(col: Column, prefix: str = "") -> str:
    """The staged column a value check looks at: the stored value, or the text sent for lossy kinds."""
    return prefix + q(sent(col.name) if col.kind in (Kind.FLAG, Kind.INT) else col.name)


def _judge(col: Column, table: str, year: int, value: str) -> tuple[str, str, str] | None:
    """(rule, problem, expected) when a distinct value is bad, else None."""
    if (table, col.name) in codes.CODE_LISTS:
        valid = codes.valid_codes(table, col.name, year) or frozenset()
        if value in valid:
            return None
        expected = ("one of " + ", ".join(sorted(valid, key=lambda c: (len(c), c))) if valid
                    else "blank: no codes are collected that year")
        return "code", f"not in the {year - 1}-{str(year)[-2:]} list", expected
    if col.kind is Kind.POSTCODE:
        if re.match(POSTCODE_PATTERN, value):
            return None
        return "postcode", "not a postcode", "a postcode or its first part and sector, e.g. W11 2"
    if not value.strip():
        return None
    if col.kind is Kind.FLAG:  # only text that did not convert reaches here
        return "flag", "not 0 or 1; stored as blank", "0 or 1"
    return "integer", "not a whole number; stored as blank", "a whole number"


# --- relational checks on the typed rows --------------------------------------------------------

def relational_checks(con: duckdb.DuckDBPyConnection, present: list[str]) -> None:
    batch = _Batch()
    _episode_checks(batch)
    _outside_year(batch, present)
    _duplicates(batch, present)
    _orphans(batch, present)
    _dobs(batch, present)
    if "oc2" in present:
        _oc2_checks(batch)
    if "oc3" in present:
        _oc3_ages(batch)
    batch.run(con)


def _episode_checks(batch: _Batch) -> None:
    ep = located("episodes")
    batch.add(f"""
        SELECT council, year, 'episodes', file_id, line, CHILD, 'dec-before-decom', 'DEC',
               strftime(DEC, {DMY}), 'episode ends before it starts on ' || strftime(DECOM, {DMY}),
               'DEC on or after DECOM'
        FROM {ep} WHERE DEC < DECOM""")
    batch.add(f"""
        SELECT council, year, 'episodes', file_id, line, CHILD, 'dec-without-rec', 'REC', NULL,
               'episode ended on ' || strftime(DEC, {DMY}) || ' with no reason', 'a REC code when DEC is set'
        FROM {ep} WHERE DEC IS NOT NULL AND REC IS NULL""")
    batch.add(f"""
        SELECT council, year, 'episodes', file_id, line, CHILD, 'rec-on-open-episode', 'REC', REC,
               'reason for ending on an episode with no end date; ignored', 'REC blank while DEC is blank'
        FROM {ep} WHERE DEC IS NULL AND REC IS NOT NULL""")
    # Each episode against the latest end of all the child's earlier episodes in the return
    # (not only the one before: a short episode can sit inside a long one).
    batch.add(f"""
        SELECT council, year, 'episodes', file_id, line, CHILD, 'episode-overlap', 'DECOM',
               strftime(DECOM, {DMY}),
               'starts before an earlier episode (line ' || prev_line || ', from ' ||
               strftime(prev_decom, {DMY}) || ') ' ||
               CASE WHEN prev_end = DATE '9999-12-31' THEN 'has ended'
                    ELSE 'ends on ' || strftime(prev_end, {DMY}) END,
               'each episode to start on or after the previous one ends'
        FROM (
            SELECT *, max(ends) OVER w AS prev_end, arg_max(line, ends) OVER w AS prev_line,
                   arg_max(DECOM, ends) OVER w AS prev_decom
            FROM (SELECT *, coalesce(DEC, DATE '9999-12-31') AS ends FROM {ep} WHERE DECOM IS NOT NULL)
            WINDOW w AS (PARTITION BY council, year, CHILD ORDER BY DECOM, line
                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
        )
        WHERE prev_end IS NOT NULL AND DECOM < prev_end AND DECOM <> prev_decom""")


def _dobs(batch: _Batch, present: list[str]) -> None:
    """Dates of birth that cannot be right (``schema.dob_problem_sql``: the figures take such a
    child's age as not known). The header's DOB is judged against the child's first episode too, and
    a blank one is reported; the other tables' against the year. oc3 rows are rule 391's (a care
    leaver born after the year, or older than 21, already has no birthday of 17 to 21 in it)."""
    end = "make_date(year, 3, 31)"
    said = f"""CASE why
        WHEN 'blank' THEN 'blank: the child''s age is not known'
        WHEN 'future' THEN 'after the end of collection year ' || {_YEAR_LABEL} || ' (' || strftime({end}, {DMY}) || ')'
        WHEN 'after-care' THEN 'after the child''s care began (episode from ' || strftime(first_start, {DMY}) || ')'
        ELSE 'the child would be ' || {age_sql('DOB', end)} || ' on ' || strftime({end}, {DMY}) END"""
    expected = f"""CASE why
        WHEN 'blank' THEN 'the child''s date of birth'
        WHEN 'future' THEN 'a date of birth before the year ends'
        WHEN 'after-care' THEN 'a date of birth on or before the first episode''s start'
        ELSE 'a date of birth giving an age of {DOB_MAX_AGE} or under on 31 March' END"""
    for table in (t for t in present if "DOB" in TABLES[t].column_names and t != "oc3"):
        if table == "header":
            starts = first_starts_sql(located("episodes")) if "episodes" in present else \
                "(SELECT NULL AS council, NULL AS year, NULL AS CHILD, NULL AS first_start WHERE false)"
            judged = (f"SELECT h.*, s.first_start, {dob_problem_sql('h.DOB', 'h.year', 's.first_start')} AS why "
                      f"FROM {located('header')} h LEFT JOIN {starts} s "
                      "ON s.council = h.council AND s.year = h.year AND s.CHILD = h.CHILD")
        else:  # a blank DOB here says nothing of the child's age: the header's is the one the figures read
            judged = (f"SELECT *, NULL AS first_start, {dob_problem_sql('DOB', 'year')} AS why "
                      f"FROM {located(table)} WHERE DOB IS NOT NULL")
        batch.add(f"""
            SELECT council, year, '{table}', file_id, line, CHILD, 'dob', 'DOB', strftime(DOB, {DMY}),
                   {said}, {expected}
            FROM ({judged}) WHERE why IS NOT NULL""")


def _oc2_checks(batch: _Batch) -> None:
    _oc2_cohort(batch)
    oc2 = located("oc2")
    batch.add(f"""
        SELECT council, year, 'oc2', file_id, line, CHILD, 'sdq-range', 'SDQ_SCORE', CAST(SDQ_SCORE AS VARCHAR),
               'outside the SDQ range', 'a score from 0 to 40'
        FROM {oc2} WHERE SDQ_SCORE NOT BETWEEN 0 AND 40""")


def _oc3_ages(batch: _Batch) -> None:
    """DfE rule 391: an oc3 row is for a young person whose 17th to 21st birthday fell in the year.

    The validator's own code (lac_validator 2022-23 rule_391) only catches the young (under 17 at
    31 March) with an IN_TOUCH, ACTIV or ACCOM given; its message, "Young person was not 17, 18,
    19, 20 or 21 during the current collection year", is what is checked here: any other birthday,
    younger or older, whatever the rest of the row. Age as the care-leaver figures take it
    (store.schema), so each young person found here is one they show as "outside 17 to 21". A blank
    DOB cannot be judged and is not reported here.
    """
    age = age_at_birthday_sql("DOB", "year")
    birthday = birthday_sql("DOB", "year")
    ordinal = ("CASE WHEN age % 100 IN (11, 12, 13) THEN 'th' WHEN age % 10 = 1 THEN 'st' "
               "WHEN age % 10 = 2 THEN 'nd' WHEN age % 10 = 3 THEN 'rd' ELSE 'th' END")
    batch.add(f"""
        SELECT council, year, 'oc3', file_id, line, CHILD, '391', 'DOB', strftime(DOB, {DMY}),
               CASE WHEN age >= 1
                    THEN age || {ordinal} || ' birthday (' || strftime(birthday, {DMY}) || ') fell in collection year '
                         || {_YEAR_LABEL}
                    ELSE 'no birthday of 17 to 21 in collection year ' || {_YEAR_LABEL} || ' (born in or after it)'
               END,
               'an oc3 row only for a young person whose 17th to 21st birthday fell in the year'
        FROM (SELECT *, {age} AS age, {birthday} AS birthday FROM {located('oc3')})
        WHERE age NOT BETWEEN 17 AND 21""")


def _outside_year(batch: _Batch, present: list[str]) -> None:
    for table in (TABLES[t] for t in present):
        for col in table.columns:
            if col.in_year is None:
                continue
            c = q(col.name)
            start = "make_date(year - 1, 4, 1)"
            end = "make_date(year, 3, 31)"
            cond = f"{c} > {end}"
            if col.in_year is InYear.WITHIN:
                cond += f" OR {c} < {start}"
            batch.add(f"""
                SELECT council, year, '{table.name}', file_id, line, CHILD, 'date-outside-year', '{col.name}',
                       strftime({c}, {DMY}),
                       'outside collection year ' || {_YEAR_LABEL},
                       '{"a date from" if col.in_year is InYear.WITHIN else "a date up to"} ' ||
                       {"strftime(" + start + ", " + DMY + ") || ' to ' || " if col.in_year is InYear.WITHIN else ""}
                       strftime({end}, {DMY})
                FROM {located(table.name)} WHERE {cond}""")


def _duplicates(batch: _Batch, present: list[str]) -> None:
    """Keys seen twice, table by table: grouped on the key columns first (cheap at any size), then
    only the repeated keys' rows are ranked. Rows with a blank key never get here (the import
    refuses them: staging.key_errors)."""
    for table in (TABLES[t] for t in present):
        src = located(table.name)
        keys = ", ".join(q(k) for k in table.key)
        shown = " || ' ' || ".join(
            f"strftime({q(k)}, {DMY})" if table.column(k).kind is Kind.DATE else q(k) for k in table.key)
        batch.add(f"""
            SELECT council, year, '{table.name}', file_id, line, CHILD, 'duplicate-key', '{'+'.join(table.key)}',
                   {shown}, 'repeats line ' || first_line, 'one row per {' + '.join(table.key)}'
            FROM (
                SELECT s.*, first_value(s.line) OVER w AS first_line, row_number() OVER w AS n
                FROM {src} s
                SEMI JOIN (SELECT council, year, {keys} FROM {src} GROUP BY ALL HAVING count(*) > 1) d
                     USING (council, year, {keys})
                WINDOW w AS (PARTITION BY s.council, s.year, {', '.join('s.' + q(k) for k in table.key)}
                             ORDER BY s.file_id, s.line)
            ) WHERE n > 1""")


def _orphans(batch: _Batch, present: list[str]) -> None:
    for table in (t for t in ("episodes", "oc2", "oc3") if t in present):
        batch.add(f"""
            SELECT council, year, '{table}', file_id, min(line), CHILD, 'no-header', 'CHILD', CHILD,
                   'child has {table} rows but no header row', 'a header row for every child'
            FROM {located(table)} t
            WHERE t.CHILD IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {located('header')} h
                                                      WHERE h.council = t.council AND h.year = t.year
                              AND h.CHILD = t.CHILD)
            GROUP BY council, year, file_id, CHILD""")
    batch.add(f"""
        SELECT council, year, 'header', file_id, line, CHILD, 'no-episodes', 'CHILD', CHILD,
               'child in the header has no episodes and no oc3 row in this return',
               'an episode (or, for a care leaver, an oc3 row) for every header child'
        FROM {located('header')} h
        WHERE h.CHILD IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {located('episodes')} e
                                                  WHERE e.council = h.council AND e.year = h.year
                          AND e.CHILD = h.CHILD)
          -- care leavers in oc3 have header rows without episodes (DfE rules INT06, INT09)
          AND NOT EXISTS (SELECT 1 FROM {located('oc3') if 'oc3' in present else NO_ROWS} o
                          WHERE o.council = h.council AND o.year = h.year AND o.CHILD = h.CHILD)""")


def _oc2_cohort(batch: _Batch) -> None:
    # Spans are needed only for children with an oc2 row: the rest of the episodes are left out.
    oc2_episodes = (f"(SELECT * FROM {located('episodes')} WHERE (council, year, CHILD) IN "
                    f"(SELECT council, year, CHILD FROM {located('oc2')}))")
    batch.add(f"""
        SELECT o.council, o.year, 'oc2', o.file_id, o.line, o.CHILD, 'oc2-outside-cohort', 'CHILD', o.CHILD,
               'not looked after continuously from ' || strftime(make_date(o.year - 1, 4, 1), {DMY}) ||
               ' to ' || strftime(make_date(o.year, 3, 31), {DMY}) || ' in this return''s episodes',
               'oc2 rows only for children looked after 12 months or more at 31 March'
        FROM {located('oc2')} o
        WHERE NOT EXISTS (SELECT 1 FROM ({continuous_care_sql(oc2_episodes)}) c
                          WHERE c.council = o.council AND c.year = o.year
                          AND c.CHILD = o.CHILD AND c.care_start <= make_date(o.year - 1, 4, 1)
                          AND (c.care_end IS NULL OR c.care_end > make_date(o.year, 3, 31)))""")
