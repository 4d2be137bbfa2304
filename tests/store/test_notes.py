"""Notes and actions: saving, listing order, editing, deleting, checks, read-only refusal, durability."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import duckdb
import pytest

from briefing_tui.errors import UserError
from briefing_tui.store import notes
from briefing_tui.store.connection import open_database
from briefing_tui.store.notes import KEEP, add_note, delete_note, get_note, list_notes, update_note
from briefing_tui.store.schema import continuous_care_sql
from tests.helpers import do_import, query

T0 = dt.datetime(2025, 1, 10, 9, 0)
READ_ONLY = "^notes cannot be saved because the database is open read-only: close any other program"


@pytest.fixture
def con(db_path):
    con = open_database(db_path)
    yield con
    con.close()


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


def test_a_read_only_database_refuses_every_write_in_a_sentence(db_path, monkeypatch):
    con = open_database(db_path)
    note = add_note(con, "TEST", "cla.count", "question", "saved while writable")
    con.close()
    con = open_database(db_path, read_only=True)
    try:
        assert list_notes(con, "TEST") == [note]
        writes = [lambda c: add_note(c, "TEST", "cla.count", "action", "new"),
                  lambda c: update_note(c, note.note_id, text="changed"),
                  lambda c: delete_note(c, note.note_id)]
        for write in writes:
            for c in (con, con.cursor()):  # the app asks on a cursor per thread worker
                with pytest.raises(UserError, match=READ_ONLY):
                    write(c)
        # Should the up-front check miss, DuckDB's own refusal is turned into the same sentence.
        monkeypatch.setattr(notes, "is_read_only", lambda c: False)
        for write in writes:
            with pytest.raises(UserError, match=READ_ONLY) as caught:
                write(con)
            assert isinstance(caught.value.__cause__, duckdb.Error)
        assert list_notes(con, "TEST") == [note]
    finally:
        con.close()


def test_a_note_survives_closing_and_reopening(db_path):
    con = open_database(db_path)
    note = add_note(con, "TEST", "cla.count", "action", "still here", owner="Chair", due="30/04/2025",
                    period_label="Q4 2024-25", period_end="2025-03-31", drill_path="Sex: Female")
    con.close()
    con = open_database(db_path)
    try:
        assert list_notes(con, "TEST") == [note]
    finally:
        con.close()


def test_a_saved_note_survives_the_program_dying_at_once(db_path):
    open_database(db_path).close()
    code = (
        "import os, sys\n"
        "from briefing_tui.store.connection import open_database\n"
        "from briefing_tui.store.notes import add_note\n"
        "con = open_database(sys.argv[1])\n"
        "add_note(con, 'TEST', 'cla.count', 'action', 'written just before the crash')\n"
        "os._exit(9)\n"  # no close, no checkpoint: only what was committed is on disk
    )
    done = subprocess.run([sys.executable, "-c", code, str(db_path)], capture_output=True, text=True)
    assert done.returncode == 9, done.stderr
    assert query(db_path, "SELECT text, status FROM notes") == [("written just before the crash", "open")]


def test_an_older_database_is_upgraded_in_place_with_a_notes_table(small, db_path):
    do_import(db_path, small, council="TEST")
    raw = duckdb.connect(str(db_path))  # make it look as version 1 left it (as in tests/indicators/test_drill.py)
    raw.execute("DROP TABLE aliases")
    raw.execute("DROP TABLE IF EXISTS indicator_rows")
    raw.execute("DROP TABLE notes")
    raw.execute("DROP SEQUENCE notes_id_seq")
    raw.execute("DROP TABLE continuous_care")
    raw.execute(f"CREATE VIEW continuous_care AS {continuous_care_sql('episodes')}")
    raw.execute("DELETE FROM meta WHERE key NOT IN ('schema_version', 'created_by')")
    raw.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    raw.close()
    con = open_database(db_path, read_only=True)
    try:
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("3",)
        assert con.execute("SELECT count(*) FROM aliases").fetchone()[0] > 0
        assert list_notes(con, "TEST") == []
    finally:
        con.close()
    con = open_database(db_path)
    try:
        note = add_note(con, "TEST", "cla.count", "question", "first note after the upgrade")
        assert list_notes(con, "TEST") == [note]
    finally:
        con.close()


def test_a_version_2_database_keeps_its_notes_which_are_not_private(small, db_path):
    do_import(db_path, small, council="TEST")
    con = open_database(db_path)
    kept = add_note(con, "TEST", "cla.count", "action", "written before notes could be private")
    con.close()
    raw = duckdb.connect(str(db_path))  # as version 2 left it: no private column
    raw.execute("ALTER TABLE notes DROP COLUMN private")
    raw.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    raw.close()
    con = open_database(db_path)
    try:
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("3",)
        (note,) = list_notes(con, "TEST")
        assert note.text == kept.text and note.private is False
        assert update_note(con, note.note_id, private=True).private is True
    finally:
        con.close()


def test_a_note_can_be_private_and_only_true_or_false(db_path):
    con = open_database(db_path)
    try:
        note = add_note(con, "TEST", "cla.count", "question", "about one child's move", private=True)
        assert note.private is True and get_note(con, note.note_id).private is True
        with pytest.raises(notes.NoteError, match="private must be true or false, not 'yes'"):
            add_note(con, "TEST", "cla.count", "question", "x", private="yes")
    finally:
        con.close()


def test_a_version_2_database_made_before_notes_existed_gets_them(small, db_path):
    do_import(db_path, small, council="TEST")
    raw = duckdb.connect(str(db_path))
    raw.execute("DROP TABLE notes")
    raw.execute("DROP SEQUENCE notes_id_seq")
    raw.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    raw.close()
    con = open_database(db_path, read_only=True)
    try:
        assert list_notes(con, "TEST") == []
    finally:
        con.close()
