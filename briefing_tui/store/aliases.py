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

KEY = "alias_key"


def create_key(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", [KEY, secrets.token_hex(16)])


def alias_for(key: str, council: str, child: str, length: int = 4) -> str:
    digest = hashlib.sha256(f"{key}\0{council}\0{child}".encode()).hexdigest().upper()
    return f"C-{digest[:length]}"


def assign(con: duckdb.DuckDBPyConnection, returns: str = "") -> int:
    """Give every child without an alias one (in the returns of the table named ``returns``, a
    relation of council and year, or everywhere); returns how many were new. Run inside the
    import's transaction, so a refused import leaves no aliases behind."""
    (key,) = con.execute("SELECT value FROM meta WHERE key = ?", [KEY]).fetchone()
    scope = f" WHERE (council, year) IN (SELECT council, year FROM {returns})" if returns else ""
    union = " UNION ".join(f"SELECT council, CHILD FROM {t}{scope}" for t in TABLES)
    new = con.execute(f"""
        SELECT DISTINCT c.council, c.CHILD FROM ({union}) c
        WHERE c.CHILD IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM aliases a WHERE a.council = c.council AND a.CHILD = c.CHILD)
        ORDER BY c.council, c.CHILD""").fetchall()
    if not new:
        return 0
    taken = {a for (a,) in con.execute("SELECT alias FROM aliases").fetchall()}
    rows = []
    for council, child in new:
        length = 4
        while (alias := alias_for(key, council, child, length)) in taken:
            length += 1
        taken.add(alias)
        rows.append(alias)
    con.execute("INSERT INTO aliases SELECT unnest(?), unnest(?), unnest(?)",
                [[c for c, _ in new], [ch for _, ch in new], rows])
    return len(new)
