"""Declarations of the indicators, grouped by area. Definitions follow DOMAIN.md section 3.

Short breaks: every V3/V4 episode is dropped first, then the rule is applied to what is left, for
stock, starts and ceased alike (so a child whose only episodes are short breaks is never counted).
"""

from __future__ import annotations

from briefing_tui.indicators.registry import Indicator, Kind, Polarity, Unit, register

DFE = "DfE, Children looked after in England including adoptions: methodology"

# Episodes of the return that answers the period, short breaks dropped. REC means something only
# when DEC is set (open episodes in real exports often carry one, frequently X1).
EPISODES = """
    SELECT * FROM episodes
    WHERE council = $council AND year = $year AND DECOM IS NOT NULL
      AND coalesce(LS, '') NOT IN ('V3', 'V4')
"""

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
        # Attributes from the child's latest-starting episode open that day (overlaps happen).
        numerator_sql=f"""
            SELECT council, CHILD, max(DECOM) AS DECOM, CAST($end AS DATE) AS on_date FROM ({EPISODES})
            WHERE DECOM <= $end AND (DEC IS NULL OR DEC > $end)
            GROUP BY council, CHILD""",
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
)
