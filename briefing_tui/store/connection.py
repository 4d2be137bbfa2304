"""Opening a database file, with one clear sentence for everything that can go wrong.

DuckDB's own messages (lock conflicts, corrupt files, permission errors) are accurate but long and
technical; a council officer needs to know what happened and what to do, on one line.

Every DuckDB connection the package makes is made here (``connect``), with extension autoloading
and autoinstalling off: DuckDB otherwise loads an extension by itself when it meets a file or a
function it needs one for (a SQLite file given as the database: it went to extensions.duckdb.org
to download one), and briefing-tui needs none and must never reach the internet.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TypeAlias

import duckdb

from briefing_tui import scratch
from briefing_tui.errors import UserError
from briefing_tui.store import notes, schema

# A connection, named for the layers above: they never import duckdb (the layers' contracts).
Connection: TypeAlias = duckdb.DuckDBPyConnection

_PID = re.compile(r"\(PID (\d+)\)")
_CONFIG = {"autoload_known_extensions": False, "autoinstall_known_extensions": False}
_SQLITE = b"SQLite format 3\x00"
# A DuckDB file is three 4 KiB headers, then its blocks (``PRAGMA database_size`` counts them).
_FILE_HEADERS = 3 * 4096


def connect(path: Path | str = ":memory:", *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection that never loads or installs an extension (see the module's note). Every
    connection to one file in a process must be made alike (DuckDB refuses a second one made with
    other settings), so make them all here."""
    return duckdb.connect(str(path), read_only=read_only, config=dict(_CONFIG))


class DatabaseError(UserError):
    """The database cannot be opened or used as asked."""


def open_database(path: Path, *, read_only: bool = False, create: bool = True) -> duckdb.DuckDBPyConnection:
    """Open (and, when writable and new, create) a briefing-tui database."""
    path = Path(path)
    if read_only or not create:
        if not path.exists():
            raise DatabaseError(
                f"no database at {path}: build one with `briefing-tui init --db {path}` "
                f"or import your 903 files with `briefing-tui import FOLDER --db {path}`"
            )
    if not read_only:
        _check_writable(path)
        path.parent.mkdir(parents=True, exist_ok=True)
    _check_kind(path)
    try:
        con = connect(path, read_only=read_only)
    except duckdb.Error as exc:
        raise _explain(path, exc) from exc
    try:
        _check_length(con, path)
        upgradable = _check_version(con, path, read_only=read_only)
    except duckdb.Error as exc:
        con.close()
        raise _explain(path, exc) from exc
    except BaseException:
        con.close()
        raise
    if upgradable is not None:
        con.close()
        _upgrade(path, upgradable)
        return open_database(path, read_only=read_only, create=create)
    return con


def _upgrade(path: Path, version: int) -> None:
    """Bring an older database up to date in place (once; a read-only opening needs it writable).

    Notes kept in the database itself (schemas 2 and 3) are copied to the notes file first and the
    copy committed; only then does the database drop them, in its own transaction. A failure between
    the two leaves both copies, and the next attempt copies nothing twice."""
    _check_writable(path)
    try:
        con = connect(path)
    except duckdb.Error as exc:
        raise _explain(path, exc) from exc
    try:
        renamed = schema.recoded(con)
        rows, last = schema.old_notes(con)
        if rows or last:
            codes = {old: council.code for old, council in renamed.items()}
            rows = [(row[0], codes.get(row[1], row[1]), *row[2:]) for row in rows]
            book = notes.Notebook(notes.notes_path(path))
            try:
                book.adopt(rows, last)
            finally:
                book.close()
        schema.upgrade(con, version, renamed)
    finally:
        con.close()


def remove_database(path: Path, *, with_notes: bool = False) -> None:
    """Delete a database file and its write-ahead log (a first build or import that failed), and with
    ``with_notes`` its notes file too (a database replaced by `init --force`)."""
    files = [path, path.with_name(path.name + ".wal")]
    if with_notes:
        book = notes.notes_path(path)
        files += [book, book.with_name(book.name + "-wal"), book.with_name(book.name + "-shm")]
    for file in files:
        file.unlink(missing_ok=True)


def hold_for_replacement(path: Path) -> duckdb.DuckDBPyConnection | None:
    """Take a database's lock before replacing the file (``init --force``): refused, naming the
    program, while another has it open, since that program would go on reading the replaced file.
    Returns the connection holding the lock (close it once the new file is in place), or None when
    there is no usable file to hold (absent, damaged, another DuckDB's)."""
    if not Path(path).exists():
        return None
    try:
        return connect(path)
    except duckdb.Error as exc:
        explained = _explain(Path(path), exc)
        if "in use" in explained.message or "open in" in explained.message:
            raise explained from exc
        return None


