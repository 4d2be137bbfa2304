"""The panel's first screen: every figure for the period, grouped by area, as tiles.

Arrow keys (or hjkl) move between tiles row by row across the areas; Enter opens the indicator.
The figures come from one worker call (``evaluate_many``: one query when the stored rows answer).
"""

from __future__ import annotations

from itertools import groupby

from textual import work
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Static

from briefing_tui.briefing.rag import rate
from briefing_tui.indicators.evaluate import Result
from briefing_tui.indicators.registry import AREAS
from briefing_tui.tui.widgets.key_bar import KeyBar
from briefing_tui.tui.widgets.tile import Tile
from briefing_tui.tui.widgets import loading
from briefing_tui.text import plain

COLUMNS = 4
AREA_ORDER = list(dict.fromkeys(AREAS.values()))


class OverviewScreen(Screen):
    DEFAULT_CSS = """
    OverviewScreen #source { padding: 0 1; background: $panel; color: $text; }
    OverviewScreen .area { padding: 1 1 0 1; text-style: bold; color: $accent; }
    OverviewScreen Grid { grid-size: 4; grid-gutter: 0 1; height: auto; padding: 0 1; }
    OverviewScreen #message { padding: 1 2; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[Tile]] = []
        self.keep_focus: str | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="source")
        yield VerticalScroll(id="areas")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        if isinstance(self.focused, Tile):
            self.keep_focus = self.focused.result.indicator.id
        loading.waiting(self.query_one("#areas"))
        self.load(self.app.period)

    @work(thread=True, exclusive=True, group="overview")
    def load(self, period) -> None:
        try:
            source = self.app.repo.source()
            results = self.app.repo.overview(period) if period else []
        except Exception as exc:  # shown in the view, never a traceback
            self.app.call_from_thread(self.show_error, str(exc))
            return
        self.app.call_from_thread(self.show, source, results)

    def show_error(self, message: str) -> None:
        areas = self.query_one("#areas")
        loading.stop(areas)
        areas.remove_children()
        areas.mount(Static(plain(f"Could not read the figures: {message}"), id="message"))

    async def show(self, source, results: list[Result]) -> None:
        self.query_one("#source", Static).update(plain(self.app.header_line(source)))  # names are not markup
        areas = self.query_one("#areas", VerticalScroll)
        loading.stop(areas)
        tiles = {t.result.indicator.id: t for row in self.rows for t in row}
        if results and set(tiles) == {r.indicator.id for r in results}:
            for result in results:  # a new period: the same tiles, new figures (no layout to redo)
                target = self.app.repo.targets().get(result.indicator.id)
                tiles[result.indicator.id].show(result, rate(result, target, self.app.settings.tolerance))
            if not isinstance(self.focused, Tile):
                tiles.get(self.keep_focus or "", self.rows[0][0]).focus()
            return
        await areas.remove_children()
        self.rows = []
        if not results:
            await areas.mount(Static("No returns are loaded for this council: import some with "
                                     "`briefing-tui import FOLDER`, or choose another council in the settings.",
                                     id="message"))
            return
        ordered = sorted(results, key=lambda r: AREA_ORDER.index(r.indicator.area))
        focus: Tile | None = None
        shown: list = []
        for area, group in groupby(ordered, key=lambda r: r.indicator.area):
            settings, targets = self.app.settings, self.app.repo.targets()
            tiles = [Tile(r, rate(r, targets.get(r.indicator.id), settings.tolerance),
                          id=f"tile-{r.indicator.id.replace('.', '-')}") for r in group]
            shown += [Label(area, classes="area"), Grid(*tiles)]
            self.rows += [tiles[i:i + COLUMNS] for i in range(0, len(tiles), COLUMNS)]
            focus = focus or next((t for t in tiles if t.result.indicator.id == self.keep_focus), None)
        # Focused once mounted: a tile is on no screen until its grid has mounted it, and focusing
        # it before then did nothing (on a loaded machine the overview opened with no tile focused,
        # and Enter and the arrow keys did nothing).
        await areas.mount_all(shown)
        (focus or self.rows[0][0]).focus()
        self.app.started()

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
            index = flat.index(self.focused) + across
            if 0 <= index < len(flat):
                flat[index].focus()
            return
        target = row + down
        if 0 <= target < len(self.rows):
            self.rows[target][min(col, len(self.rows[target]) - 1)].focus()

    def on_tile_opened(self, message: Tile.Opened) -> None:
        self.app.open_indicator(message.indicator_id)
