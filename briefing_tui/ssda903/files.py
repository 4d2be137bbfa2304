"""Finding a return's files and working out what each one is, before any row is read.

Councils' case systems name their exports every which way, so a file's table is recognised by its
header row, never its name, and its collection year comes from ``--year``, the file name or a
folder name, in that order. Encodings are settled here too: DuckDB reads UTF-8, so a
Windows-1252 (or UTF-16) export is converted to UTF-8 as it is spooled, and anything that is not
text - an Excel workbook renamed ``.csv``, a binary file - is refused with a message that says
what it is. Only regular files are read (a link to one is fine), each at most ``MAX_FILE_BYTES``:
a named pipe, a device, a dangling link, a link to a folder, an unreadable file or folder is an
error naming it, never skipped and never waited on.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from briefing_tui.errors import UserError
from briefing_tui.ssda903 import years
from briefing_tui.ssda903.problems import Problem, Severity
from briefing_tui.ssda903.spool import Spool, SpoolRefused
from briefing_tui.ssda903.tables import CORE_TABLES, TABLES

CSV_SUFFIXES = {".csv"}              # what a folder is searched for (a named file is read whatever its name)
NOT_CSV_SUFFIXES = {".xlsx", ".xls", ".xml"}  # found in a folder: skipped with a warning
_DELIMITERS = (",", ";", "\t", "|")
# A 903 file is a few MB (a large council's episodes about 2 MB a year); anything this size is
# something else, and reading it whole would take the memory the import needs.
MAX_FILE_BYTES = 200_000_000
MAX_FILE_WORDS = "200 MB"
# A 903 row is a few hundred characters, a header row with every extra column a few thousand; a
# longer line is not a 903 row (and Python's and DuckDB's CSV readers stop at 128 KiB and 2 MB).
MAX_LINE_BYTES = 65_536
REGULAR = "a regular file, or a link to one"
T = TypeVar("T")


@dataclass(frozen=True)
class SourceFile:
    """One recognised file of a return, ready for the store to read."""

    path: Path
    display: str               # how messages name it (relative to what the user gave)
    sha256: str
    size: int
    table: str
    year: int
    year_from: str             # "--year", "file name", "folder name" (+ " (--labels start)")
    columns: tuple[str, ...]   # normalised header names, in file order
    encoding: str
    source: int                # its number in the spool (the first field of each spool row)
    spool_path: Path           # the spool file holding its rows
    # Line number of each data row (1-based, the header is line 1) when rows and lines do not
    # line up (blank lines inside, fields with line breaks); None when row i is on line i + 2.
    line_map: tuple[int, ...] | None = None
    single_year_label: bool = False   # its year came from a lone year ("2017"), which --labels start shifts
    # An in-year extract's last day of data ("data to"), from --data-to or the file's or a folder's
    # name (to-2024-09-30); None for a complete collection year.
    data_to: dt.date | None = None
    data_to_from: str = ""     # "--data-to", "file name", "folder name"


@dataclass
class Discovery:
    """What was found: files to read, and problems with the others."""

    files: list[SourceFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def discover(paths: list[Path], *, year: int | None, spool: Spool, labels: str = "end",
             data_to: dt.date | None = None) -> Discovery:
    """Recognise every file under ``paths`` and spool its rows (see ``spool``) for reading.

    ``labels`` says how a single year in a file or folder name is read: "end" (the DfE's way: 2024
    is the year ending 31 March 2024) or "start" (2017 is the year starting 1 April 2017, i.e.
    2017-18). Two-year labels are never shifted, and ``year`` (``--year``) always names the year
    ending 31 March. Each shifted label is reported once, as a warning, so the user sees it.

    ``data_to`` (``--data-to``) makes every file an in-year extract with data to that date; else a
    file is one when its name or a folder's carries the date (``2025-to-2024-09-30/``), and a
    complete collection year otherwise. An extract's collection year is the one its date falls in:
    a year label that names another is an error, and a name with the date alone needs none."""
    if labels not in years.LABEL_CONVENTIONS:
        raise ValueError(f"labels must be one of {years.LABEL_CONVENTIONS}, not {labels!r}")
    if year is not None and not years.supported(year):
        raise UserError(f"--year {year} is not a collection year briefing-tui reads (expected {years.SUPPORTED_WORDS}, "
                        "named by the year it ends: 2024 is 1 April 2023 to 31 March 2024)")
    found = Discovery()
    shifted: dict[tuple[str, int], list[str]] = {}
    for root in paths:
        if not root.exists() and not root.is_symlink():
            found.problems.append(_error("missing-file", str(root), "no such file or folder"))
            continue
        base = root if root.is_dir() else root.parent
        for path, explicit in _walk(root, found):
            try:
                content = _read(path, explicit)
            except _Refused as refused:
                found.problems.append(_error("unreadable", _display(path, root), refused.problem, refused.expected))
                continue
            _recognise(path, root, base, _YearRule(year, labels, shifted, data_to), spool, explicit, found, content)
    found.problems += [_shift_notice(text, to, files) for (text, to), files in shifted.items()]
    spool.close()
    return found


@dataclass(frozen=True)
class _YearRule:
    """How a file's collection year is decided: ``--year``, else its labels read by ``labels``; the
    single-year labels shifted are collected in ``shifted`` (label, year) -> files, to be said."""

    given: int | None
    labels: str
    shifted: dict[tuple[str, int], list[str]]
    data_to: dt.date | None = None


def _shift_notice(text: str, to: int, files: list[str]) -> Problem:
    others = f" and {len(files) - 1} other file{'s' if len(files) > 2 else ''}" if len(files) > 1 else ""
    return Problem(Severity.WARNING, "year-label-start",
                   f"label {text} read as the year starting 1 April {text}: collection year "
                   f"{years.both_ways(to)} (--labels start)", file=files[0] + others, year=to)


class _Refused(Exception):
    """A file or folder that cannot be read as a 903 file: what it is, and what was expected."""

    def __init__(self, problem: str, expected: str = REGULAR) -> None:
        super().__init__(problem)
        self.problem, self.expected = problem, expected


def _read(path: Path, explicit: bool) -> tuple[bytes, str] | None:
    """The file's bytes and SHA-256 (the import log ties every figure to exact files).

    Opened without waiting (a named pipe would block an ordinary open for ever) and judged by what
    the opened file is, so nothing but a regular file is ever read, and never more than
    ``MAX_FILE_BYTES``. A file whose mode lets no one read it is refused whoever runs the import
    (root reads it anyway: its mode says it is not to be read)."""
    if not explicit and path.suffix.lower() not in CSV_SUFFIXES:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        if path.is_symlink():
            raise _Refused(f"is a link to {os.readlink(path)}, which does not exist") from None
        raise _Refused("no such file (it was removed while the files were read)") from None
    except OSError as exc:
        raise _Refused(f"cannot be read: {_reason(exc)}", f"a file you may read: chmod u+r {path}") from None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _Refused(f"is {_kind(st.st_mode)}, not a file")
        if not st.st_mode & (stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH):
            raise _Refused("cannot be read: permission denied", f"a file you may read: chmod u+r {path}")
        if st.st_size > MAX_FILE_BYTES:
            raise _too_big(st.st_size)
        try:
            data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise _Refused(f"cannot be read: {_reason(exc)}", "a file that can be read to its end") from None
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        raise _too_big(len(data))
    return data, hashlib.sha256(data).hexdigest()


def _too_big(size: int) -> _Refused:
    return _Refused(f"is {size / 1_000_000:,.1f} MB: larger than any 903 file",
                    f"at most {MAX_FILE_WORDS} a file: split the export by year")


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _walk(root: Path, found: Discovery) -> Iterator[tuple[Path, bool]]:
    """Each file to look at, and whether the user named it; a folder that cannot be read, or a link
    to a folder (never followed: it could lead anywhere, or round in a circle), is an error."""
    if not root.is_dir():  # a file named (or a pipe, a device, a dangling link: _read says which)
        yield root, True
        return
    refusals: list[tuple[Path, _Refused]] = []

    def failed(exc: OSError) -> None:
        folder = Path(exc.filename) if exc.filename else root
        refusals.append((folder, _unreadable_folder(folder, _reason(exc))))

    if _forbidden(root):
        refusals.append((root, _unreadable_folder(root, "permission denied")))
    walker = [] if refusals else os.walk(root, onerror=failed)
    for dirpath, dirnames, filenames in walker:
        kept = []
        for name in sorted(dirnames):
            folder = Path(dirpath) / name
            if folder.is_symlink():
                refusals.append((folder, _Refused("is a link to a folder, which is not followed",
                                                  f"the folder itself: give {folder.resolve()}")))
            elif _forbidden(folder):
                refusals.append((folder, _unreadable_folder(folder, "permission denied")))
            else:
                kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith("."):
                continue
            if path.suffix.lower() in CSV_SUFFIXES:
                yield path, False
            elif path.suffix.lower() in NOT_CSV_SUFFIXES:
                yield path, False
    for folder, refused in refusals:
        found.problems.append(_error("unreadable", _display(folder, root), refused.problem, refused.expected))


def _unreadable_folder(folder: Path, why: str) -> _Refused:
    return _Refused(f"folder cannot be read: {why}", f"a folder you may read: chmod u+rx {folder}")


def _forbidden(folder: Path) -> bool:
    """A folder whose mode lets no one list it (taken at its word, even by root)."""
    try:
        mode = folder.stat().st_mode
    except OSError:
        return True
    readable = mode & (stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    searchable = mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return not (readable and searchable) or not os.access(folder, os.R_OK | os.X_OK)


def _display(path: Path, root: Path) -> str:
    """The file as the user would name it: the path they gave, and the rest below it."""
    if path == root:
        return str(root)
    return str(root / path.relative_to(root))


def _recognise(path: Path, root: Path, base: Path, rule: _YearRule, spool: Spool, explicit: bool,
               found: Discovery, content: tuple[bytes, str] | None) -> None:
    shown = _display(path, root)
    if not explicit and path.suffix.lower() not in CSV_SUFFIXES:
        found.problems.append(_warning("not-csv", shown, "not a CSV file; skipped (export the return as CSV)"))
        return
    assert content is not None
    data, digest = content
    file_year, year_from, single = _year_for(path, base, rule, shown)
    extent = _extent_for(path, base, rule, shown, file_year, year_from)
    if isinstance(extent, Problem):
        found.problems.append(extent)
        return
    data_to, data_to_from = extent
    if data_to is not None and file_year is None:
        file_year, year_from = years.year_of(data_to), f"data-to date ({data_to_from})"
    if not data.strip(b"\r\n\t \xef\xbb\xbf"):
        found.problems.append(
            _warning("empty-file", shown, f"empty file ({len(data)} byte{'s' if len(data) != 1 else ''}), skipped",
                     year=file_year)
        )
        return
    kind = _binary_kind(data)
    if kind:
        found.problems.append(_error("not-csv", shown, f"is {kind}, not a CSV file",
                                     "a CSV export: open it and save as 'CSV (comma delimited)'"))
        return
    if path.suffix.lower() == ".xml":
        found.problems.append(_error("not-csv", shown, "is an XML return; only the CSV tables are read",
                                     "the return's CSV files"))
        return
    utf8, encoding, bad, bad_line = _decode(data)
    if utf8 is None:
        found.problems.append(_error("encoding", shown, bad, "UTF-8 or Windows-1252 text", line=bad_line))
        return
    long_line = _long_line(utf8)
    if long_line:
        line, length = long_line
        found.problems.append(_error("csv", shown, f"line is {length:,} characters long: not a 903 row",
                                     f"lines of at most {MAX_LINE_BYTES:,} characters", line=line))
        return
    header_at, header_line, body = _split_header(utf8)
    delimiter = _delimiter(header_line)
    names = _header_names(header_line, delimiter)
    table, problem = _match_table(names, shown)
    if problem:
        found.problems.append(problem)
        return
    assert table is not None
    dupes = sorted({n for n in names if names.count(n) > 1 and n})
    if dupes:
        found.problems.append(_error("header", shown, f"column {dupes[0]} appears twice in the header row",
                                     "each column once", line=1))
        return
    spec = TABLES[table]
    for extra in [n for n in names if n not in spec.column_names]:
        label = extra or "(blank)"
        found.problems.append(_warning("unknown-column", shown,
                                       f"column {label} is not part of the {table} table; ignored",
                                       line=header_at, table=table, year=file_year))
    if file_year is None:
        found.problems.append(_error(
            "no-year", shown,
            "no collection year: the file name and its folders name none",
            "a year in the file or folder name (2024-episodes.csv, 2024/episodes.csv) or --year 2024",
            table=table,
        ))
        return
    if not years.supported(file_year):
        found.problems.append(_error(
            "year-range", shown, f"collection year {years.both_ways(file_year)}, from its {year_from}, is not one "
            "briefing-tui reads", years.SUPPORTED_WORDS, table=table))
        return
    columns = tuple(n or f"_BLANK_{i}" for i, n in enumerate(names))
    try:
        source, rows, line_map = spool.add(table, columns, body, delimiter, header_at)
    except SpoolRefused as refused:
        found.problems.append(_error("csv", shown, refused.problem, refused.expected, line=refused.line, table=table))
        return
    if not rows and table in CORE_TABLES:
        # A return with no episodes (or no children) is not a return: refused as an empty file is,
        # rather than replacing the year with nothing.
        found.problems.append(_error(
            "empty-file", shown, f"header row only: no {table} rows",
            f"at least one row: a return with no {'episodes' if table == 'episodes' else 'children'} is not a "
            "return, and an import replaces the whole year", table=table))
        return
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        found.problems.append(_warning("encoding", shown, f"read as {encoding} (not UTF-8)", table=table,
                                       year=file_year))
    found.files.append(SourceFile(
        path=path, display=shown, sha256=digest, size=len(data), table=table, year=file_year,
        year_from=year_from, columns=columns, encoding=encoding, source=source,
        spool_path=spool.files[(table, columns)].path, line_map=line_map, single_year_label=single,
        data_to=data_to, data_to_from=data_to_from,
    ))


def _binary_kind(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        return "an Excel workbook (.xlsx) or other zip archive"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Excel workbook (.xls)"
    if data.startswith(b"%PDF"):
        return "a PDF document"
    return ""


def _decode(data: bytes) -> tuple[bytes | None, str, str, int | None]:
    """The file as UTF-8 bytes, the encoding it was in; or None and why not.

    Plain ASCII (most 903 exports) is checked in C and passed through untouched.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as exc:
            return None, "", *_undecodable(data, exc.start, "UTF-16")
        encoding = "utf-16"
    elif _utf16_without_bom(data):
        encoding = _utf16_without_bom(data)
        try:
            data = data.decode(encoding).encode("utf-8")
        except UnicodeDecodeError as exc:
            return None, "", *_undecodable(data, exc.start, encoding.upper())
    else:
        encoding = "ascii"
    if b"\x00" in data:
        at = data.index(b"\x00")
        return None, "", "contains NUL bytes: a binary file, not text", data.count(b"\n", 0, at) + 1
    if encoding == "ascii" and not data.isascii():
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            try:
                data = data.decode("cp1252").encode("utf-8")
                encoding = "windows-1252"
            except UnicodeDecodeError as exc:
                return None, "", *_undecodable(data, exc.start, "UTF-8 or Windows-1252")
    elif encoding == "utf-8-sig":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            return None, "", *_undecodable(data, exc.start, "UTF-8")
    return data, encoding, "", None


