"""Which of a child's identifiers the database holds, of those typed into notes to be published.

A public paper replaces every alias, CHILD id and UPN found in a note (``ssda903.identifiers``); the
briefing never queries, so the ones that matter are fetched here, with the rest of a briefing's
evidence (``indicators.evidence``).
"""

from __future__ import annotations

import duckdb

from briefing_tui.ssda903.identifiers import MIN_LENGTH


def held_in(con: duckdb.DuckDBPyConnection, skeletons: list[str]) -> frozenset[str]:
    """The identifiers this database holds (every alias, CHILD id and UPN, of any council) that
    occur in any of ``skeletons`` (``ssda903.identifiers.skeleton`` of notes to be published), as
    skeletons too: letters and digits in capitals. CHILD ids and UPNs shorter than ``MIN_LENGTH``
    are left out. Asked of the database, not fetched whole: it may hold a million of them."""
    wanted = [s for s in skeletons if len(s) >= MIN_LENGTH]
    if not wanted:
        return frozenset()
    # Every piece of the notes as long as some identifier, looked up among them (a hash join), rather
    # than every identifier searched for in the notes: the work grows with the notes, not the children.
    rows = con.execute("""
        WITH held AS (
            SELECT alias AS id FROM aliases
            UNION SELECT CHILD FROM aliases
            UNION SELECT UPN FROM header WHERE UPN IS NOT NULL),
        canonical AS (
            SELECT DISTINCT upper(regexp_replace(id, '[^A-Za-z0-9]', '', 'g')) AS id FROM held),
        long_enough AS (SELECT id FROM canonical WHERE length(id) >= ?),
        lengths AS (SELECT DISTINCT length(id) AS n FROM long_enough),
        texts AS (SELECT unnest(?::VARCHAR[]) AS text),
        pieces AS (
            SELECT DISTINCT substr(t.text, s.i::BIGINT, l.n) AS piece
            FROM texts t, lengths l, LATERAL range(1, length(t.text) - l.n + 2) s(i))
        SELECT id FROM long_enough WHERE id IN (SELECT piece FROM pieces)""", [MIN_LENGTH, wanted]).fetchall()
    return frozenset(r[0] for r in rows)
