"""Published comparators: England, the region and statistical neighbours beside a council's figures.

The figures are the DfE's own, as published in its Local Authority Interactive Tool data (shipped
unchanged in ``published/``; see its README.md): 43 measures about children looked after and care
leavers, for every English council, region and England, years ending 31 March 2016-2025, with the
DfE's children's services statistical neighbours (ten per council, May 2025 list). A council may add
figures, or replace published ones, in a file of its own (``own_file``: docs/comparators.md).

Only indicators whose published measure measures the same thing are mapped (each declaration's
``comparator``, gathered by ``mappings``): shares,
rates and averages, never raw counts, since councils differ in size. Where our figure has to be cut
to match (care-leaver measures are published for ages 19-21; ours cover 17-21) the mapping names the
filter, and the council's figure beside the published ones is computed that way. Where the
definitions still differ, ``Mapping.differs`` says how in one sentence for a councillor.

Loading: the 3.4 MB figures file is read once per process by DuckDB (``read_csv``, all text, then
cast) into an in-memory table; each ``benchmarks`` call is one small query on it. A council's own
file is small; it is read and checked line by line (so that a mistake is reported by line and
column), and cached by its path, size and modification time.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import threading
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb

from briefing_tui.errors import UserError
from briefing_tui.indicators.evaluate import Context, Result, evaluate
from briefing_tui.indicators.flags import Flag
from briefing_tui.indicators.registry import all_indicators
from briefing_tui.store import connection

PUBLISHED = Path(__file__).resolve().parent / "published"
FIGURES_CSV = PUBLISHED / "dfe_la_figures.csv"
MEASURES_CSV = PUBLISHED / "measures.csv"
NEIGHBOURS_CSV = PUBLISHED / "statistical_neighbours.csv"

# As published/README.md gives it, to be shown wherever these figures are shown or shipped.
ATTRIBUTION = ("Contains public sector information licensed under the Open Government Licence v3.0. "
               "Source: Department for Education, Local Authority Interactive Tool.")

NEIGHBOURS_SOURCE = "DfE children's services statistical neighbours (May 2025 list)"

COLUMNS = ("measure", "year", "area", "la_number", "region", "value")
_TEXT_COLUMNS = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in COLUMNS) + "}"  # read_csv: every column as text
ENGLAND = "970"

PERCENT, RATE, SCORE, COUNT = "%", "rate per 10,000", "score", "count"
# Measures whose unit their title does not show (the rest: "%" when the id or title says per cent).
_UNITS = {"LAC": RATE, "LAC_Start_Rate": RATE, "LAC_Cease_Rate": RATE, "Emotional_LAC": SCORE,
          "LAC_Good_Develop": PERCENT,   # % of children reaching a good level of development
          "LAC_Unauth": PERCENT}         # % of school sessions missed

# Councils' `region` column spells two London groups and Yorkshire differently from the region areas.
_REGION_ALIASES = {"inner london": "London (Inner)", "outer london": "London (Outer)"}


@dataclass(frozen=True)
class Measure:
    id: str
    title: str
    polarity: str      # as the DfE states it: "High", "Low" or "-" (no better direction; "NA" is read as "-")
    description: str
    unit: str          # "%", "rate per 10,000", "score" or "count"
    source_link: str = ""


@dataclass(frozen=True)
class Mapping:
    """How an indicator of ours lines up with a published measure."""

    indicator_id: str
    measure_id: str
    filters: dict[str, str] = field(default_factory=dict)  # dimension -> label making our figure comparable
    differs: str = ""  # "" when the definitions match, else one plain sentence for a councillor


def mappings() -> dict[str, Mapping]:
    """Every indicator's published comparator, as its declaration names it (``Indicator.comparator``)."""
    return {ind.id: Mapping(ind.id, ind.comparator.measure, dict(ind.comparator.filters), ind.comparator.differs)
            for ind in all_indicators() if ind.comparator is not None}


