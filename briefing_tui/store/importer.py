"""The import transaction: a council's returns in, checked, replacing exactly what they replace.

Order matters. Everything that can refuse an import (unreadable files, bad dates, a year label the
dates contradict, findings under ``--strict``) is found before or inside one transaction, and a
refusal rolls it back, so a failed or interrupted import leaves the database as it was. Re-importing
a council's year deletes that return's rows and inserts the new ones in the same transaction:
importing the same files twice leaves the same rows.
"""

from __future__ import annotations

import datetime as dt
import resource
import shutil
from collections import defaultdict
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from briefing_tui import __version__, scratch
from briefing_tui.councils import Council, for_code
from briefing_tui.ssda903 import years as cy
from briefing_tui.ssda903.files import Discovery, SourceFile, discover
from briefing_tui.ssda903.problems import Problem, Severity
from briefing_tui.ssda903.spool import Spool
from briefing_tui.ssda903.tables import CORE_TABLES, EVENT_DATES, TABLES
from briefing_tui.store import aliases, checks
from briefing_tui.store import councils as stored_councils
from briefing_tui.store import extents as extents_of
from briefing_tui.store.connection import DatabaseError, database_path
from briefing_tui.store.query import one_row
from briefing_tui.store.schema import PROVENANCE, store_care_spans
from briefing_tui.store.staging import (
    ImportRefused,
    StagedFile,
    date_errors,
    key_errors,
    located,
    q,
    stage,
    tables_with_rows,
)
from briefing_tui.store.transaction import transaction

Progress = Callable[[str], None]
Derive = Callable[[duckdb.DuckDBPyConnection, list[str], int], None]
FileSet = set[tuple[str, str]]  # a return's files as (table, sha256): the same set is the same return

# DuckDB may use this much memory for an import before it spills to its temporary folder: enough
# for a large council's returns in memory, and a pooled import of many councils stays under 1 GiB.
IMPORT_MEMORY_LIMIT = "768MB"

# A return is refused as mislabelled when at least this many in-year event dates exist and most
# of them fall in one other collection year while under half fall in the labelled one.
LABEL_CHECK_MIN_DATES = 5
# With at least this many episode end dates, they alone decide a return's year (see _label_errors).
LABEL_DEC_DATES = 20
# Room an import needs where its database lives, before the transaction starts: its write-ahead
# log and the database's growth take a few times the files' size (the demo's 1.2 MB of files grow
# a database by 7 MB, mostly the fixed cost of the stored figures), and never less than the margin.
ROOM_PER_BYTE = 4
ROOM_MARGIN = 64_000_000


@dataclass(frozen=True)
class ReturnSummary:
    council: str
    year: int
    outcome: str  # 'new', 'replaced', 'unchanged'
    row_counts: dict[str, int]
    findings: int
    warnings: int
    data_to: dt.date | None = None           # an in-year extract's last day of data; None: the complete year
    replaced_data_to: dt.date | None = None  # when it replaced an extract: that extract's
    replaced_complete: bool = False          # when it replaced a complete year (--replace)


@dataclass(frozen=True)
class FindingCount:
    rule: str
    table: str
    column: str
    count: int
    examples: tuple[Problem, ...]


@dataclass
class ImportResult:
    import_id: int | None
    committed: bool
    returns: list[ReturnSummary] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    findings: list[FindingCount] = field(default_factory=list)

    @property
    def finding_total(self) -> int:
        return sum(f.count for f in self.findings)


def import_paths(
    con: duckdb.DuckDBPyConnection,
    paths: list[Path],
    *,
    council: Council | str,
    year: int | None = None,
    labels: str = "end",
    strict: bool = False,
    dry_run: bool = False,
    command: str = "import",
    progress: Progress | None = None,
    derive: Derive | None = None,
    workdir: Path | None = None,
    data_to: dt.date | None = None,
    replace_complete: bool = False,
) -> ImportResult:
    """Import every return under ``paths`` for one council (the CLI's import and check); ``labels``
    says how single-year labels in names are read (ssda903.files.discover); ``data_to``
    (``--data-to``) makes them in-year extracts with data to that date (``_extents``). The files'
    rows are spooled in ``workdir``, else in a private temporary folder of this import's own."""
    say = progress or (lambda _msg: None)
    with scratch.private_folder() if workdir is None else nullcontext(workdir) as work:
        say("Reading files")
        spool = Spool(Path(work))
        found = discover([Path(p) for p in paths], year=year, spool=spool, labels=labels, data_to=data_to)
        return import_sources(con, [(council, found)], spool, strict=strict, dry_run=dry_run,
                              command=command, progress=say, derive=derive, replace_complete=replace_complete)


