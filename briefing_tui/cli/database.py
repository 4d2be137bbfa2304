"""The commands that build and fill the database and say what it holds: ``init``, ``import``,
``check``, ``upgrade`` and ``info``, with their options.

``import`` and ``upgrade`` write in one transaction (a refused first import leaves no file behind);
``check`` runs the import's every check in a throwaway database and writes nothing anywhere;
``info`` opens the database read-only, so it runs beside the app.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from briefing_tui import councils, scratch
from briefing_tui.cli import choose, render_import
from briefing_tui.cli.say import progress, say
from briefing_tui.indicators import derive, precomputed
from briefing_tui.settings import Settings
from briefing_tui.store import councils as stored_councils
from briefing_tui.store import info as store_info
from briefing_tui.store.connection import open_database, remove_database, scratch_database
from briefing_tui.store.importer import import_paths
from briefing_tui.store.transaction import transaction

if TYPE_CHECKING:
    from briefing_tui.cli.parser import NewCommand

IMPORT = ("Read SSDA903 CSV files, check them and store them, replacing the same council's returns for those "
          "years in one transaction.")
CHECK = "Read and check SSDA903 CSV files without importing them: report errors and data-quality findings."
RECOGNISED = (" Each file's table is recognised by its header row; its collection year comes from --year, else "
              "the file name (2024-episodes.csv), else a folder name (2024/episodes.csv or 2023-24/episodes.csv). "
              "A return is the complete collection year unless --data-to is given or a file or folder name "
              "carries its data-to date (2025-to-2024-09-30/): then it is an in-year extract, whose figures are "
              "provisional and given only up to that date.")


# --- the commands' options ---------------------------------------------------------------------------

def add_init(command: NewCommand) -> None:
    p = command("init", help="build the database from the synthetic demo borough",
                description="Build the database from the synthetic demo borough's 903 files: data/demo, the "
                            "complete collection years 2017-2024, then data/demo-inyear, 2024-25's in-year "
                            "extract with data to 30 September 2024.")
    p.add_argument("--force", action="store_true",
                   help="replace an existing database file (its imported returns and notes go with it)")
    p.set_defaults(run=init)


def add_import(command: NewCommand) -> None:
    p = command("import", help="read ssda903 csv files", description=IMPORT + RECOGNISED)
    _files_options(p, "import")
    p.add_argument("--replace", action="store_true",
                   help="let an in-year extract replace the complete year (or a later extract) already loaded "
                        "for its year; without it that is refused")
    p.set_defaults(run=import_files)


def add_check(command: NewCommand) -> None:
    p = command("check", help="read and check ssda903 csv files without importing them",
                description=CHECK + RECOGNISED)
    _files_options(p, "check")
    p.set_defaults(run=check)


def _files_options(p: argparse.ArgumentParser, verb: str) -> None:
    """What ``import`` and ``check`` read, and how: the same options, so a check is the import's."""
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders to " + verb)
    p.add_argument("--year", type=int, help="collection year of all the files, named by the year it ends "
                                            "(2024 = 1 April 2023 to 31 March 2024), whatever --labels says")
    p.add_argument("--labels", choices=("end", "start"), default="end",
                   help="how a single year in a file or folder name is read: end (default: 2024 is the year "
                        "ending 31 March 2024, as the DfE names it) or start (2017 is the year starting 1 April "
                        "2017, i.e. 2017-18, as some tools name files); 2023-24 is read the same either way")
    p.add_argument("--data-to", type=data_to_date, metavar="YYYY-MM-DD",
                   help="the files are an in-year extract with data to this date (the last day the case system "
                        "was run to, e.g. 2024-09-30); a name such as 2025-to-2024-09-30/ says the same")
    p.add_argument("--strict", action="store_true", help="treat data-quality findings as errors")


