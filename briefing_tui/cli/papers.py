"""The commands that make the panel's paper: ``brief`` prints the briefing, ``export`` writes it to
a file; with their options.

A public paper is refused for a period it cannot be published for before the database is opened,
and again for the period chosen. A note a public paper leaves out is said on standard error, never
in the paper. ``export`` never writes over a file without ``--force``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from briefing_tui.cli import choose
from briefing_tui.cli.say import say
from briefing_tui.settings import Settings
from briefing_tui.store.notes import Notebook, notes_path

if TYPE_CHECKING:
    from briefing_tui.briefing.model import Briefing
    from briefing_tui.cli.parser import NewCommand
    from briefing_tui.councils import Council
    from briefing_tui.indicators.periods import Period


# --- the commands' options ---------------------------------------------------------------------------

def add_brief(command: NewCommand) -> None:
    p = command("brief", help="print the panel's briefing for a period",
                description="Print the Corporate Parenting Panel briefing for a period: summary, each "
                            "area's figures with comparisons, the seven corporate parenting "
                            "principles rated, the panel's notes and actions, suggested questions "
                            "and data notes.")
    p.set_defaults(run=brief)
    _paper_options(p)


def add_export(command: NewCommand) -> None:
    p = command("export", help="write the briefing to a file (md, txt, html, json)",
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
    p.set_defaults(run=export)
    _paper_options(p)


def _paper_options(p: argparse.ArgumentParser) -> None:
    """Which paper: the period, and whether it is for publication."""
    p.add_argument("--period", help="as for show; default: the latest data")
    p.add_argument("--public", action="store_true",
                   help="suppress small numbers for publication (counts of 1 to the threshold shown as c)")


# --- the commands ------------------------------------------------------------------------------------

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


def _briefing(args: argparse.Namespace, config: Settings, public: bool) -> tuple[Briefing, Period, Council]:
    from briefing_tui.briefing.export import generation_time
    from briefing_tui.briefing.prepare import prepare
    from briefing_tui.indicators import periods

    if args.period:
        given = periods.parse(args.period)
        if public:  # refused before the database is opened
            from briefing_tui.briefing.disclosure import check_public

            check_public(given)
    generated = generation_time()
    with choose.reading(args, config) as (con, council, db):
        period = choose.period(con, args.period, council, db)
        if public:
            from briefing_tui.briefing.disclosure import check_public

            check_public(period)
        with Notebook(notes_path(db), read_only=True) as book:
            return prepare(con, config, council, period, public, generated, book), period, council


def _say_withheld(briefing: Briefing) -> None:
    """A line on standard error for each note a public briefing left out (never in the paper itself)."""
    for note in briefing.withheld:
        print(f"warning: {note.message()}", file=sys.stderr)
