"""Notes and actions: the questions and actions a panel records against an indicator.

Each note belongs to a council and an indicator, and may say which period it was raised for and
where on screen (the drill path, as text). Every write is one statement, committed at once, so a
saved note survives a crash; on a read-only connection a write is refused with one clear sentence.
Inputs are checked here, so the app's form and any other caller get the same messages.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

import duckdb

from briefing_tui.errors import UserError

KINDS = ("question", "action")
STATUSES = ("open", "done")
MAX_TEXT = 2000
MAX_OWNER = 100
MAX_LABEL = 100        # indicator ids and period labels
MAX_DRILL_PATH = 300
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
YEARS = range(2000, 2100)  # a due date outside these is a typing slip, not a plan
READ_ONLY = ("notes cannot be saved because the database is open read-only: close any other program "
             "using it (or make the file writable) and open briefing-tui again")


class NoteError(UserError):
    """A note that cannot be saved, changed or found as asked."""


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()  # update_note: leave this field as it is


@dataclass(frozen=True)
class Note:
    note_id: int
    council: str
    indicator_id: str
    kind: str                    # "question" or "action"
    text: str
    owner: str                   # "" when nobody is named
    due: dt.date | None
    status: str                  # "open" or "done"
    created_at: dt.datetime
    updated_at: dt.datetime
    period_label: str | None = None
    period_end: dt.date | None = None
    drill_path: str | None = None
    private: bool = False        # kept out of public briefings


COLUMNS = ("note_id, council, indicator_id, kind, text, owner, due, status, created_at, updated_at, "
           "period_label, period_end, drill_path, private")


def add_note(con: duckdb.DuckDBPyConnection, council: str, indicator_id: str, kind: str, text: str, *,
             owner: str | None = "", due: dt.date | str | None = None, period_label: str | None = None,
             period_end: dt.date | str | None = None, drill_path: str | None = None,
             private: bool = False) -> Note:
    """Save a new, open note and return it as stored. ``due`` may be a date, DD/MM/YYYY or YYYY-MM-DD."""
    _require_writable(con)
    label, end = _period(period_label, period_end)
    values = [_name(council, "council", MAX_LABEL), _name(indicator_id, "indicator", MAX_LABEL),
              _kind(kind), _text(text), _owner(owner), _date(due, "due date"), "open", label, end,
              _drill_path(drill_path), _flag(private, "private")]
    now = _now()
    rows = _write(con, f"""
        INSERT INTO notes (council, indicator_id, kind, text, owner, due, status, period_label, period_end,
                           drill_path, private, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        RETURNING {COLUMNS}""", [*values, now, now])
    return Note(*rows[0])


def update_note(con: duckdb.DuckDBPyConnection, note_id: int, *, kind=KEEP, text=KEEP, owner=KEEP,
                due=KEEP, status=KEEP, private=KEEP) -> Note:
    """Change the fields given (``due=None`` clears the due date) and return the note as stored.

    updated_at moves on (always later than before, even on a coarse clock); created_at never changes.
    """
    number = _note_id(note_id)
    changes = {"kind": _kind, "text": _text, "owner": _owner,
               "due": lambda v: _date(v, "due date"), "status": _status,
               "private": lambda v: _flag(v, "private")}
    given = dict(kind=kind, text=text, owner=owner, due=due, status=status, private=private)
    if all(v is KEEP for v in given.values()):
        return get_note(con, number)
    _require_writable(con)
    params: list = []
    for field, check in changes.items():
        value = given[field]
        params += [value is not KEEP, None if value is KEEP else check(value)]
    rows = _write(con, f"""
        UPDATE notes SET
            kind   = CASE WHEN ? THEN ? ELSE kind END,
            text   = CASE WHEN ? THEN ? ELSE text END,
            owner  = CASE WHEN ? THEN ? ELSE owner END,
            due    = CASE WHEN ? THEN ? ELSE due END,
            status = CASE WHEN ? THEN ? ELSE status END,
            private = CASE WHEN ? THEN ? ELSE private END,
            updated_at = greatest(?, updated_at + INTERVAL 1 MICROSECOND)
        WHERE note_id = ?
        RETURNING {COLUMNS}""", [*params, _now(), number])
    if not rows:
        raise NoteError(f"no note {number}")
    return Note(*rows[0])


def delete_note(con: duckdb.DuckDBPyConnection, note_id: int) -> None:
    number = _note_id(note_id)
    _require_writable(con)
    if not _write(con, "DELETE FROM notes WHERE note_id = ? RETURNING note_id", [number]):
        raise NoteError(f"no note {number}")


def get_note(con: duckdb.DuckDBPyConnection, note_id: int) -> Note:
    number = _note_id(note_id)
    row = con.execute(f"SELECT {COLUMNS} FROM notes WHERE note_id = ?", [number]).fetchone()
    if row is None:
        raise NoteError(f"no note {number}")
    return Note(*row)


def list_notes(con: duckdb.DuckDBPyConnection, council: str, indicator_id: str | None = None,
               status: str | None = None) -> list[Note]:
    """A council's notes (of one indicator, of one status): open first, then by due date (none
    last), then newest first."""
    if status is not None:
        status = _status(status)
    rows = con.execute(f"""
        SELECT {COLUMNS} FROM notes
        WHERE council = ? AND (? IS NULL OR indicator_id = ?) AND (? IS NULL OR status = ?)
        ORDER BY status = 'done', due NULLS LAST, created_at DESC, note_id DESC
    """, [council, indicator_id, indicator_id, status, status]).fetchall()
    return [Note(*row) for row in rows]


def is_read_only(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("SELECT current_setting('access_mode')").fetchone()[0] == "read_only"


def _now() -> dt.datetime:
    return dt.datetime.now()  # local time, as the import log


def _require_writable(con: duckdb.DuckDBPyConnection) -> None:
    if is_read_only(con):
        raise NoteError(READ_ONLY)


def _write(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[tuple]:
    """One statement in its own transaction (committed before this returns), DuckDB's refusals
    turned into sentences."""
    try:
        return con.execute(sql, params).fetchall()
    except duckdb.InvalidInputException as exc:
        if "read-only" in str(exc):
            raise NoteError(READ_ONLY) from exc
        raise
    except duckdb.IOException as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise NoteError(f"the note could not be saved: {first}") from exc


def _note_id(value) -> int:
    if isinstance(value, str) and value.strip().isdecimal():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**31:
        raise NoteError(f"no note {value!r}" if not isinstance(value, int) else f"no note {value}")
    return value


def _name(value, what: str, most: int) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise NoteError(f"a note needs {'an' if what[0] in 'aeiou' else 'a'} {what}")
    if len(text) > most or _has_control(text):
        raise NoteError(f"{what} {text[:40]!r} is not a valid {what} name")
    return text


def _kind(value) -> str:
    kind = value.strip().lower() if isinstance(value, str) else value
    if kind not in KINDS:
        raise NoteError(f"a note is a question or an action, not {value!r}")
    return kind


def _flag(value, what: str) -> bool:
    if not isinstance(value, bool):
        raise NoteError(f"{what} must be true or false, not {value!r}")
    return value


def _status(value) -> str:
    status = value.strip().lower() if isinstance(value, str) else value
    if status not in STATUSES:
        raise NoteError(f"a note's status is open or done, not {value!r}")
    return status


def _text(value) -> str:
    if not isinstance(value, str):
        raise NoteError(f"a note's text must be text, not {value!r}")
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise NoteError("a note needs some text: write the question or action")
    if len(text) > MAX_TEXT:
        raise NoteError(f"a note's text is {len(text):,} characters: shorten it to {MAX_TEXT:,} or fewer")
    if _has_control(text.replace("\n", "").replace("\t", "")):
        raise NoteError("a note's text holds a control character: type it again")
    return text


def _owner(value) -> str:
    if value is None:
        return ""
    owner = _one_line(value, "owner")
    if len(owner) > MAX_OWNER:
        raise NoteError(f"owner is {len(owner):,} characters: shorten it to {MAX_OWNER} or fewer")
    return owner


def _one_line(value, what: str) -> str:
    """Text on one line, runs of spaces (and line breaks) made one space."""
    if not isinstance(value, str):
        raise NoteError(f"{what} must be text, not {value!r}")
    line = " ".join(value.split())
    if _has_control(line):
        raise NoteError(f"{what} holds a control character: type it again")
    return line


def _has_control(text: str) -> bool:
    return any(unicodedata.category(c) == "Cc" for c in text)


def _drill_path(value) -> str | None:
    if value is None:
        return None
    path = _one_line(value, "drill path")
    if len(path) > MAX_DRILL_PATH:
        raise NoteError(f"drill path is {len(path):,} characters: shorten it to {MAX_DRILL_PATH} or fewer")
    return path or None


def _period(label, end) -> tuple[str | None, dt.date | None]:
    label = label.strip() if isinstance(label, str) else label
    end = _date(end, "period end")
    if not label and end is None:
        return None, None
    if not label or end is None:
        raise NoteError("a note's period needs both its label and its end date, or neither")
    return _name(label, "period", MAX_LABEL), end


def _date(value, what: str) -> dt.date | None:
    """A date, DD/MM/YYYY or YYYY-MM-DD; None or "" for none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    day = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        for fmt in DATE_FORMATS:
            try:
                day = dt.datetime.strptime(value.strip(), fmt).date()
                break
            except ValueError:
                continue
    if day is None:
        raise NoteError(f"{what} {value!r} is not a date: give it as DD/MM/YYYY, e.g. 31/03/2025")
    if day.year not in YEARS:
        raise NoteError(f"{what} {day.day:02}/{day.month:02}/{day.year:04} is not a plausible date: give a year from "
                        f"{YEARS.start} to {YEARS.stop - 1}")
    return day
