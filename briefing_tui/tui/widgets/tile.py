"""An overview tile: one indicator's value, its change judged by polarity, and its trend."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from briefing_tui.briefing import figure_text as fmt
from briefing_tui.briefing.rag import Rating
from briefing_tui.indicators.evaluate import Result
from briefing_tui.indicators.flags import FlagKind
from briefing_tui.ssda903 import years

# Theme variables, so every theme (and the colour-blind-safe one) chooses; the word is always there too.
JUDGEMENT_COLOUR = {"better": "$success", "worse": "$error"}


class Tile(Static, can_focus=True):
    """Focusable so arrow keys move between tiles and Enter drills in."""

    # The moves are the screen's (it knows the rows), bound here so the scrolling container around
    # the tiles does not take the arrow keys first.
    BINDINGS = [
        Binding("enter", "open", "Open", id="tile.open"),
        Binding("left,h", "screen.move(0, -1)", "Left", show=False, id="tile.left"),
        Binding("right,l", "screen.move(0, 1)", "Right", show=False, id="tile.right"),
        Binding("up,k", "screen.move(-1, 0)", "Up", show=False, id="tile.up"),
        Binding("down,j", "screen.move(1, 0)", "Down", show=False, id="tile.down"),
    ]

    DEFAULT_CSS = """
    Tile {
        width: 1fr;
        height: 5;
        padding: 0 1;
        border: round $panel-lighten-2;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    Tile:focus {
        border: round $accent;
        background: $boost;
    }
    """

    class Opened(Message):
        def __init__(self, indicator_id: str) -> None:
            self.indicator_id = indicator_id
            super().__init__()

    def __init__(self, result: Result, rating: Rating | None = None, *, id: str | None = None) -> None:
        self.result = result
        self.rating = rating
        super().__init__(self.content_for(result, rating), id=id)
        # The tile names the figure by its short title, so that two figures whose titles begin alike
        # ("Children who started to be looked after", and "... in the last twelve months") can be told
        # apart in a tile's width; the full title is the tooltip, and the indicator screen's heading.
        self.tooltip = result.indicator.title

    @staticmethod
    def content_for(result: Result, rating: Rating | None = None) -> Content:
        ind = result.indicator
        moved = fmt.change(result)
        word = moved.better_or_worse if moved else ""
        colour = JUDGEMENT_COLOUR.get(word, "$foreground")
        small = "  [i]small numbers[/i]" if any(f.kind is FlagKind.SMALL_NUMBERS for f in result.flags) else ""
        rag = f"[$rag-{rating.colour}]$glyph[/] " if rating else ""
        rag_words = f"  [$rag-{rating.colour}]$rag_words[/]" if rating else ""
        # a complete-year figure shown for a quarter or a date is an earlier year's: named before its
        # value, so even a narrow tile says so
        earlier = any(f.kind is FlagKind.EARLIER_YEAR for f in result.flags)
        year = "[i]$year:[/i] " if earlier else ""
        return Content.from_markup(
            rag + "[b]$title[/b]\n" + year + "[b]$value[/b]  [" + colour + "]$change[/]" + rag_words
            + "\n[dim]$spark[/dim]  [" + colour + "]$word[/]" + small,
            title=ind.short_title, value=fmt.number(result.value, ind.unit), change=str(moved or ""), word=word,
            spark=fmt.sparkline([p.value for p in result.trend]), glyph=rating.glyph if rating else "",
            rag_words=rating.words if rating else "", year=years.label(result.period.return_year))

    def show(self, result: Result, rating: Rating | None = None) -> None:
        self.result, self.rating = result, rating
        # A tile's size is fixed (CSS), so a new figure is a repaint, never a layout of the overview.
        self.update(self.content_for(result, rating), layout=False)

    def action_open(self) -> None:
        self.post_message(self.Opened(self.result.indicator.id))
