"""From settings to a briefing: what the CLI's `brief` and `export` and the app's preview all call.

The settings say who the council is (its DfE number picks its published figures and neighbours;
the demo borough, fictional, is compared with England and a region), what it aims for (targets),
and how cautious a public paper must be (the disclosure threshold).
"""

from __future__ import annotations

import datetime as dt

from briefing_tui.briefing.build import Options, build, table_asks
from briefing_tui.briefing.model import Briefing
from briefing_tui.indicators.evidence import Evidence, gather
from briefing_tui.indicators.periods import Period
from briefing_tui.settings import Settings


def context(config: Settings, council: str) -> dict:
    """What the figures need that the 903 return does not hold (settings; the demo's own figure)."""
    from briefing_tui.demo import DEMO_COUNCIL, DEMO_POPULATION_UNDER_18

    population = config.population_under_18
    if population is None and council == DEMO_COUNCIL:
        population = DEMO_POPULATION_UNDER_18
    return {"population_under_18": population, "suppress_below": config.suppress_below}


def comparison_area(config: Settings, council: str) -> tuple[str | None, str | None]:
    """(DfE number, region) to compare with: the settings', else a council code that is a DfE number,
    else, for the demo borough, its made-up region."""
    from briefing_tui.demo import DEMO_COUNCIL, DEMO_REGION

    la_number = config.la_number or (council if council.isdigit() and len(council) == 3 else "")
    region = config.region or (DEMO_REGION if council == DEMO_COUNCIL and not la_number else "")
    return la_number or None, region or None


def options(config: Settings, council: str, public: bool, generated: dt.datetime) -> Options:
    from briefing_tui.demo import DEMO_COUNCIL, DEMO_COUNCIL_NAME

    if council == config.council_code:
        name = config.council_name
    else:  # --council names another council than the settings describe: never borrow their name
        name = DEMO_COUNCIL_NAME if council == DEMO_COUNCIL else f"Council {council}"
    return Options(council_name=name, generated=generated, panel=config.panel_name, public=public,
                   threshold=config.threshold, targets=dict(config.targets), tolerance=config.tolerance,
                   small_base=config.small_base, england_gap=config.england_gap,
                   synthetic=council == DEMO_COUNCIL)


def evidence_for(con, config: Settings, council: str, period: Period) -> Evidence:
    """What a briefing of the period states, fetched once: the restricted and the public versions
    are both built from it."""
    la_number, region = comparison_area(config, council)
    return gather(con, council, period, context(config, council), table_asks(), la_number, region,
                  config.comparators_file)


def prepare(con, config: Settings, council: str, period: Period, public: bool,
            generated: dt.datetime) -> Briefing:
    return build(evidence_for(con, config, council, period), options(config, council, public, generated))
