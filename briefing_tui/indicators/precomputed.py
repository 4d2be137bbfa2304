"""Every indicator's rows for every collection year, stored at import: the panel's figures at speed.

A panel asks for whole collection years almost always, and a live query of the harder definitions
(the oc2 cohort, long-term stability, the review schedule) takes tens of milliseconds each; the
overview asks for thirty of them at once. So when returns are imported, each indicator's rows for
each loaded year (one row per child, review or incident, with its breakdown labels) are written to
``indicator_rows`` in the import's transaction: the rows are the definition's own (its macro, as
the live path calls it), labelled by the same SQL the live path labels them with
(``described.labelled_sql`` and each dimension's expression), every indicator's at once. Counts
stay exact in distinct children because the rows are the indicator's own rows, not totals. Cohort
lists are read live: they are asked for one at a time.

An indicator of dated events (``Indicator.dated_events``: reviews, incidents) answers quarters,
months and dates from its stored rows too, as the year's rows on the period's days; one whose rows
are each child's first event (``Indicator.first_event``: starts, children missing) answers a year to
date (1 April to a date, the in-year panel's period) the same way.

Stored rows are used only when they are current: the import clears the signature (store.importer
invalidates derived data), ``refresh`` writes it back, and a signature from other definitions (an
upgraded app whose definitions changed) is ignored, so the figures fall back to the live queries
until the next refresh. Other indicators' quarters, months and single dates are answered live.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import duckdb

from briefing_tui.indicators import dimensions, macros, snapshot
from briefing_tui.indicators.described import describing_sql, labelled_sql
from briefing_tui.indicators.periods import Period, collection_year
from briefing_tui.indicators.registry import Indicator, all_indicators

TABLE = "indicator_rows"
SIGNATURE_KEY = "derived:indicator_rows"  # store.importer deletes 'derived:' keys on every import
BUILT_KEY = "derived-built:indicator_rows"  # which definitions the rows were made by (an import
                                            # without derive clears it: its council's rows are stale)
LAYOUT = 1  # bump when the table's columns change

DIM_COLUMNS = tuple(f"dim_{d}" for d in dimensions.DIMENSIONS)


@cache
def signature() -> str:
    """A digest of everything the stored rows depend on: layout, every indicator's SQL and labels."""
    digest = hashlib.sha256(f"layout {LAYOUT}".encode())
    for ind in all_indicators():
        digest.update(repr((ind.id, ind.unit.value)).encode())
    for group in _shared():
        digest.update(repr((macros.measured_together(group), _gather(group, macros.QUERY))).encode())
    digest.update(_label(TABLE).encode())
    return digest.hexdigest()


DERIVED = "_derived"  # a pool's rows before they are put in order
KEPT = "_describing"  # the temporary tables of what describes the children of the returns derived
GATHERED = "_gathered"  # every indicator's own rows for the returns derived, before they are labelled
# The gathered rows' columns: what every indicator's rows have, then what some indicators' rows
# carry for their own breakdowns (dimensions.own_columns), each of the type the definitions give
# it (tests check), so nothing is converted on the way.
GATHERED_COLUMNS = {"indicator": "VARCHAR", "council": "VARCHAR", "_return_year": "SMALLINT", "CHILD": "VARCHAR",
                    "DECOM": "DATE", "on_date": "DATE", "_num": "BOOLEAN", "_score": "DOUBLE"}
OWN_COLUMNS = {"age_at_birthday": "BIGINT", "sdq": "INTEGER", "nth": "BIGINT", "REVIEW_CODE": "VARCHAR"}


def own_columns(ind: Indicator) -> tuple[str, ...]:
    """The columns of the indicator's rows its breakdowns read beyond those every row has."""
    read = (c for d in ind.breakdowns for c in dimensions.own_columns(dimensions.DIMENSIONS[d]))
    return tuple(dict.fromkeys(read))


