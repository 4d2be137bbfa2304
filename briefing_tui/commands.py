"""What each CLI command does, in terms of the layers below; ``cli.py`` only parses arguments.

Every command takes the parsed arguments, the settings and the console. Which database (``--db``,
settings, ``$BRIEFING_TUI_DB``, the default: ``store.location``) and which council (``--council``,
settings, the only one held: ``store.councils.choose``) are decided here once, the same way for all.
Commands that only read open the database read-only, so any number of them run beside the app.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console

from briefing_tui import councils, scratch
from briefing_tui.cli import machine_readable, render_children, render_figures, render_import
from briefing_tui.cli.blocks import Wrapped
from briefing_tui.councils import Council
from briefing_tui.errors import UserError
from briefing_tui.indicators import precomputed
from briefing_tui.settings import Settings
from briefing_tui.store import councils as stored_councils
from briefing_tui.store import info as store_info
from briefing_tui.store.connection import DatabaseError, open_database, remove_database, scratch_database
from briefing_tui.store.importer import import_paths
from briefing_tui.store.location import Location, locate
from briefing_tui.store.notes import Notebook, notes_path
from briefing_tui.text import plain


def _progress(console: Console):
    status = console.status("Working", spinner="dots")

    def say(message: str) -> None:
        status.update(plain(message))
        if not console.is_terminal:
            console.print(plain(f"{message}..."), highlight=False)

    return status, say


def _say(console: Console, text: str, style: str = "") -> None:
    """Plain text (never markup: paths and names hold brackets), wrapped to the terminal (a path is
    never broken)."""
    console.print(Wrapped(text, style=style), highlight=False)


def _location(args: argparse.Namespace, config: Settings) -> Location:
    return locate(args.db, config.database_path, config.source)


def _existing(args: argparse.Namespace, config: Settings) -> Location:
    """The database a reading command reads: it must exist (a missing one is never made here)."""
    where = _location(args, config)
    if not where.path.exists():
        raise DatabaseError(f"no database at {where.path} ({where.why}): build the demo with `briefing-tui init` "
                            "or import your 903 files with `briefing-tui import FOLDER --council 302`"
                            + (" (or give the --db you meant)" if where.named else ""))
    return where


def _chosen(con, args: argparse.Namespace, config: Settings, db: Path) -> Council:
    """The council a reading command is about, with the settings' word on it."""
    given = stored_councils.named(con, args.council) if args.council else None
    return config.council(stored_councils.choose(con, given, [config.council_code], str(db)))


# --- writing ---------------------------------------------------------------------------------------

def init(args: argparse.Namespace, config: Settings, console: Console) -> int:
    from briefing_tui.setup_db import build_demo_database

    where = _location(args, config)
    status, say = _progress(console)
    with status:
        result = build_demo_database(where.path, force=args.force, progress=say)
    _say(console, f"Built {where.path} ({where.why}) from the synthetic demo borough, council "
                  f"{councils.demo().full}.")
    console.print(render_import.import_result(result))
    return 0


def _importing_council(args: argparse.Namespace, config: Settings) -> Council:
    """Whose returns these are: --council, else the settings' own council; never guessed."""
    if args.council:
        return councils.resolve(args.council)
    if config.council_code:
        return councils.for_code(config.council_code)
    where = f" (or set [council] code in {config.source})" if config.source else " (or set [council] code in settings)"
    raise UserError(f"name the council these returns belong to: --council 302 | Barnet (its DfE number or "
                    f"name; DEMO for the synthetic demo){where}")


def import_files(args: argparse.Namespace, config: Settings, console: Console) -> int:
    council = _importing_council(args, config)
    where = _location(args, config)
    new = not where.path.exists()
    con = open_database(where.path)
    try:
        status, say = _progress(console)
        with status:
            result = import_paths(con, args.paths, council=council, year=args.year, labels=args.labels,
                                  strict=args.strict, progress=say, derive=precomputed.refresh, command="import")
    except BaseException:
        con.close()
        if new:  # a refused first import leaves nothing behind
            remove_database(where.path)
        raise
    finally:
        con.close()
    console.print(render_import.import_result(result))
    _say(console, f"Council {council.full}, in {where.path} ({where.why})")
    if councils.local_note(council):
        _say(console, "Note: " + councils.local_note(council), "yellow")
    return 0


