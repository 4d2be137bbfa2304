"""Notes and actions: the questions and actions a panel records against an indicator.

They live in a file of their own beside the database (``notes_path``: SQLite, in WAL mode), not in
the DuckDB file, because DuckDB lets one process open a file for writing *or* several for reading,
never both: the chair's app and the officer's ``brief`` or ``export`` read the database at once,
read-only, while notes are written by whoever holds the app. SQLite (standard library) is made for
several processes writing one small file safely: each write is one short transaction, committed
before it returns, so a saved note survives a crash, and another process sees it at its next read.

Each note belongs to a council and an indicator, and may say which period it was raised for and
where on screen (the drill path, as text). Inputs are checked here, so the app's form and any other
caller get the same messages. A notes file that cannot be written (read-only file or folder) is
opened read-only, and every write is refused with one sentence saying why.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing_tui import scratch
from briefing_tui.errors import UserError

KINDS = ("question", "action")
STATUSES = ("open", "done")
MAX_TEXT = 2000
MAX_OWNER = 100
MAX_LABEL = 100        # indicator ids and period labels
MAX_DRILL_PATH = 300
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
YEARS = range(2000, 2100)  # a due date outside these is a typing slip, not a plan
READ_ONLY = "notes cannot be saved"
BUSY_SECONDS = 5.0     # how long a write waits for another process's write to finish


class NoteError(UserError):
    """A note that cannot be saved, changed or found as asked."""


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()  # update_note: leave this field as it is

Row = tuple[Any, ...]  # one row as the database gives it (its values' types are the columns')
# A write's check before its statement: given the connection and the statement's parameters, returns the parameters
Before = Callable[[sqlite3.Connection, list[object]], list[object]]


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

_SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (
    note_id       INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: a deleted note's number stays gone
    council       TEXT NOT NULL,
    indicator_id  TEXT NOT NULL,
    period_label  TEXT,              -- e.g. '2023-24', with its end date below; both or neither
    period_end    TEXT,              -- ISO date
    drill_path    TEXT,              -- e.g. 'Age: 16 and over > by sex'
    kind          TEXT NOT NULL CHECK (kind IN ('question', 'action')),
    text          TEXT NOT NULL,
    owner         TEXT NOT NULL,     -- '' when nobody is named
    due           TEXT,              -- ISO date
    status        TEXT NOT NULL CHECK (status IN ('open', 'done')),
    created_at    TEXT NOT NULL,     -- ISO timestamp, local time (as the import log)
    updated_at    TEXT NOT NULL,
    private       INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1))  -- never in a public briefing
)"""


def notes_path(db: Path) -> Path:
    """The notes file of a database: beside it, its whole name and ``.notes.sqlite``
    (briefings.duckdb -> briefings.duckdb.notes.sqlite), so that two databases never share one."""
    db = Path(db)
    return db.with_name(db.name + ".notes.sqlite")