def _derive_in_order(con: duckdb.DuckDBPyConnection, returns: list[tuple[str, Period]]) -> None:
    """A pool's rows, derived a year at a time, put into the stored rows in (indicator, council,
    year) order: one council's rows of an indicator then lie together, so a query for it reads a
    few blocks whatever the size of the pool (left in the order they were derived, every block of
    an indicator's year held every council)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {DERIVED} AS SELECT * FROM {TABLE} LIMIT 0")
    try:
        _derive(con, returns, DERIVED)
        con.execute(f"INSERT INTO {TABLE} SELECT * FROM {DERIVED} ORDER BY indicator, council, year")
    finally:
        con.execute(f"DROP TABLE IF EXISTS {DERIVED}")


def _derive(con: duckdb.DuckDBPyConnection, returns: list[tuple[str, Period]], into: str) -> None:
    """Every indicator's rows for each return (a council and its collection year).

    The rows of each group of indicators that share them (``_shared``) are gathered by one
    statement (``_gather``), then every indicator's rows are labelled together by one more
    (``_label``): planning a statement is most of the cost at a council's size (10-40 ms), and
    labelling planned once rather than per indicator more than halved it. One council's returns are
    one gathering statement per group, the definition called once per year (a row ``_return``) with
    the council fixed; a pool's are one per group and year, called once per council with the year
    fixed, a year at a time. Whatever is
    fixed is a constant DuckDB prunes the tables by (a statement that varied both read every year of
    every council for each piece: half as fast again, and 264 returns at once ran out of memory).
    What describes the children is worked out once for the returns of each step (``_describing``).
    One council's rows go into ``into`` (then the stored rows) unsorted: they are appended together,
    so a query for that council reads their few blocks and no others (sorting them cost a council's
    eight years 0.1 s and bought nothing measurable); a pool's are sorted (``_derive_in_order``)."""
    macros.install_shared(con, *_shared())
    by_council: dict[str, list[Period]] = {}
    by_year: dict[int, list[str]] = {}
    for council, period in returns:
        by_council.setdefault(council, []).append(period)
        by_year.setdefault(period.return_year, []).append(council)
    if len(returns) == 1:  # one new return: constants throughout, the shortest statement to plan
        (council, period), = returns
        with _describing(con, [council], [period.return_year]), _gathering(con):
            for group in _shared():
                con.execute(_gather(group, macros.QUERY), {"council": council, "year": period.return_year,
                                                           "start": period.start, "end": period.end})
            con.execute(_label(into))
    elif len(by_council) <= len(by_year):
        with _describing(con, list(by_council), list(by_year)), _gathering(con):
            for group in _shared():
                gather = _gather(group, macros.EACH_YEAR)
                for council, periods in by_council.items():
                    con.execute(gather, {"council": council,
                                         "years": [p.return_year for p in periods],
                                         "starts": [p.start for p in periods], "ends": [p.end for p in periods]})
            con.execute(_label(into))
    else:
        for year, councils in by_year.items():
            period = collection_year(year)
            with _describing(con, councils, [year]), _gathering(con):
                for group in _shared():  # every council of the year at once: in pieces, each piece
                    # read every council's rows (150 boroughs in pieces of 40 took 466 s, at once 168 s)
                    con.execute(_gather(group, macros.EACH_COUNCIL), {"councils": councils, "year": year,
                                                                      "start": period.start, "end": period.end})
                con.execute(_label(into))


@contextmanager
def _describing(con: duckdb.DuckDBPyConnection, councils: list[str], years: list[int]) -> Iterator[None]:
    """What describes the children of these councils' returns of these years, worked out once into
    temporary tables (``KEPT``_e ...) for the labelling statement, then dropped."""
    describing = describing_sql("council IN (SELECT unnest($c)) AND year IN (SELECT unnest($y))")
    try:
        for name, sql in describing.items():
            con.execute(f"CREATE OR REPLACE TEMP TABLE {KEPT}_{name} AS {sql}", {"c": councils, "y": years})
        yield
    finally:
        for name in describing:
            con.execute(f"DROP TABLE IF EXISTS {KEPT}_{name}")