def check(args: argparse.Namespace, config: Settings, console: Console) -> int:
    """The import's every check, in a throwaway in-memory database: nothing is written anywhere."""
    named = bool(args.council or config.council_code)  # checking needs no owner; importing asks for one
    council = _importing_council(args, config) if named else councils.local("UNNAMED")
    with scratch.private_folder() as work:  # the spool, and what DuckDB cannot keep in memory
        con = scratch_database(spill=work / "duckdb")
        try:
            status, say = _progress(console)
            with status:
                result = import_paths(con, args.paths, council=council, year=args.year, labels=args.labels,
                                      strict=args.strict, dry_run=True, progress=say, command="check", workdir=work)
        finally:
            con.close()
    console.print(render_import.import_result(result, checked_only=True, named=named))
    if not named:
        _say(console, "No council named: `briefing-tui import` will need --council (its DfE number or name).",
             "yellow")
    return 0


def upgrade(args: argparse.Namespace, config: Settings, console: Console) -> int:
    """Layout upgraded on opening (store.connection); stored figures rebuilt when made by others."""
    where = _existing(args, config)
    con = open_database(where.path, create=False)
    try:
        if precomputed.is_current(con):
            _say(console, f"{where.path}: up to date (schema and stored figures).")
            return 0
        status, say = _progress(console)
        with status:
            say("Working out the stored figures again")
            con.execute("BEGIN TRANSACTION")
            try:
                precomputed.refresh(con, [])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
    finally:
        con.close()
    _say(console, f"{where.path}: stored figures worked out again for this version's definitions.")
    return 0


# --- reading ---------------------------------------------------------------------------------------

def open_app(args: argparse.Namespace, config: Settings, console: Console) -> int:
    """Make sure there is a database, then open the panel app (or, with no terminal to draw on,
    print what the database holds)."""
    where = _location(args, config)
    if not where.path.exists():
        if where.named:
            _existing(args, config)  # raises: a database the user named is never made up
        from briefing_tui.setup_db import build_demo_database

        _say(console, f"No database at {where.path} ({where.why}): building it from the synthetic demo borough "
                      "(first run).")
        status, say = _progress(console)
        with status:
            build_demo_database(where.path, progress=say)
    if not (sys.stdout.isatty() and sys.stdin.isatty()):
        _say(console, "(No terminal to draw the app on: here is what the database holds.)")
        return info(args, config, console)
    from briefing_tui.tui.app import BriefingApp

    BriefingApp(where.path, config, council=args.council).run()
    return 0


def info(args: argparse.Namespace, config: Settings, console: Console) -> int:
    where = _existing(args, config)
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


def list_indicators(args: argparse.Namespace, config: Settings, console: Console) -> int:
    from briefing_tui.indicators.registry import all_indicators

    console.print(render_figures.indicator_list(all_indicators()))
    return 0


def _period(con, text: str | None, council: Council, db: Path):
    from briefing_tui.indicators import periods
    from briefing_tui.indicators.evaluate import latest_period

    period = periods.parse(text) if text else latest_period(con, council.code)
    if period is None:
        raise UserError(f"no returns loaded for council {council.full} in {db}: import some, or give --council")
    return period


def show(args: argparse.Namespace, config: Settings, console: Console) -> int:
    from briefing_tui.briefing.prepare import context
    from briefing_tui.indicators import periods
    from briefing_tui.indicators.breakdowns import breakdown
    from briefing_tui.indicators.described import parse_filters
    from briefing_tui.indicators.evaluate import evaluate
    from briefing_tui.indicators.registry import get

    indicator = get(args.indicator)  # an unknown id, period or filter is refused before the database is opened
    filters = parse_filters(indicator, args.where)
    if args.period:
        periods.parse(args.period)
    where = _existing(args, config)
    con = open_database(where.path, read_only=True)
    try:
        council = _chosen(con, args, config, where.path)
        period = _period(con, args.period, council, where.path)
        result = evaluate(con, args.indicator, period, council.code, context(config, council), filters)
        rows = breakdown(con, args.indicator, period, council.code, args.by, filters) if args.by else None
    finally:
        con.close()
    if args.format == "table":
        console.print(render_figures.indicator_result(result, rows))
    else:
        # Machine-readable output is printed as it is: no wrapping, no markup.
        print(machine_readable.result_json(result, rows) if args.format == "json" else machine_readable.result_csv(result, rows),
              end="")
    return 0