def data_to_date(text: str) -> dt.date:
    """``--data-to``: a real date, written YYYY-MM-DD (09/10/2024 reads two ways)."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date written YYYY-MM-DD (the extract's last day of data, e.g. 2024-09-30)") from None


def add_info(command: NewCommand) -> None:
    command("info", help="what is loaded: councils, years, rows, imports, findings",
            description="Show which database file is read and why, and what it holds: councils, years, "
                        "row counts per table, import history and data-quality findings by rule."
            ).set_defaults(run=info)


def add_upgrade(command: NewCommand) -> None:
    command("upgrade", help="bring the database up to this version's figures",
            description="Bring the database up to date for this version of briefing-tui: its layout, and "
                        "the stored figures, worked out again when they were made by another version's "
                        "definitions. The app and the reading commands open the database read-only, so "
                        "they compute such figures directly (a little slower) until this, or the next "
                        "import, is run.").set_defaults(run=upgrade)


# --- the commands ------------------------------------------------------------------------------------

def init(args: argparse.Namespace, config: Settings, console: Console) -> int:
    from briefing_tui.setup_db import build_demo_database

    where = choose.database(args, config)
    status, step = progress(console)
    with status:
        result = build_demo_database(where.path, force=args.force, progress=step)
    say(console, f"Built {where.path} ({where.why}) from the synthetic demo borough, council "
                 f"{councils.demo().full}.")
    console.print(render_import.import_result(result))
    return 0


def import_files(args: argparse.Namespace, config: Settings, console: Console) -> int:
    council = choose.importing_council(args, config)
    where = choose.database(args, config)
    new = not where.path.exists()
    con = open_database(where.path)
    try:
        status, step = progress(console)
        with status:
            result = import_paths(con, args.paths, council=council, year=args.year, labels=args.labels,
                                  strict=args.strict, progress=step, derive=derive.after_import, command="import",
                                  data_to=args.data_to, replace_complete=args.replace)
    except BaseException:
        con.close()
        if new:  # a refused first import leaves nothing behind
            remove_database(where.path)
        raise
    finally:
        con.close()
    console.print(render_import.import_result(result))
    say(console, f"Council {council.full}, in {where.path} ({where.why})")
    if councils.local_note(council):
        say(console, "Note: " + councils.local_note(council), "yellow")
    return 0


def check(args: argparse.Namespace, config: Settings, console: Console) -> int:
    """The import's every check, in a throwaway in-memory database: nothing is written anywhere."""
    named = bool(args.council or config.council_code)  # checking needs no owner; importing asks for one
    council = choose.importing_council(args, config) if named else councils.local("UNNAMED")
    with scratch.private_folder() as work:  # the spool, and what DuckDB cannot keep in memory
        con = scratch_database(spill=work / "duckdb")
        try:
            status, step = progress(console)
            with status:
                result = import_paths(con, args.paths, council=council, year=args.year, labels=args.labels,
                                      strict=args.strict, dry_run=True, progress=step, command="check", workdir=work,
                                      data_to=args.data_to)
        finally:
            con.close()
    console.print(render_import.import_result(result, checked_only=True, named=named))
    if not named:
        say(console, "No council named: `briefing-tui import` will need --council (its DfE number or name).",
            "yellow")
    return 0


def upgrade(args: argparse.Namespace, config: Settings, console: Console) -> int:
    """Layout upgraded on opening (store.connection); stored figures rebuilt when made by others."""
    where = choose.existing_database(args, config)
    con = open_database(where.path, create=False)
    try:
        if precomputed.is_current(con):
            say(console, f"{where.path}: up to date (schema and stored figures).")
            return 0
        status, step = progress(console)
        with status:
            step("Working out the stored figures again")
            with transaction(con):
                precomputed.refresh(con, [])
    finally:
        con.close()
    say(console, f"{where.path}: stored figures worked out again for this version's definitions.")
    return 0


def info(args: argparse.Namespace, config: Settings, console: Console) -> int:
    where = choose.existing_database(args, config)
    con = open_database(where.path, read_only=True)
    try:
        held = stored_councils.held(con)
        loaded = store_info.loaded_returns(con)
        stored = store_info.table_counts(con)
        history = store_info.import_history(con)
        rules = store_info.findings_by_rule(con)
    finally:
        con.close()
    names = {c.code: config.council(c).full for c in held}
    console.print(render_import.info(f"{where.path.absolute()} ({where.why})", loaded, stored, history, rules, names))
    return 0
