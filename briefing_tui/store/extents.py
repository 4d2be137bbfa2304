"""How far each return's data reach: a complete collection year, or an in-year extract "data to" a date.

Panels meet quarterly, so councils run the 903 extract mid-year. An extract is not the year: its
figures for anything after its last day would be made of data that do not exist (no episode has
ended yet, oc2 and oc3 are empty until the year ends). So every return records its extent
(``import_returns.data_to``; NULL for a complete year), decided here from the files
(``SourceFile.data_to``: ``--data-to`` or a name such as ``2025-to-2024-09-30/``), and the import
keeps the better data: an extract never replaces the complete year it is part of, nor a later
extract of its year, unless the user says so (``--replace``); a complete year replaces its extract.

Two warnings catch an extent given wrongly: a return called complete whose dates stop months before
31 March (an extract imported without its date), and an extract with dates after its data-to date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from briefing_tui.ssda903 import years as cy
from briefing_tui.ssda903.problems import Problem, Severity
from briefing_tui.ssda903.tables import EVENT_DATES
from briefing_tui.store.staging import StagedFile, located, q

Extents = dict[tuple[str, int], dt.date | None]  # (council, year) -> data to; None: the complete year

# A return called complete with at least this many dates in its year, none of them in its last
# LATE_MONTHS months, is warned about: a real council's complete year always has some.
LATE_DATES_MIN = 50
LATE_MONTHS = 2


@dataclass
class ReturnDates:
    """A staged return's event dates: how many DEC dates (``ends``) and other event dates
    (``others``) fall in each collection year, and the latest in its own year of any of them or of
    an episode's start (how far its data reach), of ``counted`` dates in its year."""

    ends: dict[int, int] = field(default_factory=dict)
    others: dict[int, int] = field(default_factory=dict)
    latest: dt.date | None = None
    counted: int = 0


def dates_by_return(con: duckdb.DuckDBPyConnection, present: list[str]) -> dict[tuple[str, int], ReturnDates]:
    """Each staged return's ``ReturnDates``, in one statement."""
    kinds = [*((table, column, "end" if (table, column) == ("episodes", "DEC") else "other")
               for table, column in EVENT_DATES), ("episodes", "DECOM", "start")]
    parts = [f"SELECT council, year, {q(column)} AS d, '{kind}' AS kind FROM {located(table)}"
             for table, column, kind in kinds if table in present]
    out: dict[tuple[str, int], ReturnDates] = defaultdict(ReturnDates)
    if not parts:
        return out
    for council, year, kind, date_year, n, latest in con.execute(
        "SELECT council, year, kind, CASE WHEN month(d) >= 4 THEN year(d) + 1 ELSE year(d) END AS date_year, "
        f"count(*), max(d) FROM ({' UNION ALL '.join(parts)}) WHERE d IS NOT NULL GROUP BY ALL"
    ).fetchall():
        dates = out[(council, year)]
        if kind != "start":
            (dates.ends if kind == "end" else dates.others)[date_year] = n
        if date_year == year:
            dates.counted += n
            dates.latest = latest if dates.latest is None else max(dates.latest, latest)
    return out


def describe(data_to: dt.date | None) -> str:
    """'complete year' or 'in-year extract, data to 30 September 2024': how messages name an extent."""
    return "complete year" if data_to is None else f"in-year extract, data to {cy.long_date(data_to)}"


