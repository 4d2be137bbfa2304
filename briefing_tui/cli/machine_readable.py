"""``show`` and ``cohort`` with ``--format json`` or ``csv``: every figure as data, for a script or
a spreadsheet, printed as it is (no wrapping, no markup).

A change's direction and judgement are the ones the table prints (``briefing.figure_text``), the
change itself unrounded; every CSV goes through the app's one writer (``briefing.table_export``),
which keeps a spreadsheet from running a cell as a formula. That writer is imported when one is
written: it loads every indicator's definition, which ``--help`` or ``import`` never need.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from briefing_tui.briefing import figure_text as fmt

if TYPE_CHECKING:
    from briefing_tui.indicators.breakdowns import Breakdown
    from briefing_tui.indicators.cohort import Cohort
    from briefing_tui.indicators.evaluate import Result


def result_record(result: Result, rows: Breakdown | None = None) -> dict[str, object]:
    moved = fmt.change(result)
    record: dict[str, object] = {
        "indicator": result.indicator.id,
        "title": result.indicator.title,
        "council": result.council,
        "period": result.period.label,
        "period_start": result.period.start.isoformat(),
        "period_end": result.period.end.isoformat(),
        "filters": result.filters,
        "value": result.value,
        "numerator": result.numerator,
        "denominator": result.denominator,
        "unit": result.indicator.unit.value,
        "comparison": result.comparison,
        "comparison_period": result.comparison_label,
        "change": result.change,  # unrounded; direction and judgement as printed (figure_text.Change)
        "direction": moved.direction if moved else "",
        "judgement": moved.judgement if moved else "",
        "trend": [{"year": p.year, "value": p.value} for p in result.trend],
        "flags": [str(f) for f in result.flags],
    }
    if rows is not None:
        record["by"] = rows.dimension.id
        record["rows"] = [{"label": r.label, "value": r.value, "numerator": r.numerator,
                           "denominator": r.denominator, "share_of_all": r.share} for r in rows.rows]
    return record


def result_json(result: Result, rows: Breakdown | None = None) -> str:
    return json.dumps(result_record(result, rows), indent=2) + "\n"


def result_csv(result: Result, rows: Breakdown | None = None) -> str:
    """The headline as one row; with a breakdown, one row per group."""
    from briefing_tui.briefing.table_export import breakdown_records, to_csv

    if rows is not None:
        return to_csv(breakdown_records(result, rows))
    return to_csv([{k: v for k, v in result_record(result).items() if k not in ("trend", "flags", "filters")}])


def cohort_json(found: Cohort) -> str:
    from briefing_tui.briefing.table_export import cohort_records

    return json.dumps({"indicator": found.indicator_id, "council": found.council, "period": found.period.label,
                       "filters": found.filters, "part": found.part, "count": len(found.members),
                       "children": cohort_records(found), "flags": [str(f) for f in found.flags]}, indent=2) + "\n"


def cohort_csv(found: Cohort) -> str:
    from briefing_tui.briefing.table_export import cohort_records, to_csv

    return to_csv(cohort_records(found))
