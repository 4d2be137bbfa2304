"""Creating the schema and knowing which version a database file is.

The SSDA903 tables are generated from ``ssda903.tables`` (one declaration of the columns); the
rest is in ``schema.sql``. ``SCHEMA_VERSION`` changes whenever a stored table changes shape, and a
database of another version is refused with the remedy rather than read wrongly.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import duckdb

from briefing_tui import __version__, councils
from briefing_tui.ssda903.tables import TABLES, Table
from briefing_tui.store import aliases
from briefing_tui.store import councils as stored_councils
from briefing_tui.store.query import one_row
from briefing_tui.store.transaction import transaction

SCHEMA_VERSION = 5
# Versions an older database can be brought up from, in place, without re-importing (see upgrade).
UPGRADABLE = {1, 2, 3, 4}

PROVENANCE = (
    ("council", "VARCHAR NOT NULL"),
    ("year", "SMALLINT NOT NULL"),
    ("file_id", "INTEGER NOT NULL"),
    ("line", "INTEGER NOT NULL"),
)


def table_ddl(table: Table, name: str | None = None, temporary: bool = False) -> str:
    cols = [f"{n} {t}" for n, t in PROVENANCE]
    cols += [f'"{c.name}" {c.storage_type}' for c in table.columns]
    kind = "TEMP TABLE" if temporary else "TABLE IF NOT EXISTS"
    return f"CREATE {kind} {name or table.name} (\n    " + ",\n    ".join(cols) + "\n)"


def continuous_care_sql(episodes: str) -> str:
    """Spans of continuous care within each return, from episodes other than V3/V4 short breaks.

    Episodes join into one span when the next starts on or before the day the last one ended
    (looked after on day D: DECOM <= D < DEC). The oc2 cohort ("looked after continuously for 12
    months at 31 March") is the children whose span runs from 1 April of the year before (or
    earlier) past 31 March: care_start <= 1 April Y-1 and (care_end IS NULL or care_end > 31 March
    Y). Used by the import's oc2 check on staged rows and, stored as the ``continuous_care`` table,
    by the indicators: one definition for both.
    """
    return f"""
        WITH eps AS (
            SELECT council, year, CHILD, DECOM, coalesce(DEC, DATE '9999-12-31') AS ends
            FROM {episodes}
            WHERE DECOM IS NOT NULL AND coalesce(LS, '') NOT IN ('V3', 'V4')
        ), marked AS (
            SELECT *, max(ends) OVER (PARTITION BY council, year, CHILD ORDER BY DECOM, ends
                                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
            FROM eps
        ), spans AS (
            SELECT *, sum(CASE WHEN prev_end IS NULL OR DECOM > prev_end THEN 1 ELSE 0 END)
                          OVER (PARTITION BY council, year, CHILD ORDER BY DECOM, ends ROWS UNBOUNDED PRECEDING) AS span
            FROM marked
        )
        SELECT council, year, CHILD, span, min(DECOM) AS care_start,
               nullif(max(ends), DATE '9999-12-31') AS care_end
        FROM spans
        GROUP BY council, year, CHILD, span"""


def age_sql(dob: str, day: str) -> str:
    """Age in whole years on ``day`` (a birthday on that day counts): the one definition of age.
    (Comparing month * 100 + day as numbers gives the same ages and is faster over millions of rows,
    but made the cohort query behind a keypress 3-4 ms slower to run and the keypress 10 ms slower
    in the app: the keypress is the budget that matters.)"""
    return (f"(date_diff('year', {dob}, {day}) - CASE WHEN strftime({day}, '%m%d') < strftime({dob}, '%m%d') "
            "THEN 1 ELSE 0 END)")


# A date of birth that cannot be a child's in a return: what the import reports (store.checks) and
# what the figures take as "age not known" (``known_header_sql``), one definition for both. A child
# or care leaver in a return is at most 25 at its end (care leavers are reported up to 21).
DOB_MAX_AGE = 25


def dob_problem_sql(dob: str, year: str, first_start: str = "NULL") -> str:
    """Why ``dob`` cannot be right in return ``year`` (NULL when it can): 'blank'; 'future' (after the
    collection year's end, 31 March); 'after-care' (after ``first_start``, the start of the child's
    first episode in the return); 'over-age' (older than ``DOB_MAX_AGE`` on 31 March)."""
    end = f"make_date({year}, 3, 31)"
    return (f"CASE WHEN {dob} IS NULL THEN 'blank' WHEN {dob} > {end} THEN 'future' "
            f"WHEN {dob} > {first_start} THEN 'after-care' "
            f"WHEN {age_sql(dob, end)} > {DOB_MAX_AGE} THEN 'over-age' END")


def first_starts_sql(episodes: str) -> str:
    """The start of each child's first episode in each return of ``episodes``: (council, year, CHILD,
    first_start)."""
    return f"(SELECT council, year, CHILD, min(DECOM) AS first_start FROM {episodes} GROUP BY ALL)"


def known_header_sql(where: str) -> str:
    """Each child's header row (the first by line) in the returns ``where`` selects (a condition on
    council and year), its DOB blank when it cannot be right (``dob_problem_sql``): the figures take
    that child's age as not known, never an age worked out from an impossible date (a DOB in 2099
    made a child -75, "Under 1")."""
    return f"""
        SELECT h.* REPLACE (CASE WHEN {dob_problem_sql('h.DOB', 'h.year', 's.first_start')} IS NULL
                                 THEN h.DOB END AS DOB)
        FROM (SELECT DISTINCT ON (council, year, CHILD) * FROM header WHERE {where}
              ORDER BY council, year, CHILD, line) h
        LEFT JOIN {first_starts_sql(f"(SELECT * FROM episodes WHERE {where})")} s
               ON s.council = h.council AND s.year = h.year AND s.CHILD = h.CHILD"""


def age_at_birthday_sql(dob: str, year: str) -> str:
    """The age someone born on ``dob`` turns on their birthday in collection year ``year`` (1 April
    of the year before to 31 March; NULL when ``dob`` is): 17 to 21 puts a care leaver in the year's
    oc3 cohort (DfE rule 391). One definition for the import's rule-391 check and the care-leaver
    age groups, so a young person the check reports is exactly one the figures show apart. The
    birthday falls in the year's first calendar year when it is in April to December, else in the
    second (a 29 February birthday is in February, so in the second, as ``birthday_sql`` places it)."""
    return f"(CASE WHEN month({dob}) >= 4 THEN {year} - 1 ELSE {year} END - year({dob}))"


def birthday_sql(dob: str, year: str) -> str:
    """The date of the birthday in collection year ``year`` of someone born on ``dob`` (NULL when
    ``dob`` is): the day a care leaver is described on. A 29 February birthday falls on 1 March in a
    common year (UK law, as the care-leaver figures have always taken it); a common year is found
    from the calendar, not from ``year % 4``."""
    first = f"CASE WHEN month({dob}) >= 4 THEN {year} - 1 ELSE {year} END"
    return (f"CASE WHEN {dob} IS NULL THEN NULL "
            f"WHEN month({dob}) = 2 AND day({dob}) = 29 AND day(last_day(make_date({year}, 2, 1))) = 28 "
            f"THEN make_date({year}, 3, 1) "
            f"ELSE make_date({first}, month({dob}), day({dob})) END")


# Spans of continuous care of every stored return, written with the return (store.importer): the
# oc2 cohort and every figure built on it read them, and working them out on each read was the
# slowest part of the health figures.
CARE_SPANS_DDL = """CREATE TABLE IF NOT EXISTS continuous_care (
    council VARCHAR NOT NULL, year SMALLINT NOT NULL, CHILD VARCHAR NOT NULL, span BIGINT NOT NULL,
    care_start DATE NOT NULL, care_end DATE)"""


def store_care_spans(con: duckdb.DuckDBPyConnection, returns: str = "") -> None:
    """(Re)write the spans of the returns in the relation ``returns`` (council, year), or of all,
    in council and year order: one council's spans then lie together, and a cohort list at 150
    councils reads theirs alone (left in the grouping's order, it read every council's: 35 ms)."""
    scope = f" WHERE (council, year) IN (SELECT council, year FROM {returns})" if returns else ""
    con.execute(f"DELETE FROM continuous_care{scope}")
    spans = continuous_care_sql(f"(SELECT * FROM episodes{scope}) AS e")
    con.execute(f"INSERT INTO continuous_care SELECT * FROM ({spans}) ORDER BY council, year, CHILD")


def create(con: duckdb.DuckDBPyConnection) -> None:
    """Make an empty database of the current version."""
    for table in TABLES.values():
        con.execute(table_ddl(table))
    con.execute(resources.files("briefing_tui.store").joinpath("schema.sql").read_text())
    con.execute(CARE_SPANS_DDL)
    con.execute(
        "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?), ('created_by', ?)",
        [str(SCHEMA_VERSION), f"briefing-tui {__version__}"],
    )
    aliases.create_key(con)


def recoded(con: duckdb.DuckDBPyConnection) -> dict[str, councils.Council]:
    """Each council code an older database holds -> the council it is now named by (schema 4 files
    returns under the resolved code: 302, not "Barnet" or "E09000003"). A code whose council is
    already held under its new code, or that two old codes would share, keeps its old code: two
    councils' returns are never merged by an upgrade."""
    held = [c for (c,) in con.execute("SELECT DISTINCT council FROM import_returns ORDER BY 1").fetchall()]
    wanted = {code: councils.recode(code) for code in held}
    taken = [c.code for c in wanted.values()]
    return {code: (council if council.code == code or (council.code not in held and taken.count(council.code) == 1)
                   else councils.for_code(code))
            for code, council in wanted.items()}


