"""Children looked after: how many, coming in, leaving, the rate, and unaccompanied asylum seekers."""

from __future__ import annotations

from briefing_tui.indicators.definitions.common import COMMON, DFE, EPISODES, LOOKED_AFTER
from briefing_tui.indicators.registry import Indicator, Kind, Polarity, Unit, register

# Children looked after on $end, each with whether they were an unaccompanied asylum-seeking child
# that day: in the return's uasc table, status not ceased by then (DUC blank or after it).
WITH_UASC = f"""
    SELECT n.*, EXISTS (SELECT 1 FROM uasc u WHERE u.council = n.council AND u.year = $year
                        AND u.CHILD = n.CHILD AND (u.DUC IS NULL OR u.DUC > $end)) AS is_uasc
    FROM ({LOOKED_AFTER}) n"""

register(
    Indicator(
        id="cla.count",
        title="Children looked after",
        definition="Children looked after on the period's last day (31 March for a year), short breaks excluded.",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        kind=Kind.STOCK,
        numerator="distinct children with an episode open that day (DECOM on or before it, DEC after it or blank)",
        rows_sql=LOOKED_AFTER,
        principles=("a", "f"),
        source=DFE + " (children looked after at 31 March)",
        breakdowns=COMMON + ("placement_group", "placement_type", "placement_provider", "category_of_need"),
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
        rows_sql=f"""
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
                   "an episode ending in X1 (a new one starting the same day) is not a cessation. A closed episode "
                   "with no reason recorded counts (DOMAIN.md: DEC in the period and REC not X1).",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        kind=Kind.FLOW,
        numerator="distinct children with an episode that ended in the period with a reason other than X1",
        # Last occasion in the period: age, reason and placement as at that ending.
        rows_sql=f"""
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
                   "council's area (the population is the ONS mid-year estimate, given in the settings for each "
                   "council).",
        unit=Unit.RATE,
        polarity=Polarity.NEUTRAL,
        kind=Kind.STOCK,
        numerator="children looked after that day, as cla.count",
        rows_sql=LOOKED_AFTER,
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
        rows_sql=f"SELECT * FROM ({WITH_UASC}) WHERE is_uasc",
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
        rows_sql=WITH_UASC,
        where="is_uasc",
        denominator="children looked after that day, as cla.count",
        principles=("a", "f"),
        source=DFE + " (UASC as a share of children looked after)",
        breakdowns=("age_band", "sex", "ethnic_group", "council"),
    ),
)
