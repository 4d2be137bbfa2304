"""What ``briefing-tui`` does with no command: make sure there is a database, then open the app.

The first run builds the demo database, so a newcomer sees the app at once; a database the user
named is never made up. With no terminal to draw on it prints what the database holds instead.
Textual is imported here, when the app opens, never when the CLI starts (tests/test_layers.py).
"""

from __future__ import annotations

import argparse
import sys

from rich.console import Console

from briefing_tui.cli import choose, database
from briefing_tui.cli.say import progress, say
from briefing_tui.settings import Settings


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
        return database.info(args, config, console)
    from briefing_tui.tui.app import BriefingApp

    BriefingApp(where.path, config, council=args.council).run()
    return 0
