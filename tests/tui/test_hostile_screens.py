"""Text is text in the app: a return whose codes and CHILD id, settings whose council name, notes
and typed input all hold Rich and Textual markup, through every screen. Each value is shown as
written, and the app never exits on it (issue 13, "Hostile text")."""

from __future__ import annotations

from briefing_tui import settings as settings_mod
from briefing_tui.tui.app import BriefingApp
from tests.helpers import do_import
from tests.hostile import (
    MARKUP,
    by_placement_type,
    child_id,
    code,
    folder,
    hostile_database,
    hostile_return,
    settings_file,
)
from tests.tui.settle import until_settled
from tests.tui.test_app import table_rows, text

WIDE = (250, 50)  # the note's column in the briefing holds it on one line
H = " ".join(MARKUP)  # every kind at once: [/] [bold] [@click=app.quit] [link=https://example.com]x[/link]


def on(app, name: str) -> bool:
    return type(app.screen).__name__ == name


async def settle(pilot, name: str = "", shown=lambda app: True) -> None:
    """Until every answer is on screen (and, given ``name``, that screen is open and ``shown``)."""
    await until_settled(pilot, lambda app: (not name or on(app, name)) and shown(app))


def rendered(app) -> str:
    """The briefing on screen (laid out to its width), its lines joined."""
    lines = app.screen.query_one("#text").content.lines
    return " ".join(" ".join("".join(segment.text for segment in line) for line in lines).split())


def notified(app) -> str:
    return "\n".join(n.message for n in app._notifications)


async def test_every_screen_shows_markup_as_written(tmp_path):
    db = hostile_database(tmp_path, H)
    do_import(db, hostile_return(tmp_path / "second", H), council="999")  # two councils: the picker
    config = settings_mod.load(settings_file(tmp_path, H, officer=True))
    app = BriefingApp(db, config, council="TEST")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert f"Council {H}" in text(app, "#source")

        await by_placement_type(app, pilot)
        rows = table_rows(app)
        assert code(H) in [r[0] for r in rows], rows
        app.screen.query_one("#rows").move_cursor(row=[r[0] for r in rows].index(code(H)))
        await pilot.press("enter")  # filtered by the hostile placement: the breadcrumb says so
        await settle(pilot, "IndicatorScreen", lambda app: app.screen.drill.steps)
        assert f"Placement type: {code(H)} > by" in text(app, "#breadcrumb")

        await pilot.press("n")  # a note on it: the form names where, and saves typed markup
        await settle(pilot, "NoteForm")
        assert code(H) in text(app, "Label")
        app.screen.query_one("#text").text = f"Typed {H} here"
        app.screen.query_one("#owner").value = f"Owner {H}"
        await pilot.press("ctrl+s")
        await settle(pilot, "IndicatorScreen")
        assert on(app, "IndicatorScreen"), "the note was saved and the form closed"

        await pilot.press("c")  # the children behind the filtered figure, CHILD ids in officer mode
        await settle(pilot, "CohortScreen")
        assert on(app, "CohortScreen") and code(H) in text(app, "#title")
        rows = table_rows(app)
        assert [child_id(H), code(H)] == [rows[0][0], rows[0][6]], rows
        await pilot.press("enter")  # that child's timeline
        await settle(pilot, "ChildScreen")
        assert on(app, "ChildScreen") and text(app, "#title").startswith(child_id(H))
        assert any(code(H) in row[2] for row in table_rows(app)), table_rows(app)

        await pilot.press("t")  # the notes: both listed, and each can be reached again
        await settle(pilot, "NotesScreen")
        assert on(app, "NotesScreen")
        notes = [row[3] for row in table_rows(app)]
        assert f"Ask {H} about it" in notes and f"Typed {H} here" in notes
        table = app.screen.query_one("#notes")
        table.move_cursor(row=notes.index(f"Ask {H} about it"))
        await pilot.press("x")  # and deleted
        await settle(pilot)
        assert [row[3] for row in table_rows(app)] == [f"Typed {H} here"]
        await pilot.press("enter")  # the other opened to edit, as typed
        await settle(pilot, "NoteForm")
        assert on(app, "NoteForm") and app.screen.query_one("#text").text == f"Typed {H} here"
        assert f"Edit the note on Children looked after: Placement type: {code(H)}" in text(app, "Label")
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("b")  # the briefing, restricted then public, and its export
        await settle(pilot, "BriefingScreen", lambda app: app.screen.briefing)
        assert f"Panel {H} briefing: Council {H}" in rendered(app) and f"Typed {H} here" in rendered(app)
        await pilot.press("p")
        await settle(pilot, "BriefingScreen", lambda app: app.screen.briefing and app.screen.briefing.public)
        assert "Public version" in text(app, "#version") and f"Typed {H} here" in rendered(app)
        target = folder(tmp_path, H) / f"brief {H}.md"
        await pilot.press("e")
        await settle(pilot, "ExportForm")
        assert on(app, "ExportForm")
        app.screen.query_one("#path").value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot, "BriefingScreen")
        assert on(app, "BriefingScreen") and target.is_file()
        assert f"Wrote {target}" in notified(app)
        await pilot.press("e")  # the same name again: the question quotes it
        await settle(pilot)
        app.screen.query_one("#path").value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot, "ConfirmReplace")
        assert on(app, "ConfirmReplace") and f"{target} already exists" in text(app, "Label")
        await pilot.press("n", "escape", "escape")
        await settle(pilot)

        await pilot.press("g")  # the principles, and keys
        await settle(pilot, "PrinciplesScreen")
        assert on(app, "PrinciplesScreen")
        await pilot.press("question_mark")
        await settle(pilot, "HelpScreen")
        assert on(app, "HelpScreen")
        await pilot.press("escape")

        await pilot.press("p")  # a period typed with markup in it is quoted back as typed
        await settle(pilot, "PeriodScreen")
        assert on(app, "PeriodScreen")
        app.screen.query_one("#typed").value = H
        app.screen.query_one("#typed").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert f"period '{H}' is not one this tool reads" in text(app, "#error")
        await pilot.press("escape")

        await pilot.press("C")  # the council picker (it names councils as their returns were filed)
        await settle(pilot, "CouncilScreen")
        assert on(app, "CouncilScreen")
        options = app.screen.query_one("#councils")
        assert [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)] == [
            "999 (local code)", "TEST (local code)"]
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running