def _utf16_without_bom(data: bytes) -> str:
    """"utf-16-le" or "utf-16-be" when the file is UTF-16 with no byte order mark, else "".

    A 903 file is mostly ASCII (codes, dates, digits), which UTF-16 writes as a NUL byte beside each
    character: every other byte of the first few hundred is NUL, on one side only. Binary files have
    NULs scattered on both sides, and text in any 8-bit encoding has none."""
    sample = data[:512]
    if len(sample) < 8:
        return ""
    sample = sample[:len(sample) // 2 * 2]
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= len(odd) * 0.9 and even.count(0) <= len(even) * 0.1:
        return "utf-16-le"
    if even.count(0) >= len(even) * 0.9 and odd.count(0) <= len(odd) * 0.1:
        return "utf-16-be"
    return ""


def _long_line(data: bytes) -> tuple[int, int] | None:
    """(line number, length) of the first line longer than ``MAX_LINE_BYTES``, or None.

    Looks at each window of ``MAX_LINE_BYTES`` + 1 bytes from a line's start for its last line break:
    with none, the line starting there is too long; else every line up to that break is short, and
    the next window starts after it. So a large file costs a few thousand searches, not one per line."""
    start, size = 0, len(data)
    while size - start > MAX_LINE_BYTES:
        cut = data.rfind(b"\n", start, start + MAX_LINE_BYTES + 1)
        if cut < 0:
            end = data.find(b"\n", start)
            end = size if end < 0 else end
            length = len(data[start:end].rstrip(b"\r").decode("utf-8", "replace"))
            if length > MAX_LINE_BYTES:
                return data.count(b"\n", 0, start) + 1, length
            start = end + 1  # long in bytes, not in characters
            continue
        start = cut + 1
    return None


def _undecodable(data: bytes, at: int, tried: str) -> tuple[str, int]:
    return f"byte 0x{data[at]:02X} cannot be read as {tried}: not a text file", data.count(b"\n", 0, at) + 1


def _split_header(data: bytes) -> tuple[int, str, bytes]:
    """The header's line number and text (the first line that is not blank), and the bytes after it."""
    start, number = 0, 1
    while True:
        end = data.find(b"\n", start)
        line = data[start:] if end < 0 else data[start:end]
        if line.strip() or end < 0:
            return number, line.decode("utf-8").strip("\r"), (b"" if end < 0 else data[end + 1:])
        start, number = end + 1, number + 1


def _delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _header_names(line: str, delimiter: str) -> list[str]:
    row = next(csv.reader([line], delimiter=delimiter), [])
    return [name.strip().strip('"').strip().upper() for name in row]


def _match_table(names: list[str], shown: str) -> tuple[str | None, Problem | None]:
    """The table whose columns the header holds; or the error that says why none fits."""
    present = set(names)
    complete = [t for t in TABLES.values() if t.required <= present]
    if complete:
        best = max(complete, key=lambda t: (len(present & set(t.column_names)), len(t.required)))
        return best.name, None
    # No table has all its required columns: name the closest one and what it lacks.
    scored = [(len(present & t.distinctive), t) for t in TABLES.values()]
    score, closest = max(scored, key=lambda st: (st[0], -len(st[1].required - present)))
    if score == 0:
        shown_names = ", ".join(n for n in names[:8] if n) or "(nothing)"
        suggestion = _suggest(names)
        return None, _error(
            "unknown-table", shown,
            f"header row ({shown_names}) matches no SSDA903 table{suggestion}",
            "the header row of one of: " + ", ".join(TABLES), line=1,
        )
    missing = sorted(closest.required - present, key=closest.column_names.index)
    hint = _near_names(missing, [n for n in names if n not in closest.column_names])
    return None, _error(
        "missing-column", shown,
        f"looks like the {closest.name} table but has no {', '.join(missing)} "
        f"column{'s' if len(missing) > 1 else ''}{hint}",
        f"columns {', '.join(closest.column_names)}", line=1, table=closest.name,
    )


def _near_names(missing: list[str], names: list[str]) -> str:
    for want in missing:
        close = difflib.get_close_matches(want, [n for n in names if n], n=1, cutoff=0.75)
        if close:
            return f" (is '{close[0]}' meant to be {want}?)"
    return ""


def _suggest(names: list[str]) -> str:
    every = sorted({c for t in TABLES.values() for c in t.column_names})
    for name in names:
        close = difflib.get_close_matches(name, every, n=1, cutoff=0.8)
        if close and close[0] != name:
            return f" (is '{name}' meant to be {close[0]}?)"
    return ""


def _named(path: Path, base: Path, read: Callable[[str], T | None]) -> tuple[T | None, str]:
    """What ``read`` finds in the file's name, else in the nearest folder's name up to the folder
    the user gave, and which it was ("file name" or "folder name")."""
    found, origin = read(path.stem), "file name"
    folder = path.parent
    while found is None:
        found, origin = read(folder.name), "folder name"
        if found is not None or folder == base or folder.parent == folder:
            break
        folder = folder.parent
    return found, origin


def _year_for(path: Path, base: Path, rule: _YearRule, shown: str) -> tuple[int | None, str, bool]:
    """The file's collection year, where it came from (--year, the file name, else the nearest
    folder name up to the folder the user gave), and whether that was a lone year."""
    if rule.given is not None:
        return rule.given, "--year", False
    found, origin = _named(path, base, years.read_label)
    if found is None:
        return None, "", False
    year = found.collection_year(rule.labels)
    if year != found.year:
        rule.shifted.setdefault((found.text, year), []).append(shown)
        origin += " (--labels start)"
    return year, origin, found.single


def _extent_for(path: Path, base: Path, rule: _YearRule, shown: str, year: int | None,
                year_from: str) -> tuple[dt.date | None, str] | Problem:
    """The file's "data to" date and where it came from (``--data-to``, else the file name, else the
    nearest folder name up to the folder the user gave), or (None, "") for a complete year; a
    Problem when the date is not a real one, or falls in another collection year than the file's."""
    if rule.data_to is not None:
        day, origin = rule.data_to, "--data-to"
    else:
        found, origin = _named(path, base, years.read_data_to)
        if found is None:
            return None, ""
        if found.day is None:
            return _error("data-to", shown, f"the {origin} gives data to {found.text!r}, not a real date",
                          "a date as YYYY-MM-DD after 'to', e.g. 2025-to-2024-09-30")
        day = found.day
    if day > dt.date.today():
        return _error("data-to", shown, f"data to {years.long_date(day)} ({origin}) is after today "
                      f"({years.long_date(dt.date.today())}): no extract holds data from the future",
                      "the date the extract was run to")
    if day == years.year_end(years.year_of(day)):
        return None, ""  # data to 31 March: the whole collection year
    if year is not None and years.year_of(day) != year:
        return _error("data-to", shown,
                      f"data to {years.long_date(day)} ({origin}) falls in collection year "
                      f"{years.both_ways(years.year_of(day))}, but the {year_from} names {years.both_ways(year)}",
                      f"an extract labelled by the collection year its data-to date falls in, here "
                      f"{years.year_of(day)}")
    return day, origin


def _error(rule: str, file: str, problem: str, expected: str = "", *, line: int | None = None,
           table: str = "") -> Problem:
    return Problem(Severity.ERROR, rule, problem, file=file, line=line, expected=expected, table=table)


def _warning(rule: str, file: str, problem: str, *, line: int | None = None, table: str = "",
             year: int | None = None) -> Problem:
    return Problem(Severity.WARNING, rule, problem, file=file, line=line, table=table, year=year)
