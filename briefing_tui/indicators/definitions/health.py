"""Health and well-being of the oc2 cohort: assessments, immunisations, teeth, development, SDQ,
substance misuse and offending.

Every share here is of the cohort built from the return's episodes (``HEALTH_COHORT``), never of
the oc2 rows, which real exports fill with children outside it; a child of the cohort with no oc2
row counts as not done. Age is at 31 March; a child whose date of birth cannot be right (blank, after
the year, after care began, over 25: store.schema.known_header_sql) has no age, so is in no age-limited
figure.
"""

from __future__ import annotations

from briefing_tui.indicators.definitions.common import COMMON, DFE, HEALTH_COHORT
from briefing_tui.indicators.dimensions import age_sql
from briefing_tui.indicators.registry import Area, Comparator, Indicator, Kind, Polarity, Unit, register
from briefing_tui.store.schema import known_header_sql

# The cohort, one row per child, with the child's oc2 row (if any) and age at 31 March.
COHORT_OC2 = f"""
    SELECT k.*, {age_sql("h.DOB", "k.on_date")} AS age,
           o.HEALTH_ASSESSMENT, o.IMMUNISATIONS, o.TEETH_CHECK, o.HEALTH_CHECK, o.CONVICTED,
           o.SUBSTANCE_MISUSE, o.INTERVENTION_RECEIVED, o.INTERVENTION_OFFERED,
           CASE WHEN o.SDQ_SCORE BETWEEN 0 AND 40 THEN o.SDQ_SCORE END AS sdq, o.SDQ_REASON
    FROM ({HEALTH_COHORT}) k
    LEFT JOIN (SELECT DISTINCT ON (council, CHILD) * FROM oc2 WHERE council = _council AND year = _year
               ORDER BY council, CHILD, line) o ON o.council = k.council AND o.CHILD = k.CHILD
    LEFT JOIN ({known_header_sql("council = _council AND year = _year")}) h
           ON h.council = k.council AND h.CHILD = k.CHILD"""
UNDER_FIVE = f"SELECT * FROM ({COHORT_OC2}) WHERE age < 5"
# The SDQ is collected for ages 4 to 16; the DfE publishes scores for children aged 5 to 16 at
# 31 March (DOMAIN.md marks the range "verify"): both SDQ figures use 5 to 16.
SDQ_AGES = f"SELECT * FROM ({COHORT_OC2}) WHERE age BETWEEN 5 AND 16"
SUBSTANCE = f"SELECT * FROM ({COHORT_OC2}) WHERE SUBSTANCE_MISUSE"
AGED_10 = f"SELECT * FROM ({COHORT_OC2}) WHERE age >= 10"

COHORT_WORDS = "children looked after for 12 months or more at 31 March"
SOURCE = DFE + " (outcomes for children looked after: health, offending, substance misuse)"

