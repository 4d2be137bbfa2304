"""The DfE's published figures, as shipped in ``published/``: every council's, region's and England's
figure for 43 measures, 2016-2025, the measures' titles and polarity, the statistical neighbours,
and the areas they are published for (a council by its DfE number or name, a region by its name).

Read once per process by DuckDB (``read_csv``, all text, then cast) into an in-memory table; each
lookup is one small query on it.
"""

from __future__ import annotations

import difflib
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb

from briefing_tui.errors import UserError
from briefing_tui.store import connection

PUBLISHED = Path(__file__).resolve().parent.parent / "published"  # indicators/published/
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
    row = con.execute("SELECT count(*) FROM figures WHERE value IS NULL AND published <> '-'").fetchone()
    bad = row[0] if row else 0
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


def _council(pub: _Published, own: _Own | None, la_number: str | int) -> tuple[str, str, str]:
    """(la_number, name, region area) of a council, or a UserError saying what was meant."""
    la = str(la_number).strip()
    if la in pub.councils:
        name, region = pub.councils[la]
        return la, name, region_area(region)
    if own is not None:
        figures = [f for (_, _, code), f in own.rows.items() if code == la]
        if figures:
            own_region = own.regions.get(la)
            return la, figures[-1].area, region_area(own_region) if own_region else ""
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


