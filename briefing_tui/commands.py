"""What each CLI command does, in terms of the layers below; ``cli.py`` only parses arguments."""

from __future__ import annotations

import sys

from pathlib import Path

from rich.console import Console

from briefing_tui import reports
from briefing_tui.indicators import precomputed
from briefing_tui.settings import Settings
from briefing_tui.store import info as store_info
from briefing_tui.store.connection import open_database, remove_database, scratch_database
from briefing_tui.store.importer import import_paths


def _progress(console: Console):
    status = console.status("Working", spinner="dots")

    def say(message: str) -> None:
        status.update(message)
        if not console.is_terminal:
            console.print(f"{message}...", highlight=False)

    return status, say


def init(db: Path, force: bool, console: Console) -> int:
    from briefing_tui.setup_db import build_demo_database

    status, say = _progress(console)
    with status:
        result = build_demo_database(db, force=force, progress=say)
    console.print(f"Built {db} from the synthetic demo borough.")
    console.print(reports.import_result(result))
    return 0


def open_app(db: Path, config: Settings, console: Console) -> int:
    """Make sure there is a database, then open the panel app (or, with no terminal to draw on,
    print what the database holds)."""
    import sys

    if not Path(db).exists():
        from briefing_tui.setup_db import build_demo_database

        console.print(f"No database at {db}: building it from the synthetic demo borough (first run).")
        status, say = _progress(console)
        with status:
            build_demo_database(db, progress=say)
    if not (sys.stdout.isatty() and sys.stdin.isatty()):
        console.print("(No terminal to draw the app on: here is what the database holds.)")
        return info(db, console)
    from briefing_tui.tui.app import BriefingApp

    BriefingApp(db, config).run()
    return 0


def import_files(db: Path, paths: list[Path], year: int | None, council: str, strict: bool,
                 console: Console) -> int:
    new = not Path(db).exists()
    con = open_database(db)
    try:
        status, say = _progress(console)
        with status:
            result = import_paths(con, paths, council=council, year=year, strict=strict, progress=say,
                                  derive=precomputed.refresh,
                                  command="import")
    except BaseException:
        con.close()
        if new:  # a refused first import leaves nothing behind (and first run still builds the demo)
            remove_database(Path(db))
        raise
    finally:
        con.close()
    console.print(reports.import_result(result))
    return 0


def check(paths: list[Path], year: int | None, council: str, strict: bool, console: Console) -> int:
    """The import's every check, in a throwaway in-memory database: nothing is written anywhere."""
    con = scratch_database()
    try:
        status, say = _progress(console)
        with status:
            result = import_paths(con, paths, council=council, year=year, strict=strict, dry_run=True,
                                  progress=say, command="check")
    finally:
        con.close()
    console.print(reports.import_result(result, checked_only=True))
    return 0


def info(db: Path, console: Console) -> int:
    con = open_database(db, read_only=True)
    try:
        loaded = store_info.loaded_returns(con)
        stored = store_info.table_counts(con)
        history = store_info.import_history(con)
        rules = store_info.findings_by_rule(con)
    finally:
        con.close()
    console.print(reports.info(str(db), loaded, stored, history, rules))
    return 0


def list_indicators(console: Console) -> int:
    from briefing_tui.indicators.registry import all_indicators

    console.print(reports.indicator_list(all_indicators()))
    return 0


def _period(con, text: str | None, council: str, db: Path):
    from briefing_tui.errors import UserError
    from briefing_tui.indicators import periods
    from briefing_tui.indicators.evaluate import latest_period

    period = periods.parse(text) if text else latest_period(con, council)
    if period is None:
        raise UserError(f"no returns loaded for council {council} in {db}: import some, or give --council")
    return period


