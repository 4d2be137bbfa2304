"""Each row of an indicator as a panel may see it: the one query behind cohort lists and stored rows.

A row is labelled by the indicator's dimensions (``described``) and carries what a cohort list
shows: age, sex, ethnic group, legal status and placement on the day the row describes, when the
period of care running that day began and how long it has lasted, placements this year, UASC, and
whether the child has data-quality findings in the return (``touched``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from briefing_tui.indicators import dimensions
from briefing_tui.indicators.definitions.common import new_placement
from briefing_tui.indicators.definitions.rolling import rolling_episodes
from briefing_tui.indicators.described import described_sql, resolve
from briefing_tui.indicators.registry import Indicator


def members_sql(indicator: Indicator, filters: Mapping[str, str] = {}, dims: Sequence[str] = ()) -> str:
    """Every row of the indicator with what a panel may see of it (not the alias: joined by the
    caller), ``_num`` and ``_score``, and a ``dim_<id>`` label per dimension in ``dims`` and
    ``filters``."""
    labels = "".join(f", r.dim_{d}" for d in dict.fromkeys([*dims, *filters]))
    # placements since 1 April; a rolling figure's, over the twelve months to the row's day
    year_start = ("(CAST(CAST(r.on_date AS DATE) - INTERVAL 1 YEAR AS DATE) + 1)" if indicator.reads_year_before
                  else "make_date($year - 1, 4, 1)")
    # A rolling figure's children may come from the year before's return (their row says which):
    # their episodes are read from both returns, their period of care from their row's.
    episodes = (rolling_episodes("$council", "$year") if indicator.reads_year_before else
                "SELECT * FROM episodes WHERE council = $council AND year = $year "
                "AND coalesce(LS, '') NOT IN ('V3', 'V4')")
    care_year = "r._return_year" if indicator.reads_year_before else "$year"
    return f"""
        WITH r AS (SELECT row_number() OVER () AS _rid, * FROM
                   ({described_sql(indicator, resolve(indicator, list(dims)), filters)})),
        eps AS (SELECT *, lag(PLACE) OVER (PARTITION BY council, CHILD ORDER BY DECOM, year, line) AS prev_place
                FROM ({episodes})),
        -- each row's episodes up to its day, as one join (correlated subqueries cost most of the query):
        -- the episode that day (the row's own, else one open that day, else the latest before), and
        -- the placements this year (new ones since 1 April, plus one carried in from before it)
        history AS (
            SELECT r._rid, e.LS, e.PLACE,
                   row_number() OVER (PARTITION BY r._rid ORDER BY (e.DECOM = r.DECOM) DESC,
                                      (e.DEC IS NULL OR e.DEC > r.on_date) DESC, e.DECOM DESC) AS pick,
                   count(*) FILTER (WHERE e.DECOM >= {year_start} AND {new_placement('e')}) OVER w
                     + max(CASE WHEN e.DECOM < {year_start} AND (e.DEC IS NULL OR e.DEC >= {year_start})
                                THEN 1 ELSE 0 END) OVER w AS placements
            FROM r JOIN eps e ON e.council = r.council AND e.CHILD = r.CHILD AND e.DECOM <= r.on_date
            WINDOW w AS (PARTITION BY r._rid))
        SELECT r.council, r.CHILD, r.DECOM, r.on_date, r._num, r._score{labels},
               {dimensions.age_sql("r._dob", "r.on_date")} AS age,
               {dimensions.sex_sql("r._sex")} AS sex,
               {dimensions.ethnic_group_sql("r._ethnic")} AS ethnic_group, ep.LS AS legal_status,
               ep.PLACE AS placement, {dimensions.placement_group_sql("ep.PLACE")} AS placement_group,
               c.care_start, date_diff('day', c.care_start, r.on_date) AS days_in_care,
               CASE WHEN c.care_start IS NULL THEN NULL ELSE ep.placements END AS placements_this_year,
               r._uasc AS uasc
        FROM r
        LEFT JOIN history ep ON ep._rid = r._rid AND ep.pick = 1
        -- $council as a constant too: DuckDB then skips other councils' spans by their blocks
        LEFT JOIN continuous_care c ON c.council = $council AND c.council = r.council AND c.year = {care_year}
              AND c.CHILD = r.CHILD
              AND c.care_start <= r.on_date AND (c.care_end IS NULL OR c.care_end >= r.on_date)"""


# What a cohort list shows of each row, in Member's order (after the alias).
MEMBER_FIELDS = ("on_date", "age", "sex", "ethnic_group", "legal_status", "placement", "placement_group",
                 "care_start", "days_in_care", "placements_this_year", "uasc", "_num")
