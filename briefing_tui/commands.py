"""What each CLI command does, in terms of the layers below; ``cli.py`` only parses arguments.

Every command takes the parsed arguments, the settings and the console. Which database, council and
period are decided by ``cli.choose``, the same way for all; what a command says, by ``cli.say``.
Commands that only read open the database read-only, so any number of them run beside the app.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console

from briefing_tui import councils, scratch
from briefing_tui.cli import choose, machine_readable, render_children, render_figures, render_import
from briefing_tui.cli.say import progress, say
from briefing_tui.indicators import precomputed
from briefing_tui.settings import Settings
from briefing_tui.store import councils as stored_councils
from briefing_tui.store import info as store_info
from briefing_tui.store.connection import open_database, remove_database, scratch_database
from briefing_tui.store.importer import import_paths
from briefing_tui.store.notes import Notebook, notes_path


# --- writing ---------------------------------------------------------------------------------------

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
                                  strict=args.strict, progress=step, derive=precomputed.refresh, command="import")
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
                                      strict=args.strict, dry_run=True, progress=step, command="check", workdir=work)
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
            con.execute("BEGIN TRANSACTION")
            try:
                precomputed.refresh(con, [])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
    finally:
        con.close()
    say(console, f"{where.path}: stored figures worked out again for this version's definitions.")
    return 0


# --- reading ---------------------------------------------------------------------------------------

def open_app(args: argparse.Namespace, config: Settings, console: Console) -> int:
    """Make sure there is a database, then open the panel app (or, with no terminal to draw on,
    print what the database holds)."""
    where = choose.database(args, config)
    if not where.path.exists():
        if where.named:
            choose.existing_database(args, config)  # raises: a database the user named is never made up
        from briefing_tui.setup_db import build_demo_database

        say(console, f"No database at {where.path} ({where.why}): building it from the synthetic demo borough "
                      "(first run).")
        status, step = progress(console)
        with status:
            build_demo_database(where.path, progress=step)
    if not (sys.stdout.isatty() and sys.stdin.isatty()):
        say(console, "(No terminal to draw the app on: here is what the database holds.)")
        return info(args, config, console)
    from briefing_tui.tui.app import BriefingApp

    BriefingApp(where.path, config, council=args.council).run()
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


def list_indicators(args: argparse.Namespace, config: Settings, console: Console) -> int:
    from briefing_tui.indicators.registry import all_indicators

    console.print(render_figures.indicator_list(all_indicators()))
    return 0


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
    where = choose.existing_database(args, config)
    con = open_database(where.path, read_only=True)
    try:
        council = choose.council(con, args, config, where.path)
        period = choose.period(con, args.period, council, where.path)
        result = evaluate(con, args.indicator, period, council.code, context(config, council), filters)
        rows = breakdown(con, args.indicator, period, council.code, args.by, filters) if args.by else None
    finally:
        con.close()
    if args.format == "table":
        console.print(render_figures.indicator_result(result, rows))
    else:
        # Machine-readable output is printed as it is: no wrapping, no markup.
        print(machine_readable.result_json(result, rows) if args.format == "json"
              else machine_readable.result_csv(result, rows), end="")
    return 0


def cohort(args: argparse.Namespace, config: Settings, console: Console) -> int:
    from briefing_tui.indicators import cohort as cohorts
    from briefing_tui.indicators import periods
    from briefing_tui.indicators.described import parse_filters
    from briefing_tui.indicators.registry import get

    filters = parse_filters(get(args.indicator), args.where)
    if args.period:
        periods.parse(args.period)
    where = choose.existing_database(args, config)
    con = open_database(where.path, read_only=True)
    try:
        council = choose.council(con, args, config, where.path)
        period = choose.period(con, args.period, council, where.path)
        found = cohorts.cohort(con, args.indicator, period, council.code, filters, args.part, config.officer_mode)
    finally:
        con.close()
    if args.format == "table":
        console.print(render_children.cohort_table(found, get(args.indicator)))
    else:
        print(machine_readable.cohort_json(found) if args.format == "json" else machine_readable.cohort_csv(found),
              end="")
    return 0


def child(args: argparse.Namespace, config: Settings, console: Console) -> int:
    from briefing_tui.indicators.timeline import timeline

    where = choose.existing_database(args, config)
    con = open_database(where.path, read_only=True)
    try:
        council = choose.council(con, args, config, where.path)
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
    where = choose.existing_database(args, config)
    con = open_database(where.path, read_only=True)
    try:
        council = choose.council(con, args, config, where.path)
        period = choose.period(con, args.period, council, where.path)
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
    say(console, f"wrote {target}: {briefing.period} briefing, {kind}")
    return 0
