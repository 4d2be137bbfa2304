"""SQL fragments shared by several areas' indicators: the return's episodes and who is looked after.

Short breaks: every V3/V4 episode is dropped first, then the rule is applied to what is left, for
stock, starts and ceased alike (so a child whose only episodes are short breaks is never counted).
"""

from __future__ import annotations

DFE = "DfE, Children looked after in England including adoptions: methodology"

# Episodes of the return that answers the period, short breaks dropped. REC means something only
# when DEC is set (open episodes in real exports often carry one, frequently X1).
EPISODES = """
    SELECT * FROM episodes
    WHERE council = _council AND year = _year AND DECOM IS NOT NULL
      AND coalesce(LS, '') NOT IN ('V3', 'V4')
"""

# Children looked after on _end, one row each, described by their latest-starting episode open that
# day (overlapping episodes happen): the headline count, and the base of the UASC figures and rate.
LOOKED_AFTER = f"""
    SELECT *, CAST(_end AS DATE) AS on_date FROM (
        SELECT council, CHILD, max(DECOM) AS DECOM FROM ({EPISODES})
        WHERE DECOM <= _end AND (DEC IS NULL OR DEC > _end)
        GROUP BY council, CHILD)"""

# The oc2 cohort, built from the return's episodes (never from the oc2 rows, which real exports
# fill with children outside it): looked after on every day of the year, short breaks aside, by
# the import's continuous_care spans; described as at 31 March, so breakdowns work as for cla.count.
HEALTH_COHORT = f"""
    SELECT n.* FROM ({LOOKED_AFTER}) n
    WHERE EXISTS (SELECT 1 FROM continuous_care c WHERE c.council = n.council AND c.year = _year
                  AND c.CHILD = n.CHILD AND c.care_start <= make_date(_year - 1, 4, 1)
                  AND (c.care_end IS NULL OR c.care_end > make_date(_year, 3, 31)))"""

# A new placement: an episode starting with RNE S (entry), P or B (a new carer). T and U (same
# carer) are not, nor are temporary placements (T0-T4), nor the return from one (an episode whose
# previous episode was temporary). Read over episodes carrying ``prev_place`` (the child's previous
# episode's PLACE). Used by three-or-more placements and long-term stability alike.
TEMPORARY = "('T0', 'T1', 'T2', 'T3', 'T4')"


def new_placement(of: str) -> str:
    """Whether the episode ``of`` (a table alias) began a new placement."""
    return (f"({of}.RNE IN ('S', 'P', 'B') AND coalesce({of}.PLACE, '') NOT IN {TEMPORARY} "
            f"AND coalesce({of}.prev_place, '') NOT IN {TEMPORARY})")


# The council's statutory reviews, each once per child and date within a return: the one source
# every review figure, breakdown, cohort list and timeline reads. A child's review sent twice with
# the same date (the import's duplicate-key finding) is one review, and the row sent last (the
# highest line) gives its participation code, as a corrected row appended to an export would. A
# review with no date cannot be counted or placed (an import refuses it; a database imported before
# blank keys were refused may hold some); rows with no CHILD are kept apart, since nothing says they
# are the same child. Filters on year, CHILD or REVIEW around this reach the table (they are on the
# window's partition), so a caller narrows it freely.
def reviews_once(council: str) -> str:
    """The reviews of ``council`` (an expression: ``_council`` in a definition), as described above."""
    return f"""
        SELECT * FROM reviews WHERE council = {council} AND REVIEW IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY council, year, CHILD, REVIEW, CASE WHEN CHILD IS NULL THEN line END
                                   ORDER BY line DESC) = 1"""


# Breakdowns every children-looked-after count offers (see indicators.dimensions).
COMMON = ("age_band", "sex", "ethnic_group", "ethnicity", "legal_status", "uasc", "council")

# The first year of the unbroken run of loaded returns ending at _year, per council: a child's
# history is read only from that run, since a missing year in between would hide episodes and
# reviews (a review would be judged against one two years earlier).
LOADED_RUN = """
    SELECT council, min(year) AS first_year FROM (
        SELECT council, year, row_number() OVER (PARTITION BY council ORDER BY year DESC) - 1 AS back
        FROM (SELECT DISTINCT council, year FROM returns WHERE council = _council AND year <= _year))
    WHERE year + back = _year GROUP BY council"""

# A child's episodes over the loaded returns up to _year (that unbroken run), for the figures that
# need more history than one return holds (long-term stability, the review schedule). Where
# returns overlap, the later return wins: an earlier return's episode is kept only if it starts
# before the first episode the child has in any later return (up to _year), so a corrected or
# withdrawn episode is not counted twice. The figure itself is still of return _year's children;
# only their durations read back.
EPISODE_HISTORY = f"""
    WITH run AS ({LOADED_RUN}),
    firsts AS (
        SELECT e.council, e.CHILD, e.year, min(e.DECOM) AS first_decom
        FROM episodes e JOIN run ON run.council = e.council AND e.year >= run.first_year
        WHERE e.council = _council AND e.year <= _year AND e.DECOM IS NOT NULL
        GROUP BY e.council, e.CHILD, e.year
    ), later AS (
        SELECT *, min(first_decom) OVER (PARTITION BY council, CHILD ORDER BY year DESC
                                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS later_first
        FROM firsts
    )
    SELECT e.council, _year AS year, e.CHILD, e.DECOM, e.DEC, e.RNE, e.LS, e.PLACE, e.year AS from_year, e.line,
           lag(e.PLACE) OVER (PARTITION BY e.council, e.CHILD ORDER BY e.DECOM, e.year, e.line) AS prev_place
    FROM episodes e JOIN later l ON l.council = e.council AND l.CHILD = e.CHILD AND l.year = e.year
    WHERE e.council = _council AND e.year <= _year AND e.DECOM IS NOT NULL
      AND coalesce(e.LS, '') NOT IN ('V3', 'V4')
      AND (l.later_first IS NULL OR e.DECOM < l.later_first)"""