def scratch_database(spill: Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory database of the current schema: ``check`` runs the whole import in one. What it
    cannot hold in memory it writes to ``spill`` (a private folder: it is children's data), never to
    DuckDB's default, a ``.tmp`` folder in the working directory."""
    con = connect()
    con.execute("SET temp_directory = " + ("''" if spill is None else "'" + str(spill).replace("'", "''") + "'"))
    schema.create(con)
    return con


def database_path(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The file a connection's database is in (None in memory)."""
    row = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return Path(row[0]) if row and row[0] else None


def _check_kind(path: Path) -> None:
    """Refuse a SQLite file before DuckDB sees it (it would look for its SQLite extension)."""
    try:
        with path.open("rb") as f:
            start = f.read(len(_SQLITE))
    except OSError:
        return  # absent, or unreadable: DuckDB's own message says which
    if start == _SQLITE:
        raise DatabaseError(f"{path} is a SQLite file, not a briefing-tui database: give the path of a briefing-tui "
                            "database (its .duckdb file), or a new file name")


def _check_length(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a file shorter than its own records say (a copy cut short, a disk that filled): DuckDB
    opens it, and fails with a long message at whichever read first reaches past its end."""
    blocks = con.execute("SELECT block_size, used_blocks FROM pragma_database_size() "
                         "WHERE database_name = current_database()").fetchone()
    if blocks is None or not blocks[1] or not path.exists():
        return
    expected = _FILE_HEADERS + blocks[0] * blocks[1]  # at least: free blocks may lie between them
    size = path.stat().st_size
    if size < expected:
        raise DatabaseError(
            f"database {path} is damaged: it is {size:,} bytes, but its own records say at least {expected:,} "
            f"(cut short, perhaps by a copy that did not finish): move it aside and rebuild with "
            f"`briefing-tui init --db {path}` (and re-import your returns), or restore it from a backup")


def _check_writable(path: Path) -> None:
    """Refuse a read-only file up front (DuckDB would only fail at the first write, if at all)."""
    if path.exists():
        if not scratch.writable(path):
            raise DatabaseError(
                f"database {path} is read-only: make it writable (chmod u+w) or give another --db"
            )
        folder = path.parent if str(path.parent) else Path(".")
        if not scratch.writable(folder):
            raise DatabaseError(
                f"database {path} cannot be written: its folder {folder} is read-only (DuckDB writes a .wal file "
                "beside it): make the folder writable, or give another --db")
    else:
        parent = path.parent if str(path.parent) else Path(".")
        existing = parent
        while not existing.exists():
            existing = existing.parent
        if not scratch.writable(existing):
            raise DatabaseError(f"cannot create database {path}: folder {existing} is not writable")


def _explain(path: Path, exc: duckdb.Error) -> DatabaseError:
    text = str(exc)
    if "Could not set lock" in text or "Conflicting lock" in text:
        pid = _PID.search(text)
        return DatabaseError(f"database {path} is {_holder(int(pid.group(1)) if pid else None)}: "
                             "close it (or wait for it to finish) and try again")
    if "not a valid DuckDB database" in text or "Corrupt" in text or "corrupt" in text:
        return DatabaseError(
            f"database {path} is damaged or not a DuckDB file: move it aside and rebuild with "
            f"`briefing-tui init --db {path}` (and re-import your returns)"
        )
    if "newer version" in text or "older version" in text or "storage version" in text.lower():
        return DatabaseError(
            f"database {path} was written by a different DuckDB version: rebuild it with "
            f"`briefing-tui init --db {path} --force` (and re-import your returns)"
        )
    if "Could not read enough bytes" in text:
        return DatabaseError(
            f"database {path} is damaged (cut short: {first_line(text)}): move it aside and rebuild with "
            f"`briefing-tui init --db {path}` (and re-import your returns), or restore it from a backup")
    if "Extension" in text and ("not found" in text or "download" in text.lower()):
        return DatabaseError(f"{path} is not a briefing-tui database (DuckDB would need an extension to read it): "
                             "give the path of a briefing-tui database (its .duckdb file), or a new file name")
    if "Permission denied" in text or "Read-only file system" in text:
        return DatabaseError(f"database {path} cannot be written (permission denied): give another --db")
    return DatabaseError(f"database {path} could not be opened: {first_line(text) or type(exc).__name__}")


def first_line(text: str) -> str:
    """The first line of one of DuckDB's (often many-line) messages."""
    return text.strip().splitlines()[0] if text.strip() else ""


def _holder(pid: int | None) -> str:
    """Who holds the database, in words: "open in briefing-tui (process 4242)"."""
    if pid is None:
        return "in use by another program"
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        words = [Path(a.decode(errors="replace")).name for a in args if a][:8]
    except OSError:
        words = []
    program = next((w for w in words if w.startswith("briefing-tui") or w == "briefing_tui"), "")
    if program:
        doing = next((w for w in words[words.index(program) + 1:] if w in _COMMANDS), None)
        if doing:
            return f"open in briefing-tui {doing} (process {pid})"
        return f"open in the briefing-tui app (process {pid})"
    if words:
        return f"in use by {words[0]} (process {pid})"
    return f"in use by another program (process {pid})"


# Commands named in the holder's description (the app has none).
_COMMANDS = {"import", "init", "upgrade", "info", "show", "cohort", "child", "brief", "export"}


def _check_version(con: duckdb.DuckDBPyConnection, path: Path, *, read_only: bool) -> int | None:
    """Refuse a database this version cannot use; return its version if it needs an upgrade first."""
    version = schema.stored_version(con)
    if version is None:
        if schema.is_empty(con) and not read_only:
            schema.create(con)
            return None
        if schema.is_empty(con):
            raise DatabaseError(f"database {path} is empty: build it with `briefing-tui init --db {path}`")
        raise DatabaseError(
            f"{path} is a DuckDB database but not a briefing-tui one (no schema version): "
            "give the path of a briefing-tui database, or a new file name"
        )
    if version in schema.UPGRADABLE:
        return version
    if version > schema.SCHEMA_VERSION:
        raise DatabaseError(
            f"database {path} has schema version {version}, made by a newer briefing-tui; this one "
            f"needs version {schema.SCHEMA_VERSION}: upgrade briefing-tui (pip install -U briefing-tui) to open it"
        )
    if version != schema.SCHEMA_VERSION:
        raise DatabaseError(
            f"database {path} has schema version {version}, made by an older briefing-tui; this one "
            f"needs version {schema.SCHEMA_VERSION}: rebuild it with `briefing-tui init --db {path} --force` "
            "and re-import your returns"
        )
    return None