def __getattr__(name: str):
    """``MAPPINGS``: ``mappings()`` as a module constant, made when first asked for (the declarations
    are loaded then)."""
    if name == "MAPPINGS":
        return mappings()
    raise AttributeError(name)


@dataclass(frozen=True)
class Figure:
    area: str
    la_number: str       # the DfE's code ("302"; England 970, regions 980-990), "" when not known
    year: int
    value: float | None  # None where published "-" (suppressed, not applicable, not available) or absent
    published: str       # as published ("54", "14.1", "-"); "" when the file has no figure at all
    own_file: bool = False  # from the council's own comparator file, not the DfE's

    @property
    def text(self) -> str:
        """The figure as a paper prints it: the published text less the extract's floating-point noise
        (300 published values read like '9.6999999999999993' for 9.7); '-' and '' as they are."""
        if self.value is None:
            return self.published
        return f"{round(self.value, 6):.6f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Benchmark:
    indicator_id: str
    measure: Measure
    mapping: Mapping
    council_value: float | None   # the council's figure computed the comparable way (mapping.filters)
    council_numerator: int | None    # ... and its parts, as evaluate gives them (for small-number checks)
    council_denominator: int | None
    council_flags: tuple[Flag, ...]   # ... and its flags (small numbers, data-quality findings)
    year: int                     # the publication year used (year ending 31 March)
    year_is_period: bool          # True: the period's own collection year; False: the latest before it
    year_note: str                # "" when year_is_period and the period is a whole year; else why
    england: Figure | None
    region: Figure | None
    neighbours: tuple[Figure, ...]  # the ten statistical neighbours, in the DfE's order
    neighbour_average: float | None  # mean of the neighbours with a value
    neighbours_with_value: int
    rank: int | None              # among the council and its neighbours with values; ties share a rank
    rank_of: int                  # how many were ranked (0: nothing to rank)
    rank_order: str               # what rank 1 means, e.g. "1 = lowest (the DfE: lower is better)"
    ranked_value: float | None    # council_value rounded as the DfE publishes the measure: what is ranked
    council_published: Figure | None  # a real council's own published figure that year
    source: str


# --- loading ---------------------------------------------------------------------------------------

@dataclass
class _Published:
    con: duckdb.DuckDBPyConnection          # in memory: table figures
    measures: dict[str, Measure]
    decimals: dict[str, int]                # decimal places the DfE publishes each measure with (0 or 1)
    england_years: dict[str, frozenset[int]]  # years each measure has a numeric England figure
    councils: dict[str, tuple[str, str]]    # la_number -> (name, region as in the LA rows)
    regions: dict[str, str]                 # region area name -> la_number (not England)
    neighbours: dict[str, tuple[tuple[str, str], ...]]  # la_number -> ((la_number, name), ...) ranked


@dataclass
class _Own:
    path: Path
    rows: dict[tuple[str, int, str], Figure]  # (measure, year, la_number) -> figure
    regions: dict[str, str]                   # la_number -> region text, for councils the DfE file lacks
    england_years: dict[str, frozenset[int]]


_LOCK = threading.Lock()
_published: _Published | None = None
_own_cache: dict[tuple, _Own] = {}


def published() -> _Published:
    """The shipped files, read once per process."""
    global _published
    with _LOCK:
        if _published is None:
            _published = _load_published()
        return _published