register(
    Indicator(
        id="health.cohort",
        short_title="In care 12 months+",
        area=Area.HEALTH,
        on_last_day=True,
        title="Children looked after for 12 months or more",
        definition="Children looked after continuously for 12 months or more at 31 March (short breaks "
                   "excluded), from the return's episodes: the cohort the health figures are shares of.",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        kind=Kind.COHORT,
        numerator="children looked after on every day from 1 April to 31 March",
        rows_sql=HEALTH_COHORT,
        principles=("a",),
        source=DFE + " (children looked after continuously for at least 12 months at 31 March)",
        breakdowns=COMMON + ("placement_group",),
    ),
    *(
        Indicator(
            id=f"health.{key}_pct",
            title=title,
            short_title=short,
            area=Area.HEALTH,
            comparator=Comparator(measure) if measure else None,
            same_base_as="" if key in ("assessment", "development") else "health.assessment_pct",
            definition=f"{what}, as a percentage of {base}. A child of the cohort with no oc2 row counts "
                       "as not done.",
            unit=Unit.PERCENT,
            polarity=Polarity.HIGHER_BETTER,
            kind=Kind.COHORT,
            numerator=what,
            rows_sql=rows,
            where=flag,
            denominator=base,
            principles=("a",),
            source=SOURCE,
            breakdowns=("age_band", "sex", "ethnic_group", "legal_status", "placement_group", "uasc"),
        )
        for key, title, short, measure, what, flag, rows, base in (
            ("assessment", "Annual health assessments up to date", "Health assessments", "LACHealth%",
             "children whose annual health assessment is up to date (oc2 HEALTH_ASSESSMENT)", "HEALTH_ASSESSMENT",
             COHORT_OC2, COHORT_WORDS),
            ("immunisations", "Immunisations up to date", "Immunisations", "LACVaccinations%",
             "children whose immunisations are up to date (oc2 IMMUNISATIONS)", "IMMUNISATIONS", COHORT_OC2,
             COHORT_WORDS),
            ("dental", "Dental checks", "Dental checks", "LACDental%",
             "children who had their teeth checked by a dentist (oc2 TEETH_CHECK)", "TEETH_CHECK", COHORT_OC2,
             COHORT_WORDS),
            ("development", "Development assessments of under 5s", "Under-5 development", "",
             "children under 5 whose development assessments are up to date (oc2 HEALTH_CHECK)", "HEALTH_CHECK",
             UNDER_FIVE, "children under 5 at 31 March looked after for 12 months or more"),
        )
    ),
    Indicator(
        id="health.sdq_completed_pct",
        short_title="SDQs completed",
        area=Area.HEALTH,
        title="Strengths and difficulties questionnaires completed",
        definition="Children aged 5 to 16 at 31 March looked after for 12 months or more with an SDQ score "
                   "(0-40) in their oc2 row, as a percentage of all such children.",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER_BETTER,
        kind=Kind.COHORT,
        numerator="children aged 5-16 in the cohort with an SDQ score",
        rows_sql=SDQ_AGES,
        where="sdq IS NOT NULL",
        denominator="children aged 5-16 at 31 March looked after for 12 months or more",
        principles=("a",),
        source=SOURCE + "; SSDA903 guide (SDQ collected for ages 4-16)",
        breakdowns=("age_band", "sex", "ethnic_group", "placement_group", "sdq_band"),
    ),
    Indicator(
        id="health.sdq_average",
        short_title="Average SDQ score",
        area=Area.HEALTH,
        comparator=Comparator("Emotional_LAC", differs="Both average the scores of children aged 5 to 16 in care "
                              "for a year or more, but the DfE's exact age rule is not confirmed, so the "
                              "averages may differ slightly."),
        title="Average SDQ score",
        definition="The average strengths and difficulties questionnaire score (0-40; 0-13 normal, 14-16 "
                   "borderline, 17 or more a cause for concern) of children aged 5 to 16 at 31 March looked "
                   "after for 12 months or more who have a score.",
        unit=Unit.SCORE,
        polarity=Polarity.LOWER_BETTER,
        kind=Kind.COHORT,
        numerator="the scores of children aged 5-16 in the cohort with an SDQ score",
        rows_sql=SDQ_AGES,
        score="sdq",
        denominator="children aged 5-16 in the cohort (the average is of those with a score)",
        principles=("a",),
        source=SOURCE + " (average SDQ score)",
        breakdowns=("age_band", "sex", "ethnic_group", "placement_group", "sdq_band"),
    ),
    Indicator(
        id="health.sdq_concern_pct",
        short_title="SDQ cause for concern",
        area=Area.HEALTH,
        title="SDQ scores that are a cause for concern",
        definition="Children aged 5 to 16 at 31 March looked after for 12 months or more whose SDQ score is 17 "
                   "or more (a cause for concern), as a percentage of those with a score.",
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER_BETTER,
        kind=Kind.COHORT,
        numerator="children with an SDQ score of 17-40",
        rows_sql=f"SELECT * FROM ({SDQ_AGES}) WHERE sdq IS NOT NULL",
        where="sdq >= 17",
        denominator="children aged 5-16 in the cohort with an SDQ score",
        principles=("a",),
        source=SOURCE + " (SDQ score bands)",
        breakdowns=("age_band", "sex", "ethnic_group", "placement_group", "sdq_band"),
    ),
    Indicator(
        id="health.substance_misuse_pct",
        short_title="Substance misuse",
        area=Area.HEALTH,
        same_base_as="health.assessment_pct",
        comparator=Comparator("LACSubstance"),
        title="Identified as having a substance misuse problem",
        definition="Children looked after for 12 months or more at 31 March identified as having a substance "
                   "misuse problem during the year (oc2 SUBSTANCE_MISUSE), as a percentage of the cohort.",
        unit=Unit.PERCENT,
        polarity=Polarity.NEUTRAL,
        kind=Kind.COHORT,
        numerator="children identified as having a substance misuse problem",
        rows_sql=COHORT_OC2,
        where="SUBSTANCE_MISUSE",
        denominator=COHORT_WORDS,
        principles=("a", "d"),
        source=SOURCE,
        breakdowns=("age_band", "sex", "ethnic_group", "placement_group"),
    ),
    Indicator(
        id="health.substance_intervention_pct",
        short_title="Substance intervention",
        area=Area.HEALTH,
        title="Substance misuse: intervention received",
        definition="Of the children identified as having a substance misuse problem, the percentage who "
                   "received an intervention for it (oc2 INTERVENTION_RECEIVED).",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER_BETTER,
        kind=Kind.COHORT,
        numerator="children identified with a substance misuse problem who received an intervention",
        rows_sql=SUBSTANCE,
        where="INTERVENTION_RECEIVED",
        denominator="children in the cohort identified as having a substance misuse problem",
        principles=("a", "d"),
        source=SOURCE,
    ),
    Indicator(
        id="health.convicted_pct",
        short_title="Convicted or cautioned",
        area=Area.HEALTH,
        comparator=Comparator("LAC_Convictions"),
        title="Convicted or given a youth caution (aged 10+)",
        definition="Children aged 10 or over at 31 March looked after for 12 months or more who were convicted "
                   "or subject to a youth caution or conditional caution during the year (oc2 CONVICTED), as a "
                   "percentage of those children.",
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER_BETTER,
        kind=Kind.COHORT,
        numerator="children aged 10+ in the cohort convicted or cautioned in the year",
        rows_sql=AGED_10,
        where="CONVICTED",
        denominator="children aged 10 or over at 31 March looked after for 12 months or more",
        principles=("a", "f"),
        source=SOURCE + " (offending by children looked after)",
        breakdowns=("age_band", "sex", "ethnic_group", "placement_group"),
    ),
)
