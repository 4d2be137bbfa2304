"""Notes and actions: saving, listing order, editing, deleting, checks, read-only refusal, durability,
several programs at once, and notes moved out of databases that kept them (schemas 2 and 3)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import duckdb
import pytest

from briefing_tui.errors import UserError
from briefing_tui.store import notes
from briefing_tui.store.connection import open_database
from briefing_tui.store.notes import (
    KEEP,
    Notebook,
    add_note,
    delete_note,
    get_note,
    list_notes,
    notes_path,
    update_note,
)
from briefing_tui.store.schema import continuous_care_sql
from tests.helpers import do_import

T0 = dt.datetime(2025, 1, 10, 9, 0)
READ_ONLY = "^notes cannot be saved: "


@pytest.fixture
def con(db_path):
    """The notes file of the test database (named ``con`` as the tests were written against it)."""
    book = Notebook(notes_path(db_path))
    yield book
    book.close()


@pytest.fixture
def clock(monkeypatch):
    """notes._now made to tick a minute per call from T0 (or stand still when told)."""
    state = {"now": T0, "step": dt.timedelta(minutes=1)}

    def now():
        state["now"] += state["step"]
        return state["now"]

    monkeypatch.setattr(notes, "_now", now)
    return state


def test_a_note_is_saved_with_where_it_was_raised(con, clock):
    note = add_note(con, "TEST", "cla.count", "question", "  Why did numbers rise in Q3?  ", owner="Head of Service",
                    due="31/03/2025", period_label="2023-24", period_end=dt.date(2024, 3, 31),
                    drill_path="Age: 16 and over > by sex")
    assert note == notes.Note(note.note_id, "TEST", "cla.count", "question", "Why did numbers rise in Q3?",
                              "Head of Service", dt.date(2025, 3, 31), "open", note.created_at, note.created_at,
                              "2023-24", dt.date(2024, 3, 31), "Age: 16 and over > by sex")
    assert note.created_at == T0 + dt.timedelta(minutes=1)
    assert get_note(con, note.note_id) == note
    assert list_notes(con, "TEST") == [note]
    plain = add_note(con, "TEST", "leavers.eet_pct", "action", "Ask the leaving care team")
    assert (plain.owner, plain.due, plain.period_label, plain.period_end, plain.drill_path) == \
        ("", None, None, None, None)
    assert plain.note_id > note.note_id


def test_notes_are_listed_open_first_then_by_due_date_then_newest(con, clock):
    def add(text, due=None, indicator="cla.count"):
        return add_note(con, "TEST", indicator, "action", text, due=due)

    late = add("due in May", "2025-05-01")
    older = add("no due date, older")
    newer = add("no due date, newer")
    done = add("done, due first", "2025-01-01")
    soon = add("due in March", "2025-03-01", indicator="cla.uasc")
    add_note(con, "OTHER", "cla.count", "action", "another council's")
    update_note(con, done.note_id, status="done")
    listed = [n.text for n in list_notes(con, "TEST")]
    assert listed == [soon.text, late.text, newer.text, older.text, done.text]
    assert [n.text for n in list_notes(con, "TEST", status="open")] == listed[:4]
    assert [n.text for n in list_notes(con, "TEST", status="done")] == [done.text]
    assert [n.text for n in list_notes(con, "TEST", indicator_id="cla.uasc")] == [soon.text]
    assert [n.text for n in list_notes(con, "TEST", indicator_id="cla.count", status="open")] == \
        [late.text, newer.text, older.text]
    assert list_notes(con, "NOBODY") == []


def test_a_note_is_edited_field_by_field(con, clock):
    note = add_note(con, "TEST", "cla.count", "question", "first words", owner="A", due="01/06/2025")
    changed = update_note(con, note.note_id, text="second words", owner="  Bea   Smith ", due=dt.date(2025, 7, 1))
    assert (changed.text, changed.owner, changed.due, changed.kind, changed.status) == \
        ("second words", "Bea Smith", dt.date(2025, 7, 1), "question", "open")
    assert changed.created_at == note.created_at and changed.updated_at > note.updated_at
    closed = update_note(con, note.note_id, status="done", due=None, kind="action")
    assert (closed.text, closed.owner, closed.due, closed.status, closed.kind) == \
        ("second words", "Bea Smith", None, "done", "action")
    assert update_note(con, note.note_id, owner=None).owner == ""
    clock["step"] = dt.timedelta(0)  # a clock that has not moved (or moved back) still moves updated_at on
    again = update_note(con, note.note_id, status="open")
    assert again.updated_at > closed.updated_at and again.status == "open"
    assert update_note(con, note.note_id) == again  # nothing asked, nothing written
    assert update_note(con, note.note_id, text=KEEP) == again
    assert get_note(con, note.note_id) == again


def test_a_note_is_deleted_and_its_number_never_reused(con, clock):
    first = add_note(con, "TEST", "cla.count", "action", "keep me")
    gone = add_note(con, "TEST", "cla.count", "action", "delete me")
    delete_note(con, gone.note_id)
    assert list_notes(con, "TEST") == [first]
    with pytest.raises(UserError, match=f"^no note {gone.note_id}$"):
        delete_note(con, gone.note_id)
    with pytest.raises(UserError, match=f"^no note {gone.note_id}$"):
        update_note(con, gone.note_id, text="back?")
    with pytest.raises(UserError, match=f"^no note {gone.note_id}$"):
        get_note(con, gone.note_id)
    assert add_note(con, "TEST", "cla.count", "action", "new").note_id > gone.note_id


@pytest.mark.parametrize("change, message", [
    (dict(text=""), "a note needs some text: write the question or action"),
    (dict(text=" \n "), "a note needs some text"),
    (dict(text="x" * 2001), "a note's text is 2,001 characters: shorten it to 2,000 or fewer"),
    (dict(text="bell\x07"), "a note's text holds a control character"),
    (dict(kind="comment"), "a note is a question or an action, not 'comment'"),
    (dict(owner="o" * 101), "owner is 101 characters: shorten it to 100 or fewer"),
    (dict(due="31/02/2025"), "due date '31/02/2025' is not a date: give it as DD/MM/YYYY, e.g. 31/03/2025"),
    (dict(due="next week"), "due date 'next week' is not a date"),
    (dict(due=20250331), "due date 20250331 is not a date"),
    (dict(due="01/01/0025"), "due date 01/01/0025 is not a plausible date: give a year from 2000 to 2099"),
    (dict(period_label="2023-24"), "a note's period needs both its label and its end date, or neither"),
    (dict(period_end=dt.date(2024, 3, 31)), "a note's period needs both"),
    (dict(council=" "), "a note needs a council"),
    (dict(indicator_id=""), "a note needs an indicator"),
    (dict(drill_path="> " * 200), "drill path is 399 characters: shorten it to 300 or fewer"),
])
def test_bad_notes_are_refused_with_the_reason(con, change, message):
    args = dict(council="TEST", indicator_id="cla.count", kind="question", text="words") | change
    with pytest.raises(UserError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        add_note(con, **args)
    assert list_notes(con, "TEST") == []
    note = add_note(con, "TEST", "cla.count", "question", "words")
    for field in ("text", "kind", "owner", "due"):
        if field in change:
            with pytest.raises(UserError, match=message.split(":")[0].replace("(", r"\(")):
                update_note(con, note.note_id, **{field: change[field]})
    assert get_note(con, note.note_id) == note


def test_what_is_accepted_at_the_limits(con):
    note = add_note(con, "TEST", "cla.count", "ACTION ", "x" * 2000, owner="o" * 100, due="2020-01-31",
                    drill_path="")
    assert (note.kind, len(note.text), len(note.owner), note.due, note.drill_path) == \
        ("action", 2000, 100, dt.date(2020, 1, 31), None)  # a due date already past is allowed
    assert add_note(con, "TEST", "cla.count", "question", "line one\r\nline two\tend", due="").text == \
        "line one\nline two\tend"
    assert update_note(con, str(note.note_id), due="1/4/2025", status=" Done").due == dt.date(2025, 4, 1)
    for bad in ("abc", 0, -1, 2**40, True, 1.0):
        with pytest.raises(UserError, match="^no note "):
            update_note(con, bad, text="y")
    with pytest.raises(UserError, match="^a note's status is open or done, not 'closed'"):
        list_notes(con, "TEST", status="closed")


def test_the_notes_file_sits_beside_the_database(tmp_path):
    assert notes_path(tmp_path / "briefings.duckdb") == tmp_path / "briefings.duckdb.notes.sqlite"
    assert notes_path(tmp_path / "mine") == tmp_path / "mine.notes.sqlite"
    # Two databases never share a notes file.
    names = ["briefings.duckdb", "briefings.db", "briefings", "briefings.notes"]
    assert len({notes_path(tmp_path / n) for n in names}) == len(names)


def test_a_read_only_notes_file_refuses_every_write_in_a_sentence(db_path):
    with Notebook(notes_path(db_path)) as book:
        note = add_note(book, "TEST", "cla.count", "question", "saved while writable")
    notes_path(db_path).chmod(0o444)
    try:
        for book in (Notebook(notes_path(db_path)), Notebook(notes_path(db_path), read_only=True)):
            with book:
                assert not book.writable
                assert list_notes(book, "TEST") == [note]
                for write in (lambda b=book: add_note(b, "TEST", "cla.count", "action", "new"),
                              lambda b=book: update_note(b, note.note_id, text="changed"),
                              lambda b=book: delete_note(b, note.note_id)):
                    with pytest.raises(UserError, match=READ_ONLY):
                        write()
                assert list_notes(book, "TEST") == [note]
    finally:
        notes_path(db_path).chmod(0o644)


def test_a_read_only_folder_says_so_and_reading_still_works(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    with Notebook(notes_path(folder / "x.duckdb")) as book:
        add_note(book, "TEST", "cla.count", "question", "before the folder was locked")
    folder.chmod(0o555)
    try:
        with Notebook(notes_path(folder / "x.duckdb")) as book:
            assert book.why_read_only == f"the folder of the notes file {notes_path(folder / 'x.duckdb')} is read-only"
            assert [n.text for n in list_notes(book, "TEST")] == ["before the folder was locked"]
        with Notebook(notes_path(folder / "none.duckdb")) as book:  # no notes yet: nothing to read
            assert list_notes(book, "TEST") == [] and not book.writable
    finally:
        folder.chmod(0o755)


def test_a_note_survives_closing_and_reopening(db_path):
    with Notebook(notes_path(db_path)) as book:
        note = add_note(book, "TEST", "cla.count", "action", "still here", owner="Chair", due="30/04/2025",
                        period_label="Q4 2024-25", period_end="2025-03-31", drill_path="Sex: Female")
    with Notebook(notes_path(db_path)) as book:
        assert list_notes(book, "TEST") == [note]


def _in_another_program(db_path, text: str, *, die: bool = False) -> None:
    code = (
        "import os, sys\n"
        "from briefing_tui.store.notes import Notebook, add_note, notes_path\n"
        "book = Notebook(notes_path(sys.argv[1]))\n"
        "add_note(book, 'TEST', 'cla.count', 'action', sys.argv[2])\n"
        + ("os._exit(9)\n" if die else "book.close()\n")  # dying: no close, only what was committed is on disk
    )
    done = subprocess.run([sys.executable, "-c", code, str(db_path), text], capture_output=True, text=True)
    assert done.returncode == (9 if die else 0), done.stderr


def test_a_saved_note_survives_the_program_dying_at_once(db_path):
    _in_another_program(db_path, "written just before the crash", die=True)
    with Notebook(notes_path(db_path)) as book:
        assert [(n.text, n.status) for n in list_notes(book, "TEST")] == [("written just before the crash", "open")]


def test_two_programs_write_notes_while_both_are_open(db_path):
    """The chair's app holds the notes file open; the officer's program writes too; each sees both."""
    with Notebook(notes_path(db_path)) as app:
        mine = add_note(app, "TEST", "cla.count", "question", "from the app")
        _in_another_program(db_path, "from the officer")
        assert sorted(n.text for n in list_notes(app, "TEST")) == ["from the app", "from the officer"]
        update_note(app, mine.note_id, status="done")
        _in_another_program(db_path, "another from the officer")
        assert len(list_notes(app, "TEST")) == 3
        assert len({n.note_id for n in list_notes(app, "TEST")}) == 3


def test_a_note_can_be_private_and_only_true_or_false(con):
    note = add_note(con, "TEST", "cla.count", "question", "about one child's move", private=True)
    assert note.private is True and get_note(con, note.note_id).private is True
    with pytest.raises(notes.NoteError, match="private must be true or false, not 'yes'"):
        add_note(con, "TEST", "cla.count", "question", "x", private="yes")


# --- databases that kept their notes inside (schemas 2 and 3) ------------------------------------

_OLD_NOTES = """
CREATE SEQUENCE notes_id_seq START 1;
CREATE TABLE notes (
    note_id INTEGER PRIMARY KEY DEFAULT nextval('notes_id_seq'), council VARCHAR NOT NULL,
    indicator_id VARCHAR NOT NULL, period_label VARCHAR, period_end DATE, drill_path VARCHAR,
    kind VARCHAR NOT NULL, text VARCHAR NOT NULL, owner VARCHAR NOT NULL, due DATE, status VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL{private})"""


def _as_version(db_path, version: int, texts: list[str], *, deleted: int = 0) -> None:
    """Make the database look as schema ``version`` left it, its notes inside it (``deleted`` notes
    made and deleted after them, so the sequence has moved past the last kept id)."""
    raw = duckdb.connect(str(db_path))
    raw.execute("DROP TABLE councils")
    raw.execute(_OLD_NOTES.format(private=", private BOOLEAN NOT NULL DEFAULT false" if version == 3 else ""))
    for text in texts + [f"deleted {i}" for i in range(deleted)]:
        raw.execute("INSERT INTO notes (council, indicator_id, kind, text, owner, due, status, created_at, updated_at) "
                    "VALUES ('TEST', 'cla.count', 'action', ?, 'Chair', DATE '2025-03-31', 'open', "
                    "TIMESTAMP '2025-01-02 10:00', TIMESTAMP '2025-01-02 10:00')", [text])
    raw.execute("DELETE FROM notes WHERE starts_with(text, 'deleted')")
    raw.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(version)])
    raw.close()


@pytest.mark.parametrize("version", [2, 3])
def test_notes_kept_in_an_older_database_move_to_the_notes_file(db_with_small, db_path, version):
    _as_version(db_path, version, ["first", "second"], deleted=3)
    con = open_database(db_path, read_only=True)   # the app opens it so: the upgrade happens first
    try:
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("5",)
        assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'notes'"
                           ).fetchone() == (0,)
        assert con.execute("SELECT code, name, kind FROM councils").fetchall() == [("TEST", "TEST", "local")]
    finally:
        con.close()
    with Notebook(notes_path(db_path)) as book:
        moved = list_notes(book, "TEST")
        assert sorted((n.note_id, n.text, n.owner, n.due, n.private) for n in moved) == [
            (1, "first", "Chair", dt.date(2025, 3, 31), False), (2, "second", "Chair", dt.date(2025, 3, 31), False)]
        assert moved[0].created_at == dt.datetime(2025, 1, 2, 10, 0)
        # Notes 3-5 were deleted in the old database: their numbers are never given again.
        assert add_note(book, "TEST", "cla.count", "question", "after the move").note_id == 6


def test_an_interrupted_move_copies_nothing_twice(db_with_small, db_path, monkeypatch):
    _as_version(db_path, 3, ["only"])
    from briefing_tui.store import schema

    def fail(con, version, renamed=None):
        raise RuntimeError("power cut")

    monkeypatch.setattr(schema, "upgrade", fail)
    with pytest.raises(RuntimeError):
        open_database(db_path)
    monkeypatch.undo()
    open_database(db_path).close()
    with Notebook(notes_path(db_path)) as book:
        assert [n.text for n in list_notes(book, "TEST")] == ["only"]


def test_a_version_1_database_is_upgraded_in_place(db_with_small, db_path):
    raw = duckdb.connect(str(db_path))  # make it look as version 1 left it (as in tests/indicators/test_drill.py)
    raw.execute("DROP TABLE aliases")
    raw.execute("DROP TABLE IF EXISTS indicator_rows")
    raw.execute("DROP TABLE councils")
    raw.execute("DROP TABLE continuous_care")
    raw.execute(f"CREATE VIEW continuous_care AS {continuous_care_sql('episodes')}")
    raw.execute("DELETE FROM meta WHERE key NOT IN ('schema_version', 'created_by')")
    raw.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    raw.close()
    con = open_database(db_path, read_only=True)
    try:
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("5",)
        assert con.execute("SELECT count(*) FROM aliases").fetchone()[0] > 0
        assert con.execute("SELECT code FROM councils").fetchall() == [("TEST",)]
    finally:
        con.close()
    assert not notes_path(db_path).exists()  # it had no notes: no notes file is made for it


@pytest.mark.parametrize("damage", ["not sqlite", "malformed"])
def test_an_unreadable_notes_file_is_an_error_never_no_notes(capsys, db_with_small, db_path, damage):
    """The officer's paper must not say the panel recorded nothing when its notes cannot be read."""
    from briefing_tui.cli import main

    with Notebook(notes_path(db_path)) as book:
        for i in range(200):
            add_note(book, "TEST", "cla.count", "question", f"note {i} " + "x" * 500)
    path = notes_path(db_path)
    if damage == "not sqlite":
        path.write_bytes(b"this is not a notes file" * 100)
    else:
        data = bytearray(path.read_bytes())
        data[5000:60000] = b"\xff" * 55000   # pages of notes overwritten
        path.write_bytes(bytes(data))
    code = main(["brief", "--db", str(db_path), "--council", "TEST"])
    out, err = capsys.readouterr()
    assert code != 0
    assert "Traceback" not in err and "no notes or actions" not in out
    assert f"error: the notes file {path} cannot be read" in " ".join(err.split())
    assert "move it aside" in " ".join(err.split())


