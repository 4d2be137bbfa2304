"""Building the demo database, by hand (``init``) or by itself on first run.

A newcomer's first command must work on a fresh machine, so the app builds
``data/briefings.duckdb`` from the committed demo CSVs when there is no database yet: the eight
complete years (``data/demo``), then the next year's in-year extract (``data/demo-inyear``, data to
30 September 2024), so the app opens on a quarterly panel's figures. From a non-editable install,
where they are not present, it generates the same synthetic files (the generator is deterministic)
into a temporary folder first.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from briefing_tui import councils, scratch
from briefing_tui.demo import DEMO_IN_YEAR_TO, write_demo
from briefing_tui.errors import UserError
from briefing_tui.indicators import derive
from briefing_tui.store.connection import Connection, hold_for_replacement, open_database, remove_database
from briefing_tui.store.importer import ImportResult, Progress, import_paths

REPO_DEMO = Path(__file__).resolve().parent.parent / "data" / "demo"
REPO_DEMO_IN_YEAR = REPO_DEMO.with_name("demo-inyear")


def demo_folder() -> Path | None:
    """The committed demo CSVs beside the source (a checkout), never the current folder's."""
    return REPO_DEMO if (REPO_DEMO / "2024").is_dir() and REPO_DEMO_IN_YEAR.is_dir() else None


def build_demo_database(db: Path, *, force: bool = False,
                        progress: Callable[[str], None] | None = None) -> ImportResult:
    """Build the demo database at ``db``: beside it first, then moved into place, so a failed or
    interrupted rebuild leaves the old database as it was."""
    db = Path(db)
    if db.is_dir():
        raise UserError(f"{db} is a folder: give the database's file name (e.g. {db / 'briefings.duckdb'})")
    if db.exists() and not force:
        raise UserError(f"database {db} already exists: give --force to rebuild it from the demo data")
    replacing = db.exists()  # with --force: its notes go with it (a notes file found alone is kept)
    held = hold_for_replacement(db) if force else None
    building = db.with_name(db.name + ".building")
    remove_database(building)
    try:
        con = open_database(building)
        try:
            result = _import_demo(con, progress)
            con.close()
            if held is not None:
                held.close()
                held = None
            remove_database(db, with_notes=replacing)
            os.replace(building, db)
            return result
        except BaseException:
            con.close()
            remove_database(building)
            raise
    finally:
        if held is not None:
            held.close()


def _import_demo(con: Connection, progress: Progress | None) -> ImportResult:
    folder = demo_folder()
    if folder is not None:
        return import_paths(con, [folder, REPO_DEMO_IN_YEAR], council=councils.demo(), command="init",
                            progress=progress, derive=derive.after_import)
    with scratch.private_folder() as tmp:
        if progress:
            progress("Generating the synthetic demo borough")
        write_demo(tmp / "demo", in_year=tmp / "demo-inyear", in_year_to=DEMO_IN_YEAR_TO)
        return import_paths(con, [tmp / "demo", tmp / "demo-inyear"], council=councils.demo(), command="init",
                            progress=progress, derive=derive.after_import, workdir=tmp)
