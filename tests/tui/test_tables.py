"""A table drawn before it has measured its columns is drawn again once it has (the snapshot flake).

DataTable measures auto-width columns when it is next idle after rows are added, and caches each
line it draws under a key that leaves the widths out. On a loaded machine the screen's refresh can
draw the table between the two: the lines drawn then, with every column as narrow as its header,
stayed on screen ("(a) act i" for a principle) until the next key. Here that frame is drawn on purpose.
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from briefing_tui.tui.screens.cohort import CohortScreen
from briefing_tui.tui.screens.indicator import IndicatorScreen
from briefing_tui.tui.screens.principles import PrinciplesScreen
from tests.tui.settle import on, until_settled
from tests.tui.test_app import SIZE


def drawn(table: DataTable) -> list[str]:
    return [line.text for line in (table.render_line(y) for y in range(table.size.height))]


@pytest.mark.parametrize("screen, method, keys", [
    (PrinciplesScreen, "show_answer", ["g"]),
    (IndicatorScreen, "show_answer", ["enter", "d"]),  # the next breakdown, into a table on screen
    (CohortScreen, "_fill", ["enter", "c", "s"]),  # sorted again, in a table on screen
])
async def test_a_frame_drawn_before_the_columns_are_measured_does_not_stay(app, monkeypatch, screen, method, keys):
    filled = getattr(screen, method)
    early: list[list[str]] = []

    def fill_then_draw_at_once(self, *args):
        filled(self, *args)
        table = self.query_one(DataTable)
        early.append(drawn(table))  # a frame before the table's idle, as a loaded machine may draw

    monkeypatch.setattr(screen, method, fill_then_draw_at_once)
    async with app.run_test(size=SIZE) as pilot:
        await until_settled(pilot)
        for key in keys:
            await pilot.press(key)
            await until_settled(pilot)
        await until_settled(pilot, on(screen.__name__))
        table = app.screen.query_one(DataTable)
        assert early, "the table was never filled"
        shown = drawn(table)  # from the table's caches, as the screen is drawn
        table._clear_caches()
        assert shown == drawn(table), "lines drawn before the columns were measured are still shown"
