"""What a read-only connection can learn once: which returns are loaded, whether the stored rows are current.

A read-only connection sees a database no one can change while it is open (DuckDB locks the file
against writers), so these facts are asked once per connection rather than before every figure;
on a writable connection, where an import may run between two figures, they are asked each time.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import duckdb

T = TypeVar("T")

_memo: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, dict[tuple[Any, ...] | str, Any]] = \
    weakref.WeakKeyDictionary()


def _memo_of(con: duckdb.DuckDBPyConnection) -> dict[tuple[Any, ...] | str, Any]:
    memo = _memo.get(con)
    if memo is None:
        row = con.execute("SELECT current_setting('access_mode')").fetchone()
        memo = _memo[con] = {"read only": row is not None and row[0] == "read_only"}
    return memo


def read_only(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether nothing can change under the connection (another cursor then sees what it sees)."""
    return bool(_memo_of(con)["read only"])


def remembered(con: duckdb.DuckDBPyConnection, key: tuple[Any, ...], ask: Callable[[], T]) -> T:
    """``ask()``'s answer, kept for the connection's life if it is read-only."""
    memo = _memo_of(con)
    if not memo["read only"]:
        return ask()
    if key not in memo:
        memo[key] = ask()
    found: T = memo[key]
    return found
