"""The panel app driven by keys (Textual's Pilot), asserting on what is shown, on the demo borough."""

from __future__ import annotations

import io

from rich.console import Console

from briefing_tui.briefing import figure_text as fmt
from briefing_tui.indicators import periods
from briefing_tui.indicators.breakdowns import breakdown
from briefing_tui.indicators.evaluate import evaluate
from briefing_tui.settings import Settings
from briefing_tui.store.connection import open_database
from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.widgets.tile import Tile
from tests.tui.conftest import YEAR
from tests.tui.settle import on, shows, until, until_settled

SIZE = (120, 40)


async def settle(app, pilot, done=None) -> None:
    await until_settled(pilot, done)


def text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def table_rows(app, selector: str = "DataTable") -> list[list[str]]:
    table = app.screen.query_one(selector)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def figure(db, indicator: str, year: str, **kwargs):
    con = open_database(db, read_only=True)
    try:
        return evaluate(con, indicator, periods.parse(year), "DEMO", **kwargs)
    finally:
        con.close()


async def test_overview_shows_every_area_with_values_and_changes(app, demo_db_master):
    expected = figure(demo_db_master, "cla.count", "2024")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        header = text(app, "#source")
        assert "DEMO Demo Borough (synthetic)" in header and "Year ending 31 March 2024" in header
        areas = [str(label.render()) for label in app.screen.query(".area")]
        assert areas == ["Children looked after", "Stability and safety", "Care leavers", "Health", "Voice"]
        tile = app.screen.query_one("#tile-cla-count", Tile)
        shown = str(tile.render())
        assert f"{expected.value:,.0f}" in shown and f"{expected.change:+,.0f}" in shown
        assert app.screen.focused is tile


