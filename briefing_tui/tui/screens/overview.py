"""The panel's first screen: every figure for the period, grouped by area, as tiles.

Arrow keys (or hjkl) move between tiles row by row across the areas; Enter opens the indicator.
The figures come from one worker call (``evaluate_many``: one query when the stored rows answer).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.widget import Widget
from textual.widgets import Label, Static

from briefing_tui.briefing.rag import rate
from briefing_tui.indicators.evaluate import Result
from briefing_tui.indicators.periods import Period
from briefing_tui.indicators.registry import AREA_ORDER
from briefing_tui.text import plain
from briefing_tui.tui.data import Repository, Source
from briefing_tui.tui.screens.answered import AnsweredScreen
from briefing_tui.tui.widgets.key_bar import KeyBar
from briefing_tui.tui.widgets.tile import Tile

COLUMNS = 4


@dataclass(frozen=True)
class OverviewAnswer:
    """Where the figures come from (the header line) and every figure for the period."""

    source: Source
    results: list[Result]


class OverviewScreen(AnsweredScreen[OverviewAnswer]):
    DEFAULT_CSS = """
    OverviewScreen #source { padding: 0 1; background: $panel; color: $text; }
    OverviewScreen .area { padding: 1 1 0 1; text-style: bold; color: $accent; }
    OverviewScreen Grid { grid-size: 4; grid-gutter: 0 1; height: auto; padding: 0 1; }
    OverviewScreen #message { padding: 1 2; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[list[Tile]] = []  # each area's tiles, in order
        self.rows: list[list[Tile]] = []    # the shown tiles, as the grid rows them (_arrange)
        self.keep_focus: str | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="source")
        yield VerticalScroll(id="areas")
        yield KeyBar()

    def waiting_widget(self) -> VerticalScroll:
        return self.query_one("#areas", VerticalScroll)

    def reload(self) -> None:
        """Asked again (another period or council): the tile in focus keeps it if it is still there."""
        if isinstance(self.focused, Tile):
            self.keep_focus = self.focused.result.indicator.id
        super().reload()

    def ask(self, repo: Repository, period: Period | None) -> OverviewAnswer:
        return OverviewAnswer(repo.source(), repo.overview(period) if period else [])

    def show_error(self, message: str) -> None:
        areas = self.waiting_widget()
        areas.remove_children()
        areas.mount(Static(plain(f"Could not read the figures: {message}"), id="message"))

    def show_answer(self, answer: OverviewAnswer) -> None:
        results = answer.results
        self.query_one("#source", Static).update(plain(self.app.header_line(answer.source)))  # names are data
        shown = {t.result.indicator.id: t for group in self.groups for t in group}
        wanted = {r.indicator.id for r in results}
        if results and wanted <= set(shown):
            # A new period: the same tiles, new figures (no layout to redo); a figure the period does
            # not show (the rolling twelve months to 31 March: the year's own) is hidden, not removed.
            for result in results:
                target = self.app.repo.targets().get(result.indicator.id)
                shown[result.indicator.id].show(result, rate(result, target, self.app.settings.tolerance))
            for indicator_id, tile in shown.items():
                tile.display = indicator_id in wanted
            self._arrange()
            if not isinstance(self.focused, Tile) or not self.focused.display:
                kept = shown.get(self.keep_focus or "")
                (kept if kept is not None and kept.display else self.rows[0][0]).focus()
            return
        self.call_next(self._lay_out, results)

    async def _lay_out(self, results: list[Result]) -> None:
        """New tiles: the old ones removed, the new ones mounted, and only then one focused.

        A tile is on no screen until its grid has mounted it, and focusing it before then did nothing
        (on a loaded machine the overview opened with no tile focused, and Enter and the arrow keys
        did nothing); the old tiles go first because the new ones may share their ids.
        """
        areas = self.waiting_widget()
        await areas.remove_children()
        self.groups, self.rows = [], []
        if not results:
            await areas.mount(Static("No returns are loaded for this council: import some with "
                                     "`briefing-tui import FOLDER`, or choose another council in the settings.",
                                     id="message"))
            return
        ordered = sorted(results, key=lambda r: AREA_ORDER.index(r.indicator.area))
        focus: Tile | None = None
        widgets: list[Widget] = []
        settings, targets = self.app.settings, self.app.repo.targets()
        for area, group in groupby(ordered, key=lambda r: r.indicator.area):
            tiles = [Tile(r, rate(r, targets.get(r.indicator.id), settings.tolerance),
                          id=f"tile-{r.indicator.id.replace('.', '-')}") for r in group]
            widgets += [Label(area, classes="area"), Grid(*tiles)]
            self.groups.append(tiles)
            focus = focus or next((t for t in tiles if t.result.indicator.id == self.keep_focus), None)
        self._arrange()
        await areas.mount_all(widgets)
        (focus or self.rows[0][0]).focus()
        self.app.started()

    def _arrange(self) -> None:
        """The rows the arrow keys move along: each area's shown tiles, COLUMNS to a row, as the
        grid lays them out (a hidden tile takes no place in it)."""
        self.rows = []
        for group in self.groups:
            tiles = [t for t in group if t.display]
            self.rows += [tiles[i:i + COLUMNS] for i in range(0, len(tiles), COLUMNS)]

    def action_move(self, down: int, across: int) -> None:
        where = next(((r, c) for r, row in enumerate(self.rows) for c, t in enumerate(row) if t is self.focused),
                     None)
        if where is None:
            if self.rows:
                self.rows[0][0].focus()
            return
        row, col = where
        if across:
            flat = [t for r in self.rows for t in r]
            index = flat.index(self.rows[row][col]) + across
            if 0 <= index < len(flat):
                flat[index].focus()
            return
        target = row + down
        if 0 <= target < len(self.rows):
            self.rows[target][min(col, len(self.rows[target]) - 1)].focus()

    def on_tile_opened(self, message: Tile.Opened) -> None:
        self.app.open_indicator(message.indicator_id)
