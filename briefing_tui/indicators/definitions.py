"""Declarations of the indicators, grouped by area. Definitions follow DOMAIN.md section 3.

Short breaks: every V3/V4 episode is dropped first, then the rule is applied to what is left, for
stock, starts and ceased alike (so a child whose only episodes are short breaks is never counted).
"""

from __future__ import annotations

from briefing_tui.indicators.dimensions import age_sql
from briefing_tui.indicators.registry import Indicator, Kind, Polarity, Unit, register

DFE = "DfE, Children looked after in England including adoptions: methodology"

# Episodes of the return that answers the period, short breaks dropped. REC means something only
# when DEC is set (open episodes in real exports often carry one, frequently X1).
EPISODES = """
    SELECT * FROM episodes
    WHERE council = $council AND year = $year AND DECOM IS NOT NULL
      AND coalesce(LS, '') NOT IN ('V3', 'V4')
"""

# Children looked after on $end, one row each, described by their latest-starting episode open that
# day (overlapping episodes happen): the headline count, and the base of the UASC figures and rate.
LOOKED_AFTER = f"""
    SELECT council, CHILD, max(DECOM) AS DECOM, CAST($end AS DATE) AS on_date FROM ({EPISODES})
    WHERE DECOM <= $end AND (DEC IS NULL OR DEC > $end)
    GROUP BY council, CHILD"""

# Unaccompanied asylum-seeking children among them: in the return's uasc table, status not ceased
# by that day (DUC blank or after it).
UASC_LOOKED_AFTER = f"""
    SELECT n.* FROM ({LOOKED_AFTER}) n
    WHERE EXISTS (SELECT 1 FROM uasc u WHERE u.council = n.council AND u.year = $year AND u.CHILD = n.CHILD
                  AND (u.DUC IS NULL OR u.DUC > $end))"""

# The year's oc3 rows with the birthday (17th-21st) that put each care leaver in the cohort.
OC3 = """
    SELECT *, make_date(CASE WHEN month(DOB) >= 4 THEN $year - 1 ELSE $year END, month(DOB),
                        CASE WHEN month(DOB) = 2 AND day(DOB) = 29 THEN 28 ELSE day(DOB) END) AS birthday
    FROM oc3 WHERE council = $council AND year = $year AND DOB IS NOT NULL
"""
# The care-leaver denominator: one row per care leaver, less those who died or returned home for
# six months or more (IN_TOUCH DIED / RHOM). Codes were upper-cased on import.
CARE_LEAVERS = f"""
    SELECT DISTINCT ON (CHILD) council, CHILD, CAST(NULL AS DATE) AS DECOM, birthday AS on_date,
           IN_TOUCH, ACTIV, ACCOM
    FROM ({OC3}) WHERE coalesce(IN_TOUCH, '') NOT IN ('DIED', 'RHOM') ORDER BY CHILD"""
# In education, employment or training, including F3/P3 from returns before the apprenticeship split.
EET = "'F1', 'P1', 'F2', 'P2', 'F3', 'P3', 'F4', 'P4', 'F5', 'P5'"

# The oc2 cohort, built from the return's episodes (never from the oc2 rows, which real exports
# fill with children outside it): looked after on every day of the year, short breaks aside, by
# the import's continuous_care spans; described as at 31 March, so breakdowns work as for cla.count.
HEALTH_COHORT = f"""
    SELECT n.* FROM ({LOOKED_AFTER}) n
    WHERE EXISTS (SELECT 1 FROM continuous_care c WHERE c.council = n.council AND c.year = $year
                  AND c.CHILD = n.CHILD AND c.care_start <= make_date($year - 1, 4, 1)
                  AND (c.care_end IS NULL OR c.care_end > make_date($year, 3, 31)))"""
UNDER_FIVE = f"""
    SELECT k.* FROM ({HEALTH_COHORT}) k
    WHERE EXISTS (SELECT 1 FROM header h WHERE h.council = k.council AND h.year = $year AND h.CHILD = k.CHILD
                  AND h.DOB > make_date($year - 5, 3, 31))"""