def show(db: Path, config: Settings, indicator_id: str, period_text: str | None, council: str,
         by: str | None, where: list[str], fmt: str, console: Console) -> int:
    from briefing_tui.briefing.prepare import context
    from briefing_tui.indicators import periods
    from briefing_tui.indicators.breakdowns import breakdown
    from briefing_tui.indicators.described import parse_filters
    from briefing_tui.indicators.evaluate import evaluate
    from briefing_tui.indicators.registry import get

    indicator = get(indicator_id)  # an unknown id, period or filter is refused before the database is opened
    filters = parse_filters(indicator, where)
    if period_text:
        periods.parse(period_text)
    con = open_database(db, read_only=True)
    try:
        period = _period(con, period_text, council, db)
        result = evaluate(con, indicator_id, period, council, context(config, council), filters)
        rows = breakdown(con, indicator_id, period, council, by, filters) if by else None
    finally:
        con.close()
    if fmt == "table":
        console.print(reports.indicator_result(result, rows))
    else:
        # Machine-readable output is printed as it is: no wrapping, no markup.
        print(reports.result_json(result, rows) if fmt == "json" else reports.result_csv(result, rows), end="")
    return 0


def cohort(db: Path, config: Settings, indicator_id: str, period_text: str | None, council: str,
           where: list[str], part: str, fmt: str, console: Console) -> int:
    from briefing_tui.indicators import cohort as cohorts
    from briefing_tui.indicators import periods
    from briefing_tui.indicators.described import parse_filters
    from briefing_tui.indicators.registry import get

    filters = parse_filters(get(indicator_id), where)
    if period_text:
        periods.parse(period_text)
    con = open_database(db, read_only=True)
    try:
        period = _period(con, period_text, council, db)
        found = cohorts.cohort(con, indicator_id, period, council, filters, part, config.officer_mode)
    finally:
        con.close()
    if fmt == "table":
        console.print(reports.cohort_table(found, get(indicator_id)))
    else:
        print(reports.cohort_json(found) if fmt == "json" else reports.cohort_csv(found), end="")
    return 0


def child(db: Path, config: Settings, who: str, council: str, console: Console) -> int:
    from briefing_tui.indicators.timeline import timeline

    con = open_database(db, read_only=True)
    try:
        story = timeline(con, council, who, config.officer_mode)
    finally:
        con.close()
    console.print(reports.timeline(story))
    return 0


def _briefing(db: Path, config: Settings, period_text: str | None, council: str, public: bool):
    from briefing_tui.briefing.export import generation_time
    from briefing_tui.briefing.prepare import prepare
    from briefing_tui.indicators import periods

    if period_text:
        periods.parse(period_text)
    generated = generation_time()
    con = open_database(db, read_only=True)
    try:
        period = _period(con, period_text, council, db)
        return prepare(con, config, council, period, public, generated), period
    finally:
        con.close()


def brief(db: Path, config: Settings, period_text: str | None, council: str, public: bool,
          console: Console) -> int:
    from briefing_tui.briefing.render_rich import renderable

    briefing, _ = _briefing(db, config, period_text, council, public)
    console.print(renderable(briefing), soft_wrap=False)
    return 0


def export(db: Path, config: Settings, period_text: str | None, council: str, fmt: str, public: bool,
           out: Path | None, force: bool, console: Console) -> int:
    from briefing_tui.briefing.export import ExportError, default_name, render, write
    from briefing_tui.ssda903 import years

    if out is not None and str(out) != "-" and out.exists() and not out.is_dir() and not force:
        raise ExportError(f"{out} already exists: choose another name, or add --force to replace it")
    briefing, period = _briefing(db, config, period_text, council, public)
    text = render(briefing, fmt)
    if out is not None and str(out) == "-":
        sys.stdout.write(text)
        return 0
    target = out or Path(default_name(briefing, fmt, council, years.label(period.return_year)))
    write(target, text, force=force)
    kind = "public (small numbers suppressed)" if public else "OFFICIAL-SENSITIVE (not for publication)"
    console.print(f"wrote {target}: {briefing.period} briefing, {kind}", highlight=False, soft_wrap=True)
    return 0
