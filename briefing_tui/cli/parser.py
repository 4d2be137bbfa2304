"""The command line's shape: the options every command shares, then each command's own.

Each command group's module declares its commands (``add_*``: the sub-parser, its options, and
``run``, the function that carries it out); this module only puts them together, in the order
``--help`` lists them, and fills in the shared options' defaults.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from functools import partial
from pathlib import Path

from rich.console import Console

from briefing_tui import __version__
from briefing_tui.cli import database, figures, launch, papers
from briefing_tui.settings import Settings

# A new command's sub-parser, given the options every command shares: what each ``add_*`` is handed.
NewCommand = Callable[..., argparse.ArgumentParser]
# What carries a command out (its ``run``): given its arguments, the settings and the console; returns the exit code.
Run = Callable[[argparse.Namespace, Settings, Console], int]

EPILOG = "Data: SSDA903 CSV exports, one folder per collection year (named by the year ending 31 March)."

# In the order ``--help`` lists them.
COMMANDS = (database.add_init, database.add_import, database.add_check, figures.add_indicators, figures.add_show,
            figures.add_cohort, figures.add_child, papers.add_brief, papers.add_export, database.add_info,
            database.add_upgrade)
SHARED_DEFAULTS = (("db", None), ("config", None), ("debug", False), ("council", None))


def shared_options() -> argparse.ArgumentParser:
    """``--db``, ``--council``, ``--config`` and ``--debug``, before the command or after it."""
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
    return common


def build_parser() -> argparse.ArgumentParser:
    common = shared_options()
    parser = argparse.ArgumentParser(
        prog="briefing-tui", parents=[common],
        description="Corporate Parenting Panel briefings from SSDA903 returns. With no command, opens "
                    "the app (building the demo database on first run).",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"briefing-tui {__version__}")
    parser.set_defaults(run=launch.open_app)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    command: NewCommand = partial(sub.add_parser, parents=[common])
    for add in COMMANDS:
        add(command)
    return parser


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    args = build_parser().parse_args(argv)
    for name, default in SHARED_DEFAULTS:
        if not hasattr(args, name):
            setattr(args, name, default)
    return args