def cohort(args: argparse.Namespace, config: Settings, console: Console) -> int:
    from briefing_tui.indicators import cohort as cohorts
    from briefing_tui.indicators import periods
    from briefing_tui.indicators.described import parse_filters
    from briefing_tui.indicators.registry import get

    filters = parse_filters(get(args.indicator), args.where)
    if args.period:
        periods.parse(args.period)
    where = _existing(args, config)
    con = open_database(where.path, read_only=True)
    try:
        council = _chosen(con, args, config, where.path)
        period = _period(con, args.period, council, where.path)
        found = cohorts.cohort(con, args.indicator, period, council.code, filters, args.part, config.officer_mode)
    finally:
        con.close()
    if args.format == "table":
        console.print(render_children.cohort_table(found, get(args.indicator)))
    else:
        print(machine_readable.cohort_json(found) if args.format == "json" else machine_readable.cohort_csv(found), end="")
    return 0


def child(args: argparse.Namespace, config: Settings, console: Console) -> int:
    from briefing_tui.indicators.timeline import timeline

    where = _existing(args, config)
    con = open_database(where.path, read_only=True)
    try:
        council = _chosen(con, args, config, where.path)
        story = timeline(con, council.code, args.who, config.officer_mode)
    finally:
        con.close()
    console.print(render_children.timeline(story))
    return 0


def _briefing(args: argparse.Namespace, config: Settings, public: bool):
    from briefing_tui.briefing.export import generation_time
    from briefing_tui.briefing.prepare import prepare
    from briefing_tui.indicators import periods

    if args.period:
        given = periods.parse(args.period)
        if public:  # refused before the database is opened
            from briefing_tui.briefing.disclosure import check_public

            check_public(given)
    generated = generation_time()
    where = _existing(args, config)
    con = open_database(where.path, read_only=True)
    try:
        council = _chosen(con, args, config, where.path)
        period = _period(con, args.period, council, where.path)
        if public:
            from briefing_tui.briefing.disclosure import check_public

            check_public(period)
        with Notebook(notes_path(where.path), read_only=True) as book:
            return prepare(con, config, council, period, public, generated, book), period, council
    finally:
        con.close()


def _say_withheld(briefing) -> None:
    """A line on standard error for each note a public briefing left out (never in the paper itself)."""
    for note in briefing.withheld:
        print(f"warning: {note.message()}", file=sys.stderr)


def brief(args: argparse.Namespace, config: Settings, console: Console) -> int:
    from briefing_tui.briefing.render_rich import renderable

    briefing, _, _ = _briefing(args, config, args.public)
    console.print(renderable(briefing), soft_wrap=False)
    _say_withheld(briefing)
    return 0


def export(args: argparse.Namespace, config: Settings, console: Console) -> int:
    from briefing_tui.briefing.export import ExportError, default_name, render, write
    from briefing_tui.ssda903 import years

    out: Path | None = args.output
    if out is not None and str(out) != "-" and out.exists() and not out.is_dir() and not args.force:
        raise ExportError(f"{out} already exists: choose another name, or add --force to replace it")
    briefing, period, council = _briefing(args, config, args.public)
    text = render(briefing, args.format)
    _say_withheld(briefing)
    if out is not None and str(out) == "-":
        sys.stdout.write(text)
        return 0
    target = out or Path(default_name(briefing, args.format, council.code, years.label(period.return_year)))
    write(target, text, force=args.force)
    kind = "public (small numbers suppressed)" if args.public else "OFFICIAL-SENSITIVE (not for publication)"
    _say(console, f"wrote {target}: {briefing.period} briefing, {kind}")
    return 0
