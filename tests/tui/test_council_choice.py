"""The app on a database holding several councils (issue 12, item 2): it offers a chooser, shows the
council chosen and remembers it in the settings; a council named on the command line is used for
that run only and never written down."""

from __future__ import annotations

import shutil

import pytest

from briefing_tui import councils
from briefing_tui.settings import Settings, load
from briefing_tui.tui.app import BriefingApp
from tests.helpers import do_import
from tests.tui.settle import on, until
from tests.tui.test_app import SIZE, settle, text


@pytest.fixture
def pooled(demo_db_master, small, tmp_path):
    """The demo borough beside a second council's (the hand-made return, filed under Barnet)."""
    db = tmp_path / "pooled.duckdb"
    shutil.copy(demo_db_master, db)
    do_import(db, small, council="302")
    return db


async def test_the_app_asks_which_council_and_remembers_it(pooled, tmp_path):
    config = tmp_path / "settings.toml"
    config.write_text("[display]\ntheme = \"briefing-dark\"\n", encoding="utf-8")
    app = BriefingApp(pooled, load(config))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, on("CouncilScreen"))
        await pilot.press("down", "enter")          # 302 Barnet, then DEMO: the second
        await settle(app, pilot)
        assert text(app, "#source").startswith("DEMO Demo Borough (synthetic)  ·  At 30 September 2024")
    assert load(config).display_council == "DEMO"
    assert 'theme = "briefing-dark"' in config.read_text(encoding="utf-8")   # the rest kept as written
    again = BriefingApp(pooled, load(config))          # next time: straight to the council chosen
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        assert text(again, "#source").startswith("DEMO Demo Borough")
        await pilot.press("C")
        await until(pilot, on("CouncilScreen"))
        await pilot.press("home", "enter")
        await settle(again, pilot)
        assert text(again, "#source").startswith("302 Barnet  ·  Year ending 31 March 2024")
    assert load(config).display_council == "302"


async def test_a_council_named_on_the_command_line_is_not_written_down(pooled, tmp_path):
    config = tmp_path / "settings.toml"
    config.write_text("", encoding="utf-8")
    app = BriefingApp(pooled, load(config), council=councils.resolve("Barnet"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert text(app, "#source").startswith("302 Barnet")
    assert config.read_text(encoding="utf-8") == ""


async def test_a_database_of_one_other_council_opens_on_it(small, tmp_path):
    """Not the demo, not "no returns loaded": the one council the database holds."""
    db = tmp_path / "barnet.duckdb"
    do_import(db, small, council="302")
    app = BriefingApp(db, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert text(app, "#source").startswith("302 Barnet  ·  Year ending 31 March 2024")


async def test_a_council_name_with_markup_is_shown_as_written(demo_db, tmp_path):
    config = tmp_path / "settings.toml"
    config.write_text('[councils."DEMO"]\nname = "[/]Evil [bold]Borough[/link]"\n', encoding="utf-8")
    app = BriefingApp(demo_db, load(config))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert text(app, "#source").startswith("DEMO [/]Evil [bold]Borough[/link]  ·  At 30 September 2024")
