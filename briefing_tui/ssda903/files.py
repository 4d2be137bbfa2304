"""Finding a return's files and working out what each one is, before any row is read.

Councils' case systems name their exports every which way, so a file's table is recognised by its
header row, never its name, and its collection year comes from ``--year``, the file name or a
folder name, in that order. Encodings are settled here too: DuckDB reads UTF-8, so a
Windows-1252 (or UTF-16) export is copied to UTF-8 first, and anything that is not text - an Excel
workbook renamed ``.csv``, a binary file - is refused with a message that says what it is.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import hashlib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from briefing_tui.ssda903 import years
from briefing_tui.ssda903.problems import Problem, Severity
from briefing_tui.ssda903.tables import TABLES, Table

CSV_SUFFIXES = {".csv", ".txt"}
_DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class SourceFile:
    """One recognised file of a return, ready for the store to read."""

    path: Path
    display: str               # how messages name it (relative to what the user gave)
    sha256: str
    size: int
    table: str
    year: int
    year_from: str             # "--year", "file name", "folder name"
    columns: tuple[str, ...]   # normalised header names, in file order
    read_path: Path            # the file DuckDB reads: the original, or a UTF-8 copy
    encoding: str
    delimiter: str = ","
    rows: int = 0              # data rows (lines after the header, blank lines aside)
    # Line number of each data row (1-based, the header is line 1) when rows and lines do not
    # line up (blank lines inside, fields with line breaks); None when row i is on line i + 1.
    line_map: tuple[int, ...] | None = None

    @property
    def spec(self) -> Table:
        return TABLES[self.table]


@dataclass
class Discovery:
    """What was found: files to read, and problems with the others."""

    files: list[SourceFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def discover(paths: list[Path], *, year: int | None, workdir: Path) -> Discovery:
    """Recognise every file under ``paths``; ``workdir`` receives UTF-8 copies of other encodings."""
    found = Discovery()
    for root in paths:
        if not root.exists():
            found.problems.append(_error("missing-file", str(root), "no such file or folder"))
            continue
        base = root if root.is_dir() else root.parent
        for path, explicit in _walk(root):
            _recognise(path, root, base, year, workdir, explicit, found)
    return found


def _walk(root: Path):
    if root.is_file():
        yield root, True
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith("."):
                continue
            if path.suffix.lower() in CSV_SUFFIXES:
                yield path, False
            elif path.suffix.lower() in {".xlsx", ".xls", ".xml"}:
                yield path, False


def _display(path: Path, root: Path) -> str:
    """The file as the user would name it: the path they gave, and the rest below it."""
    if path == root:
        return str(root)
    return str(root / path.relative_to(root))


def _recognise(path: Path, root: Path, base: Path, year: int | None, workdir: Path, explicit: bool,
               found: Discovery) -> None:
    shown = _display(path, root)
    if not explicit and path.suffix.lower() not in CSV_SUFFIXES:
        found.problems.append(_warning("not-csv", shown, "not a CSV file; skipped (export the return as CSV)"))
        return
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    file_year, year_from = _year_for(path, base, year)
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
    text, encoding, bad = _decode(data)
    if text is None:
        found.problems.append(_error("encoding", shown, bad, "UTF-8 or Windows-1252 text"))
        return
    header_line = _first_line(text)
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
                                       line=1, table=table, year=file_year))
    if file_year is None:
        found.problems.append(_error(
            "no-year", shown,
            "no collection year: the file name and its folders name none",
            "a year in the file or folder name (2024-episodes.csv, 2024/episodes.csv) or --year 2024",
            table=table,
        ))
        return
    read_path = path
    if encoding not in ("utf-8", "utf-8-sig"):
        read_path = workdir / f"{digest[:16]}-{path.name}"
        read_path.write_text(text, encoding="utf-8", newline="")
        found.problems.append(_warning("encoding", shown, f"read as {encoding} (not UTF-8)", table=table,
                                       year=file_year))
    line_map = _line_map(text, delimiter)
    rows = len(line_map) if line_map is not None else text.rstrip("\r\n\t ").count("\n")
    found.files.append(SourceFile(
        path=path, display=shown, sha256=digest, size=len(data), table=table, year=file_year,
        year_from=year_from, columns=tuple(n or f"_BLANK_{i}" for i, n in enumerate(names)),
        read_path=read_path, encoding=encoding, delimiter=delimiter, rows=rows, line_map=line_map,
    ))


def _binary_kind(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        return "an Excel workbook (.xlsx) or other zip archive"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Excel workbook (.xls)"
    if data.startswith(b"%PDF"):
        return "a PDF document"
    return ""


def _decode(data: bytes) -> tuple[str | None, str, str]:
    """Text, the encoding it was in, or None and why not."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig", ""
        except UnicodeDecodeError as exc:
            return None, "", _undecodable(data, exc.start, "UTF-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16", ""
        except UnicodeDecodeError as exc:
            return None, "", _undecodable(data, exc.start, "UTF-16")
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
            encoding = "windows-1252"
        except UnicodeDecodeError as exc:
            return None, "", _undecodable(data, exc.start, "UTF-8 or Windows-1252")
    if "\x00" in text:
        at = text.index("\x00")
        return None, "", f"line {text.count(chr(10), 0, at) + 1}: contains NUL bytes: a binary file, not text"
    return text, encoding, ""


def _undecodable(data: bytes, at: int, tried: str) -> str:
    line = data.count(b"\n", 0, at) + 1
    return f"line {line}: byte 0x{data[at]:02X} cannot be read as {tried}: not a text file"


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line
    return ""


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
        f"looks like the {closest.name} table but has no {', '.join(missing)} column{'s' if len(missing) > 1 else ''}{hint}",
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


def _year_for(path: Path, base: Path, given: int | None) -> tuple[int | None, str]:
    if given is not None:
        return given, "--year"
    found = years.year_from_label(path.stem)
    if found is not None:
        return found, "file name"
    folder = path.parent
    while True:
        found = years.year_from_label(folder.name)
        if found is not None:
            return found, "folder name"
        if folder == base or folder.parent == folder:
            break
        folder = folder.parent
    return None, ""


def _line_map(text: str, delimiter: str) -> tuple[int, ...] | None:
    """Where each data row starts, when that is not simply row + 1 (see SourceFile.line_map)."""
    body = text.rstrip("\r\n\t ")
    interior_blank = "\n\n" in body or "\n\r\n" in body
    if not interior_blank and '"' not in body:
        return None
    starts: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous_end = 0
    header_seen = False
    for row in reader:
        start = previous_end + 1
        previous_end = reader.line_num
        if not row or all(not cell.strip() for cell in row) and len(row) <= 1:
            continue
        if not header_seen:
            header_seen = True
            continue
        starts.append(start)
    if starts == list(range(2, len(starts) + 2)):
        return None
    return tuple(starts)


def _error(rule: str, file: str, problem: str, expected: str = "", *, line: int | None = None,
           table: str = "") -> Problem:
    return Problem(Severity.ERROR, rule, problem, file=file, line=line, expected=expected, table=table)


def _warning(rule: str, file: str, problem: str, *, line: int | None = None, table: str = "",
             year: int | None = None) -> Problem:
    return Problem(Severity.WARNING, rule, problem, file=file, line=line, table=table, year=year)
