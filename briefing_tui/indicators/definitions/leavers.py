"""Care leavers aged 17 to 21 (oc3): in touch, in education, employment or training, accommodation."""

from __future__ import annotations

from briefing_tui.indicators.registry import Area, Comparator, Indicator, Kind, Polarity, Unit, register
from briefing_tui.store.schema import age_at_birthday_sql, birthday_sql

# The year's oc3 rows, one per care leaver (the first sent, where an export repeats a child), with
# the birthday in the year that put each in the cohort and the age it was (store.schema: 29
# February falls on 1 March in a common year). Every row stays in, whatever that age: an oc3 row
# for a birthday other than the 17th-21st (the import's rule-391 finding) is still a young person
# the council reported as a care leaver, so the count and every share's denominator keep it, and
# the age groups show it apart ("outside 17 to 21"). A row without a date of birth stays in too,
# with no birthday and no age ("Not recorded"; rule 391 cannot judge it).
OC3 = f"""
    SELECT *, {birthday_sql("DOB", "_year")} AS birthday, {age_at_birthday_sql("DOB", "_year")} AS age_at_birthday
    FROM (SELECT DISTINCT ON (council, CHILD) * FROM oc3 WHERE council = _council AND year = _year
          ORDER BY council, CHILD, line)
"""
# The care-leaver denominator: less those who died or returned home for six months or more
# (IN_TOUCH DIED / RHOM). Codes were upper-cased on import.
CARE_LEAVERS = f"""
    SELECT council, CHILD, CAST(NULL AS DATE) AS DECOM, birthday AS on_date, age_at_birthday, IN_TOUCH, ACTIV,
           ACCOM
    FROM ({OC3}) WHERE coalesce(IN_TOUCH, '') NOT IN ('DIED', 'RHOM')"""
# In education, employment or training, including F3/P3 from returns before the apprenticeship split.
EET = "'F1', 'P1', 'F2', 'P2', 'F3', 'P3', 'F4', 'P4', 'F5', 'P5'"

CARE_LEAVERS_DIFFER = (
    "Both are of care leavers aged 19 to 21, but the DfE also leaves out young people whose only care was "
    "short breaks or whose care passed to another council, which we cannot tell from the return's care leaver "
    "rows, so the two figures can differ slightly.")

BREAKDOWNS = ("leaver_age_group", "former_uasc", "sex", "ethnic_group", "activity", "accommodation_type",
              "accommodation")

register(
    *(
        Indicator(
            id=f"leavers.{key}_pct",
            title=title,
            short_title=short,
            area=Area.LEAVERS,
            comparator=Comparator(measure, {"leaver_age_group": "19 to 21"}, CARE_LEAVERS_DIFFER) if measure else None,
            # One base: every care leaver less those who died or returned home, among all care leavers.
            part_of="leavers.count" if key == "in_touch" else "",
            same_base_as="" if key == "in_touch" else "leavers.in_touch_pct",
            complement_of="leavers.eet_pct" if key == "neet" else "",
            definition=f"{what} as a percentage of care leavers whose 17th to 21st birthday fell in the year, "
                       "less those who died or returned home for 6 months or more (DIED, RHOM). Not in touch, "
                       "refused and not known stay in the denominator. Other DfE exclusions (short-break-only, "
                       "care transferred) cannot be made from oc3 rows and are not. A row the council sent for "
                       "another birthday (DfE rule 391, a data-quality finding) stays in, apart in the age groups.",
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
            counts="care leavers",
        )
        for key, title, short, measure, what, condition, polarity, principles in (
            ("in_touch", "Care leavers the council is in touch with", "Care leavers in touch", "",
             "care leavers in touch (IN_TOUCH YES)", "IN_TOUCH = 'YES'", Polarity.HIGHER_BETTER, ("g", "d")),
            ("eet", "Care leavers in education, employment or training", "Care leavers in EET", "CareLeaverEET",
             "care leavers in education, employment or training (ACTIV F1-F5, P1-P5)",
             f"coalesce(ACTIV IN ({EET}), false)", Polarity.HIGHER_BETTER, ("e",)),
            ("neet", "Care leavers not in education, employment or training", "Care leavers NEET",
             "CareLeaversNEET", "care leavers not in education, employment or training (ACTIV G4-G6)",
             "coalesce(ACTIV IN ('G4', 'G5', 'G6'), false)", Polarity.LOWER_BETTER, ("e",)),
            ("suitable_accom", "Care leavers in suitable accommodation", "Suitable accommodation", "CareLeaverAcc",
             "care leavers in accommodation judged suitable (ACCOM a letter then 1)",
             "coalesce(regexp_full_match(ACCOM, '[A-Z]1'), false)", Polarity.HIGHER_BETTER, ("g", "f")),
        )
    ),
    Indicator(
        id="leavers.count",
        short_title="Care leavers 17 to 21",
        area=Area.LEAVERS,
        title="Care leavers aged 17 to 21",
        definition="Care leavers whose 17th to 21st birthday fell in the year (the year's oc3 rows), each once. A "
                   "row the council sent for another birthday (DfE rule 391, a data-quality finding) is counted, "
                   "apart in the age groups.",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        kind=Kind.COHORT,
        numerator="distinct children in the year's oc3 rows",
        rows_sql=f"SELECT council, CHILD, CAST(NULL AS DATE) AS DECOM, birthday AS on_date, age_at_birthday "
                 f"FROM ({OC3})",
        principles=("g",),
        source="DfE care leaver data set; SSDA903 oc3",
        breakdowns=BREAKDOWNS,
        counts="care leavers",
    ),
)
