"""Tables a panel takes away: a breakdown or a cohort list, in full, as CSV or Markdown.

Built from the results themselves (never from a screen's truncated cells), so what is exported is
exactly what was computed; the CLI and the app both write through here.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Mapping, Sequence
from typing import overload

from briefing_tui.indicators.breakdowns import Breakdown
from briefing_tui.indicators.cohort import Cohort
from briefing_tui.indicators.evaluate import Result
from briefing_tui.indicators.registry import get

Record = dict[str, object]  # one exported row: column name -> value (text, a number, None, True/False)


def breakdown_records(result: Result, rows: Breakdown) -> list[Record]:
    return [{"indicator": result.indicator.id, "period": result.period.label, rows.dimension.id: row.label,
             "value": row.value, "numerator": row.numerator,
             "denominator": "" if row.denominator is None else row.denominator,
             "share_of_all": round(row.share, 1)} for row in rows.rows]


def cohort_records(found: Cohort) -> list[Record]:
    # a rolling figure's children have their placements counted over the twelve months to their day
    rolling = get(found.indicator_id).reads_year_before
    out = []
    for member in found.members:
        record: Record = {}
        for key, value in dataclasses.asdict(member).items():
            if rolling and key == "placements_this_year":
                key = "placements_in_12_months"
            record[key] = value.isoformat() if hasattr(value, "isoformat") else value
        out.append(record)
    return out


# A spreadsheet runs a cell beginning with these as a formula (OWASP, "CSV Injection"); leading
# spaces do not stop every one of them, and a tab or carriage return first is one too.
FORMULA = re.compile(r"\s*[=+\-@]|[\t\r]")


@overload
def csv_cell(value: str) -> str: ...
@overload
def csv_cell(value: object) -> object: ...
def csv_cell(value: object) -> object:
    """A value as the one CSV writer writes it: text a spreadsheet would run as a formula gets a
    single quote first, as OWASP advises, so it opens as the text it is; numbers (``-3.0``, ``-12``)
    are never touched, being numbers in the data. A carriage return inside text is written as a
    line break, which the writer quotes (a bare one would start a new row in Excel)."""
    if not isinstance(value, str):
        return value
    if FORMULA.match(value):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n")


def to_csv(records: Sequence[Mapping[str, object]]) -> str:
    """Every CSV the CLI and the app write, through ``csv_cell``."""
    if not records:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[csv_cell(k) for k in records[0]], lineterminator="\n")
    writer.writeheader()
    writer.writerows({csv_cell(k): csv_cell(v) for k, v in record.items()} for record in records)
    return out.getvalue()


def to_markdown(records: Sequence[Mapping[str, object]], title: str) -> str:
    """A GitHub-flavoured table under a heading; numbers right-aligned, pipes in text escaped."""
    if not records:
        return f"## {title}\n\nNo rows.\n"
    keys = list(records[0])
    numeric = {k for k in keys if all(isinstance(r[k], (int, float)) and not isinstance(r[k], bool)
                                      for r in records if r[k] not in ("", None))}

    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, float):
            return f"{value:,.1f}"
        return str(value).replace("|", "\\|")

    lines = [f"## {title}", "", "| " + " | ".join(keys) + " |",
             "|" + "|".join("---:" if k in numeric else "---" for k in keys) + "|"]
    lines += ["| " + " | ".join(cell(r[k]) for k in keys) + " |" for r in records]
    return "\n".join(lines) + "\n"
