"""Command line: parse arguments, call the layers below, print what they return.

Errors a user can fix are printed as one line (``error: ...``) with a non-zero exit; ``--debug``
adds the traceback. Everything else about the work lives in the packages this module calls.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from rich.console import Console
from rich.text import Text

from briefing_tui import __version__, commands, settings as settings_mod
from briefing_tui.errors import UserError
from briefing_tui.text import plain

EPILOG = "Data: SSDA903 CSV exports, one folder per collection year (named by the year ending 31 March)."


def build_parser() -> argparse.ArgumentParser:
    # SUPPRESS: an option given before the command (briefing-tui --db X show ...) is not reset by
    # the sub-command's own default; parse() fills in the defaults once. (Not set_defaults: parents
    # share their action objects, so it would reset the sub-commands' defaults too.)
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--db", type=Path, help="database file (default: the settings file's [database] path, "
                                                "else $BRIEFING_TUI_DB, else data/briefings.duckdb in the checkout "
                                                "or your user data folder; `info` says which)")
    common.add_argument("--council", help="which council: its DfE number or name (302, Barnet), DEMO, or a "
                                          "local code (default: the settings' [council] code, else the only "
                                          "council in the database)")
    common.add_argument("--config", type=Path, help="settings file (default: $BRIEFING_TUI_CONFIG or "
                                                    "~/.config/briefing-tui/settings.toml)")
    common.add_argument("--debug", action="store_true", help="show a traceback when something fails")

    parser = argparse.ArgumentParser(
        prog="briefing-tui", parents=[common],
        description="Corporate Parenting Panel briefings from SSDA903 returns. With no command, opens "
                    "the app (building the demo database on first run).",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"briefing-tui {__version__}")
    parser.set_defaults(run=commands.open_app)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", parents=[common], help="build the database from the synthetic demo borough",
                       description="Build the database from the synthetic demo borough's 903 files "
                                   "(data/demo, collection years 2017-2024).")
    p.add_argument("--force", action="store_true",
                   help="replace an existing database file (its imported returns and notes go with it)")
    p.set_defaults(run=commands.init)

    for name, verb in (("import", "import"), ("check", "check")):
        what = ("Read SSDA903 CSV files, check them and store them, replacing the same council's returns "
                "for those years in one transaction." if name == "import" else
                "Read and check SSDA903 CSV files without importing them: report errors and data-quality "
                "findings.")
        p = sub.add_parser(name, parents=[common], help=what.split(",")[0].split(":")[0].lower(),
                           description=what + " Each file's table is recognised by its header row; its "
                           "collection year comes from --year, else the file name (2024-episodes.csv), "
                           "else a folder name (2024/episodes.csv or 2023-24/episodes.csv).")
        p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders to " + verb)
        p.add_argument("--year", type=int, help="collection year of all the files, named by the year it ends "
                                                "(2024 = 1 April 2023 to 31 March 2024), whatever --labels says")
        p.add_argument("--labels", choices=("end", "start"), default="end",
                       help="how a single year in a file or folder name is read: end (default: 2024 is the year "
                            "ending 31 March 2024, as the DfE names it) or start (2017 is the year starting 1 April "
                            "2017, i.e. 2017-18, as some tools name files); 2023-24 is read the same either way")
        p.add_argument("--strict", action="store_true", help="treat data-quality findings as errors")
        p.set_defaults(run=commands.import_files if name == "import" else commands.check)

    sub.add_parser("indicators", parents=[common], help="list every indicator with its definition",
                   description="List every indicator: id, title, unit, polarity, the corporate parenting "
                               "principles it evidences, and its definition.").set_defaults(
        run=commands.list_indicators)
    p = sub.add_parser("show", parents=[common], help="one indicator's value, comparison and trend",
                       description="Compute one indicator for a period from the return that covers it (the "
                                   "DfE's per-return method), with the same period a year earlier and the "
                                   "trend over every loaded year.")
    p.set_defaults(run=commands.show)
    p.add_argument("indicator", help="indicator id, e.g. cla.count (see `briefing-tui indicators`)")
    p.add_argument("--period", help="2024 (year ending 31 March 2024), 2024Q1, 2023-12 or 2023-12-31; "
                                    "default: the latest loaded year")
    p.add_argument("--by", metavar="DIMENSION", help="break the figure down, e.g. age_band, placement_group, "
                                                      "legal_status, uasc (each indicator lists its own)")
    p.add_argument("--where", action="append", default=[], metavar="DIM=VALUE",
                   help="only the children in one group, e.g. --where uasc=UASC --where 'age_band=10 to 15' "
                        "(repeatable; values are the labels a breakdown shows)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")

    p = sub.add_parser("cohort", parents=[common], help="the children behind a figure (aliases, not ids)",
                       description="List the children behind an indicator's value, a breakdown cell (--where) "
                                   "or a share's other part (--part), as a panel may see them: alias, age, sex, "
                                   "ethnic group, legal status, placement, start of care, days in care, "
                                   "placements this year, UASC. CHILD ids only with [display] officer_mode.")
    p.set_defaults(run=commands.cohort)
    p.add_argument("indicator", help="indicator id, e.g. cla.count")
    p.add_argument("--period", help="as for show; default: the latest loaded year")
    p.add_argument("--where", action="append", default=[], metavar="DIM=VALUE", help="as for show")
    p.add_argument("--part", choices=("counted", "not-counted", "all"), default="counted",
                   help="of a share: its numerator (counted), the rest (not-counted) or its denominator (all)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")

    p = sub.add_parser("child", parents=[common], help="one child's timeline across every loaded return",
                       description="One child's episodes, reviews, missing incidents, health and care-leaver "
                                   "rows across every loaded return, by alias (e.g. C-4F2A, from a cohort list).")
    p.set_defaults(run=commands.child)
    p.add_argument("who", metavar="ALIAS", help="the child's alias (or CHILD id in officer mode)")

    for name in ("brief", "export"):
        if name == "brief":
            p = sub.add_parser("brief", parents=[common], help="print the panel's briefing for a period",
                               description="Print the Corporate Parenting Panel briefing for a period: summary, each "
                                           "area's figures with comparisons, the seven corporate parenting "
                                           "principles rated, the panel's notes and actions, suggested questions "
                                           "and data notes.")
        else:
            p = sub.add_parser("export", parents=[common], help="write the briefing to a file (md, txt, html, json)",
                               description="Write the briefing to a file, atomically, never over an existing file "
                                           "without --force. Without --public it is OFFICIAL-SENSITIVE (it holds "
                                           "small numbers); with --public, counts of 1 to [disclosure] threshold "
                                           "are suppressed. SOURCE_DATE_EPOCH, when set, fixes the date it is "
                                           "prepared on, so the same data gives the same bytes.")
            p.add_argument("--format", choices=("md", "txt", "html", "json"), required=True,
                           help="md for papers, txt (80 columns), html (one self-contained page), json (every figure)")
            p.add_argument("-o", "--output", type=Path, metavar="FILE",
                           help="file to write (default: briefing-COUNCIL-YEAR-public|restricted.EXT here; - for "
                                "standard output)")
            p.add_argument("--force", action="store_true", help="replace FILE if it exists")
        p.set_defaults(run=commands.brief if name == "brief" else commands.export)
        p.add_argument("--period", help="as for show; default: the latest loaded year")
        p.add_argument("--public", action="store_true",
                       help="suppress small numbers for publication (counts of 1 to the threshold shown as c)")

    sub.add_parser("info", parents=[common], help="what is loaded: councils, years, rows, imports, findings",
                   description="Show which database file is read and why, and what it holds: councils, years, "
                               "row counts per table, import history and data-quality findings by rule."
                   ).set_defaults(run=commands.info)
    sub.add_parser("upgrade", parents=[common], help="bring the database up to this version's figures",
                   description="Bring the database up to date for this version of briefing-tui: its layout, and "
                               "the stored figures, worked out again when they were made by another version's "
                               "definitions. The app and the reading commands open the database read-only, so "
                               "they compute such figures directly (a little slower) until this, or the next "
                               "import, is run.").set_defaults(run=commands.upgrade)
    return parser


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    args = build_parser().parse_args(argv)
    for name, default in (("db", None), ("config", None), ("debug", False), ("council", None)):
        if not hasattr(args, name):
            setattr(args, name, default)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    # soft_wrap: a message is one line however narrow the terminal, so it can be grepped and pasted.
    console = Console(soft_wrap=True)
    errors = Console(stderr=True, soft_wrap=True)
    try:
        return _dispatch(args, console)
    except UserError as exc:
        if args.debug:
            traceback.print_exc()
        # Text, not markup: messages quote file contents and TOML sections, which hold brackets.
        errors.print(Text.assemble(("error:", "bold red"), " ", plain(exc.message)), highlight=False, soft_wrap=True)
        for line in getattr(exc, "errors", [])[1:21]:
            errors.print(plain("  " + line.message()), highlight=False, soft_wrap=True)
        extra = getattr(exc, "total", 0) - 21
        if extra > 0:
            errors.print(f"  ... and {extra} more", highlight=False)
        return exc.exit_code
    except KeyboardInterrupt:
        errors.print("interrupted: nothing was changed", highlight=False)
        return 130


def _dispatch(args: argparse.Namespace, console: Console) -> int:
    config = settings_mod.load(args.config)
    return args.run(args, config, console)


if __name__ == "__main__":
    sys.exit(main())
