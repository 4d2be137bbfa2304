"""Gathering a return's files into one normalised CSV per table layout, for one fast read.

DuckDB's CSV reader costs about half a millisecond per file before it reads a byte, and a
150-council import has 12,000 files; so every file's data rows are appended to a spool file per
(table, header layout), each row prefixed with the file's source number, UTF-8, comma-separated,
``\\n``-terminated, header removed. Most exports need no parsing for this (no quotes, no blank
lines inside: a byte replace does it); the others are re-written row by row through the csv
module, which also records the line each row started on. A spool row is traced back to its file
and original line through :meth:`Spool.locate`, so messages still name the council's own file.

903 fields never hold line breaks, so a quoted field that runs past the end of its line is a quote
left open (one stray ``"`` would otherwise swallow every later row into one field): the file is
refused, naming the line the quote opened on. Rows with no value at all (what a spreadsheet leaves
after its last row: ``,,,,``) are skipped like blank lines: they hold nothing to lose.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from briefing_tui import scratch

# Blank lines, and rows of nothing but commas; the byte-for-byte path takes only comma-separated files.
_BLANK_INSIDE = re.compile(rb"\n[ \t\r,]*\n")
_BLANK_FIRST = re.compile(rb"[ \t\r,]*(\n|$)")  # matched at the start only (an "^|" in the one above
                                               # would make it try every byte of a large file)
UNCLOSED = ("a quoted field is not closed on its line",
            "a closing \" before the line ends: 903 fields never hold line breaks")
_sources = itertools.count(1)


class SpoolRefused(Exception):
    """A file whose rows cannot be read: the line, what is wrong, and what was expected."""

    def __init__(self, line: int, problem: str, expected: str) -> None:
        super().__init__(f"line {line}: {problem}")
        self.line, self.problem, self.expected = line, problem, expected


def _without_trailing_blank_lines(body: bytes) -> bytes:
    body = body.rstrip(b"\r\n")
    while True:
        cut = body.rfind(b"\n")
        if cut < 0 or body[cut + 1:].strip():
            return body
        body = body[:cut].rstrip(b"\r\n")


@dataclass
class SpoolFile:
    """One spool file: its table, its columns (after the source number), and what it holds."""

    path: Path
    table: str
    columns: tuple[str, ...]
    handle: io.BufferedWriter | None = None
    rows: int = 0
    # (source, first spool row (0-based), rows, line map or None) in the order written
    entries: list[tuple[int, int, int, tuple[int, ...] | None]] = field(default_factory=list)


class Spool:
    """The spool files of one import, in a working folder the caller owns (``scratch.private_folder``:
    they hold children's data). A folder that cannot take them (full, or a file-size limit) is
    said in one line (``scratch.TempFolderError``)."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = Path(workdir)
        self.files: dict[tuple[str, tuple[str, ...]], SpoolFile] = {}

    def add(self, table: str, columns: tuple[str, ...], body: bytes, delimiter: str,
            header_line: int = 1) -> tuple[int, int, tuple[int, ...] | None]:
        """Append a file's data rows (``body``: UTF-8 bytes after the header, on ``header_line``).

        Returns (source number, rows, line map or None when row i is on line i + 2).
        """
        try:
            return self._add(table, columns, body, delimiter, header_line)
        except OSError as exc:
            raise scratch.full(self.workdir, exc) from None

    def _add(self, table: str, columns: tuple[str, ...], body: bytes, delimiter: str,
             header_line: int) -> tuple[int, int, tuple[int, ...] | None]:
        source = next(_sources)
        spool, handle = self._open(table, columns)
        prefix = f"{source},".encode()
        body = _without_trailing_blank_lines(body.replace(b"\r\n", b"\n"))
        simple = (header_line == 1 and delimiter == "," and b'"' not in body and b"\r" not in body
                  and not _BLANK_FIRST.match(body) and not _BLANK_INSIDE.search(body)
                  and bool(body[body.rfind(b"\n") + 1:].strip(b" \t\r,")))
        line_map: tuple[int, ...] | None = None
        if not body.strip():
            rows = 0
        elif simple:
            handle.write(prefix + body.replace(b"\n", b"\n" + prefix) + b"\n")
            rows = body.count(b"\n") + 1
        else:
            rows, line_map = self._rewrite(handle, source, body, delimiter, header_line)
        spool.entries.append((source, spool.rows, rows, line_map))
        spool.rows += rows
        return source, rows, line_map

    def _open(self, table: str, columns: tuple[str, ...]) -> tuple[SpoolFile, io.BufferedWriter]:
        """The spool file of a table and header layout, and its handle, open for appending."""
        key = (table, columns)
        if key not in self.files:
            path = self.workdir / f"spool-{table}-{len(self.files)}.csv"
            self.files[key] = SpoolFile(path, table, columns, handle=open(path, "wb"))
        spooled = self.files[key]
        if spooled.handle is None:  # closed after an earlier discovery: carry on appending
            spooled.handle = open(spooled.path, "ab")
        return spooled, spooled.handle

    @staticmethod
    def _rewrite(handle: io.BufferedWriter, source: int, body: bytes, delimiter: str,
                 header_line: int) -> tuple[int, tuple[int, ...]]:
        """Parse and re-write a file whose rows cannot be moved byte for byte (quotes, blank lines).

        Nothing is written until the whole file has been read: a refused file leaves no rows."""
        text = body.decode("utf-8") + "\n"  # a quote left open on the last line runs past its end too
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        starts: list[int] = []
        previous_end = header_line  # the header is not in ``body``
        try:
            for row in reader:
                start = previous_end + 1
                previous_end = reader.line_num + header_line
                if previous_end > start or (row and row[-1].endswith("\n")):
                    raise SpoolRefused(start, *UNCLOSED)
                if not any(field.strip() for field in row):
                    continue
                starts.append(start)
                writer.writerow([source, *row])
        except csv.Error:  # a field run on past the csv module's limit: a quote left open
            raise SpoolRefused(previous_end + 1, *UNCLOSED) from None
        handle.write(out.getvalue().encode("utf-8"))
        return len(starts), tuple(starts)

    def close(self) -> None:
        for spool in self.files.values():
            if spool.handle is not None:
                handle, spool.handle = spool.handle, None
                try:
                    handle.close()  # the last of a file is written here
                except OSError as exc:
                    raise scratch.full(self.workdir, exc) from None

    def locate(self, path: str, spool_line: int) -> tuple[int, int] | None:
        """(source number, line in the source file) of a spool file's 1-based line."""
        for spool in self.files.values():
            if str(spool.path) != path:
                continue
            index = spool_line - 1
            for source, first, rows, line_map in spool.entries:
                if first <= index < first + rows:
                    offset = index - first
                    return source, (line_map[offset] if line_map else offset + 2)
        return None
