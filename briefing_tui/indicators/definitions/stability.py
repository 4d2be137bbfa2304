"""Stability and safety: placement moves, long-term stability, missing and away from placement."""

from __future__ import annotations

from briefing_tui.indicators.definitions import rolling
from briefing_tui.indicators.definitions.common import (
    DFE,
    EPISODE_HISTORY,
    EPISODES,
    LOOKED_AFTER,
    new_placement,
)
from briefing_tui.indicators.dimensions import age_sql
from briefing_tui.indicators.registry import Area, Comparator, Indicator, Kind, Polarity, Unit, register
from briefing_tui.store.schema import continuous_care_sql, known_header_sql

# Placements in the year of each child looked after at 31 March: the placement held on 1 April
# (looked after the day before the year began), plus each new placement begun in the year (see
# common.new_placement). DOMAIN.md marks the DfE's exact rule "(verify)": this is the usual reading
# of the former NI 62 / DfE "three or more placements" measure.
PLACEMENTS_IN_YEAR = f"""
    SELECT n.*, (
        SELECT count(*) FILTER (WHERE e.DECOM >= make_date(_year - 1, 4, 1) AND {new_placement('e')})
             + max(CASE WHEN e.DECOM < make_date(_year - 1, 4, 1)
                         AND (e.DEC IS NULL OR e.DEC >= make_date(_year - 1, 4, 1)) THEN 1 ELSE 0 END)
        FROM (SELECT *, lag(PLACE) OVER (PARTITION BY council, CHILD ORDER BY DECOM, line) AS prev_place
              FROM ({EPISODES}) x WHERE x.council = n.council AND x.CHILD = n.CHILD) e
    ) AS placements
    FROM ({LOOKED_AFTER}) n"""

# Long-term stability (the former NI 63, still used by the DfE): children under 16 at 31 March
# looked after continuously for 2.5 years or more (care began on or before 30 September three
# years earlier), and whether they have been in the same placement for 2 years or more (since 31
# March two years earlier), or are placed for adoption (A3-A6) and that placement plus the one
# before it together make 2 years. One return holds only that year's episodes, so the durations
# are read from the child's history over the loaded returns (common.EPISODE_HISTORY); the figure
# needs the two returns before its own, and says so when they are not loaded. The current
# placement began with the latest new placement (common.new_placement) in the current period of
# care, or with the period of care itself.
LONG_TERM = f"""
    WITH hist AS ({EPISODE_HISTORY}),
    spans AS ({continuous_care_sql("hist")}),
    n AS (
        SELECT n.*, e.PLACE, {age_sql("h.DOB", "n.on_date")} AS age
        FROM ({LOOKED_AFTER}) n
        LEFT JOIN episodes e ON e.council = n.council AND e.year = _year AND e.CHILD = n.CHILD
                             AND e.DECOM = n.DECOM
        LEFT JOIN ({known_header_sql("council = _council AND year = _year")}) h
               ON h.council = n.council AND h.CHILD = n.CHILD
        QUALIFY row_number() OVER (PARTITION BY n.council, n.CHILD ORDER BY e.line) = 1
    ),
    care AS (
        SELECT n.*, s.care_start,
               (SELECT list(p.DECOM ORDER BY p.DECOM DESC) FROM hist p
                WHERE p.council = n.council AND p.CHILD = n.CHILD AND p.DECOM BETWEEN s.care_start AND n.on_date
                  AND {new_placement("p")}) AS moves
        FROM n JOIN spans s ON s.council = n.council AND s.CHILD = n.CHILD AND s.care_start <= n.on_date
                           AND (s.care_end IS NULL OR s.care_end > n.on_date)
    )
    SELECT council, CHILD, DECOM, on_date, age, care_start,
           CASE WHEN PLACE IN ('A3', 'A4', 'A5', 'A6') THEN coalesce(moves[2], care_start)
                ELSE coalesce(moves[1], care_start) END AS placed_since
    FROM care
    WHERE age < 16 AND care_start <= make_date(_year - 3, 9, 30)"""


def _incidents(kind: str) -> str:
    """The return's missing (M) or away (A) incidents that started in the period, one row each."""
    return f"""
        SELECT council, CHILD, CAST(NULL AS DATE) AS DECOM, MIS_START AS on_date FROM missing
        WHERE council = _council AND year = _year AND MISSING = '{kind}'
          AND MIS_START BETWEEN _start AND _end"""


def _children_with(rows: str) -> str:
    return f"SELECT DISTINCT ON (council, CHILD) * FROM ({rows}) ORDER BY council, CHILD, on_date"


