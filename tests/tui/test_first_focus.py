"""The overview opens with a tile focused, however late its tiles are mounted (the snapshot flake).

A tile is on no screen until its grid has mounted it, and focusing it before then did nothing.
On a loaded machine the grids were sometimes mounted after the focus was asked for: the overview
opened with no tile focused, Enter and the arrow keys did nothing, and a snapshot test waited 60 s
for each key's screen and then (its wait carrying on) compared the overview with the screen it
expected. Here the grids are made to mount late on purpose.
"""

from __future__ import annotations

import asyncio

from textual.containers import Grid

from briefing_tui.tui.screens import overview
from briefing_tui.tui.widgets.tile import Tile
from tests.tui.settle import on, until_settled
from tests.tui.test_app import SIZE


class LateGrid(Grid):
    async def _compose(self) -> None:
        await asyncio.sleep(0.2)  # as a loaded machine may leave it: mounted after the focus is asked for
        await super()._compose()


async def test_a_tile_is_focused_when_the_grids_are_mounted_late(app, monkeypatch):
    monkeypatch.setattr(overview, "Grid", LateGrid)
    async with app.run_test(size=SIZE) as pilot:
        await until_settled(pilot)
        assert isinstance(app.screen.focused, Tile) and app.screen.focused.id == "tile-cla-count"
        await pilot.press("enter")
        await until_settled(pilot, on("IndicatorScreen"))
