"""What a command says while it works and when it is done, the same way for every command.

While it works: a spinner in a terminal, and in a pipe (where a spinner is not drawn) each step as a
line, so a log shows how far it got. When it is done: plain text, never markup (paths and names
hold brackets), wrapped to the terminal without breaking a path.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.status import Status

from briefing_tui.cli.blocks import Wrapped
from briefing_tui.text import plain


def progress(console: Console) -> tuple[Status, Callable[[str], None]]:
    """A spinner to hold open while working, and the function that says the step it is at."""
    status = console.status("Working", spinner="dots")

    def step(message: str) -> None:
        status.update(plain(message))
        if not console.is_terminal:
            console.print(plain(f"{message}..."), highlight=False)

    return status, step


def say(console: Console, text: str, style: str = "") -> None:
    """Plain text (never markup: paths and names hold brackets), wrapped to the terminal (a path is
    never broken)."""
    console.print(Wrapped(text, style=style), highlight=False)