register(
    Indicator(
        id="stability.three_placements_pct",
        short_title="3+ placements in year",
        area=Area.STABILITY,
        same_base_as="cla.uasc_pct",  # children looked after at 31 March
        comparator=Comparator("LACStable_2016on", differs="We count a move to a new carer as a new placement but "
                              "not a change with the same carer or a temporary placement; the DfE's exact "
                              "counting rule is not confirmed, so the figures may differ."),
        title="Children with three or more placements in the year",
        definition="Children looked after at 31 March who had three or more placements during the year, as a "
                   "percentage of all children looked after at 31 March. Counted: the placement held on 1 April "
                   "and each new placement begun in the year (RNE S, P or B), not same-carer changes (T, U) nor "
                   "temporary placements (T0-T4) or returns from them.",
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER_BETTER,
        kind=Kind.COHORT,
        numerator="children looked after at 31 March with 3 or more placements in the year",
        rows_sql=PLACEMENTS_IN_YEAR,
        where="placements >= 3",
        denominator="children looked after at 31 March",
        principles=("f",),
        source=DFE + " (placement stability: three or more placements during the year)",
        breakdowns=("age_band", "sex", "ethnic_group", "legal_status", "placement_group", "uasc"),
    ),
    Indicator(
        id="stability.three_placements_12m",
        short_title="3+ placements, 12 months",
        area=Area.STABILITY,
        same_base_as="cla.uasc_pct",  # children looked after that day
        title="Children with three or more placements in the last twelve months",
        definition="Children looked after on the period's last day who had three or more placements in the twelve "
                   "months to it, as a percentage of all children looked after that day. Counted as for the year's "
                   "figure: the placement held on the window's first day and each new placement begun in the window "
                   "(RNE S, P or B), not same-carer changes nor temporary placements or returns from them, read "
                   "over this year's return and last year's (an episode in both taken from this year's).",
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER_BETTER,
        kind=Kind.ROLLING,
        numerator="children looked after that day with 3 or more placements in the twelve months to it",
        rows_sql=rolling.PLACEMENTS,
        where="placements >= 3",
        denominator="children looked after that day",
        principles=("f",),
        source=DFE + " (placement stability: three or more placements), over twelve months to the date",
        breakdowns=("age_band", "sex", "ethnic_group", "legal_status", "placement_group", "uasc"),
    ),
    Indicator(
        id="stability.long_term_pct",
        short_title="Long-term stability",
        area=Area.STABILITY,
        comparator=Comparator("LAC_LongStable%", differs="Whether a child has stayed in the same placement depends "
                              "on what counts as a move, and the DfE's exact rule for that is not confirmed, so "
                              "the figures may differ slightly."),
        on_last_day=True,
        title="Long-term stability of placements",
        definition="Children under 16 at 31 March looked after continuously for 2.5 years or more who have lived "
                   "in the same placement for 2 years or more (or are placed for adoption and, with the placement "
                   "before, have been for 2 years), as a percentage of all such children. Durations are read from "
                   "the loaded returns of the two years before.",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER_BETTER,
        kind=Kind.COHORT,
        numerator="children under 16 in care 2.5 years or more, in the same placement 2 years or more",
        rows_sql=LONG_TERM,
        where="placed_since <= make_date(_year - 2, 3, 31)",
        denominator="children under 16 at 31 March looked after continuously for 2.5 years or more",
        principles=("f",),
        source="Former national indicator NI 63 (DfE, long-term stability of children looked after); "
               "DOMAIN.md section 3",
        breakdowns=("age_band", "sex", "ethnic_group", "legal_status", "placement_group"),
        history_years=2,
    ),
    Indicator(
        id="missing.children",
        first_event=True,
        short_title="Children missing",
        area=Area.STABILITY,
        title="Children who went missing",
        definition="Children looked after with at least one missing incident (MISSING M) starting in the period.",
        unit=Unit.COUNT,
        polarity=Polarity.LOWER_BETTER,
        kind=Kind.FLOW,
        numerator="distinct children with a missing incident that started in the period",
        rows_sql=_children_with(_incidents("M")),
        principles=("f",),
        source=DFE + " (children who went missing or were away from placement)",
        breakdowns=("age_band", "sex", "ethnic_group", "uasc"),
    ),
    Indicator(
        id="missing.children_12m",
        short_title="Went missing, 12 months",
        area=Area.STABILITY,
        title="Children who went missing in the last twelve months",
        definition="Children looked after with at least one missing incident (MISSING M) starting in the twelve "
                   "months to the period's last day. Incidents from 1 April come from this year's return, earlier "
                   "ones from last year's; each child is counted once.",
        unit=Unit.COUNT,
        polarity=Polarity.LOWER_BETTER,
        kind=Kind.ROLLING,
        numerator="distinct children with a missing incident that started in the twelve months to the date",
        rows_sql=rolling.MISSING,
        principles=("f",),
        source=DFE + " (children who went missing), over twelve months to the date",
        breakdowns=("age_band", "sex", "ethnic_group", "uasc"),
    ),
    Indicator(
        id="missing.incidents",
        dated_events=True,
        short_title="Missing incidents",
        area=Area.STABILITY,
        title="Missing incidents",
        definition="Missing incidents (MISSING M) that started in the period; a child can have several.",
        unit=Unit.COUNT,
        polarity=Polarity.LOWER_BETTER,
        kind=Kind.FLOW,
        numerator="missing incidents that started in the period (incidents, not children)",
        rows_sql=_incidents("M"),
        principles=("f",),
        source=DFE + " (missing incidents)",
        breakdowns=("age_band", "sex", "uasc"),
        counts="incidents",
    ),
    Indicator(
        id="away.incidents",
        dated_events=True,
        short_title="Away incidents",
        area=Area.STABILITY,
        title="Incidents of being away from placement",
        definition="Incidents of being away from placement without authorisation (MISSING A) that started in the "
                   "period; a child can have several.",
        unit=Unit.COUNT,
        polarity=Polarity.LOWER_BETTER,
        kind=Kind.FLOW,
        numerator="away incidents that started in the period (incidents, not children)",
        rows_sql=_incidents("A"),
        principles=("f",),
        source=DFE + " (children who went missing or were away from placement)",
        breakdowns=("age_band", "sex", "uasc"),
        counts="incidents",
    ),
    Indicator(
        id="away.children",
        first_event=True,
        short_title="Children away",
        area=Area.STABILITY,
        title="Children away from placement without authorisation",
        definition="Children looked after with at least one away-without-authorisation incident (MISSING A) "
                   "starting in the period.",
        unit=Unit.COUNT,
        polarity=Polarity.LOWER_BETTER,
        kind=Kind.FLOW,
        numerator="distinct children with an away incident that started in the period",
        rows_sql=_children_with(_incidents("A")),
        principles=("f",),
        source=DFE + " (children who went missing or were away from placement)",
        breakdowns=("age_band", "sex", "ethnic_group", "uasc"),
    ),
)
