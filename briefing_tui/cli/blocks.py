"""What every CLI rendering is built from, so that each reads whole at 80 columns and in a pipe
(tests/test_cli_width.py).

The CLI prints with soft wrap, so that a quoted message or a path is printed whole, one to a line,
to be searched for and pasted; prose must therefore wrap itself (``Wrapped``). Tables have no box
to take columns (``table``), cells from the data are never read as markup (``add_row``), and
blocks stand a blank line apart (``apart``). Collection years run down the side of every table, so
that eight or more of them fit.
"""

from __future__ import annotations

import textwrap
from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from briefing_tui.text import cells, plain, visible


class Wrapped:
    """A line of prose wrapped to the terminal, its continuation indented: never cut, never wider
    than the terminal (the CLI prints with soft wrap, so quoted problems stay whole for grep; prose
    must wrap itself). A word longer than the line (a path) is kept whole."""

    def __init__(self, text: str, indent: int = 0, hanging: int = 2, style: str = "") -> None:
        self.text, self.indent, self.hanging, self.style = visible(text), indent, hanging, style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = textwrap.wrap(self.text, width=max(options.max_width, 20), initial_indent=" " * self.indent,
                              subsequent_indent=" " * (self.indent + self.hanging), break_long_words=False,
                              break_on_hyphens=False) or [""]
        for line in lines:
            yield Text(line, style=self.style, no_wrap=True, overflow="ignore")


def apart(*blocks: RenderableType | None) -> Group:
    """Blocks a blank line apart, so that each table stands on its own (None left out)."""
    out: list[RenderableType] = []
    for block in blocks:
        if block is not None:
            out += [Text(), block] if out else [block]
    return Group(*out)


def table(title: str | None = None, **kwargs: Any) -> Table:
    """A CLI table as every command draws it: a rule under the headings, no box or edges to take
    columns, two spaces between columns."""
    return Table(title=plain(title) if title else None, title_justify="left", header_style="bold",
                 box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1, 0, 0), pad_edge=False, **kwargs)


def add_row(to: Table, *values: RenderableType | None, **kwargs: Any) -> None:
    """A row of cells from the data (codes, council codes, labels): never read as markup."""
    to.add_row(*cells(values), **kwargs)
