"""The rolling twelve months to a date: starts, cessations, missing and three or more placements.

A quarterly panel asks "how many children came into care in the last twelve months?" at 30 June
or 30 September, not only at 31 March. The twelve months to 30 September 2024 run from 1 October
2023: half in the 2023-24 return, half in 2024-25's. This is the one deliberate exception to the
DfE's per-return method (DOMAIN.md section 3, "a period spanning two returns is refused"), made in
a way that keeps what that method protects: no event is taken from a return that could not know it,
and none is counted twice.

- Events from 1 April of the period's collection year Y to its last day come from return Y;
  events in the window before 1 April come from return Y-1 (a return's dates after its 31 March
  are ignored: they are outside its year).
- An episode both returns hold (the same CHILD and DECOM: open across 31 March) is taken from
  return Y alone, the later and corrected account of it: its start, its end, its placement.
- Each child is counted once however many of their events fall in the window.
- Each row says which return it came from (``_from_year``), and is described (age, sex, placement,
  UASC) by that return, as every figure's rows are by theirs.

To 31 March the window is the collection year itself, read from return Y alone: the same figure
as the year's own (tests check), so a year's overview does not show it twice (registry.shown_for).
"""

from __future__ import annotations

from briefing_tui.indicators.definitions.common import LOOKED_AFTER, new_placement

# The window's first day (the day after the same date a year earlier: 1 October 2023 for 30
# September 2024; 1 March 2023 for 29 February 2024) and the first day of the period's year.
WINDOW_START = "(CAST(CAST(_end AS DATE) - INTERVAL 1 YEAR AS DATE) + 1)"
YEAR_START = "make_date(_year - 1, 4, 1)"


def rolling_episodes(council: str, year: str) -> str:
    """The episodes of returns ``year`` and ``year`` - 1 (SQL expressions), short breaks dropped, an
    episode both hold taken from the later alone; ``year`` (the column) says which return each
    came from. Used by the definitions (``_council``, ``_year``) and the cohort list."""
    return f"""
        SELECT e.* FROM episodes e
        WHERE e.council = {council} AND e.year BETWEEN {year} - 1 AND {year} AND e.DECOM IS NOT NULL
          AND coalesce(e.LS, '') NOT IN ('V3', 'V4')
          AND (e.year = {year} OR NOT EXISTS (
                SELECT 1 FROM episodes y WHERE y.council = {council} AND y.year = {year}
                AND y.CHILD = e.CHILD AND y.DECOM = e.DECOM))"""


EPISODES_BOTH = rolling_episodes("_council", "_year")


def _from_its_return(day: str) -> str:
    """An event on ``day`` of a row of ``EPISODES_BOTH`` counts only if the row's return covers the
    day: return Y any day of the window, return Y-1 only before 1 April."""
    return f"{day} BETWEEN {WINDOW_START} AND _end AND (year = _year OR {day} < {YEAR_START})"


# Each child's first start in the window (described as at that start), as cla.starts.
STARTS = f"""
    SELECT council, CHILD, min(DECOM) AS DECOM, min(DECOM) AS on_date, arg_min(year, DECOM) AS _from_year
    FROM ({EPISODES_BOTH}) WHERE RNE = 'S' AND {_from_its_return("DECOM")}
    GROUP BY council, CHILD"""

# Each child's last cessation in the window (described as at that ending), as cla.ceased.
CEASED = f"""
    SELECT council, CHILD, arg_max(DECOM, DEC) AS DECOM, max(DEC) AS on_date, arg_max(year, DEC) AS _from_year
    FROM ({EPISODES_BOTH}) WHERE REC IS NOT NULL AND REC <> 'X1' AND {_from_its_return("DEC")}
    GROUP BY council, CHILD"""

# Each child's first missing incident in the window, as missing.children: incidents are dated
# events of their own return (no episode to share), so the date alone says which return gives one.
MISSING = f"""
    SELECT DISTINCT ON (council, CHILD) * FROM (
        SELECT council, CHILD, CAST(NULL AS DATE) AS DECOM, MIS_START AS on_date, year AS _from_year
        FROM missing
        WHERE council = _council AND year BETWEEN _year - 1 AND _year AND MISSING = 'M'
          AND {_from_its_return("MIS_START")})
    ORDER BY council, CHILD, on_date"""

# Children looked after on the period's last day (return Y), each with their placements in the
# twelve months to it: the placement held on the window's first day, plus each new placement begun
# in the window (common.new_placement), read over both returns' episodes, so a return from a
# temporary placement is recognised across 31 March too.
PLACEMENTS = f"""
    WITH n AS ({LOOKED_AFTER}),
    e AS (SELECT *, lag(PLACE) OVER (PARTITION BY council, CHILD ORDER BY DECOM, year, line) AS prev_place
          FROM ({EPISODES_BOTH}) x
          WHERE (x.year = _year OR x.DECOM < {YEAR_START}) AND x.CHILD IN (SELECT CHILD FROM n))
    SELECT n.council, n.CHILD, n.DECOM, n.on_date, _year AS _from_year,
           count(*) FILTER (WHERE e.DECOM BETWEEN {WINDOW_START} AND _end AND {new_placement('e')})
           + coalesce(max(CASE WHEN e.DECOM < {WINDOW_START} AND (e.DEC IS NULL OR e.DEC >= {WINDOW_START})
                               THEN 1 ELSE 0 END), 0) AS placements
    FROM n LEFT JOIN e ON e.CHILD = n.CHILD
    GROUP BY n.council, n.CHILD, n.DECOM, n.on_date"""

# What every rolling figure's definition says of the method, in a councillor's words.
ROLLING = ("Rolling twelve months: events from 1 April come from this year's return, earlier ones from last "
           "year's; an episode in both is taken from this year's, and each child is counted once.")