def import_sources(
    con: duckdb.DuckDBPyConnection,
    sources: list[tuple[Council | str, Discovery]],
    spool: Spool,
    *,
    strict: bool = False,
    dry_run: bool = False,
    command: str = "import",
    progress: Progress | None = None,
    derive: Derive | None = None,
    replace_complete: bool = False,
) -> ImportResult:
    """Import discovered files, each group under its council (pooled and benchmark imports).

    ``derive(con, councils, from_year)`` rebuilds data derived from the returns (the layers above own
    it: the indicators' stored rows) for those councils' years from the earliest imported one on,
    inside the import's transaction, after every derived-data signature ('derived:' keys in meta)
    has been cleared, so derived data is never older than the returns.

    A council given as text is its stored code (``councils.for_code``); each council's attributes
    are recorded with its returns (``store.councils``)."""
    given = [(c if isinstance(c, Council) else for_code(c), found) for c, found in sources]
    limit = one_row(con, "SELECT current_setting('memory_limit')")[0]
    con.execute(f"SET memory_limit = '{IMPORT_MEMORY_LIMIT}'")
    failed = True
    try:
        result = _import(con, given, spool, strict=strict, dry_run=dry_run, command=command,
                         say=progress or (lambda _msg: None), derive=derive, replace_complete=replace_complete)
        failed = False
        return result
    except RuntimeError as exc:
        # Ctrl-C while DuckDB works: it stops the query and raises this instead of KeyboardInterrupt
        # (the transaction was rolled back on the way out).
        if str(exc) == "Query interrupted":
            raise KeyboardInterrupt from exc
        raise
    finally:
        try:
            _drop_working_tables(con)
            con.execute(f"SET memory_limit = '{limit}'")
        except duckdb.Error:
            if not failed:  # else the first fault is the one to say
                raise