def _load_published() -> _Published:
    with FIGURES_CSV.open(encoding="utf-8") as f:
        header = f.readline().strip()
    if header != ",".join(COLUMNS):  # the dialect below is fixed (no sniffing: it halves the load time)
        raise RuntimeError(f"{FIGURES_CSV}: header {header!r}, expected {','.join(COLUMNS)!r}")
    con = connection.connect()
    con.execute(
        "CREATE TABLE figures AS SELECT measure, CAST(year AS INTEGER) AS year, area, la_number, region, "
        "value AS published, TRY_CAST(value AS DOUBLE) AS value "
        f"FROM read_csv($path, header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
        f"columns = {_TEXT_COLUMNS})", {"path": str(FIGURES_CSV)})
    bad = con.execute("SELECT count(*) FROM figures WHERE value IS NULL AND published <> '-'").fetchone()[0]
    if bad:  # the shipped file is the DfE's, unchanged: this would be a packaging fault
        raise RuntimeError(f"{FIGURES_CSV}: {bad} values are neither a number nor '-'")
    measures = {}
    for mid, title, polarity, description, link in con.execute(
            "SELECT measure, title, polarity, description, source_link "
            "FROM read_csv($path, header = true, all_varchar = true)", {"path": str(MEASURES_CSV)}).fetchall():
        measures[mid] = Measure(mid, title, polarity if polarity in ("High", "Low") else "-", description or "",
                                _unit(mid, title), link or "")
    decimals = dict(con.execute(
        "SELECT measure, max(CASE WHEN contains(published, '.') THEN 1 ELSE 0 END) FROM figures GROUP BY 1"
    ).fetchall())
    england_years: dict[str, set[int]] = {}
    for mid, year in con.execute("SELECT measure, year FROM figures WHERE la_number = ? AND value IS NOT NULL",
                                 [ENGLAND]).fetchall():
        england_years.setdefault(mid, set()).add(year)
    councils = {la: (name, region) for la, name, region in con.execute(
        "SELECT la_number, arg_max(area, year), arg_max(region, year) FROM figures WHERE region <> 'NA' "
        "GROUP BY 1").fetchall()}
    regions = {name: la for la, name in con.execute(
        "SELECT DISTINCT la_number, area FROM figures WHERE region = 'NA' AND la_number <> ? ORDER BY 1",
        [ENGLAND]).fetchall()}
    neighbours: dict[str, list[tuple[str, str]]] = {}
    for la, other, name in con.execute(
            "SELECT la_number, neighbour_la_number, neighbour_la_name "
            "FROM read_csv($path, header = true, all_varchar = true) "
            "ORDER BY la_number, CAST(rank AS INTEGER)", {"path": str(NEIGHBOURS_CSV)}).fetchall():
        neighbours.setdefault(la, []).append((other, name))
    return _Published(con, measures, decimals, {m: frozenset(y) for m, y in england_years.items()}, councils,
                      regions, {la: tuple(n) for la, n in neighbours.items()})


def _unit(measure_id: str, title: str) -> str:
    if measure_id in _UNITS:
        return _UNITS[measure_id]
    if "%" in measure_id or "%" in title or "percent" in title.lower():
        return PERCENT
    return COUNT


def measures() -> dict[str, Measure]:
    """Every published measure, by id."""
    return dict(published().measures)


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


# --- areas ------------------------------------------------------------------------------------------

