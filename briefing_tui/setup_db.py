"""Building the demo database, by hand (``init``) or by itself on first run.

A newcomer's first command must work on a fresh machine, so the app builds
``data/briefings.duckdb`` from the committed demo CSVs when there is no database yet; from a
non-editable install, where ``data/demo`` is not present, it generates the same synthetic files
(the generator is deterministic) into a temporary folder first.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

from briefing_tui.demo import DEMO_COUNCIL, write_demo
from briefing_tui.errors import UserError
from briefing_tui.store.connection import open_database
from briefing_tui.store.importer import ImportResult, import_paths

REPO_DEMO = Path(__file__).resolve().parent.parent / "data" / "demo"


def demo_folder() -> Path | None:
    """The committed demo CSVs, looked for beside the working folder and beside the source."""
    for candidate in (Path("data") / "demo", REPO_DEMO):
        if (candidate / "2024").is_dir():
            return candidate
    return None


def build_demo_database(db: Path, *, force: bool = False,
                        progress: Callable[[str], None] | None = None) -> ImportResult:
    db = Path(db)
    if db.exists():
        if not force:
            raise UserError(f"database {db} already exists: give --force to rebuild it from the demo data")
        db.unlink()
        wal = db.with_name(db.name + ".wal")
        if wal.exists():
            wal.unlink()
    folder = demo_folder()
    con = open_database(db)
    try:
        if folder is not None:
            return import_paths(con, [folder], council=DEMO_COUNCIL, command="init", progress=progress)
        with tempfile.TemporaryDirectory(prefix="briefing-tui-demo-") as tmp:
            if progress:
                progress("Generating the synthetic demo borough")
            write_demo(Path(tmp))
            return import_paths(con, [Path(tmp)], council=DEMO_COUNCIL, command="init", progress=progress)
    except BaseException:
        con.close()
        db.unlink(missing_ok=True)  # a half-built first database is worse than none
        raise
    finally:
        con.close()