def _drop_working_tables(con: duckdb.DuckDBPyConnection) -> None:
    """An import's temporary tables go with it, refused or not: the next import on the same
    connection must never see them."""
    for (name,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE temporary AND (starts_with(table_name, 'staged_') "
        "OR starts_with(table_name, 'raw_') OR table_name IN ('findings', 'line_maps', 'importing'))"
    ).fetchall():
        con.execute(f"DROP TABLE IF EXISTS temp.{q(name)}")


def _import(con: duckdb.DuckDBPyConnection, councils: list[tuple[Council, Discovery]], spool: Spool, *,
            strict: bool, dry_run: bool, command: str, say: Progress, derive: Derive | None,
            replace_complete: bool = False) -> ImportResult:
    sources = [(c.code, found) for c, found in councils]
    problems = [replace(p, council=council) for council, found in sources for p in found.problems]
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    planned, plan_problems = _plan(con, sources, complete_only=not errors)
    extents, extent_problems = extents_of.decide(con, planned, replace_complete)
    for p in [*plan_problems, *extent_problems]:
        (errors if p.severity is Severity.ERROR else warnings).append(p)
    if errors:
        raise ImportRefused(errors)
    if not planned:
        raise ImportRefused([Problem(Severity.ERROR, "no-files", "no SSDA903 CSV files found",
                                     file=", ".join(str(p.files[0].path) for _, p in sources if p.files)
                                     or "the paths given",
                                     expected="a folder or files of the return's CSV tables")])
    say(f"Loading {len(planned)} files")
    stage(con, planned, spool)
    say("Checking dates")
    present = tables_with_rows(con)  # asked once; the checks below skip empty tables
    date_errors(con, present)  # refuses the import when a date cannot be read
    key_errors(con, present)   # ... or a row says nothing of whose it is, or when
    by_return = extents_of.dates_by_return(con, present)
    mislabelled = _label_errors(planned, by_return)
    if mislabelled:
        raise ImportRefused(mislabelled)
    warnings += extents_of.warnings(planned, by_return, extents)
    returns = sorted({(f.council, f.year) for f in planned})
    say("Checking data quality")
    checks.prepare(con)
    checks.value_checks(con, present)
    checks.relational_checks(con, present)
    findings = _finding_counts(con)
    if strict and findings:
        examples = [e.as_error() for f in findings for e in f.examples]
        raise ImportRefused(examples, total=sum(f.count for f in findings), findings_refused=True)
    if dry_run:
        return ImportResult(None, False, _summaries(con, planned, returns, {}, warnings, extents), warnings, findings)
    previous = _loaded_files(con, returns)
    _check_room(con, planned)
    try:
        with transaction(con):
            import_id = _write(con, planned, returns, previous, warnings, present, command=command,
                               strict=strict, say=say)
            for council, _ in councils:
                stored_councils.record(con, council)
            summaries = _summaries(con, planned, returns, previous, warnings, extents)
            _log_returns(con, import_id, summaries)
            # Derived data is stale now: its signatures go; an import that does not rebuild it also
            # marks it as not built, so the next rebuild starts from nothing.
            con.execute("DELETE FROM meta WHERE starts_with(key, 'derived:')"
                        + ("" if derive is not None else " OR starts_with(key, 'derived-built:')"))
            if derive is not None:
                say("Working out the indicators")
                derive(con, sorted({council for council, _ in returns}), min(year for _, year in returns))
    except BaseException as exc:
        unwritten = _unwritten(con, exc)
        if unwritten is not None:
            raise unwritten from exc
        raise
    return ImportResult(import_id, True, summaries, warnings, findings)


def _check_room(con: duckdb.DuckDBPyConnection, planned: list[StagedFile]) -> None:
    """Refuse an import the database's disk (or the file-size limit, ``ulimit -f``) has no room for,
    before the transaction starts; a fault the estimate misses is said at commit (``_unwritten``)."""
    path = database_path(con)
    if path is None:  # in memory: nothing is written
        return
    size = sum(f.source.size for f in planned)
    need = ROOM_PER_BYTE * size + ROOM_MARGIN
    free = shutil.disk_usage(path.parent).free
    if free < need:
        raise DatabaseError(
            f"not enough free space for this import in {path.parent}: about {_mb(need)} needed for "
            f"{_mb(size)} of files, {_mb(free)} free: free some space there, or give another --db; nothing was changed")
    allowed = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    grown = (path.stat().st_size if path.exists() else 0) + need
    if allowed != resource.RLIM_INFINITY and allowed < grown:
        raise DatabaseError(
            f"the file-size limit (ulimit -f) of {_mb(allowed)} is too small for this import: the database {path} may "
            f"grow to about {_mb(grown)}: raise it (ulimit -f unlimited); nothing was changed")


def _unwritten(con: duckdb.DuckDBPyConnection, exc: BaseException) -> DatabaseError | None:
    """The one line for a transaction the disk refused (full, a file-size limit, read-only), or None."""
    found = scratch.fault(exc) if isinstance(exc, (duckdb.Error, OSError)) else None
    if found is None:
        return None
    why, remedy = found
    path = database_path(con)
    return DatabaseError(f"database {path} could not be written: {why}: {remedy} and import again; nothing was "
                         "changed (the database is as it was)")


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB" if size >= 1_000_000 else f"{size / 1_000:,.1f} kB"


# --- planning ------------------------------------------------------------------------------------

def _plan(con: duckdb.DuckDBPyConnection, sources: list[tuple[str, Discovery]], *,
          complete_only: bool = True) -> tuple[list[StagedFile], list[Problem]]:
    """Give each file a council and id; refuse returns with a table twice or without their core."""
    problems: list[Problem] = []
    next_id = one_row(con, "SELECT coalesce(max(file_id), 0) + 1 FROM import_files")[0]
    # The same file content in the same slot keeps its id, so re-importing a return leaves every
    # stored row identical, provenance included.
    known = {(c, y, t, sha): fid for c, y, t, sha, fid in con.execute(
        "SELECT council, year, table_name, sha256, max(file_id) FROM import_files GROUP BY ALL").fetchall()}
    by_slot: dict[tuple[str, int, str], list[SourceFile]] = defaultdict(list)
    for council, found in sources:
        for f in found.files:
            by_slot[(council, f.year, f.table)].append(f)
    planned: list[StagedFile] = []
    for (council, year, table), files in sorted(by_slot.items()):
        first = files[0]
        for other in files[1:]:
            if other.sha256 == first.sha256:
                problems.append(Problem(Severity.WARNING, "same-file-twice",
                                        f"same contents as {first.display}; read once", file=other.display,
                                        table=table, council=council, year=year))
            else:
                problems.append(Problem(
                    Severity.ERROR, "table-twice",
                    f"a second {table} table for {council} {cy.label(year)} (the first is {first.display}) "
                    "with different contents",
                    file=other.display, table=table, council=council, year=year,
                    expected="one file per table per year: remove or relabel one of them",
                ))
        file_id = known.get((council, year, table, first.sha256))
        if file_id is None:
            file_id, next_id = next_id, next_id + 1
        planned.append(StagedFile(first, council, file_id))
    have: dict[tuple[str, int], set[str]] = defaultdict(set)
    for staged in planned:
        have[(staged.council, staged.year)].add(staged.source.table)
    for (council, year), tables in sorted(have.items()):
        lacking = [t for t in CORE_TABLES if t not in tables]
        if lacking and complete_only:  # a file already refused is the likelier cause
            problems.append(Problem(
                Severity.ERROR, "incomplete-return",
                f"the {cy.label(year)} return for {council} has no {' or '.join(lacking)} file",
                file=next(f.source.display for f in planned if (f.council, f.year) == (council, year)),
                expected="at least the header and episodes tables for each year (an import replaces the whole year)",
                council=council, year=year,
            ))
    return planned, problems


def _label_errors(planned: list[StagedFile], by_return: dict[tuple[str, int], extents_of.ReturnDates]) -> list[Problem]:
    """Refuse returns whose dates say they belong to another collection year than their label.

    The DfE's validation requires every episode end date (DEC) to lie in the return's collection
    year, so DEC dates decide whenever a return has ``LABEL_DEC_DATES`` of them: they cannot lie.
    Reviews and missing incidents may legitimately lie earlier (real exports often carry a child's
    whole history of reviews), so they are consulted only for a return with too few DEC dates, and
    then only when most of them fall within one collection year; otherwise the label stands."""
    errors = []
    for (council, year), dates in sorted(by_return.items()):
        decided = _decided_year(dates.ends, dates.others, year)
        if decided is None:
            continue
        pointed, votes, total, what = decided
        files = [f for f in planned if (f.council, f.year) == (council, year)]
        origin = files[0].source.year_from
        errors.append(Problem(
            Severity.ERROR, "year-label",
            f"labelled collection year {cy.both_ways(year)} by its {origin}, but {votes:,} of {total:,} {what} "
            f"fall in {cy.both_ways(pointed)}",
            file=files[0].source.display + (f" and {len(files) - 1} other files" if len(files) > 1 else ""),
            expected=_relabel_hint(year, pointed, origin, files[0].source.single_year_label),
            council=council, year=year,
        ))
    return errors


def _decided_year(ends: dict[int, int], others: dict[int, int], label: int) -> tuple[int, int, int, str] | None:
    """(year the dates point to, its dates, all dates, what they are) when they contradict ``label``;
    None when the label stands or the dates cannot tell.

    DEC dates first: ``LABEL_DEC_DATES`` of them decide alone; fewer still decide when most of them
    agree (with the label: it stands, whatever the reviews say; with another year, at least
    ``LABEL_CHECK_MIN_DATES`` of them: refused). Only a return whose DEC dates cannot tell is judged
    by its other event dates, and only when most of them fall in one collection year."""
    dec = _contradiction(ends, label, "episode end dates (DEC)")
    total_dec = sum(ends.values())
    if total_dec >= LABEL_DEC_DATES or dec is not None or ends.get(label, 0) * 2 > total_dec > 0:
        return dec
    pooled = {y: ends.get(y, 0) + others.get(y, 0) for y in {*ends, *others}}
    return _contradiction(pooled, label, "in-year dates (" + ", ".join(c for _, c in EVENT_DATES) + ")")


def _contradiction(counts: dict[int, int], label: int, what: str) -> tuple[int, int, int, str] | None:
    """The year most of ``counts`` fall in, when it is not ``label`` and under half fall in ``label``."""
    total = sum(counts.values())
    if total < LABEL_CHECK_MIN_DATES:
        return None
    top_year, top = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    if top_year == label or top * 2 <= total or counts.get(label, 0) * 2 >= total:
        return None
    return top_year, top, total, what


def _relabel_hint(label: int, pointed: int, origin: str, single: bool) -> str:
    """What to do about a contradicted label: --labels start when the files name the year they
    start (a single-year label one year behind), else name the right year."""
    if pointed == label + 1 and origin in ("file name", "folder name") and single:
        return (f"--labels start if these files are named by the year the collection starts (so {label} means "
                f"{cy.label(pointed)}), or --year {pointed}")
    if origin.endswith("(--labels start)") and pointed == label - 1:
        return "these files are named by the year they end: leave out --labels start"
    return f"the files relabelled {pointed} (rename the file or folder, or give --year {pointed})"


def _loaded_files(con: duckdb.DuckDBPyConnection, returns: list[tuple[str, int]]) -> dict[tuple[str, int], FileSet]:
    rows = con.execute(
        "SELECT f.council, f.year, f.table_name, f.sha256 FROM import_files f "
        "JOIN returns r ON r.import_id = f.import_id AND r.council = f.council AND r.year = f.year"
    ).fetchall()
    wanted = set(returns)
    out: dict[tuple[str, int], FileSet] = defaultdict(set)
    for council, year, table, sha in rows:
        if (council, year) in wanted:
            out[(council, year)].add((table, sha))
    return out


# --- writing -------------------------------------------------------------------------------------

def _write(con: duckdb.DuckDBPyConnection, planned: list[StagedFile], returns: list[tuple[str, int]],
           previous: dict[tuple[str, int], FileSet], warnings: list[Problem], present: list[str], *, command: str,
           strict: bool, say: Progress) -> int:
    """Replace the returns' rows, findings and warnings; log the import. Inside the transaction."""
    started = dt.datetime.now()
    con.execute("CREATE OR REPLACE TEMP TABLE importing (council VARCHAR, year SMALLINT)")
    con.execute("INSERT INTO importing SELECT unnest(?), unnest(?)",
                [[c for c, _ in returns], [y for _, y in returns]])
    say("Replacing returns")
    if previous:  # nothing to delete when every return is new
        for table in [*TABLES, "data_quality", "import_warnings"]:
            con.execute(f"DELETE FROM {table} WHERE (council, year) IN (SELECT council, year FROM importing)")
    for spec in (TABLES[t] for t in present):
        cols = ", ".join([n for n, _ in PROVENANCE] + [q(c.name) for c in spec.columns])
        con.execute(f"INSERT INTO {spec.name} ({cols}) SELECT {cols} FROM {located(spec.name)}")
        con.execute(f"DROP TABLE {located(spec.name)}")  # checked and copied: give its memory back
    con.execute("INSERT INTO data_quality SELECT * FROM findings")
    aliases.assign(con, "importing")
    if previous:  # a replaced return may have taken children with it: their aliases go too
        aliases.forget_departed(con, "importing")
    store_care_spans(con, "importing")
    kept = [w for w in warnings if w.year is not None]
    if kept:
        con.execute("INSERT INTO import_warnings "
                    "SELECT unnest(?), unnest(?), unnest(?), unnest(?), unnest(?), unnest(?)",
                    [[w.council for w in kept], [w.year for w in kept],
                     [w.file for w in kept], [w.line for w in kept], [w.rule for w in kept],
                     [w.problem for w in kept]])
    import_id: int = one_row(con, "SELECT coalesce(max(import_id), 0) + 1 FROM imports")[0]
    con.execute("INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?)",
                [import_id, started, dt.datetime.now(), command, __version__, strict])
    con.execute(
        "INSERT INTO import_files SELECT s.file_id, ?, s.council, s.year, s.table_name, s.display, p.sha, "
        "p.bytes, p.enc, s.rows FROM staged_files s JOIN (SELECT unnest(?) AS file_id, unnest(?) AS sha, "
        "unnest(?) AS bytes, unnest(?) AS enc) p USING (file_id)",
        [import_id, [f.file_id for f in planned], [f.source.sha256 for f in planned],
         [f.source.size for f in planned], [f.source.encoding for f in planned]],
    )
    return import_id


def _finding_counts(con: duckdb.DuckDBPyConnection, examples: int = 5) -> list[FindingCount]:
    rows = con.execute(f"""
        SELECT rule, table_name, coalesce(column_name, ''),
               count(*) OVER (PARTITION BY rule, table_name, column_name) AS n,
               file, line, child, value, problem, expected, council, year
        FROM findings
        QUALIFY row_number() OVER (PARTITION BY rule, table_name, column_name ORDER BY file, line) <= {examples}
        ORDER BY n DESC, rule, table_name, column_name, file, line
    """).fetchall()
    grouped: dict[tuple[str, str, str], list[Problem]] = {}
    counts: dict[tuple[str, str, str], int] = {}
    for rule, table, column, n, file, line, child, value, problem, expected, council, year in rows:
        key = (rule, table, column)
        counts[key] = n
        grouped.setdefault(key, []).append(Problem(
            Severity.FINDING, rule, problem, file=file, line=line, column=column, value=value,
            expected=expected or "", table=table, child=child or "", council=council, year=year))
    return [FindingCount(r, t, c, counts[(r, t, c)], tuple(ex)) for (r, t, c), ex in grouped.items()]


def _summaries(con: duckdb.DuckDBPyConnection, planned: list[StagedFile], returns: list[tuple[str, int]],
               previous: dict[tuple[str, int], FileSet], warnings: list[Problem],
               extents: extents_of.Extents) -> list[ReturnSummary]:
    """Each return's summary: its rows, findings and warnings, its extent, and what it replaced (the
    same files with the same extent are 'unchanged')."""
    rows: dict[tuple[str, int], dict[str, int]] = defaultdict(dict)
    for council, year, table, n in con.execute(
        "SELECT council, year, table_name, sum(rows) FROM staged_files GROUP BY ALL"
    ).fetchall():
        rows[(council, year)][table] = int(n)
    found = dict(((c, y), n) for c, y, n in con.execute(
        "SELECT council, year, count(*) FROM findings GROUP BY ALL").fetchall())
    files: dict[tuple[str, int], FileSet] = defaultdict(set)
    for f in planned:
        files[(f.council, f.year)].add((f.source.table, f.source.sha256))
    warned: dict[tuple[str, int | None], int] = defaultdict(int)
    for w in warnings:
        warned[(w.council, w.year)] += 1
    held = dict(((c, y), d) for c, y, d in con.execute("SELECT council, year, data_to FROM returns").fetchall())
    out = []
    for council, year in returns:
        before = previous.get((council, year))
        data_to = extents.get((council, year))
        was = held.get((council, year))
        same = before == files[(council, year)] and was == data_to
        outcome = "new" if not before else ("unchanged" if same else "replaced")
        counts = {t: rows[(council, year)].get(t, 0) for t in TABLES}
        out.append(ReturnSummary(council, year, outcome, counts, found.get((council, year), 0),
                                 warned[(council, year)], data_to,
                                 replaced_data_to=was if outcome == "replaced" else None,
                                 replaced_complete=outcome == "replaced" and was is None and data_to is not None))
    return out


def _log_returns(con: duckdb.DuckDBPyConnection, import_id: int, summaries: list[ReturnSummary]) -> None:
    con.execute(
        "INSERT INTO import_returns SELECT ?, unnest(?), unnest(?), unnest(?), "
        "unnest(?)::MAP(VARCHAR, BIGINT), unnest(?), unnest(?), unnest(?::DATE[])",
        [import_id, [s.council for s in summaries], [s.year for s in summaries], [s.outcome for s in summaries],
         [s.row_counts for s in summaries], [s.findings for s in summaries], [s.warnings for s in summaries],
         [s.data_to for s in summaries]],
    )
