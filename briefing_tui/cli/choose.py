"""Which database, which council and which period a command is about: decided here, the same way
for every command.

The database: ``--db``, else the settings' [database] path, else ``$BRIEFING_TUI_DB``, else the
default (``store.location``, which also says why that one). A reading command needs one that
exists; only ``init``, ``import`` and the app's first run make one. The council read about:
``--council``, else the settings' own, else the only one the database holds
(``store.councils.choose``); the council an import is for is never guessed. The period:
``--period``, else the latest year loaded for that council. ``reading`` opens the database chosen
read-only (any number of readers run beside the app) with the council chosen, and closes it after.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_tui import councils
from briefing_tui.councils import Council
from briefing_tui.errors import UserError
from briefing_tui.settings import Settings
from briefing_tui.store import councils as stored_councils
from briefing_tui.store.connection import Connection, DatabaseError, open_database
from briefing_tui.store.location import Location, locate

if TYPE_CHECKING:
    from briefing_tui.indicators.periods import Period


def database(args: argparse.Namespace, config: Settings) -> Location:
    return locate(args.db, config.database_path, config.source)


def existing_database(args: argparse.Namespace, config: Settings) -> Location:
    """The database a reading command reads: it must exist (a missing one is never made here)."""
    where = database(args, config)
    if not where.path.exists():
        raise DatabaseError(f"no database at {where.path} ({where.why}): build the demo with `briefing-tui init` "
                            "or import your 903 files with `briefing-tui import FOLDER --council 302`"
                            + (" (or give the --db you meant)" if where.named else ""))
    return where


@contextmanager
def reading(args: argparse.Namespace, config: Settings) -> Iterator[tuple[Connection, Council, Path]]:
    """The database a reading command reads, open read-only (a DuckDB connection: the CLI never
    imports duckdb itself), the council it is about, and the database's path (for messages and the
    notes beside it); closed when the command is done."""
    where = existing_database(args, config)
    con = open_database(where.path, read_only=True)
    try:
        yield con, council(con, args, config, where.path), where.path
    finally:
        con.close()


def council(con: Connection, args: argparse.Namespace, config: Settings, db: Path) -> Council:
    """The council a reading command is about, with the settings' word on it."""
    given = stored_councils.named(con, args.council) if args.council else None
    return config.council(stored_councils.choose(con, given, [config.council_code], str(db)))


def importing_council(args: argparse.Namespace, config: Settings) -> Council:
    """Whose returns these are: --council, else the settings' own council; never guessed."""
    if args.council:
        return councils.resolve(args.council)
    if config.council_code:
        return councils.for_code(config.council_code)
    where = f" (or set [council] code in {config.source})" if config.source else " (or set [council] code in settings)"
    raise UserError(f"name the council these returns belong to: --council 302 | Barnet (its DfE number or "
                    f"name; DEMO for the synthetic demo){where}")


def period(con: Connection, text: str | None, council: Council, db: Path) -> Period:
    """``--period`` as given, else the latest year loaded for ``council``."""
    from briefing_tui.indicators import periods
    from briefing_tui.indicators.evaluate import latest_period

    chosen = periods.parse(text) if text else latest_period(con, council.code)
    if chosen is None:
        raise UserError(f"no returns loaded for council {council.full} in {db}: import some, or give --council")
    return chosen