# Placements in the year of each child looked after at 31 March: the placement held on 1 April
# (looked after the day before the year began), plus each placement begun in the year, i.e. an
# episode starting in the year with RNE S (entry), P or B (a new carer). T and U (same carer) are
# not new placements, nor are temporary placements (T0-T4), nor the return from one (an episode
# whose previous episode was temporary). DOMAIN.md marks the DfE's exact rule "(verify)": this is
# the usual reading of the former NI 62 / DfE "three or more placements" measure.
TEMPORARY = "('T0', 'T1', 'T2', 'T3', 'T4')"
PLACEMENTS_IN_YEAR = f"""
    SELECT n.*, (
        SELECT count(*) FILTER (WHERE e.DECOM >= make_date($year - 1, 4, 1) AND e.RNE IN ('S', 'P', 'B')
                                  AND coalesce(e.PLACE, '') NOT IN {TEMPORARY}
                                  AND coalesce(e.prev_place, '') NOT IN {TEMPORARY})
             + max(CASE WHEN e.DECOM < make_date($year - 1, 4, 1)
                         AND (e.DEC IS NULL OR e.DEC >= make_date($year - 1, 4, 1)) THEN 1 ELSE 0 END)
        FROM (SELECT *, lag(PLACE) OVER (PARTITION BY CHILD ORDER BY DECOM, line) AS prev_place
              FROM ({EPISODES}) x WHERE x.CHILD = n.CHILD) e
    ) AS placements
    FROM ({LOOKED_AFTER}) n"""


# Statutory reviews held in the period, one row each, with the child's age on the review date.
REVIEWS = f"""
    SELECT council, CHILD, CAST(NULL AS DATE) AS DECOM, REVIEW AS on_date, REVIEW_CODE,
           {age_sql("DOB", "REVIEW")} AS age
    FROM reviews WHERE council = $council AND year = $year AND REVIEW BETWEEN $start AND $end"""
REVIEWS_AGED_4 = f"SELECT * FROM ({REVIEWS}) WHERE age >= 4"


def _incidents(kind: str) -> str:
    """The return's missing (M) or away (A) incidents that started in the period, one row each."""
    return f"""
        SELECT council, CHILD, CAST(NULL AS DATE) AS DECOM, MIS_START AS on_date FROM missing
        WHERE council = $council AND year = $year AND MISSING = '{kind}'
          AND MIS_START BETWEEN $start AND $end"""


def _children_with(rows: str) -> str:
    return f"SELECT DISTINCT ON (CHILD) * FROM ({rows}) ORDER BY CHILD, on_date"


def _with_oc2_flag(cohort: str, flag: str) -> str:
    """The cohort's children whose oc2 row has ``flag`` = 1 (no oc2 row: not counted)."""
    return f"""
        SELECT k.* FROM ({cohort}) k
        WHERE EXISTS (SELECT 1 FROM oc2 o WHERE o.council = k.council AND o.year = $year
                      AND o.CHILD = k.CHILD AND o.{flag})"""


# Breakdowns every children-looked-after count offers (see indicators.dimensions).
COMMON = ("age_band", "sex", "ethnic_group", "ethnicity", "legal_status", "uasc", "council")

