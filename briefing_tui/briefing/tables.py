"""Tables a panel takes away: a breakdown or a cohort list, in full, as CSV or Markdown.

Built from the results themselves (never from a screen's truncated cells), so what is exported is
exactly what was computed; the CLI and the app both write through here.
"""

from __future__ import annotations

import csv
import dataclasses
import io

from briefing_tui.indicators.breakdowns import Breakdown
from briefing_tui.indicators.cohort import Cohort
from briefing_tui.indicators.evaluate import Result


def breakdown_records(result: Result, rows: Breakdown) -> list[dict]:
    return [{"indicator": result.indicator.id, "period": result.period.label, rows.dimension.id: row.label,
             "value": row.value, "numerator": row.numerator,
             "denominator": "" if row.denominator is None else row.denominator,
             "share_of_all": round(row.share, 1)} for row in rows.rows]


def cohort_records(found: Cohort) -> list[dict]:
    out = []
    for member in found.members:
        record = {}
        for key, value in dataclasses.asdict(member).items():
            record[key] = value.isoformat() if hasattr(value, "isoformat") else value
        out.append(record)
    return out


def to_csv(records: list[dict]) -> str:
    if not records:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def to_markdown(records: list[dict], title: str) -> str:
    """A GitHub-flavoured table under a heading; numbers right-aligned, pipes in text escaped."""
    if not records:
        return f"## {title}\n\nNo rows.\n"
    keys = list(records[0])
    numeric = {k for k in keys if all(isinstance(r[k], (int, float)) and not isinstance(r[k], bool)
                                      for r in records if r[k] not in ("", None))}

    def cell(value) -> str:
        if value is None:
            return ""
        if isinstance(value, float):
            return f"{value:,.1f}"
        return str(value).replace("|", "\\|")

    lines = [f"## {title}", "", "| " + " | ".join(keys) + " |",
             "|" + "|".join("---:" if k in numeric else "---" for k in keys) + "|"]
    lines += ["| " + " | ".join(cell(r[k]) for k in keys) + " |" for r in records]
    return "\n".join(lines) + "\n"
