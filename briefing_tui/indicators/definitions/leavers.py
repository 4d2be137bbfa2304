"""Care leavers aged 17 to 21 (oc3): in touch, in education, employment or training, accommodation."""

from __future__ import annotations

from briefing_tui.indicators.registry import Indicator, Kind, Polarity, Unit, register

# The year's oc3 rows with the birthday (17th-21st) that put each care leaver in the cohort.
OC3 = """
    SELECT *, make_date(CASE WHEN month(DOB) >= 4 THEN $year - 1 ELSE $year END, month(DOB),
                        CASE WHEN month(DOB) = 2 AND day(DOB) = 29 THEN 28 ELSE day(DOB) END) AS birthday
    FROM oc3 WHERE council = $council AND year = $year AND DOB IS NOT NULL
"""
# The care-leaver denominator: one row per care leaver, less those who died or returned home for
# six months or more (IN_TOUCH DIED / RHOM). Codes were upper-cased on import.
CARE_LEAVERS = f"""
    SELECT DISTINCT ON (council, CHILD) council, CHILD, CAST(NULL AS DATE) AS DECOM, birthday AS on_date,
           IN_TOUCH, ACTIV, ACCOM
    FROM ({OC3}) WHERE coalesce(IN_TOUCH, '') NOT IN ('DIED', 'RHOM') ORDER BY council, CHILD"""
# In education, employment or training, including F3/P3 from returns before the apprenticeship split.
EET = "'F1', 'P1', 'F2', 'P2', 'F3', 'P3', 'F4', 'P4', 'F5', 'P5'"

BREAKDOWNS = ("leaver_age_group", "former_uasc", "sex", "ethnic_group", "activity", "accommodation_type",
              "accommodation")

register(
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
            rows_sql=CARE_LEAVERS,
            where=condition,
            denominator="care leavers in the year's oc3 rows, less DIED and RHOM",
            principles=principles,
            source="DfE care leaver data set (footnotes); DOMAIN.md section 3",
            breakdowns=BREAKDOWNS,
        )
        for key, title, what, condition, polarity, principles in (
            ("in_touch", "Care leavers the council is in touch with", "care leavers in touch (IN_TOUCH YES)",
             "IN_TOUCH = 'YES'", Polarity.HIGHER_BETTER, ("g", "d")),
            ("eet", "Care leavers in education, employment or training",
             "care leavers in education, employment or training (ACTIV F1-F5, P1-P5)",
             f"coalesce(ACTIV IN ({EET}), false)", Polarity.HIGHER_BETTER, ("e",)),
            ("neet", "Care leavers not in education, employment or training",
             "care leavers not in education, employment or training (ACTIV G4-G6)",
             "coalesce(ACTIV IN ('G4', 'G5', 'G6'), false)", Polarity.LOWER_BETTER, ("e",)),
            ("suitable_accom", "Care leavers in suitable accommodation",
             "care leavers in accommodation judged suitable (ACCOM a letter then 1)",
             "coalesce(regexp_full_match(ACCOM, '[A-Z]1'), false)", Polarity.HIGHER_BETTER, ("g", "f")),
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
        rows_sql=f"""
            SELECT DISTINCT ON (council, CHILD) council, CHILD, CAST(NULL AS DATE) AS DECOM, birthday AS on_date
            FROM ({OC3}) ORDER BY council, CHILD""",
        principles=("g",),
        source="DfE care leaver data set; SSDA903 oc3",
        breakdowns=BREAKDOWNS,
    ),
)