async def test_arrow_keys_and_hjkl_move_between_tiles(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("right")
        assert app.screen.focused.id == "tile-cla-starts"
        await pilot.press("l", "l", "l")
        assert app.screen.focused.id == "tile-cla-uasc"  # the row ends: on to the next tile
        await pilot.press("h")
        assert app.screen.focused.id == "tile-cla-rate"
        await pilot.press("j")
        assert app.screen.focused.id == "tile-cla-foster_pct"  # a short row: its last tile
        await pilot.press("down")
        assert app.screen.focused.id == "tile-missing-children"  # into the next area, same column
        await pilot.press("k", "up")
        assert app.screen.focused.id == "tile-cla-ceased"


async def test_drill_from_headline_to_breakdown_cross_tab_and_back(app, demo_db_master):
    con = open_database(demo_db_master, read_only=True)
    by_age = breakdown(con, "cla.count", periods.parse("2024"), "DEMO", "age_band")
    by_sex_of_oldest = breakdown(con, "cla.count", periods.parse("2024"), "DEMO", "sex",
                                 {"age_band": "16 and over"})
    con.close()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Children looked after  (cla.count)" in text(app, "#heading")
        assert text(app, "#breadcrumb") == "Children looked after > by age (DfE bands)"
        assert [(r[0], r[1]) for r in table_rows(app)] == [(r.label, f"{r.value:,.0f}") for r in by_age.rows]
        await pilot.press("down", "down", "down", "down", "enter")  # 16 and over
        await settle(app, pilot)
        assert text(app, "#breadcrumb") == ("Children looked after > Age (DfE bands): 16 and over > "
                                            "by sex")
        assert [(r[0], r[1]) for r in table_rows(app)] == [(r.label, f"{r.value:,.0f}")
                                                           for r in by_sex_of_oldest.rows]
        await pilot.press("escape")
        await settle(app, pilot)
        assert text(app, "#breadcrumb") == "Children looked after > by age (DfE bands)"
        assert app.screen.query_one("DataTable").cursor_row == 4  # where it was left
        await pilot.press("d")
        await settle(app, pilot)
        assert text(app, "#breadcrumb") == "Children looked after > by sex"
        await pilot.press("escape")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "OverviewScreen"


async def test_cohort_behind_a_cell_and_a_childs_timeline(app, demo_db_master):
    under_one = figure(demo_db_master, "cla.count", "2024", filters={"age_band": "Under 1"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("c")  # the cursor is on the first row: Under 1
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CohortScreen"
        rows = table_rows(app)
        assert len(rows) == under_one.value
        assert all(r[0].startswith("C-") and r[2] == "0" for r in rows)  # aliases; all aged 0
        assert f"Under 1, year ending 31 March 2024: {under_one.value:.0f} children" in text(app, "#title")
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ChildScreen"
        assert text(app, "#title").startswith(rows[0][0])
        kinds = {r[1] for r in table_rows(app)}
        assert "episode" in kinds
        await pilot.press("escape", "escape")
        assert type(app.screen).__name__ == "IndicatorScreen"


async def test_period_picker_moves_the_whole_app(app, demo_db_master):
    earlier = figure(demo_db_master, "cla.count", "2023")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("right")  # the focus must survive the change
        await pilot.press("p")
        assert type(app.screen).__name__ == "PeriodScreen"
        await pilot.press("down", "enter")  # the list is newest first: 2022-23
        await settle(app, pilot)
        assert "Year ending 31 March 2023" in text(app, "#source")
        assert f"{earlier.value:,.0f}" in str(app.screen.query_one("#tile-cla-count").render())
        assert app.screen.focused.id == "tile-cla-starts"
        await pilot.press("p")
        await pilot.click("#typed")
        await pilot.press(*"2023Q9", "enter")
        assert "is not one this tool reads" in str(app.screen.query_one("#error").render())
        await pilot.press("escape")
        await settle(app, pilot)
        assert "Year ending 31 March 2023" in text(app, "#source")


async def test_help_lists_the_keys_of_the_screen_and_the_app(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("question_mark")
        shown = str(app.screen.query_one("Static").render())
        for words in ("Next breakdown", "Children", "Back", "Period", "Quit"):
            assert words in shown
        await pilot.press("escape")
        assert type(app.screen).__name__ == "IndicatorScreen"


async def test_a_council_named_without_returns_says_so(demo_db):
    from briefing_tui import councils

    app = BriefingApp(demo_db, YEAR, council=councils.resolve("Barnet"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "No returns are loaded for this council" in str(app.screen.query_one("#message").render())
        assert "no returns loaded" in text(app, "#source")
        assert any("no returns loaded for council 302 Barnet" in str(n.message) for n in app._notifications)


async def test_a_read_only_database_opens_and_notes_still_work(demo_db):
    """The app only reads the database; notes go to their own file, which here can be written."""
    demo_db.chmod(0o444)
    try:
        app = BriefingApp(demo_db, YEAR)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert "notes are off" not in text(app, "#source")
            assert app.repo.save_note(None, "cla.count", "action", "still saved", "", "", None, "").note_id == 1
    finally:
        demo_db.chmod(0o644)


async def test_export_writes_the_whole_breakdown_and_says_where(app, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("e", "m")
        await pilot.pause()
    written = sorted((tmp_path / "exports").iterdir())
    assert [p.suffix for p in written] == [".csv", ".md"]
    csv_lines = written[0].read_text().splitlines()
    assert csv_lines[0] == "indicator,period,age_band,value,numerator,denominator,share_of_all"
    assert len(csv_lines) == 1 + 5 and csv_lines[1].startswith("cla.count,year ending 31 March 2024,Under 1,")
    assert written[1].read_text().startswith("## Children looked after > by age (DfE bands)\n")


async def test_command_palette_finds_an_indicator_by_name(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"indicator: care leavers in education")
        await settle(app, pilot, shows("the indicator first in the palette's list, its search done", first_in_palette))
        await pilot.press("enter")
        await settle(app, pilot)
        assert "(leavers.eet_pct)" in text(app, "#heading")


def first_in_palette(app) -> bool:
    from textual.command import CommandList

    listed = app.screen.query_one(CommandList)
    return (listed.option_count > 0 and listed.highlighted == 0
            and "Care leavers in education" in str(listed.get_option_at_index(0).prompt))


async def test_principles_list_their_evidence_and_drill_in(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        rows = table_rows(app)
        assert rows[0][0].startswith("(a) act in their best interests")
        principles = [r[0][:3] for r in rows if r[0]]
        assert principles == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)"]
        assert any(r[1] == "Care leavers in education, employment or training" for r in rows)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "IndicatorScreen"


async def test_targets_give_tiles_a_rating_in_words(demo_db, demo_db_master):
    eet = figure(demo_db_master, "leavers.eet_pct", "2024")
    app = BriefingApp(demo_db, Settings(targets={"leavers.eet_pct": eet.value + 10, "leavers.neet_pct": 50.0}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "off target" in str(app.screen.query_one("#tile-leavers-eet_pct").render())
        assert "on target (50%)" in str(app.screen.query_one("#tile-leavers-neet_pct").render())


async def test_briefing_read_switched_to_public_and_exported(app, demo_db_master, tmp_path):
    eet = figure(demo_db_master, "leavers.eet_pct", "2024")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)

        def shown() -> str:
            """The briefing's text as on screen, its lines joined (it is laid out to the screen's width)."""
            console = Console(width=200, record=True, file=io.StringIO())
            console.print(app.screen.query_one("#text").content)
            return " ".join(console.export_text().split())

        text = shown()
        assert "Corporate Parenting Panel briefing: Demo Borough (synthetic)" in text
        assert (f"Care leavers in education, employment or training in the year ending 31 March 2024: "
                f"{eet.value:.1f}% ({eet.numerator} of {eet.denominator} care leavers)") in text
        assert "(e) To promote high aspirations" in text and text.count("OFFICIAL-SENSITIVE") >= 2
        assert "OFFICIAL-SENSITIVE" in str(app.screen.query_one("#version").render())

        await pilot.press("p")
        await settle(app, pilot)
        assert "Public version" in str(app.screen.query_one("#version").render())
        public = shown()
        assert "Disclosure control" in public and "shown as c" in public and "OFFICIAL-SENSITIVE" not in public

        target = tmp_path / "brief.md"
        await pilot.press("e")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ExportForm"
        app.screen.query_one("#fmt-md").value = True
        app.screen.query_one("#path").value = str(target)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "BriefingScreen"
        assert target.read_text(encoding="utf-8").startswith("**OFFICIAL**")

        target.write_text("the officer's own draft", encoding="utf-8")
        await pilot.press("e")
        await settle(app, pilot)
        app.screen.query_one("#path").value = str(target)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ConfirmReplace"
        await pilot.press("n")  # keep it: nothing written, the form stays open
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ExportForm"
        assert target.read_text(encoding="utf-8") == "the officer's own draft"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "BriefingScreen"
        assert "# Corporate Parenting Panel briefing" in target.read_text(encoding="utf-8")
        await pilot.press("escape")
        assert type(app.screen).__name__ == "OverviewScreen"


async def test_record_a_note_list_it_mark_it_done_and_delete_it(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("n")
        await until(pilot, on("NoteForm"))
        await pilot.press(*"Why are more 16+ in semi-independent?")
        await pilot.press("tab")  # to the owner
        await pilot.press(*"Head of Service")
        await pilot.press("tab")
        await pilot.press(*"31/02/2027", "ctrl+s")
        assert "due date '31/02/2027' is not a date" in str(app.screen.query_one("#error").render())
        due = app.screen.query_one("#due")
        due.value = "31/03/2027"
        await pilot.press("tab", "space")  # the Private box: kept out of public briefings
        assert app.screen.query_one("#private").value is True
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "IndicatorScreen"
        await pilot.press("t")
        await settle(app, pilot, on("NotesScreen"))
        rows = table_rows(app)
        assert rows == [["open", "question (private)", "Children looked after",
                         "Why are more 16+ in semi-independent?", "Head of Service", "31/03/2027",
                         "year ending 31 March 2024"]]
        await pilot.press("space")  # the list is asked for again: its answer is the note marked done
        await settle(app, pilot)
        assert table_rows(app)[0][0] == "done"
        await pilot.press("x")
        await settle(app, pilot)
        assert table_rows(app) == []
        assert "Press n on an indicator to add one" in text(app, "#title")


async def test_notes_are_off_when_their_file_cannot_be_written(demo_db):
    from briefing_tui.store.notes import Notebook, notes_path

    Notebook(notes_path(demo_db)).close()
    notes_path(demo_db).chmod(0o444)
    try:
        app = BriefingApp(demo_db, YEAR)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert "(notes are off: they cannot be saved)" in text(app, "#source")
            await pilot.press("enter")
            await settle(app, pilot)
            await pilot.press("n")
            await pilot.pause()
            assert type(app.screen).__name__ == "IndicatorScreen"  # no form
            assert any(f"Notes are off: the notes file {notes_path(demo_db)} is read-only" in str(n.message)
                       for n in app._notifications)
    finally:
        notes_path(demo_db).chmod(0o644)


async def test_theme_key_switches_theme_and_remembers_it(demo_db, tmp_path):
    from briefing_tui import settings as settings_mod

    config = tmp_path / "settings.toml"
    config.write_text('[council]\ncode = "DEMO"\nname = "Demo Borough (synthetic)"\n')
    app = BriefingApp(demo_db, settings_mod.load(config))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.theme == "briefing-dark"
        await pilot.press("T")
        await pilot.pause()
        assert app.theme != "briefing-dark" and app.theme.startswith("briefing-")
    assert settings_mod.load(config).theme == app.theme
    assert 'name = "Demo Borough (synthetic)"' in config.read_text()  # the rest kept as written


async def test_stored_figures_made_by_another_version_are_answered_live_until_upgrade(demo_db, capsys):
    """The app only reads: it computes such figures directly, and says how to store them again."""
    from briefing_tui.cli import main
    from briefing_tui.indicators import precomputed

    live = figure(demo_db, "cla.count", "2024", use_precomputed=False).value
    con = open_database(demo_db)
    con.execute("UPDATE meta SET value = 'another version' WHERE key IN (?, ?)",
                [precomputed.SIGNATURE_KEY, precomputed.BUILT_KEY])
    con.close()
    app = BriefingApp(demo_db, YEAR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert not app.repo.stored_rows_current()
        assert any("`briefing-tui upgrade` stores them again" in str(n.message) for n in app._notifications)
        assert f"{live:,.0f}" in str(app.screen.query_one("#tile-cla-count").render())
    assert main(["upgrade", "--db", str(demo_db)]) == 0
    assert "stored figures worked out again" in capsys.readouterr().out
    con = open_database(demo_db, read_only=True)
    try:
        assert precomputed.is_current(con)
    finally:
        con.close()


async def test_the_key_bar_shows_each_screens_keys_and_a_click_presses_one(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        keys = text(app, "KeyBar")
        assert "Period" in keys and "Quit" in keys and "^p" in keys
        await pilot.press("enter")
        await settle(app, pilot)
        keys = text(app, "KeyBar")
        assert "Next breakdown" in keys and "Children" in keys and "Back" in keys
        app.screen.query_one("KeyBar").action_press("d")  # what a click on "d Next breakdown" does
        await settle(app, pilot)
        assert "by sex" in text(app, "#breadcrumb")


async def test_a_slow_answer_opens_the_screen_loading_then_shows_it(app, monkeypatch):
    """The answer is held back (not slept on) until the screen has opened without it and shows it is loading."""
    import threading

    from briefing_tui.tui.data import Repository
    from briefing_tui.tui.widgets import loading

    asked = Repository.indicator
    answer = threading.Event()

    def slow(self, *args, **kwargs):
        assert answer.wait(60), "the test never let the answer through"
        return asked(self, *args, **kwargs)

    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        monkeypatch.setattr(Repository, "indicator", slow)
        try:
            await pilot.press("enter")
            # past loading.DELAY without an answer: the screen opens anyway, then shows its loading indicator
            await until(pilot, shows("the IndicatorScreen open and loading", lambda app: type(app.screen).__name__
                                     == "IndicatorScreen" and app.screen.query_one("#rows").loading))
            assert loading.busy(app.screen)
        finally:
            answer.set()
        await settle(app, pilot)
        assert "Children looked after" in text(app, "#heading") and "Trend" in text(app, "#figure")
        assert app.screen.query_one("#rows").row_count > 0 and not loading.busy(app.screen)


async def test_a_second_choice_before_the_first_is_open_wins(app):
    """Two indicators asked for before either answer is on screen: only the later one opens."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.open_indicator("cla.count")
        app.open_indicator("cla.starts")  # same turn of the event loop: the first is still being asked
        await settle(app, pilot)
        assert [type(s).__name__ for s in app.screen_stack].count("IndicatorScreen") == 1
        assert "(cla.starts)" in text(app, "#heading")


async def test_an_error_in_the_answer_is_shown_in_the_view(app, monkeypatch):
    from briefing_tui.tui.data import Repository

    def broken(self, *args, **kwargs):
        raise RuntimeError("the disk went away")

    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        monkeypatch.setattr(Repository, "cohort", broken)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CohortScreen"
        assert "Could not list the children: the disk went away" in text(app, "#title")


async def test_under_no_color_every_judgement_is_in_words_and_symbols(demo_db, demo_db_master, monkeypatch):
    """NO_COLOR: Textual draws in greys, so red and green are lost; each tile must still say which
    way a figure moved, whether that is better or worse, and its rating, in symbols and words."""
    from briefing_tui.briefing.rag import rate

    monkeypatch.setenv("NO_COLOR", "1")
    eet = figure(demo_db_master, "leavers.eet_pct", "2024")
    app = BriefingApp(demo_db, Settings(targets={"leavers.eet_pct": eet.value + 10}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.no_color and {type(f).__name__ for f in app.get_line_filters()} & {"Monochrome", "NoColor"}
        tiles = list(app.screen.query(Tile))
        assert len(tiles) > 20
        for tile in tiles:
            shown, moved = str(tile.render()), fmt.change(tile.result)
            if moved is not None:  # arrow and word from the change as printed
                assert ("▲" in shown) == (moved.amount > 0) and ("▼" in shown) == (moved.amount < 0), shown
                if moved.better_or_worse:
                    assert moved.better_or_worse in shown, shown
        rating = rate(eet, eet.value + 10)
        shown = str(app.screen.query_one("#tile-leavers-eet_pct").render())
        assert rating.glyph in shown and "off target" in shown


async def test_the_briefing_is_laid_out_again_when_the_window_is_resized(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        before = app.screen.query_one("#text").content.width
        await pilot.resize_terminal(SIZE[0] - 30, SIZE[1])
        await settle(app, pilot)
        after = app.screen.query_one("#text").content.width
        assert after == before - 30 and after == app.screen.query_one("#text").content_region.width


async def test_a_month_has_no_public_briefing_in_the_app_either(app):
    from briefing_tui.indicators import periods

    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.period = periods.parse("2023-12")
        await settle(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        assert "OFFICIAL-SENSITIVE" in str(app.screen.query_one("#version").render())
        assert any("The period December 2023 has no public version" in str(n.message) for n in app._notifications)


async def test_a_note_that_cannot_be_saved_stays_in_the_form_with_the_reason(demo_db):
    """Issue 13: saving a note when its file can no longer be written (its folder made read-only, or
    the disk full, after the app opened) crashed the app and lost the note. It stays in the form,
    with the reason, to be saved once the file can be written (or copied out)."""
    import sqlite3

    class Refusing:
        """The notes file's connection, once its folder can no longer be written."""

        def __init__(self, con):
            self.con = con

        def execute(self, sql, *args):
            if sql.strip().split()[0].upper() in ("BEGIN", "INSERT", "UPDATE", "DELETE"):
                raise sqlite3.OperationalError("attempt to write a readonly database")
            return self.con.execute(sql, *args)

        def close(self):
            self.con.close()

    app = BriefingApp(demo_db, YEAR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("n")
        await until(pilot, on("NoteForm"))
        await pilot.press(*"Why did placements move?")
        app.repo.book._con = Refusing(app.repo.book._con)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "NoteForm"
        assert app.screen.query_one("#text").text == "Why did placements move?"
        assert (f"the note could not be saved in {app.repo.book.path}: attempt to write a readonly database"
                in str(app.screen.query_one("#error").render()))
        app.repo.book._con = app.repo.book._con.con  # writable again: the same form saves it
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "IndicatorScreen"
        assert [n.text for n in app.repo.notes()] == ["Why did placements move?"]


async def test_keys_pressed_before_the_next_breakdown_arrives_never_mix_two_breakdowns(app, monkeypatch):
    """d (the next breakdown) then Enter or c before its answer has come: the table still shows the
    age bands, so the row under the cursor is "Under 1" while the drill is already by sex. Acting
    on it asked for sex = 'Under 1' ("Could not list the children: filter sex='Under 1'..."). The
    keys now say the breakdown is still being worked out and do nothing; once it shows, they work."""
    import threading

    from briefing_tui.tui.data import Repository

    release = threading.Event()
    answer = Repository.breakdown_and_year_earlier

    def held_back(self, indicator_id, period, dimension, filters):
        if dimension == "sex" and not filters:
            assert release.wait(10), "the test never let the breakdown through"
        return answer(self, indicator_id, period, dimension, filters)

    monkeypatch.setattr(Repository, "breakdown_and_year_earlier", held_back)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert text(app, "#breadcrumb") == "Children looked after > by age (DfE bands)"
        await pilot.press("d")  # asked; its answer held back
        await pilot.press("enter", "c")
        assert type(app.screen).__name__ == "IndicatorScreen"  # no cohort of sex = 'Under 1'
        assert app.screen.drill.filters == {} and app.screen.drill.dimension == "sex"
        assert any("still being worked out" in str(n.message) for n in app._notifications)
        release.set()
        await settle(app, pilot)
        assert text(app, "#breadcrumb") == "Children looked after > by sex"
        await pilot.press("enter")  # the first row now: Male
        await settle(app, pilot)
        assert text(app, "#breadcrumb").startswith("Children looked after > Sex: Male > by ")


async def test_an_in_year_extract_opens_on_its_data_to_date_provisional_and_refuses_periods_past_it(extract_dbs):
    """The quarterly panel: the app opens at 30 September 2023, says the figures are provisional,
    names the year a complete-year figure comes from, and the picker offers the year to date and
    refuses a quarter after the data."""
    app = BriefingApp(extract_dbs[1], Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        source = text(app, "#source")
        assert "At 30 September 2023" in source and "provisional: data to 30 September 2023" in source
        placements = str(app.screen.query_one("#tile-stability-three_placements_pct").render())
        assert "2022-23" in placements   # the latest complete year's figure, named
        await pilot.press("p")
        assert type(app.screen).__name__ == "PeriodScreen"
        options = app.screen.query_one("#years")
        assert "2023-24 to date  (at 30 September 2023: provisional" in str(options.get_option_at_index(0).prompt)
        await pilot.click("#typed")
        await pilot.press(*"2024Q3", "enter")
        error = " ".join(str(app.screen.query_one("#error").render()).split())
        assert "the last day that can be asked is 2023-09-30" in error
        await pilot.press("escape")
        await settle(app, pilot)
        assert "At 30 September 2023" in text(app, "#source")


async def test_a_stock_at_a_date_shows_its_quarter_ends(extract_dbs):
    app = BriefingApp(extract_dbs[1], Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.open_indicator("cla.count")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "IndicatorScreen"
        shown = " ".join(str(app.screen.query_one("#figure").render()).split())
        assert "At 30 September 2023: " in shown and "Quarter ends" in shown
        assert "30 Sep 2023" in shown.split("Quarter ends", 1)[1]


async def test_a_default_period_past_the_extracts_data_opens_on_the_latest_data_and_says_why(extract_dbs):
    app = BriefingApp(extract_dbs[1], Settings(default_period="2024Q3"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "At 30 September 2023" in text(app, "#source")
        said = " ".join(str(n.message) for n in app._notifications)
        assert "display.default_period 2024Q3: Q3 2023-24 (October to December 2023) ends after the data" in said
        assert "showing the latest data" in said


async def test_the_rolling_twelve_months_show_at_a_date_and_hide_for_a_year(extract_dbs):
    """At 30 September 2023 the overview has the twelve months to that day beside the year to date;
    for the year ending 31 March 2023 they would be the year's own figures again, so their tiles are
    hidden (not removed: no new layout), and the arrow keys pass over them."""
    app = BriefingApp(extract_dbs[1], Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        rolling = app.screen.query_one("#tile-cla-starts_12m")
        # named by their short titles, the two can be told apart; the full title is the tooltip
        assert rolling.display and "Started care, 12 months" in str(rolling.render())
        assert "Started care\n" in str(app.screen.query_one("#tile-cla-starts").render()) + "\n"
        assert rolling.tooltip == "Children who started to be looked after in the last twelve months"
        app.period = periods.parse("2023")
        await settle(app, pilot)
        assert "year ending 31 march 2023" in text(app, "#source").lower()
        assert app.screen.query_one("#tile-cla-starts_12m") is rolling and not rolling.display
        shown = [t.result.indicator.id for row in app.screen.rows for t in row]
        assert "cla.starts_12m" not in shown and "cla.starts" in shown
        app.screen.query_one("#tile-cla-starts").focus()
        await pilot.press("right")
        assert app.focused.result.indicator.id == "cla.ceased"  # not the hidden twelve months between
        app.period = periods.parse("2023-09-30")
        await settle(app, pilot)
        assert rolling.display and app.screen.query_one("#tile-cla-starts_12m") is rolling


def test_the_app_keeps_each_overview_it_has_asked(demo_db):
    """The database cannot change while the app holds it, so going back to a period asks nothing."""
    from briefing_tui.tui.data import Repository

    repo = Repository(demo_db, YEAR)
    try:
        repo.choose_council()
        period = periods.parse("2023-09-30")
        first = repo.overview(period)
        assert repo.overview(period) is first
        assert repo.overview(periods.parse("2023")) is not first
    finally:
        repo.close()


async def test_a_flow_and_a_rolling_figure_at_a_date_say_their_span(extract_dbs):
    """At 30 September 2023 a count of starts is of the year so far, and the rolling figure of the
    twelve months to the day: neither reads as a count on the day (or a full year's)."""
    app = BriefingApp(extract_dbs[1], Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for indicator, said, before in (
                ("cla.starts", "Between 1 April 2023 and 30 September 2023: ",
                 "on a year earlier (between 1 April 2022 and 30 September 2022: "),
                ("cla.starts_12m", "In the twelve months to 30 September 2023: ",
                 "on a year earlier (in the twelve months to 30 September 2022: "),
                ("cla.count", "At 30 September 2023: ", "on a year earlier (at 30 September 2022: ")):
            app.open_indicator(indicator)
            await settle(app, pilot)
            shown = " ".join(str(app.screen.query_one("#figure").render()).split())
            assert shown.startswith(said) and before in shown, (indicator, shown)
            await pilot.press("escape")
            await settle(app, pilot)
