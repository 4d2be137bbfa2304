"""The children behind a figure: any indicator value, breakdown cell or filter, as a panel may see them.

A panel sees an alias (``C-4F2A``, see ``store.aliases``), never the council's CHILD id unless the
officer-mode setting is on, and only what it needs to ask a question: age, sex, ethnic group,
legal status, placement, when the current period of care began and how long it has lasted,
placements this year, and UASC status. Rows come from the indicator's own rows (``described``), so
a cohort list always has exactly as many children as the figure it explains.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import duckdb

from briefing_tui.errors import UserError
from briefing_tui.indicators import dimensions
from briefing_tui.indicators.definitions.common import new_placement
from briefing_tui.indicators.described import described_sql, filter_params, parse_filters
from briefing_tui.indicators.evaluate import loaded_years
from briefing_tui.indicators.periods import Period
from briefing_tui.indicators.registry import get
from briefing_tui.ssda903 import years

PARTS = {
    "counted": "the children counted in the figure (a share's numerator)",
    "not-counted": "the rest of a share's population (e.g. the care leavers not in EET)",
    "all": "everyone the figure is of (a share's denominator)",
}


@dataclass(frozen=True)
class Member:
    who: str                 # alias, or CHILD id in officer mode
    on_date: dt.date         # the day the child is described on (31 March, the start, the review...)
    age: int | None
    sex: str
    ethnic_group: str
    legal_status: str | None
    placement: str | None    # placement type code
    placement_group: str
    care_start: dt.date | None   # start of the period of care running on that day (in this return)
    days_in_care: int | None
    placements_this_year: int | None
    uasc: bool
    counted: bool            # in the numerator (always, for a count)


@dataclass(frozen=True)
class Cohort:
    indicator_id: str
    council: str
    period: Period
    filters: dict[str, str]
    part: str
    members: tuple[Member, ...]
    officer_mode: bool
    flags: tuple[str, ...]


def cohort(con: duckdb.DuckDBPyConnection, indicator_id: str, period: Period, council: str,
           filters: Mapping[str, str] | None = None, part: str = "counted", officer_mode: bool = False) -> Cohort:
    indicator = get(indicator_id)
    filters = dict(filters or {})
    parse_filters(indicator, [f"{k}={v}" for k, v in filters.items()])
    if part not in PARTS:
        raise UserError(f"no cohort part '{part}' (expected one of: {', '.join(PARTS)})")
    if part != "counted" and not (indicator.is_share or indicator.score):
        raise UserError(f"{indicator.id} is a count: every child in it is counted (give --part counted)")
    if period.return_year not in loaded_years(con, council):
        return Cohort(indicator.id, council, period, filters, part, (), officer_mode,
                      (f"no {years.label(period.return_year)} return loaded for {council}",))
    keep = {"counted": "_num", "not-counted": "NOT _num", "all": "true"}[part]
    who = "r.CHILD" if officer_mode else "coalesce(a.alias, '?')"
    group = dimensions.DIMENSIONS["ethnic_group"].sql.replace("h.ETHNIC", "r._ethnic")
    placement_group = dimensions.DIMENSIONS["placement_group"].sql.replace("e.PLACE", "ep.PLACE")
    sql = f"""
        WITH r AS ({described_sql(indicator, (), filters)}),
        eps AS (SELECT *, lag(PLACE) OVER (PARTITION BY CHILD ORDER BY DECOM, line) AS prev_place
                FROM episodes WHERE council = $council AND year = $year AND coalesce(LS, '') NOT IN ('V3', 'V4'))
        SELECT {who} AS who, r.on_date,
               {dimensions.age_sql("r._dob", "r.on_date")} AS age,
               CASE WHEN r._sex IN ('1', 'M') THEN 'Male' WHEN r._sex IN ('2', 'F') THEN 'Female'
                    WHEN r._sex = 'U' THEN 'Unknown' ELSE 'Not recorded' END AS sex,
               {group} AS ethnic_group, ep.LS, ep.PLACE, {placement_group} AS placement_group,
               c.care_start, date_diff('day', c.care_start, r.on_date) AS days,
               CASE WHEN c.care_start IS NULL THEN NULL ELSE
                   (SELECT count(*) FILTER (WHERE x.DECOM >= make_date($year - 1, 4, 1) AND {new_placement('x')})
                         + max(CASE WHEN x.DECOM < make_date($year - 1, 4, 1) AND (x.DEC IS NULL
                                    OR x.DEC >= make_date($year - 1, 4, 1)) THEN 1 ELSE 0 END)
                    FROM eps x WHERE x.CHILD = r.CHILD AND x.DECOM <= r.on_date) END AS placements,
               r._uasc, r._num
        FROM r
        LEFT JOIN aliases a ON a.council = r.council AND a.CHILD = r.CHILD
        LEFT JOIN LATERAL (
            SELECT * FROM eps WHERE eps.CHILD = r.CHILD AND eps.DECOM <= r.on_date
            ORDER BY (eps.DECOM = r.DECOM) DESC, (eps.DEC IS NULL OR eps.DEC > r.on_date) DESC, eps.DECOM DESC
            LIMIT 1) ep ON true
        LEFT JOIN continuous_care c ON c.council = r.council AND c.year = $year AND c.CHILD = r.CHILD
              AND c.care_start <= r.on_date AND (c.care_end IS NULL OR c.care_end >= r.on_date)
        WHERE {keep}
        ORDER BY who, r.on_date"""
    params = {"council": council, "year": period.return_year, "start": period.start, "end": period.end,
              **filter_params(filters)}
    found = con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql}).fetchall()
    members = tuple(Member(*row) for row in found)
    return Cohort(indicator.id, council, period, filters, part, members, officer_mode, ())