def region_area(name: str) -> str:
    """A region's area name as published ('London (Inner)'), from either spelling ('Inner London',
    'Yorkshire and The Humber'), any case; a UserError listing the regions otherwise."""
    pub = published()
    wanted = name.strip()
    if wanted.lower() in _REGION_ALIASES:
        return _REGION_ALIASES[wanted.lower()]
    for area in pub.regions:
        if area.lower() == wanted.lower():
            return area
    close = difflib.get_close_matches(wanted, list(pub.regions), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise UserError(f"region '{name}' is not one of the DfE's regions{hint}: settings council.region must be one "
                    f"of: {', '.join(pub.regions)}")


def council_name(la_number: str, own_file: Path | None = None) -> str:
    """The published name of a council by its DfE LA number (a UserError if unknown)."""
    pub = published()
    own = load_own_file(own_file) if own_file else None
    return _council(pub, own, la_number)[1]


def _council(pub: _Published, own: _Own | None, la_number) -> tuple[str, str, str]:
    """(la_number, name, region area) of a council, or a UserError saying what was meant."""
    la = str(la_number).strip()
    if la in pub.councils:
        name, region = pub.councils[la]
        return la, name, region_area(region)
    if own is not None:
        figures = [f for (_, _, code), f in own.rows.items() if code == la]
        if figures:
            region = own.regions.get(la)
            return la, figures[-1].area, region_area(region) if region else ""
    aggregates = {code: name for name, code in pub.regions.items()} | {ENGLAND: "England"}
    if la in aggregates:
        raise UserError(f"LA number {la} is {aggregates[la]}, not a council: settings council.la_number is the "
                        "council's own 3-digit DfE number, e.g. 302 for Barnet")
    by_name = {name.lower(): code for code, (name, _) in pub.councils.items()}
    if la.isdigit():  # a digit too many or too few first (3020, 30), then near misses (320 for 302)
        codes = [c for c in pub.councils if la.startswith(c) or c.startswith(la)]
        codes += difflib.get_close_matches(la, list(pub.councils), n=3, cutoff=0.6)
    elif la.lower() in by_name:
        codes = [by_name[la.lower()]]
    else:  # names containing what was given first ("Newcastle"), then near misses ("Westminister")
        codes = [code for name, code in by_name.items() if la.lower() in name]
        codes += [by_name[n] for n in difflib.get_close_matches(la.lower(), list(by_name), n=3, cutoff=0.6)]
    codes = list(dict.fromkeys(codes))[:3]
    named = [f"{c} ({pub.councils[c][0]})" for c in codes]
    hint = ""
    if named:
        hint = f" (did you mean {named[0] if len(named) == 1 else ', '.join(named[:-1]) + ' or ' + named[-1]}?)"
    raise UserError(f"no council with DfE LA number '{la}' in the published comparators{hint}: settings "
                    "council.la_number is the council's 3-digit DfE number, e.g. 302 for Barnet")


# --- benchmarks -------------------------------------------------------------------------------------

def benchmarks(con: duckdb.DuckDBPyConnection, council: str, period, results: list[Result], la_number: str | None,
               region: str | None, own_file: Path | None = None,
               context: Context | None = None) -> dict[str, Benchmark]:
    """The published comparators of each mapped indicator among ``results`` (one period's), by indicator id.

    A real council (``la_number``, e.g. "302") gets England, its region (from the published data;
    ``region`` is then not read) and its ten statistical neighbours, and its own published figure. A
    council the DfE does not publish (the demo: ``la_number`` None) gets England and the ``region``
    named, if any. The publication year is the period's collection year where the measure is
    published for it, else the latest published year before it; an indicator with no published year
    at or before the period has no benchmark. ``own_file`` adds to, and replaces, published figures.
    """
    pub = published()
    own = load_own_file(Path(own_file)) if own_file else None
    if la_number is not None and str(la_number).strip():
        la, _, region_name = _council(pub, own, la_number)
        neighbour_list = pub.neighbours.get(la, ())
    else:
        la, neighbour_list = "", ()
        region_name = region_area(region) if region and region.strip() else ""
    region_la = pub.regions.get(region_name, "")

    wanted = []  # (result, mapping, measure, year)
    found_mappings = mappings()
    for result in results:
        mapping = found_mappings.get(result.indicator.id)
        if mapping is None:
            continue
        measure = pub.measures[mapping.measure_id]
        years = pub.england_years.get(measure.id, frozenset()) | (own.england_years.get(measure.id, frozenset())
                                                                 if own else frozenset())
        usable = [y for y in years if y <= period.return_year]
        if usable:
            wanted.append((result, mapping, measure, max(usable)))
    if not wanted:
        return {}

    areas = [code for code in (ENGLAND, region_la, la, *(n for n, _ in neighbour_list)) if code]
    found: dict[tuple[str, int, str], Figure] = {}
    with _LOCK:
        cursor = pub.con.cursor()  # a connection of its own: callers may be on several threads
    try:
        for mid, year, code, area, text, value in cursor.execute(
                "SELECT measure, year, la_number, area, published, value FROM figures "
                "WHERE measure IN (SELECT unnest($m)) AND year IN (SELECT unnest($y)) "
                "AND la_number IN (SELECT unnest($a))",
                {"m": sorted({m.id for _, _, m, _ in wanted}), "y": sorted({y for *_, y in wanted}),
                 "a": areas}).fetchall():
            found[(mid, year, code)] = Figure(area, code, year, value, text)
    finally:
        cursor.close()
    if own:
        found.update(own.rows)

    out = {}
    for result, mapping, measure, year in wanted:
        def figure(code: str, name: str = "") -> Figure | None:
            if not code:
                return None
            return found.get((measure.id, year, code)) or Figure(name, code, year, None, "")

        neighbours = tuple(figure(code, name) for code, name in neighbour_list)
        values = [f.value for f in neighbours if f.value is not None]
        comparable = _comparable(con, council, period, result, mapping, context)
        council_value = comparable.value
        ranked = _as_published(council_value, pub.decimals.get(measure.id, 0))
        rank, rank_of = _rank(ranked, values, measure.polarity)
        figures = [figure(ENGLAND), figure(region_la, region_name), figure(la), *neighbours]
        out[mapping.indicator_id] = Benchmark(
            indicator_id=mapping.indicator_id, measure=measure, mapping=mapping, council_value=council_value,
            council_numerator=comparable.numerator, council_denominator=comparable.denominator,
            council_flags=tuple(comparable.flags),
            year=year, year_is_period=year == period.return_year, year_note=_year_note(measure, year, period),
            england=figure(ENGLAND), region=figure(region_la, region_name), neighbours=neighbours,
            neighbour_average=sum(values) / len(values) if values else None, neighbours_with_value=len(values),
            rank=rank, rank_of=rank_of, rank_order=_rank_order(measure.polarity), ranked_value=ranked,
            council_published=figure(la), source=_source(measure, year, bool(neighbours), own, figures))
    return out


def _comparable(con, council: str, period, result, mapping: Mapping, context: Context | None):
    """The council's result cut the way the published figure is (the result itself when it already is)."""
    if {k: v.lower() for k, v in result.filters.items()} == {k: v.lower() for k, v in mapping.filters.items()}:
        return result
    return evaluate(con, mapping.indicator_id, period, council, context, filters=mapping.filters)


def _as_published(value: float | None, decimals: int) -> float | None:
    """Rounded as the DfE publishes the measure (half up: 54.5 -> 55), so a tie with a neighbour is a tie."""
    if value is None:
        return None
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _rank(value: float | None, others: list[float], polarity: str) -> tuple[int | None, int]:
    if value is None or not others:
        return None, 0
    better = [v for v in others if (v < value if polarity == "Low" else v > value)]
    return 1 + len(better), 1 + len(others)


def _rank_order(polarity: str) -> str:
    if polarity == "High":
        return "1 = highest (the DfE: higher is better)"
    if polarity == "Low":
        return "1 = lowest (the DfE: lower is better)"
    return "1 = highest (the DfE gives no better direction: ranked from the highest value, not best to worst)"


def _year_note(measure: Measure, year: int, period) -> str:
    notes = []
    if year != period.return_year:
        notes.append(f"The DfE has not published {measure.title} for the year ending 31 March "
                     f"{period.return_year}; the latest published year before it, {year}, is shown.")
    if period.kind != "year":
        notes.append(f"The council's figure is for {period.label}; the published figures are for the year "
                     f"ending 31 March {year}.")
    return " ".join(notes)


def _source(measure: Measure, year: int, has_neighbours: bool, own: _Own | None, figures) -> str:
    parts = [f"DfE published figures, {measure.id} ({measure.title}), year ending 31 March {year}"]
    if has_neighbours:
        parts.append(f"statistical neighbours: {NEIGHBOURS_SOURCE}")
    if own and any(f is not None and f.own_file for f in figures):
        parts.append(f"figures marked as the council's own from {own.path.name}")
    return "; ".join(parts) + ". " + ATTRIBUTION
