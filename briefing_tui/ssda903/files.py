"""Finding a return's files and working out what each one is, before any row is read.

Councils' case systems name their exports every which way, so a file's table is recognised by its
header row, never its name, and its collection year comes from ``--year``, the file name or a
folder name, in that order. Encodings are settled here too: DuckDB reads UTF-8, so a
Windows-1252 (or UTF-16) export is converted to UTF-8 as it is spooled, and anything that is not
text - an Excel workbook renamed ``.csv``, a binary file - is refused with a message that says
what it is.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from briefing_tui.ssda903 import years
from briefing_tui.ssda903.problems import Problem, Severity
from briefing_tui.ssda903.spool import Spool
from briefing_tui.ssda903.tables import TABLES

CSV_SUFFIXES = {".csv"}              # what a folder is searched for (a named file is read whatever its name)
NOT_CSV_SUFFIXES = {".xlsx", ".xls", ".xml"}  # found in a folder: skipped with a warning
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
    year_from: str             # "--year", "file name", "folder name" (+ " (--labels start)")
    columns: tuple[str, ...]   # normalised header names, in file order
    encoding: str
    source: int                # its number in the spool (the first field of each spool row)
    spool_path: Path           # the spool file holding its rows
    # Line number of each data row (1-based, the header is line 1) when rows and lines do not
    # line up (blank lines inside, fields with line breaks); None when row i is on line i + 2.
    line_map: tuple[int, ...] | None = None
    single_year_label: bool = False   # its year came from a lone year ("2017"), which --labels start shifts



@dataclass
class Discovery:
    """What was found: files to read, and problems with the others."""

    files: list[SourceFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def discover(paths: list[Path], *, year: int | None, spool: Spool, labels: str = "end") -> Discovery:
    """Recognise every file under ``paths`` and spool its rows (see ``spool``) for reading.

    ``labels`` says how a single year in a file or folder name is read: "end" (the DfE's way: 2024
    is the year ending 31 March 2024) or "start" (2017 is the year starting 1 April 2017, i.e.
    2017-18). Two-year labels are never shifted, and ``year`` (``--year``) always names the year
    ending 31 March. Each shifted label is reported once, as a warning, so the user sees it."""
    if labels not in years.LABEL_CONVENTIONS:
        raise ValueError(f"labels must be one of {years.LABEL_CONVENTIONS}, not {labels!r}")
    found = Discovery()
    shifted: dict[tuple[str, int], list[str]] = {}
    for root in paths:
        if not root.exists():
            found.problems.append(_error("missing-file", str(root), "no such file or folder"))
            continue
        base = root if root.is_dir() else root.parent
        for path, explicit in _walk(root):
            _recognise(path, root, base, _YearRule(year, labels, shifted), spool, explicit, found,
                       _read(path, explicit))
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


def _shift_notice(text: str, to: int, files: list[str]) -> Problem:
    others = f" and {len(files) - 1} other file{'s' if len(files) > 2 else ''}" if len(files) > 1 else ""
    return Problem(Severity.WARNING, "year-label-start",
                   f"label {text} read as the year starting 1 April {text}: collection year "
                   f"{years.both_ways(to)} (--labels start)", file=files[0] + others, year=to)


def _read(path: Path, explicit: bool) -> tuple[bytes, str] | None:
    """The file's bytes and SHA-256 (the import log ties every figure to exact files)."""
    if not explicit and path.suffix.lower() not in CSV_SUFFIXES:
        return None
    data = path.read_bytes()
    return data, hashlib.sha256(data).hexdigest()


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
            elif path.suffix.lower() in NOT_CSV_SUFFIXES:
                yield path, False


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
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        found.problems.append(_warning("encoding", shown, f"read as {encoding} (not UTF-8)", table=table,
                                       year=file_year))
    columns = tuple(n or f"_BLANK_{i}" for i, n in enumerate(names))
    source, _rows, line_map = spool.add(table, columns, body, delimiter, header_at)
    found.files.append(SourceFile(
        path=path, display=shown, sha256=digest, size=len(data), table=table, year=file_year,
        year_from=year_from, columns=columns, encoding=encoding, source=source,
        spool_path=spool.files[(table, columns)].path, line_map=line_map, single_year_label=single,
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


def _year_for(path: Path, base: Path, rule: _YearRule, shown: str) -> tuple[int | None, str, bool]:
    """The file's collection year, where it came from (--year, the file name, else the nearest
    folder name up to the folder the user gave), and whether that was a lone year."""
    if rule.given is not None:
        return rule.given, "--year", False
    found, origin = years.read_label(path.stem), "file name"
    folder = path.parent
    while found is None:
        found, origin = years.read_label(folder.name), "folder name"
        if found is not None or folder == base or folder.parent == folder:
            break
        folder = folder.parent
    if found is None:
        return None, "", False
    year = found.collection_year(rule.labels)
    if year != found.year:
        rule.shifted.setdefault((found.text, year), []).append(shown)
        origin += " (--labels start)"
    return year, origin, found.single


def _error(rule: str, file: str, problem: str, expected: str = "", *, line: int | None = None,
           table: str = "") -> Problem:
    return Problem(Severity.ERROR, rule, problem, file=file, line=line, expected=expected, table=table)


def _warning(rule: str, file: str, problem: str, *, line: int | None = None, table: str = "",
             year: int | None = None) -> Problem:
    return Problem(Severity.WARNING, rule, problem, file=file, line=line, table=table, year=year)
