"""An in-year extract cut from a complete year's return: what a case system exports mid-year.

A council runs the same 903 extract in the middle of a collection year for its quarterly panel. On
its "data to" day the system knows every episode that has started (one that ends later is still
open: DEC, REC and the reason for a change are blank), every review held and missing incident begun,
and nothing of the year's end: oc2 (the 12-month cohort at 31 March) and oc3 (care leavers around
their birthdays in the year) are made when the year ends, so an extract has them empty. A child is
in the header when any other table has them. Cutting the complete year's rows this way gives an
extract consistent with the year it is part of, so the figures of the two can be compared: the
extract's must equal the year's for any date up to its data-to day.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from briefing_tui.ssda903.tables import TABLES

Rows = list[dict[str, str]]

# Per table: the date that says whether a row existed by the data-to day (a later one: the row goes),
# and the dates (with the columns blanked alongside) that are not yet known then.
_STARTS = {"episodes": "DECOM", "reviews": "REVIEW", "missing": "MIS_START", "placed_for_adoption": "DATE_PLACED",
           "sw_episodes": "SW_DECOM", "dolo": "DOLO_START"}
_ENDS = {"episodes": ("DEC", ("REC", "REASON_PLACE_CHANGE")), "missing": ("MIS_END", ()),
         "uasc": ("DUC", ()), "placed_for_adoption": ("DATE_PLACED_CEASED", ("REASON_PLACED_CEASED",)),
         "sw_episodes": ("SW_DEC", ("SW_REASON",)), "dolo": ("DOLO_END", ())}
_YEAR_END_ONLY = ("oc2", "oc3")  # made when the year ends


def _day(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


def cut(tables: dict[str, Rows], data_to: dt.date) -> dict[str, Rows]:
    """The extract a case system would give on ``data_to`` of the year ``tables`` is the return of."""
    out: dict[str, Rows] = {}
    for name, rows in tables.items():
        if name in _YEAR_END_ONLY:
            out[name] = []
            continue
        kept = []
        for row in map(dict, rows):
            start = _STARTS.get(name)
            if start and (d := _day(row.get(start, ""))) is not None and d > data_to:
                continue
            if name in _ENDS:
                end, with_it = _ENDS[name]
                if (d := _day(row.get(end, ""))) is not None and d > data_to:
                    for column in (end, *with_it):
                        if column in row:
                            row[column] = ""
            kept.append(row)
        out[name] = kept
    for row in out.get("header", []):  # a mother whose child is born after the data-to day is not one yet
        if (d := _day(row.get("MC_DOB", ""))) is not None and d > data_to:
            row["MC_DOB"], row["MOTHER"] = "", "0"
    adopted = {r["CHILD"] for r in out.get("episodes", []) if r["REC"] in ("E11", "E12")}
    if "ad1" in out:  # adopted by the data-to day, or not (yet) in the adoption table
        out["ad1"] = [r for r in out["ad1"] if r["CHILD"] in adopted]
    started = {r["CHILD"] for r in out.get("episodes", [])}
    if "previous_permanence" in out:
        out["previous_permanence"] = [r for r in out["previous_permanence"] if r["CHILD"] in started]
    present = {r["CHILD"] for name, rows in out.items() if name not in ("header", "uasc") for r in rows}
    for name in ("header", "uasc"):
        if name in out:
            out[name] = [r for r in out[name] if r["CHILD"] in present]
    return out


def cut_rows(tables: dict[str, list[list[str]]], data_to: dt.date) -> dict[str, list[list[str]]]:
    """``cut`` for tables of rows in the columns' order (as the demo generator makes them)."""
    named = {name: [dict(zip(TABLES[name].column_names, row)) for row in rows] for name, rows in tables.items()}
    return {name: [[row[c] for c in TABLES[name].column_names] for row in rows]
            for name, rows in cut(named, data_to).items()}


def cut_folder(source: Path, target: Path, data_to: dt.date) -> list[Path]:
    """Cut a complete year's CSV files (``<table>.csv``, as the demo writes them) into an extract in
    ``target``: the same files, the same columns, the rows the extract would hold."""
    tables: dict[str, Rows] = {}
    headers: dict[str, list[str]] = {}
    for name in TABLES:
        path = source / f"{name}.csv"
        if path.exists():
            reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
            headers[name] = list(reader.fieldnames or [])
            tables[name] = list(reader)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in cut(tables, data_to).items():
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=headers[name], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path = target / f"{name}.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
        written.append(path)
    return written
