"""No database work on the UI thread (issue 14, item 2): every query the app makes during a key
press runs in a worker, so the screen never waits on the database.

The app's one DuckDB connection is wrapped in a spy that records the thread of every statement;
the chair's usual keys are pressed (a tile, breakdowns, the children, a child, the period picker,
the principles, the briefing and its public version, notes, the palette typed into, another
council), and no statement may have run on the app's own thread meanwhile."""

from __future__ import annotations

import shutil
import threading

from briefing_tui.settings import Settings
from briefing_tui.tui.app import BriefingApp
from tests.helpers import do_import
from tests.tui.test_app import SIZE, settle


class Spy:
    """A connection or cursor that records, for every statement, the thread it ran on."""

    def __init__(self, inner, calls: list) -> None:
        self._inner, self._calls = inner, calls

    def cursor(self):
        return Spy(self._inner.cursor(), self._calls)

    def execute(self, sql, *args, **kwargs):
        self._calls.append((threading.current_thread() is threading.main_thread(), " ".join(str(sql).split())[:80]))
        return self._inner.execute(sql, *args, **kwargs)

    def sql(self, sql, *args, **kwargs):
        self._calls.append((threading.current_thread() is threading.main_thread(), " ".join(str(sql).split())[:80]))
        return self._inner.sql(sql, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._inner, name)


async def test_no_key_press_queries_the_database_on_the_ui_thread(demo_db_master, small, tmp_path):
    db = tmp_path / "two.duckdb"
    shutil.copy(demo_db_master, db)
    do_import(db, small, council="302")   # two councils: the chooser too
    calls: list[tuple[bool, str]] = []
    app = BriefingApp(db, Settings(council_code="DEMO"))
    app.repo.con = Spy(app.repo.con, calls)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert any(not on_ui for on_ui, _ in calls)   # the spy sees the app's statements (in workers)
        calls.clear()
        for keys in (["enter"], ["d"], ["enter"], ["c"], ["enter"], ["escape"], ["escape"], ["escape"],
                     ["escape"], ["p"], ["down", "enter"], ["g"], ["escape"], ["b"], ["p"], ["escape"],
                     ["t"], ["escape"], ["ctrl+p"], list("period"), ["escape"], ["C"], ["home", "enter"]):
            await pilot.press(*keys)
            await settle(app, pilot)
    on_ui = [sql for ui, sql in calls if ui]
    assert on_ui == [], on_ui
    assert calls  # the keys did ask the database, off the UI thread
