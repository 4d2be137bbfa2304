"""Command line: parse arguments (``parser``), run the command (one module per command group:
``database``, ``figures``, ``papers``, ``launch``), print a fault the user can fix.

Errors a user can fix are printed as one line (``error: ...``) with a non-zero exit; ``--debug``
adds the traceback. Everything else about the work lives in the packages the commands call.
``main`` is the ``briefing-tui`` script's entry point (pyproject.toml) and ``python -m briefing_tui``'s.
"""

from __future__ import annotations

import traceback

from rich.console import Console
from rich.text import Text

from briefing_tui import settings as settings_mod
from briefing_tui.cli.parser import Run, parse
from briefing_tui.errors import UserError
from briefing_tui.text import plain

SHOWN = 20  # an error's further lines printed (the rest counted)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    # soft_wrap: a message is one line however narrow the terminal, so it can be grepped and pasted.
    console = Console(soft_wrap=True)
    errors = Console(stderr=True, soft_wrap=True)
    try:
        run: Run = args.run
        return run(args, settings_mod.load(args.config), console)
    except UserError as exc:
        if args.debug:
            traceback.print_exc()
        _print_error(errors, exc)
        return exc.exit_code
    except KeyboardInterrupt:
        errors.print("interrupted: nothing was changed", highlight=False)
        return 130


def _print_error(errors: Console, exc: UserError) -> None:
    """The message on one line, then up to ``SHOWN`` of the problems behind it, each whole."""
    # Text, not markup: messages quote file contents and TOML sections, which hold brackets.
    errors.print(Text.assemble(("error:", "bold red"), " ", plain(exc.message)), highlight=False, soft_wrap=True)
    for line in getattr(exc, "errors", [])[1:SHOWN + 1]:
        errors.print(plain("  " + line.message()), highlight=False, soft_wrap=True)
    extra = getattr(exc, "total", 0) - (SHOWN + 1)
    if extra > 0:
        errors.print(f"  ... and {extra} more", highlight=False)
