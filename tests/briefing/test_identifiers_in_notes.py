"""Identifiers never leave in a public file: a child's alias, CHILD id or UPN typed into a note, in any
spacing, case or punctuation, is replaced in every public format, and a note that still looks like an
identifier (a run of digits, a postcode) is left out, with a line to the officer naming it (issue 13)."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from briefing_tui.cli import main
from briefing_tui.ssda903.identifiers import skeleton
from tests.conftest import FIXTURES
from tests.helpers import do_import, query

EPOCH = "1732320000"
IDS = {"C001": "066367", "C002": "K2Z9Q7W"}   # CHILD ids of 5 or more characters; C003 and C004 stay short
UPN = "A123456789012"                          # C003's


@pytest.fixture(scope="module")
def noted(tmp_path_factory):
    """The hand-made return with long CHILD ids and a UPN, its aliases made from a fixed key, and a
    note for every way an identifier may be typed."""
    from briefing_tui.store import aliases
    from briefing_tui.store.connection import open_database
    from briefing_tui.store.notes import Notebook, add_note, notes_path

    root = tmp_path_factory.mktemp("ids")
    returned = root / "small"
    shutil.copytree(FIXTURES / "small", returned)
    for csv in returned.glob("*/*.csv"):
        text = csv.read_text(encoding="utf-8")
        for short, long in IDS.items():
            text = text.replace(short, long)
        if csv.name == "header.csv":
            text = text.replace("C003,1,03/03/2006,OOTH,,", f"C003,1,03/03/2006,OOTH,{UPN},")
        csv.write_text(text, encoding="utf-8")
    db = root / "ids.duckdb"
    do_import(db, returned, council="TEST")
    con = open_database(db)
    try:  # the same aliases on every run, so the words around them never spell one by chance
        con.execute("UPDATE meta SET value = 'identifier-tests' WHERE key = ?", [aliases.KEY])
        con.execute("DELETE FROM aliases")
        aliases.assign(con)
    finally:
        con.close()
    alias = query(db, "SELECT alias FROM aliases WHERE CHILD = ?", [IDS["C001"]])[0][0]
    code = alias.removeprefix("C-")
    notes = {  # typed -> as a public paper prints it (None: left out)
        f"Ask about C {code} and c-{code.lower()} moving": "Ask about (a child) and (a child) moving",
        f"Why did {alias}x and C.{code} change school?": "Why did (a child) and (a child) change school?",
        f"Typed id {IDS['C001']} in error": "Typed id (a child) in error",
        "Typed id 066 367 with spaces": "Typed id (a child) with spaces",
        "UPN a123 4567 89012 checked": "UPN (a child) checked",
        "K2-Z9-q7-w visited": "(a child) visited",
        "Ask about ０６６３６７ and C-0B1C9": "Ask about (a child) and (a child)",  # full-width; another database's
        "C004 is well": "C004 is well",  # four characters: too common a string to replace
        "Call 02079460000 about it": None,
        "Placed at N7 8QT since June": None,
    }
    with Notebook(notes_path(db)) as book:
        ids = {text: add_note(book, "TEST", "cla.count", "question", text).note_id for text in notes}
        owner = add_note(book, "TEST", "cla.count", "action", "Visit", owner=f"{IDS['C002']}'s worker")
        private = add_note(book, "TEST", "cla.count", "action", f"About {alias}", private=True)
    return db, alias, notes, ids, owner.note_id, private.note_id


def export(capsys, db: Path, out: Path, fmt: str, *extra: str) -> str:
    assert main(["export", "--db", str(db), "--council", "TEST", "--period", "2024", "--format", fmt,
                 "-o", str(out), *extra]) == 0
    return capsys.readouterr().err


def notes_section(fmt: str, text: str) -> str:
    """The notes and actions as the reader of each format reads them."""
    if fmt == "json":
        section = next(s for s in json.loads(text)["sections"] if s["id"] == "notes")
        return json.dumps(section, ensure_ascii=False)
    if fmt == "html":
        text = html.unescape(re.sub(r"<[^>]+>", " ", text[text.index('id="notes"'):text.index('id="questions"')]))
    elif fmt == "md":
        text = re.sub(r"\\(.)", r"\1", text[text.index("## Notes and actions"):text.index("## Questions")])
    else:
        text = text[text.index("Notes and actions"):text.index("Questions for the panel")]
    return text


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "json"])
def test_identifiers_typed_into_notes_are_replaced_and_notes_still_like_one_left_out(noted, capsys, tmp_path, fmt,
                                                                                     monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    db, alias, notes, ids, owner_note, private_note = noted
    err = export(capsys, db, tmp_path / f"public.{fmt}", fmt, "--public")
    public = notes_section(fmt, (tmp_path / f"public.{fmt}").read_text(encoding="utf-8"))
    flat = " ".join(public.split())
    held = {skeleton(alias), *IDS.values(), UPN}
    found = skeleton(public)
    assert not [h for h in held if h in found], public  # in no spacing, case or punctuation
    assert "(a child)'s worker" in flat or fmt == "txt"
    for typed, printed in notes.items():
        if printed is not None and fmt != "txt":  # (text wraps a note in its column)
            assert printed in flat, (typed, printed)
    assert "02079460000" not in flat and "8QT" not in flat  # the notes left out
    assert "C004 is well" in flat or fmt == "txt"
    assert flat.count("(a child)") >= 11 or fmt == "txt"
    assert set(err.splitlines()) == {
        f"warning: note {ids['Call 02079460000 about it']} is left out of the public version: with children's "
        "identifiers replaced it still holds a run of 5 or more digits; reword it to publish it",
        f"warning: note {ids['Placed at N7 8QT since June']} is left out of the public version: with children's "
        "identifiers replaced it still holds a postcode; reword it to publish it"}

    assert export(capsys, db, tmp_path / f"restricted.{fmt}", fmt) == ""  # restricted: every note as typed
    restricted = notes_section(fmt, (tmp_path / f"restricted.{fmt}").read_text(encoding="utf-8"))
    assert IDS["C001"] in skeleton(restricted) and "02079460000" in restricted and "N7 8QT" in restricted


def test_brief_public_says_which_notes_it_left_out(noted, capsys):
    db, alias, notes, ids, *_ = noted
    assert main(["brief", "--db", str(db), "--council", "TEST", "--period", "2024", "--public"]) == 0
    out, err = capsys.readouterr()
    assert "02079460000" not in out and "N7 8QT" not in out and alias not in out
    assert f"note {ids['Call 02079460000 about it']} is left out" in err and len(err.splitlines()) == 2


async def test_the_apps_public_export_tells_the_officer_which_notes_it_left_out(noted, tmp_path, monkeypatch):
    from briefing_tui.settings import Settings
    from briefing_tui.tui.app import BriefingApp
    from tests.tui.settle import until_settled as settle
    from tests.tui.test_app import SIZE

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    db, alias, notes, ids, *_ = noted
    app = BriefingApp(db, Settings(), council="TEST")
    target = tmp_path / "public.md"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot, lambda app: app.screen.briefing)
        assert not list(app._notifications)  # the restricted version leaves nothing out
        await pilot.press("p")
        await settle(pilot, lambda app: app.screen.briefing and app.screen.briefing.public)
        await pilot.press("e")
        await settle(pilot, lambda app: type(app.screen).__name__ == "ExportForm")
        app.screen.query_one("#path").value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot, lambda app: type(app.screen).__name__ == "BriefingScreen")
        said = [n for n in app._notifications if n.title == "Notes left out of the public version"]
        assert said and all(n.severity == "warning" for n in said)
        assert f"note {ids['Call 02079460000 about it']} is left out of the public version" in said[-1].message
        assert f"note {ids['Placed at N7 8QT since June']} is left out" in said[-1].message
    written = target.read_text(encoding="utf-8")
    assert "02079460000" not in written and "8QT" not in written and "(a child)" in written