def decide(con: duckdb.DuckDBPyConnection, planned: list[StagedFile],
           replace_complete: bool) -> tuple[Extents, list[Problem]]:
    """Each return's extent from its files (they must agree), and the refusals of an extract that
    would replace better data: the complete year it is part of, or a later extract of its year
    (unless ``replace_complete``, the user's ``--replace``)."""
    files: dict[tuple[str, int], list[StagedFile]] = defaultdict(list)
    for f in planned:
        files[(f.council, f.year)].append(f)
    extents: Extents = {}
    problems: list[Problem] = []
    for (council, year), group in sorted(files.items()):
        told = {f.source.data_to for f in group}
        if len(told) > 1:
            extract = next(f for f in group if f.source.data_to is not None)
            day = extract.source.data_to
            assert day is not None
            complete = next((f for f in group if f.source.data_to is None), None)
            other = (f"{complete.source.display} is named as the complete year" if complete else
                     f"{next(f for f in group if f.source.data_to != extract.source.data_to).source.display} "
                     "gives another date")
            problems.append(Problem(
                Severity.ERROR, "data-to", f"the {cy.label(year)} files disagree about how far the return reaches: "
                f"{extract.source.display} gives data to {cy.long_date(day)} ({extract.source.data_to_from}), {other}",
                file=extract.source.display, council=council, year=year,
                expected="one extent for all of a year's files: put them in one folder named for it "
                         f"({year}-to-YYYY-MM-DD) or give --data-to"))
            continue
        extents[(council, year)] = told.pop()
    loaded = dict(((c, y), d) for c, y, d in con.execute(
        "SELECT council, year, data_to FROM returns WHERE (council, year) IN "
        "(SELECT unnest(?), unnest(?))", [[c for c, _ in extents], [y for _, y in extents]]).fetchall())
    for (council, year), data_to in extents.items():
        if data_to is None or (council, year) not in loaded or replace_complete:
            continue
        held = loaded[(council, year)]
        if held is None or held > data_to:
            first = _where(files[(council, year)])
            what = ("the complete year" if held is None
                    else f"a later extract (data to {cy.long_date(held)})")
            problems.append(Problem(
                Severity.ERROR, "extract-over-better",
                f"{council}'s {cy.label(year)} return loaded is {what}; this is an in-year extract with data to "
                f"{cy.long_date(data_to)}: importing it would replace it with less",
                file=first, council=council, year=year,
                expected="the complete year's files (a complete year replaces its extract), or --replace to "
                         "replace it with this extract all the same"))
    return extents, problems


def warnings(planned: list[StagedFile], by_return: dict[tuple[str, int], ReturnDates],
             extents: Extents) -> list[Problem]:
    """A return called complete whose dates stop months before its year ends; an extract with dates
    after its data-to date."""
    out = []
    for (council, year), dates in sorted(by_return.items()):
        if (council, year) not in extents or dates.latest is None:
            continue
        data_to = extents[(council, year)]
        group = [f for f in planned if (f.council, f.year) == (council, year)]
        first = group[0].source
        if data_to is None:
            late = dt.date(year, 4 - LATE_MONTHS, 1)  # the first day of the year's last LATE_MONTHS months
            if dates.counted >= LATE_DATES_MIN and dates.latest < late:
                out.append(Problem(
                    Severity.WARNING, "extent",
                    f"imported as the complete {cy.label(year)} year, but its latest date is "
                    f"{cy.long_date(dates.latest)} (of {dates.counted:,} dates in the year): a complete year's "
                    f"return has dates up to March",
                    file=_where(group), council=council, year=year,
                    expected=f"if it is an in-year extract, import it again with --data-to and the date it was run "
                             f"to (or in a folder named {year}-to-YYYY-MM-DD)"))
        elif dates.latest > data_to:
            out.append(Problem(
                Severity.WARNING, "extent",
                f"in-year extract with data to {cy.long_date(data_to)} ({first.data_to_from}), but it has dates up "
                f"to {cy.long_date(dates.latest)}: no figure is given for any day after {cy.long_date(data_to)}",
                file=_where(group), council=council, year=year,
                expected=f"the date the extract was run to (--data-to {dates.latest.isoformat()}?)"))
    return out


def _where(files: list[StagedFile]) -> str:
    """A return's files as a message names them: their folder when they share one."""
    shown = [Path(f.source.display) for f in files]
    folders = {p.parent for p in shown}
    if len(shown) > 1 and len(folders) == 1:
        return str(folders.pop()) + "/"
    return str(shown[0]) + (f" and {len(shown) - 1} other files" if len(shown) > 1 else "")