def _rename_council(con: duckdb.DuckDBPyConnection, old: str, new: str) -> None:
    """Every stored row of council ``old`` filed under ``new`` instead (inside the caller's transaction)."""
    tables = [t for (t,) in con.execute(
        "SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t "
        "USING (table_schema, table_name) WHERE c.column_name = 'council' AND c.table_schema = 'main' "
        "AND t.table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
    for table in tables:
        con.execute(f'UPDATE "{table}" SET council = ? WHERE council = ?', [new, old])


def upgrade(con: duckdb.DuckDBPyConnection, version: int,
            renamed: dict[str, councils.Council] | None = None) -> None:
    """Bring a database of an UPGRADABLE version to SCHEMA_VERSION, in one transaction.

    1 -> 2: children's aliases (a table, and a key made now; every stored child gets its alias);
            spans of continuous care stored (a table where there was a view).
    2 -> 3: notes could be marked private.
    3 -> 4: each council's attributes stored (``councils``, from the shipped list, the demo's own, or a
            local code), its returns filed under the code it is now named by (``renamed``, from
            ``recoded``); notes moved out to their own file (``store.notes``: the caller copies them
            there first, see ``old_notes``), so the table and its sequence go.
    4 -> 5: each return's extent (``import_returns.data_to``): every return imported before was a
            complete collection year.
    """
    renamed = recoded(con) if renamed is None else renamed
    with transaction(con):
        con.execute("ALTER TABLE import_returns ADD COLUMN IF NOT EXISTS data_to DATE")
        con.execute(resources.files("briefing_tui.store").joinpath("schema.sql").read_text())
        if version == 1:
            aliases.create_key(con)
            aliases.assign(con)
            con.execute("DROP VIEW IF EXISTS continuous_care")
            con.execute(CARE_SPANS_DDL)
            store_care_spans(con)
        for old, council in renamed.items():
            if council.code != old:
                _rename_council(con, old, council.code)
            stored_councils.record(con, council)
        con.execute("DROP TABLE IF EXISTS notes")
        con.execute("DROP SEQUENCE IF EXISTS notes_id_seq")
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)])


def old_notes(con: duckdb.DuckDBPyConnection) -> tuple[list[tuple[Any, ...]], int]:
    """Notes an older database kept in its own file (schema 2 and 3), in ``store.notes.COLUMNS``
    order, and the last note number it gave, so that the notes file can take them over."""
    has = one_row(con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'notes' "
                  "AND table_schema = 'main'")[0]
    if not has:
        return [], 0
    private = one_row(con, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'notes' "
                      "AND column_name = 'private'")[0]
    rows = con.execute(
        "SELECT note_id, council, indicator_id, kind, text, owner, due, status, created_at, updated_at, "
        f"period_label, period_end, drill_path, {'private' if private else 'false'} FROM notes ORDER BY note_id"
    ).fetchall()
    last = one_row(con, "SELECT max(last_value) FROM duckdb_sequences() WHERE sequence_name = 'notes_id_seq'")[0]
    return rows, max([last or 0, *(r[0] for r in rows)])


def stored_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The schema version recorded in a database; None when it is not a briefing-tui database."""
    has_meta = one_row(
        con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta' AND table_schema = 'main'"
    )[0]
    if not has_meta:
        return None
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else None


def is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(one_row(con, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main'")[0] == 0)