class Notebook:
    """One database's notes file, open for this process (thread-safe: the app reads in workers).

    Opened for writing when the file (or, when there is none yet, its folder) can be written; else
    read-only, with ``why_read_only`` saying why, and every write refused with that sentence."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self.why_read_only = _why_not_writable(self.path) if not read_only else "opened read-only"
        self.broken = ""   # why an existing notes file cannot be read at all ("" when it can)
        self._con: sqlite3.Connection | None = None
        if not self.why_read_only:
            try:
                self._con = self._connect()
            except sqlite3.Error as exc:
                self.why_read_only = f"{self.path} cannot be written ({exc})"
        if self._con is None and self.path.exists():
            self._con = self._connect_read_only()

    @property
    def writable(self) -> bool:
        return not self.why_read_only

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
        try:
            con.execute("PRAGMA journal_mode = WAL")
            con.execute(_SCHEMA)
        except BaseException:
            con.close()
            raise
        return con

    def _connect_read_only(self) -> sqlite3.Connection | None:
        """Read-only; ``immutable`` when even the WAL's shared-memory file cannot be made (a folder
        no one may write: notes not yet checkpointed into the file itself are then not seen)."""
        error: sqlite3.Error | None = None
        for mode in ("ro", "ro&immutable=1"):
            try:
                con = sqlite3.connect(f"file:{self.path}?mode={mode}", uri=True, timeout=BUSY_SECONDS,
                                      isolation_level=None, check_same_thread=False)
                con.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return con
            except sqlite3.Error as exc:
                error = exc
        self.broken = str(error)
        self.why_read_only = f"the notes file {self.path} cannot be read ({error})"
        return None

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    def __enter__(self) -> Notebook:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def read(self, sql: str, params: Sequence[object]) -> list[Row]:
        """Rows of a query; none when there is no notes file yet (nothing was ever saved). A notes
        file that cannot be read is an error, never "no notes": a paper must not say the panel
        recorded nothing when its notes are merely unreadable."""
        if self.broken:
            raise NoteError(self._unreadable(self.broken))
        if self._con is None:
            return []
        with self._lock:
            try:
                return self._con.execute(sql, params).fetchall()
            except sqlite3.OperationalError as exc:
                if "no such table" in str(exc):
                    return []
                raise NoteError(self._unreadable(str(exc))) from exc
            except sqlite3.DatabaseError as exc:
                raise NoteError(self._unreadable(str(exc))) from exc

    def _unreadable(self, why: str) -> str:
        return (f"the notes file {self.path} cannot be read ({why}): move it aside (or restore it from a "
                "backup) and try again; a new, empty one is made")

    def write(self, sql: str, params: list[object], *, before: Before | None = None) -> list[Row]:
        """One statement in its own transaction, committed before this returns. ``before(rows)``
        may check rows read in the same transaction first (an edit's previous timestamp)."""
        if not self.writable or self._con is None:
            raise NoteError(f"{READ_ONLY}: {self.why_read_only}")
        with self._lock:
            try:
                self._con.execute("BEGIN IMMEDIATE")
                try:
                    if before is not None:
                        params = before(self._con, params)
                    rows = self._con.execute(sql, params).fetchall()
                    self._con.execute("COMMIT")
                    return rows
                except BaseException:
                    self._con.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:  # read-only after all, a full disk, a lock held too long...
                raise NoteError(f"the note could not be saved in {self.path}: {exc}") from exc

    def adopt(self, rows: Sequence[Row], last_id: int) -> int:
        """Take notes kept in an older database (schema 3 kept them in the DuckDB file), ids and
        all; ids up to ``last_id`` are never given again. Idempotent. Returns the notes taken."""
        if not rows and not last_id:
            return 0
        names = COLUMNS
        marks = ", ".join("?" * len(names.split(",")))

        def copy(con: sqlite3.Connection, params: list[object]) -> list[object]:
            for row in rows:
                values = [_out(v) for v in row]
                there = con.execute(f"SELECT {names} FROM notes WHERE note_id = ?", [values[0]]).fetchone()
                if there is None:
                    con.execute(f"INSERT INTO notes ({names}) VALUES ({marks})", values)
                elif list(there) != values:  # its number taken by another note: kept under a new number
                    con.execute(f"INSERT INTO notes ({names.split(', ', 1)[1]}) VALUES ({marks[3:]})", values[1:])
            con.execute("INSERT OR IGNORE INTO sqlite_sequence (name, seq) VALUES ('notes', 0)")
            return params

        self.write("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'notes'", [last_id], before=copy)
        return len(rows)


def _why_not_writable(path: Path) -> str:
    """Why the notes file could not be written ("" when it can). A file or folder marked read-only is
    taken at its word, even by a user (root) whom the system would let write it anyway."""
    if path.exists():
        if not scratch.writable(path):
            return f"the notes file {path} is read-only"
        if not scratch.writable(path.parent):
            return f"the folder of the notes file {path} is read-only"
        return ""
    parent = path.parent
    if not parent.exists():
        return f"the folder {parent} does not exist"
    if not scratch.writable(parent):
        return f"the folder {parent} is read-only, so no notes file can be made there"
    return ""


def _out(value: object) -> object:
    """A value as SQLite stores it: dates and times as ISO text, flags as 0/1."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _note(row: Row) -> Note:
    (note_id, council, indicator_id, kind, text, owner, due, status, created, updated, label, end, drill,
     private) = row
    return Note(note_id, council, indicator_id, kind, text, owner, _day(due), status,
                dt.datetime.fromisoformat(created), dt.datetime.fromisoformat(updated), label, _day(end), drill,
                bool(private))


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def add_note(book: Notebook, council: str, indicator_id: str, kind: str, text: str, *,
             owner: str | None = "", due: dt.date | str | None = None, period_label: str | None = None,
             period_end: dt.date | str | None = None, drill_path: str | None = None,
             private: bool = False) -> Note:
    """Save a new, open note and return it as stored. ``due`` may be a date, DD/MM/YYYY or YYYY-MM-DD."""
    _require_writable(book)
    label, end = _period(period_label, period_end)
    values = [_name(council, "council", MAX_LABEL), _name(indicator_id, "indicator", MAX_LABEL),
              _kind(kind), _text(text), _owner(owner), _date(due, "due date"), "open", label, end,
              _drill_path(drill_path), _flag(private, "private")]
    now = _now()
    rows = book.write(f"""
        INSERT INTO notes (council, indicator_id, kind, text, owner, due, status, period_label, period_end,
                           drill_path, private, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        RETURNING {COLUMNS}""", [_out(v) for v in [*values, now, now]])
    return _note(rows[0])


def update_note(book: Notebook, note_id: int, *, kind: object = KEEP, text: object = KEEP, owner: object = KEEP,
                due: object = KEEP, status: object = KEEP, private: object = KEEP) -> Note:
    """Change the fields given (``due=None`` clears the due date) and return the note as stored.

    updated_at moves on (always later than before, even on a coarse clock); created_at never changes.
    """
    number = _note_id(note_id)
    changes: dict[str, Callable[[object], object]] = {"kind": _kind, "text": _text, "owner": _owner,
               "due": lambda v: _date(v, "due date"), "status": _status,
               "private": lambda v: _flag(v, "private")}
    given = dict(kind=kind, text=text, owner=owner, due=due, status=status, private=private)
    if all(v is KEEP for v in given.values()):
        return get_note(book, number)
    _require_writable(book)
    fields = [f for f in changes if given[f] is not KEEP]
    values = [_out(changes[f](given[f])) for f in fields]

    def later(con: sqlite3.Connection, params: list[object]) -> list[object]:
        row = con.execute("SELECT updated_at FROM notes WHERE note_id = ?", [number]).fetchone()
        if row is None:
            raise NoteError(f"no note {number}")
        stamp = max(_now(), dt.datetime.fromisoformat(row[0]) + dt.timedelta(microseconds=1))
        return [*params[:-2], stamp.isoformat(), params[-1]]

    sets = ", ".join(f"{f} = ?" for f in fields)
    rows = book.write(f"UPDATE notes SET {sets}, updated_at = ? WHERE note_id = ? RETURNING {COLUMNS}",
                      [*values, None, number], before=later)
    return _note(rows[0])


def delete_note(book: Notebook, note_id: int) -> None:
    number = _note_id(note_id)
    _require_writable(book)
    if not book.write("DELETE FROM notes WHERE note_id = ? RETURNING note_id", [number]):
        raise NoteError(f"no note {number}")


def get_note(book: Notebook, note_id: int) -> Note:
    number = _note_id(note_id)
    rows = book.read(f"SELECT {COLUMNS} FROM notes WHERE note_id = ?", [number])
    if not rows:
        raise NoteError(f"no note {number}")
    return _note(rows[0])


def list_notes(book: Notebook, council: str, indicator_id: str | None = None,
               status: str | None = None) -> list[Note]:
    """A council's notes (of one indicator, of one status): open first, then by due date (none
    last), then newest first."""
    if status is not None:
        status = _status(status)
    rows = book.read(f"""
        SELECT {COLUMNS} FROM notes
        WHERE council = ? AND (? IS NULL OR indicator_id = ?) AND (? IS NULL OR status = ?)
        ORDER BY status = 'done', due IS NULL, due, created_at DESC, note_id DESC
    """, [council, indicator_id, indicator_id, status, status])
    return [_note(row) for row in rows]


def _now() -> dt.datetime:
    return dt.datetime.now()  # local time, as the import log


def _require_writable(book: Notebook) -> None:
    if not book.writable:
        raise NoteError(f"{READ_ONLY}: {book.why_read_only}")


def _note_id(value: object) -> int:
    if isinstance(value, str) and value.strip().isdecimal():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**31:
        raise NoteError(f"no note {value!r}" if not isinstance(value, int) else f"no note {value}")
    return value


def _name(value: object, what: str, most: int) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise NoteError(f"a note needs {'an' if what[0] in 'aeiou' else 'a'} {what}")
    if len(text) > most or _has_control(text):
        raise NoteError(f"{what} {text[:40]!r} is not a valid {what} name")
    return text


def _kind(value: object) -> str:
    kind = value.strip().lower() if isinstance(value, str) else value
    if kind not in KINDS:
        raise NoteError(f"a note is a question or an action, not {value!r}")
    return kind


def _flag(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise NoteError(f"{what} must be true or false, not {value!r}")
    return value


def _status(value: object) -> str:
    status = value.strip().lower() if isinstance(value, str) else value
    if status not in STATUSES:
        raise NoteError(f"a note's status is open or done, not {value!r}")
    return status


def _text(value: object) -> str:
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


def _owner(value: object) -> str:
    if value is None:
        return ""
    owner = _one_line(value, "owner")
    if len(owner) > MAX_OWNER:
        raise NoteError(f"owner is {len(owner):,} characters: shorten it to {MAX_OWNER} or fewer")
    return owner


def _one_line(value: object, what: str) -> str:
    """Text on one line, runs of spaces (and line breaks) made one space."""
    if not isinstance(value, str):
        raise NoteError(f"{what} must be text, not {value!r}")
    line = " ".join(value.split())
    if _has_control(line):
        raise NoteError(f"{what} holds a control character: type it again")
    return line


def _has_control(text: str) -> bool:
    return any(unicodedata.category(c) == "Cc" for c in text)


def _drill_path(value: object) -> str | None:
    if value is None:
        return None
    path = _one_line(value, "drill path")
    if len(path) > MAX_DRILL_PATH:
        raise NoteError(f"drill path is {len(path):,} characters: shorten it to {MAX_DRILL_PATH} or fewer")
    return path or None


def _period(label: object, end: object) -> tuple[str | None, dt.date | None]:
    label = label.strip() if isinstance(label, str) else label
    end = _date(end, "period end")
    if not label and end is None:
        return None, None
    if not label or end is None:
        raise NoteError("a note's period needs both its label and its end date, or neither")
    return _name(label, "period", MAX_LABEL), end


def _date(value: object, what: str) -> dt.date | None:
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
