"""A council's own comparator figures (docs/comparators.md): added to the published ones, or
replacing them, read line by line so that a mistake is reported by line and column, and cached by
the file's path, size and modification time.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from pathlib import Path

from briefing_tui.errors import UserError
from briefing_tui.indicators.comparators.published import (
    _LOCK,
    COLUMNS,
    ENGLAND,
    Figure,
    _council,
    _Own,
    _Published,
    published,
)

_own_cache: dict[tuple[str, int, float], _Own] = {}  # a council's file by path, size and modification time


# --- the council's own file -------------------------------------------------------------------------

def load_own_file(path: Path) -> _Own:
    """A council's own comparator file, checked (cached while the file is unchanged)."""
    path = Path(path).expanduser()
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise UserError(f"comparators file {path} not found (settings: comparators.file; the format is in "
                        "docs/comparators.md)") from None
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    with _LOCK:
        if key in _own_cache:
            return _own_cache[key]
    own = _read_own(path, published())
    with _LOCK:
        if len(_own_cache) > 8:
            _own_cache.clear()
        _own_cache[key] = own
    return own


def _read_own(path: Path, pub: _Published) -> _Own:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text (save it as CSV UTF-8)") from None
    except OSError as exc:
        raise UserError(f"comparators file {path} cannot be read ({exc.strerror})") from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    expected_columns = ",".join(COLUMNS)
    if not header or not any(h.strip() for h in header):
        raise UserError(f"{path}: line 1: the file is empty (expected a header line {expected_columns})")
    names = [h.strip().lower() for h in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise UserError(f"{path}: line 1 (the header): no '{missing[0]}' column (expected the columns "
                        f"{expected_columns}, as in dfe_la_figures.csv; found {','.join(h.strip() for h in header)})")
    at = {c: names.index(c) for c in COLUMNS}
    area_codes = {name.lower(): la for name, la in pub.regions.items()}
    area_codes.update({name.lower(): la for la, (name, _) in pub.councils.items()})
    area_codes["england"] = ENGLAND
    region_names = {r.lower() for r in pub.regions} | {r.lower() for _, r in pub.councils.values()} | {"na"}
    rows: dict[tuple[str, int, str], Figure] = {}
    first_line: dict[tuple[str, int, str], int] = {}
    regions: dict[str, str] = {}
    england: dict[str, set[int]] = {}

    def fail(line: int, column: str, value: str, problem: str, expected: str) -> UserError:
        return UserError(f"{path}: line {line}, column {column}: '{value}' {problem} (expected {expected})")

    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue  # a blank line
        if len(cells) < len(header):
            raise UserError(f"{path}: line {line}: {len(cells)} values, but the header has {len(header)} columns "
                            f"(expected {expected_columns})")
        measure, year_text, area, la, region, value_text = (cells[at[c]].strip() for c in COLUMNS)
        if measure not in pub.measures:
            close = difflib.get_close_matches(measure, list(pub.measures), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise fail(line, "measure", measure, "is not a published measure",
                       f"a measure id from measures.csv, e.g. CareLeaverEET{hint}")
        if not re.fullmatch(r"[0-9]{4}", year_text):
            raise fail(line, "year", year_text, "is not a year",
                       "a 4-digit year ending 31 March, e.g. 2024")
        year = int(year_text)
        if value_text == "-":
            value = None
        elif re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value_text):
            value = float(value_text)
        else:  # not "54%", "1,234", "1e2", "nan" or "n/a": a number as the DfE writes one
            raise fail(line, "value", value_text, "is not a number",
                       "a number as published, e.g. 54 or 14.2, or - where no figure was published")
        if not area:
            raise fail(line, "area", area, "is empty", "the area's name, e.g. Barnet or England")
        if la and not re.fullmatch(r"[0-9]{3}", la):
            raise fail(line, "la_number", la, "is not a DfE LA number",
                       "the DfE's 3-digit code, e.g. 302 for Barnet, 970 for England, or empty for a published "
                       "area named in the area column")
        if not la:
            la = area_codes.get(area.lower(), "")
            if not la:
                raise fail(line, "la_number", "", "is empty and the area is not a published one",
                           "the DfE's 3-digit code of the area, e.g. 302 for Barnet")
        if region and region.lower() not in region_names:
            raise fail(line, "region", region, "is not a region",
                       f"empty, or one of: {', '.join(sorted(pub.regions))}")
        key = (measure, year, la)
        if key in rows:
            raise UserError(f"{path}: line {line} repeats the measure, year and la_number of line "
                            f"{first_line[key]} ({measure}, {year}, {la}): give each figure once")
        first_line[key] = line
        rows[key] = Figure(area, la, year, value, value_text, own_file=True)
        if region and la not in pub.councils and region.lower() != "na":
            regions[la] = region
        if la == ENGLAND and value is not None:
            england.setdefault(measure, set()).add(year)
    return _Own(path, rows, regions, {m: frozenset(y) for m, y in england.items()})


def council_name(la_number: str, own_file: Path | None = None) -> str:
    """The published name of a council by its DfE LA number (a UserError if unknown)."""
    pub = published()
    own = load_own_file(own_file) if own_file else None
    return _council(pub, own, la_number)[1]