@contextmanager
def _gathering(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """A temporary table for the indicators' own rows of one step, dropped after it."""
    columns = {**GATHERED_COLUMNS, **OWN_COLUMNS}
    con.execute(f"CREATE OR REPLACE TEMP TABLE {GATHERED} ({', '.join(f'{c} {t}' for c, t in columns.items())})")
    try:
        yield
    finally:
        con.execute(f"DROP TABLE IF EXISTS {GATHERED}")


def _shared() -> list[tuple[Indicator, ...]]:
    """The indicators grouped by their rows (health assessments, immunisations and dental checks are
    one cohort; the care leavers' four shares, one): a group's rows are gathered once, each of its
    indicators' numerator and score worked out on them, as its own macro would."""
    groups: dict[str, list[Indicator]] = {}
    for ind in stored_indicators():
        groups.setdefault(ind.rows_sql, []).append(ind)
    return [tuple(group) for group in groups.values()]


def _gather(group: tuple[Indicator, ...], at: macros.At) -> str:
    """The statement that gathers the rows of a group of indicators that share them (``_shared``)
    for the returns ``at`` calls the definition with: a list of them (each a row ``_return``), or
    one return given as the statement's parameters. The group's macro gives each row every one of
    its indicators' ``_num`` and ``_score`` (``macros.measured_together``); a row is gathered once
    per indicator."""
    own = "".join(f", n.{c}" for c in dict.fromkeys(c for ind in group for c in own_columns(ind)))
    rows = f"(SELECT * FROM {macros.shared_rows(group, at)}) n"
    if at is macros.EACH_YEAR:
        source = ("(SELECT unnest($years) AS year, unnest($starts) AS start_day, unnest($ends) AS end_day) _return, "
                  f"LATERAL {rows}")
    elif at is macros.EACH_COUNCIL:
        source = f"(SELECT unnest($councils) AS council) _return, LATERAL {rows}"
    else:  # one council's one return
        source = rows
    ids = ", ".join(f"({dimensions.literal(ind.id)}, {i})" for i, ind in enumerate(group))
    num = " ".join(f"WHEN {i} THEN n._num_{i}" for i in range(len(group)))
    score = " ".join(f"WHEN {i} THEN n._score_{i}" for i in range(len(group)))
    return f"""
        INSERT INTO {GATHERED} BY NAME
        SELECT _each.indicator, {at.year} AS _return_year, n.council, n.CHILD, n.DECOM, n.on_date,
               CASE _each.i {num} END AS _num, CASE _each.i {score} END AS _score{own}
        FROM {source}, (VALUES {ids}) _each(indicator, i)"""


def _label(into: str) -> str:
    """The statement that labels every gathered row by its indicator's breakdowns (a dimension its
    indicator does not offer is NULL), marks the children with findings in their return, and
    stores them."""
    offered: dict[str, list[str]] = {}
    for ind in all_indicators():
        for d in ind.breakdowns:
            offered.setdefault(d, []).append(ind.id)
    labels = "".join(f", CASE WHEN n.indicator IN ({', '.join(dimensions.literal(i) for i in ids)}) "
                     f"THEN {dimensions.DIMENSIONS[d].sql} END AS dim_{d}" for d, ids in offered.items())
    dims = [f"dim_{d}" for d in offered]
    columns = ["indicator", "council", "year", "CHILD", "on_date", "_num", "_score", "touched", *dims]
    return f"""
        INSERT INTO {into} ({', '.join(columns)})
        WITH n AS (SELECT * FROM {GATHERED}),
        e AS (SELECT * FROM {KEPT}_e), h AS (SELECT * FROM {KEPT}_h),
        u AS (SELECT * FROM {KEPT}_u), o AS (SELECT * FROM {KEPT}_o),
        labelled AS ({labelled_sql(labels)})
        SELECT indicator, council, _return_year, CHILD, on_date, _num, _score,
               EXISTS (SELECT 1 FROM data_quality dq WHERE dq.council = l.council AND dq.year = l._return_year
                       AND dq.child = l.CHILD) AS touched, {', '.join(dims)}
        FROM labelled l"""


def _create(con: duckdb.DuckDBPyConnection) -> None:
    dims = ", ".join(f"{c} VARCHAR" for c in DIM_COLUMNS)
    con.execute(f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        indicator VARCHAR NOT NULL, council VARCHAR NOT NULL, year SMALLINT NOT NULL, CHILD VARCHAR,
        on_date DATE, _num BOOLEAN NOT NULL, _score DOUBLE, touched BOOLEAN NOT NULL, {dims})""")


def stored_indicators() -> list[Indicator]:
    """The indicators whose rows are stored: all but the rolling twelve months, which read two
    returns and are asked for dates (to 31 March they are the year's own figures, stored as those)."""
    return [ind for ind in all_indicators() if not ind.reads_year_before]


def answers(con: duckdb.DuckDBPyConnection, indicator: Indicator, period: Period) -> bool:
    """Whether the stored rows can answer this: current rows of a stored indicator, and a whole
    collection year, or any part of one for an indicator of dated events (the year's rows on the
    period's days)."""
    return (not indicator.reads_year_before and (period.kind == "year" or indicator.dated_events
                                                  or (indicator.first_event and _from_year_start(period)))
            and is_current(con))


def _from_year_start(period: Period) -> bool:
    """Whether the period begins on its collection year's first day (a year to date: 1 April to a date)."""
    return period.start == collection_year(period.return_year).start


def within(period: Period, column: str = "on_date") -> str:
    """The condition that keeps a year's stored rows of dated events to ``period`` ($start, $end)."""
    return "" if period.kind == "year" else f" AND {column} BETWEEN $start AND $end"


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the stored rows were made by these definitions since the last import."""
    return bool(snapshot.remembered(con, ("stored rows current",), lambda: _current(con)))


def _current(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        row = con.execute("SELECT value FROM meta WHERE key = ?", [SIGNATURE_KEY]).fetchone()
    except duckdb.Error:
        return False
    return row is not None and row[0] == signature()


def refresh(con: duckdb.DuckDBPyConnection, councils: list[str], from_year: int | None = None) -> None:
    """Rewrite the stored rows of ``councils`` for every loaded year from ``from_year`` on (a return
    changes the history-based figures of the years after it, never before), or of every council and
    year when the stored rows were made by other definitions. Runs inside the caller's transaction
    (the import's), so the rows and the returns change together."""
    current = con.execute("SELECT value FROM meta WHERE key = ?", [BUILT_KEY]).fetchone()
    if current is None or current[0] != signature():
        # Made by other definitions (or never, or left stale): rebuild everything, in the table's
        # current layout (a new breakdown is a new column).
        con.execute(f"DROP TABLE IF EXISTS {TABLE}")
        councils = [c for (c,) in con.execute("SELECT DISTINCT council FROM returns").fetchall()]
        from_year = None
    _create(con)
    since = from_year or 0
    con.execute(f"DELETE FROM {TABLE} WHERE council IN (SELECT unnest($c)) AND year >= $since",
                {"c": councils, "since": since})
    returns = con.execute("SELECT DISTINCT council, year FROM returns WHERE council IN (SELECT unnest($c)) "
                          "AND year >= $since ORDER BY council, year", {"c": councils, "since": since}).fetchall()
    derived = [(council, collection_year(year)) for council, year in returns]
    if len({council for council, _ in derived}) == 1:
        _derive(con, derived, TABLE)  # one council's rows go in already in order
    elif derived:
        _derive_in_order(con, derived)
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?), (?, ?)",
                [SIGNATURE_KEY, signature(), BUILT_KEY, signature()])
