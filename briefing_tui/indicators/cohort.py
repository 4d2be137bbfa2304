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
from briefing_tui.indicators import extent, macros
from briefing_tui.indicators.described import filter_params
from briefing_tui.indicators.evaluate import check_question, unanswerable
from briefing_tui.indicators.flags import Flag, no_value
from briefing_tui.indicators.members import MEMBER_FIELDS, members_sql
from briefing_tui.indicators.periods import Period
from briefing_tui.indicators.registry import get

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
    flags: tuple[Flag, ...]


# Which of the indicator's rows (``m``) each part lists.
PART_FILTER = {"counted": "m._num", "not-counted": "NOT m._num", "all": "true"}


def cohort(con: duckdb.DuckDBPyConnection, indicator_id: str, period: Period, council: str,
           filters: Mapping[str, str] | None = None, part: str = "counted", officer_mode: bool = False) -> Cohort:
    indicator = get(indicator_id)
    filters = dict(filters or {})
    answer = extent.answered(indicator, period, council, extent.extents(con, council))
    if answer.unavailable:
        return Cohort(indicator.id, council, period, filters, part, (), officer_mode,
                      (*answer.flags, no_value(answer.unavailable)))
    period = answer.period
    check_question(indicator, period, filters)
    if part not in PARTS:
        raise UserError(f"no cohort part '{part}' (expected one of: {', '.join(PARTS)})")
    if part != "counted" and not (indicator.is_share or indicator.score):
        raise UserError(f"{indicator.id} is a count: every child in it is counted (give --part counted)")
    why = unanswerable(con, indicator, period, council)
    if why:
        return Cohort(indicator.id, council, period, filters, part, (), officer_mode, (no_value(why),))
    who = "m.CHILD" if officer_mode else "coalesce(a.alias, '?')"
    fields = ", ".join(f"m.{f}" for f in MEMBER_FIELDS)
    where = " AND ".join([PART_FILTER[part],
                          *(f"lower(m.dim_{name}) = lower($f_{name})" for name in filters)])
    rows = members_sql(indicator, filters)
    sql = f"""
        SELECT {who} AS who, {fields} FROM ({rows}) m
        LEFT JOIN aliases a ON a.council = m.council AND a.CHILD = m.CHILD
        WHERE {where} ORDER BY who, m.on_date"""
    params = {"council": council, "year": period.return_year, "start": period.start, "end": period.end,
              **filter_params(filters)}
    macros.install(con, indicator)
    found = con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql}).fetchall()
    members = tuple(Member(*row) for row in found)
    return Cohort(indicator.id, council, period, filters, part, members, officer_mode, answer.flags)
