"""A Rich renderable laid out once, in a worker, to a fixed width: the UI thread only copies lines.

Textual lays a renderable out on the UI thread, twice (once to measure its height, once to draw),
which for a briefing of several hundred lines and a dozen tables is over 0.1 s a time.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment


class Rendered:
    def __init__(self, lines: list[list[Segment]], width: int) -> None:
        self.lines = lines
        self.width = width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        newline = Segment.line()
        for line in self.lines:
            yield from line
            yield newline

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width, self.width)


def prerender(renderable: RenderableType, width: int) -> Rendered:
    console = Console(width=width, color_system="truecolor", force_terminal=True, legacy_windows=False,
                      highlight=False, emoji=False)
    lines = console.render_lines(renderable, console.options.update_width(width), pad=False)
    return Rendered(lines, width)
