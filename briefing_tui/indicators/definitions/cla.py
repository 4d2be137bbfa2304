"""Children looked after: how many, coming in, leaving, the rate, and unaccompanied asylum seekers."""

from __future__ import annotations

from briefing_tui.indicators.definitions import rolling
from briefing_tui.indicators.definitions.common import COMMON, DFE, EPISODES, LOOKED_AFTER
from briefing_tui.indicators.registry import Area, BreakdownTable, Comparator, Indicator, Kind, Polarity, Unit, register

# Children looked after on _end, each with whether they were an unaccompanied asylum-seeking child
# that day: in the return's uasc table, status not ceased by then (DUC blank or after it).
WITH_UASC = f"""
    SELECT n.*, EXISTS (SELECT 1 FROM uasc u WHERE u.council = n.council AND u.year = _year
                        AND u.CHILD = n.CHILD AND (u.DUC IS NULL OR u.DUC > _end)) AS is_uasc
    FROM ({LOOKED_AFTER}) n"""

# Foster placements (PLACE U1-U6: with relatives or friends, or with other carers, fostering for
# adoption included), as the DfE counts "children looked after in foster placements".
FOSTER = "('U1', 'U2', 'U3', 'U4', 'U5', 'U6')"
# Children looked after on _end, each with whether the episode that describes them that day (the
# latest-starting one open then, as LOOKED_AFTER picks it) is a foster placement.
WITH_PLACEMENT = f"""
    SELECT n.*, EXISTS (SELECT 1 FROM ({EPISODES}) e WHERE e.council = n.council AND e.CHILD = n.CHILD
                        AND e.DECOM = n.DECOM AND (e.DEC IS NULL OR e.DEC > _end)
                        AND e.PLACE IN {FOSTER}) AS in_foster_care
    FROM ({LOOKED_AFTER}) n"""

register(
    Indicator(
        id="cla.count",
        short_title="Children looked after",
        area=Area.CLA,
        tables=(
            BreakdownTable("age_band", caption="Children looked after by age"),
            BreakdownTable("legal_status", caption="Children looked after by legal status"),
            BreakdownTable("placement_group", "placement_type", caption="Children looked after by placement"),
            BreakdownTable("uasc", caption="Children looked after who are unaccompanied asylum-seeking children"),
        ),
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
        first_event=True,
        short_title="Started care",
        area=Area.CLA,
        title="Children who started to be looked after",
        definition="Children who started to be looked after in the period, each counted once, short breaks excluded.",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        kind=Kind.FLOW,
        numerator="distinct children with an episode whose reason for new episode is S (started) in the period",
        # First occasion in the period: age and attributes as at that start.
        rows_sql=f"""
            SELECT council, CHILD, min(DECOM) AS DECOM, min(DECOM) AS on_date FROM ({EPISODES})
            WHERE RNE = 'S' AND DECOM BETWEEN _start AND _end
            GROUP BY council, CHILD""",
        principles=("a", "f"),
        source=DFE + " (children who started to be looked after during the year)",
        breakdowns=COMMON + ("category_of_need", "placement_group", "placement_type"),
    ),
    Indicator(
        id="cla.starts_12m",
        short_title="Started care, 12 months",
        area=Area.CLA,
        title="Children who started to be looked after in the last twelve months",
        definition="Children who started to be looked after in the twelve months to the period's last day, each "
                   "counted once, short breaks excluded. " + rolling.ROLLING,
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        kind=Kind.ROLLING,
        numerator="distinct children with an episode starting (RNE S) in the twelve months to the date",
        rows_sql=rolling.STARTS,
        principles=("a", "f"),
        source=DFE + " (children who started to be looked after), over twelve months to the date",
        breakdowns=COMMON + ("category_of_need", "placement_group", "placement_type"),
    ),
    Indicator(
        id="cla.ceased",
        short_title="Ceased care",
        area=Area.CLA,
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
            WHERE DEC BETWEEN _start AND _end AND REC IS NOT NULL AND REC <> 'X1'
            GROUP BY council, CHILD""",
        principles=("f", "g"),
        source=DFE + " (children who ceased to be looked after during the year)",
        breakdowns=COMMON + ("reason_ceased", "placement_group"),
    ),
    Indicator(
        id="cla.ceased_12m",
        short_title="Ceased care, 12 months",
        area=Area.CLA,
        title="Children who ceased to be looked after in the last twelve months",
        definition="Children who ceased to be looked after in the twelve months to the period's last day, each "
                   "counted once, short breaks excluded; an episode ending in X1 is not a cessation. "
                   + rolling.ROLLING,
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        kind=Kind.ROLLING,
        numerator="distinct children with an episode that ended, other than X1, in the twelve months to the date",
        rows_sql=rolling.CEASED,
        principles=("f", "g"),
        source=DFE + " (children who ceased to be looked after), over twelve months to the date",
        breakdowns=COMMON + ("reason_ceased", "placement_group"),
    ),
    Indicator(
        id="cla.rate",
        short_title="Rate per 10,000",
        area=Area.CLA,
        part_of="cla.count",  # the same count, per 10,000 of a stated population
        comparator=Comparator("LAC", differs="Our rate uses the number of children under 18 entered in the "
                              "settings; the DfE uses the ONS mid-year estimate, which it revises, so the rates "
                              "can differ slightly."),
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
        short_title="UASC looked after",
        area=Area.CLA,
        part_of="cla.count",
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
        short_title="Share who are UASC",
        area=Area.CLA,
        comparator=Comparator("Unacc_Asylmn_Seek_Childn%"),
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
    Indicator(
        id="cla.foster_pct",
        short_title="In foster care",
        area=Area.CLA,
        same_base_as="cla.uasc_pct",  # children looked after that day
        comparator=Comparator("LAC_Foster_Placements"),
        title="Children looked after in foster care",
        definition="Children looked after on the period's last day whose placement that day is foster care "
                   "(with relatives or friends, or with other carers, fostering for adoption included), as a "
                   "percentage of all children looked after that day.",
        unit=Unit.PERCENT,
        polarity=Polarity.NEUTRAL,
        kind=Kind.STOCK,
        numerator="children looked after that day in a foster placement (PLACE U1-U6)",
        rows_sql=WITH_PLACEMENT,
        where="in_foster_care",
        denominator="children looked after that day, as cla.count",
        principles=("a", "f"),
        source=DFE + " (children looked after at 31 March by placement: foster placements)",
        breakdowns=COMMON + ("category_of_need",),
    ),
)
