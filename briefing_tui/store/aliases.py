"""Stable, per-database aliases (``C-4F2A``) under which children appear on screens and in papers.

A panel must be able to talk about "C-4F2A" across meetings without seeing the council's CHILD
id, so an alias is assigned once, when a child first arrives in an import, and never changes. It is
a keyed hash of the council and CHILD id with a random key made when the database is created, so
the same child has unrelated aliases in two databases (aliases do not link across councils or
copies) and the id cannot be recovered from the alias. Four hex digits are used, lengthened only
for a child whose first four are already taken in this database.
"""

from __future__ import annotations

import hashlib
import secrets

import duckdb

from briefing_tui.ssda903.tables import TABLES
from briefing_tui.store.query import one_row

KEY = "alias_key"


def create_key(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", [KEY, secrets.token_hex(16)])


def alias_for(key: str, council: str, child: str, length: int = 4) -> str:
    digest = hashlib.sha256(f"{key}\0{council}\0{child}".encode()).hexdigest().upper()
    return f"C-{digest[:length]}"


def assign(con: duckdb.DuckDBPyConnection, returns: str = "") -> int:
    """Give every child without an alias one (in the returns of the table named ``returns``, a
    relation of council and year, or everywhere); returns how many were new. Run inside the
    import's transaction, so a refused import leaves no aliases behind.

    Worked out in the database (its ``sha256`` is ``alias_for``'s digest), so a pooled import of
    hundreds of thousands of children never holds them in Python. The rule is ``alias_for``'s, taken
    in (council, CHILD) order: each child the first digits of its hash, four, or more when those are
    taken. Done a length at a time: at each length the first child in order to want an alias gets it
    (an alias of one length never clashes with one of another), so the result is the same as taking
    the children one by one."""
    (key,) = one_row(con, "SELECT value FROM meta WHERE key = ?", [KEY])
    scope = f" WHERE (council, year) IN (SELECT council, year FROM {returns})" if returns else ""
    union = " UNION ".join(f"SELECT council, CHILD FROM {t}{scope}" for t in TABLES)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE pending_aliases AS
        SELECT c.council, c.CHILD, upper(sha256($key || chr(0) || c.council || chr(0) || c.CHILD)) AS digest
        FROM (SELECT DISTINCT * FROM ({union})) c
        WHERE c.CHILD IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM aliases a WHERE a.council = c.council AND a.CHILD = c.CHILD)""",
                {"key": key})
    try:
        (new,) = one_row(con, "SELECT count(*) FROM pending_aliases")
        length = 4
        while one_row(con, "SELECT count(*) FROM pending_aliases")[0]:
            con.execute("""
                INSERT INTO aliases
                SELECT council, CHILD, alias FROM (
                    SELECT council, CHILD, 'C-' || left(digest, $n) AS alias,
                           row_number() OVER (PARTITION BY left(digest, $n) ORDER BY council, CHILD) AS rn
                    FROM pending_aliases) p
                WHERE rn = 1 AND NOT EXISTS (SELECT 1 FROM aliases a WHERE a.alias = p.alias)""", {"n": length})
            con.execute("""
                DELETE FROM pending_aliases p
                WHERE EXISTS (SELECT 1 FROM aliases a WHERE a.council = p.council AND a.CHILD = p.CHILD)""")
            length += 1
        return int(new)
    finally:
        con.execute("DROP TABLE IF EXISTS temp.pending_aliases")


def forget_departed(con: duckdb.DuckDBPyConnection, councils: str) -> int:
    """Remove the aliases of children who are in no stored return of the councils in the relation
    ``councils`` any more (a return replaced by one without them: a file of junk ids mended). Only
    four-digit aliases go: they are worked out again, the same, should the child come back; a
    lengthened one (its first digits were taken) stays, so that it can never change."""
    union = " UNION ".join(f"SELECT council, CHILD FROM {t} WHERE council IN (SELECT council FROM {councils})"
                           for t in TABLES)
    (gone,) = one_row(con, f"""
        DELETE FROM aliases a
        WHERE a.council IN (SELECT council FROM {councils}) AND length(a.alias) = 6
          AND NOT EXISTS (SELECT 1 FROM ({union}) s WHERE s.council = a.council AND s.CHILD = a.CHILD)""")
    return int(gone)
