"""Transactions: opened, committed and rolled back in one place, so that every writer does it alike.

DuckDB keeps a transaction open on a connection until COMMIT or ROLLBACK; a writer that forgets
the ROLLBACK on an error (or on Ctrl-C) leaves the next statement inside a failed transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One transaction, the only way one is opened: committed when the block ends, rolled back when
    it raises (Ctrl-C included). A COMMIT that fails (a full disk) raises here, the database as it
    was; the rollback after it is no second error."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
        commit(con)
    except BaseException:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass  # a failed COMMIT has already ended the transaction
        raise


def commit(con: duckdb.DuckDBPyConnection) -> None:
    """The COMMIT: where DuckDB writes to disk, so where a full disk shows (tests stand in here)."""
    con.execute("COMMIT")