register(
    Indicator(
        id="cla.count",
        title="Children looked after",
        definition="Children looked after on the period's last day (31 March for a year), short breaks excluded.",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        kind=Kind.STOCK,
        numerator="distinct children with an episode open that day (DECOM on or before it, DEC after it or blank)",
        numerator_sql=LOOKED_AFTER,
        principles=("a", "f"),
        source=DFE + " (children looked after at 31 March)",
        breakdowns=COMMON + ("placement_group", "placement_type", "placement_provider"),
    ),
    Indicator(
        id="cla.starts",
        title="Children who started to be looked after",
        definition="Children who started to be looked after in the period, each counted once, short breaks excluded.",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        kind=Kind.FLOW,
        numerator="distinct children with an episode whose reason for new episode is S (started) in the period",
        # First occasion in the period: age and attributes as at that start.
        numerator_sql=f"""
            SELECT council, CHILD, min(DECOM) AS DECOM, min(DECOM) AS on_date FROM ({EPISODES})
            WHERE RNE = 'S' AND DECOM BETWEEN $start AND $end
            GROUP BY council, CHILD""",
        principles=("a", "f"),
        source=DFE + " (children who started to be looked after during the year)",
        breakdowns=COMMON + ("category_of_need", "placement_group", "placement_type"),
    ),
    Indicator(
        id="cla.ceased",
        title="Children who ceased to be looked after",
        definition="Children who ceased to be looked after in the period, each counted once, short breaks excluded; "
                   "an episode ending in X1 (a new one starting the same day) is not a cessation.",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        kind=Kind.FLOW,
        numerator="distinct children with an episode that ended in the period with a reason other than X1",
        # Last occasion in the period: age, reason and placement as at that ending.
        numerator_sql=f"""
            SELECT council, CHILD, arg_max(DECOM, DEC) AS DECOM, max(DEC) AS on_date FROM ({EPISODES})
            WHERE DEC BETWEEN $start AND $end AND REC IS NOT NULL AND REC <> 'X1'
            GROUP BY council, CHILD""",
        principles=("f", "g"),
        source=DFE + " (children who ceased to be looked after during the year)",
        breakdowns=COMMON + ("reason_ceased", "placement_group"),
    ),
    Indicator(
        id="cla.rate",
        title="Children looked after per 10,000 children",
        definition="Children looked after on the period's last day per 10,000 children under 18 living in the "
                   "council's area (the population is a setting: council.population_under_18).",
        unit=Unit.RATE,
        polarity=Polarity.NEUTRAL,
        kind=Kind.STOCK,
        numerator="children looked after that day, as cla.count",
        numerator_sql=LOOKED_AFTER,
        denominator="children under 18 in the area (ONS mid-year estimate, from settings), / 10,000",
        rate_per_10000_of="population_under_18",
        principles=("a", "f"),
        source=DFE + " (rate per 10,000 children aged under 18)",
    ),
    Indicator(
        id="cla.uasc",
        title="Unaccompanied asylum-seeking children looked after",
        definition="Children looked after on the period's last day who were unaccompanied asylum-seeking "
                   "children that day (in the uasc table, status not ceased).",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        kind=Kind.STOCK,
        numerator="children looked after that day whose UASC status had not ceased (DUC blank or later)",
        numerator_sql=UASC_LOOKED_AFTER,
        principles=("a", "f"),
        source=DFE + " (unaccompanied asylum-seeking children looked after at 31 March)",
        breakdowns=("age_band", "sex", "ethnic_group", "legal_status", "placement_group", "placement_type"),
    ),
    Indicator(
        id="cla.uasc_pct",
        title="Share of children looked after who are UASC",
        definition="Unaccompanied asylum-seeking children as a percentage of all children looked after on the "
                   "period's last day.",
        unit=Unit.PERCENT,
        polarity=Polarity.NEUTRAL,
        kind=Kind.STOCK,
        numerator="UASC looked after that day, as cla.uasc",
        numerator_sql=UASC_LOOKED_AFTER,
        denominator="children looked after that day, as cla.count",
        denominator_sql=LOOKED_AFTER,
        principles=("a", "f"),
        source=DFE + " (UASC as a share of children looked after)",
    ),
    *(
        Indicator(
            id=f"leavers.{key}_pct",
            title=title,
            definition=f"{what} as a percentage of care leavers whose 17th to 21st birthday fell in the year, "
                       "less those who died or returned home for 6 months or more (DIED, RHOM). Not in touch, "
                       "refused and not known stay in the denominator. Other DfE exclusions (short-break-only, "
                       "care transferred) cannot be made from oc3 rows and are not.",
            unit=Unit.PERCENT,
            polarity=polarity,
            kind=Kind.COHORT,
            numerator=what,
            numerator_sql=f"SELECT * FROM ({CARE_LEAVERS}) WHERE {condition}",
            denominator="care leavers in the year's oc3 rows, less DIED and RHOM",
            denominator_sql=CARE_LEAVERS,
            principles=principles,
            source="DfE care leaver data set (footnotes); DOMAIN.md section 3",
        )
        for key, title, what, condition, polarity, principles in (
            ("in_touch", "Care leavers the council is in touch with", "care leavers in touch (IN_TOUCH YES)",
             "IN_TOUCH = 'YES'", Polarity.HIGHER_BETTER, ("g", "d")),
            ("eet", "Care leavers in education, employment or training",
             "care leavers in education, employment or training (ACTIV F1-F5, P1-P5)",
             f"ACTIV IN ({EET})", Polarity.HIGHER_BETTER, ("e",)),
            ("neet", "Care leavers not in education, employment or training",
             "care leavers not in education, employment or training (ACTIV G4-G6)",
             "ACTIV IN ('G4', 'G5', 'G6')", Polarity.LOWER_BETTER, ("e",)),
            ("suitable_accom", "Care leavers in suitable accommodation",
             "care leavers in accommodation judged suitable (ACCOM a letter then 1)",
             "regexp_full_match(ACCOM, '[A-Z]1')", Polarity.HIGHER_BETTER, ("g", "f")),
        )
    ),
    Indicator(
        id="leavers.count",
        title="Care leavers aged 17 to 21",
        definition="Care leavers whose 17th to 21st birthday fell in the year (the year's oc3 rows), each once.",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        kind=Kind.COHORT,
        numerator="distinct children in the year's oc3 rows",
        numerator_sql=f"""
            SELECT DISTINCT ON (CHILD) council, CHILD, CAST(NULL AS DATE) AS DECOM, birthday AS on_date
            FROM ({OC3}) ORDER BY CHILD""",
        principles=("g",),
        source="DfE care leaver data set; SSDA903 oc3",
        breakdowns=("leaver_age_group", "former_uasc", "sex", "ethnic_group", "activity", "accommodation"),
    ),
    Indicator(
        id="health.cohort",
        title="Children looked after for 12 months or more",
        definition="Children looked after continuously for 12 months or more at 31 March (short breaks "
                   "excluded), from the return's episodes: the cohort the health figures are shares of.",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        kind=Kind.COHORT,
        numerator="children looked after on every day from 1 April to 31 March",
        numerator_sql=HEALTH_COHORT,
        principles=("a",),
        source=DFE + " (children looked after continuously for at least 12 months at 31 March)",
        breakdowns=COMMON + ("placement_group",),
    ),
    *(
        Indicator(
            id=f"health.{key}_pct",
            title=title,
            definition=f"{what}, as a percentage of {base}. A child of the cohort with no oc2 row counts "
                       "as not done.",
            unit=Unit.PERCENT,
            polarity=Polarity.HIGHER_BETTER,
            kind=Kind.COHORT,
            numerator=what,
            numerator_sql=_with_oc2_flag(cohort, flag),
            denominator=base,
            denominator_sql=cohort,
            principles=("a",),
            source=DFE + " (outcomes for children looked after: health)",
        )
        for key, title, what, flag, cohort, base in (
            ("assessment", "Annual health assessments up to date", "children whose annual health "
             "assessment is up to date (oc2 HEALTH_ASSESSMENT)", "HEALTH_ASSESSMENT", HEALTH_COHORT,
             "children looked after for 12 months or more at 31 March"),
            ("immunisations", "Immunisations up to date", "children whose immunisations are up to date "
             "(oc2 IMMUNISATIONS)", "IMMUNISATIONS", HEALTH_COHORT,
             "children looked after for 12 months or more at 31 March"),
            ("dental", "Dental checks", "children who had their teeth checked by a dentist (oc2 TEETH_CHECK)",
             "TEETH_CHECK", HEALTH_COHORT, "children looked after for 12 months or more at 31 March"),
            ("development", "Development assessments of under 5s", "children under 5 whose development "
             "assessments are up to date (oc2 HEALTH_CHECK)", "HEALTH_CHECK", UNDER_FIVE,
             "children under 5 at 31 March looked after for 12 months or more"),
        )
    ),
    Indicator(
        id="missing.children",
        title="Children who went missing",
        definition="Children looked after with at least one missing incident (MISSING M) starting in the period.",
        unit=Unit.COUNT,
        polarity=Polarity.LOWER_BETTER,
        kind=Kind.FLOW,
        numerator="distinct children with a missing incident that started in the period",
        numerator_sql=_children_with(_incidents("M")),
        principles=("f",),
        source=DFE + " (children who went missing or were away from placement)",
        breakdowns=("age_band", "sex", "ethnic_group", "uasc"),
    ),
    Indicator(
        id="missing.incidents",
        title="Missing incidents",
        definition="Missing incidents (MISSING M) that started in the period; a child can have several.",
        unit=Unit.COUNT,
        polarity=Polarity.LOWER_BETTER,
        kind=Kind.FLOW,
        numerator="missing incidents that started in the period (incidents, not children)",
        numerator_sql=_incidents("M"),
        principles=("f",),
        source=DFE + " (missing incidents)",
    ),
    Indicator(
        id="away.children",
        title="Children away from placement without authorisation",
        definition="Children looked after with at least one away-without-authorisation incident (MISSING A) "
                   "starting in the period.",
        unit=Unit.COUNT,
        polarity=Polarity.LOWER_BETTER,
        kind=Kind.FLOW,
        numerator="distinct children with an away incident that started in the period",
        numerator_sql=_children_with(_incidents("A")),
        principles=("f",),
        source=DFE + " (children who went missing or were away from placement)",
        breakdowns=("age_band", "sex", "ethnic_group", "uasc"),
    ),
    Indicator(
        id="stability.three_placements_pct",
        title="Children with three or more placements in the year",
        definition="Children looked after at 31 March who had three or more placements during the year, as a "
                   "percentage of all children looked after at 31 March. Counted: the placement held on 1 April "
                   "and each new placement begun in the year (RNE S, P or B), not same-carer changes (T, U) nor "
                   "temporary placements (T0-T4) or returns from them.",
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER_BETTER,
        kind=Kind.COHORT,
        numerator="children looked after at 31 March with 3 or more placements in the year",
        numerator_sql=f"SELECT * FROM ({PLACEMENTS_IN_YEAR}) WHERE placements >= 3",
        denominator="children looked after at 31 March",
        denominator_sql=LOOKED_AFTER,
        principles=("f",),
        source=DFE + " (placement stability: three or more placements during the year)",
    ),
    Indicator(
        id="voice.reviews_held",
        title="Statutory reviews held",
        definition="Statutory reviews held in the period (reviews, not children).",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        kind=Kind.FLOW,
        numerator="reviews dated in the period",
        numerator_sql=REVIEWS,
        principles=("b", "c"),
        source="SSDA903 reviews table",
    ),
    Indicator(
        id="voice.participation_pct",
        title="Reviews in which the child participated",
        definition="Reviews of children aged 4 or over in which the child participated (PN1-PN6: spoke, "
                   "attended, or conveyed their views another way), as a percentage of those reviews.",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER_BETTER,
        kind=Kind.FLOW,
        numerator="reviews of children aged 4+ with participation code PN1-PN6",
        numerator_sql=f"SELECT * FROM ({REVIEWS_AGED_4}) "
                      "WHERE REVIEW_CODE IN ('PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6')",
        denominator="reviews of children aged 4 or over held in the period",
        denominator_sql=REVIEWS_AGED_4,
        principles=("b", "c"),
        source="DfE, Children looked after: participation in reviews (PN codes); DOMAIN.md section 2",
    ),
)