def test_an_upgrade_files_councils_under_the_codes_they_are_now_named_by(small, db_path):
    """Older versions stored the council as typed ("camden", "E09000003", "test"); now 202, 302 and
    TEST, with their notes; a council already held under its new code is never merged into."""
    for typed in ("camden", "E09000003", "test", "302"):
        do_import(db_path, small, council=typed)   # stored exactly as typed, as older versions did
    _as_version(db_path, 3, ["about camden"])
    raw = duckdb.connect(str(db_path))
    raw.execute("UPDATE notes SET council = 'camden'")
    raw.close()
    con = open_database(db_path, read_only=True)
    try:
        held = con.execute("SELECT code, name FROM councils ORDER BY code").fetchall()
        returns = con.execute("SELECT DISTINCT council FROM returns ORDER BY 1").fetchall()
        aliases = con.execute("SELECT DISTINCT council FROM aliases ORDER BY 1").fetchall()
    finally:
        con.close()
    # E09000003 is Barnet, already held as 302: kept apart under its old code, never merged.
    assert held == [("202", "Camden"), ("302", "Barnet"), ("E09000003", "E09000003"), ("TEST", "TEST")]
    assert returns == aliases == [("202",), ("302",), ("E09000003",), ("TEST",)]
    with Notebook(notes_path(db_path)) as book:
        assert [n.text for n in list_notes(book, "202")] == ["about camden"]
