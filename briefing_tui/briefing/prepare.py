"""From settings to a briefing: what the CLI's `brief` and `export` and the app's preview all call.

The council is as its returns were filed (``store.councils``, with the settings' word on it): its DfE
number picks its published figures and neighbours; the demo borough, fictional, and a local code
with a region are compared with England and that region; a local code without one has no published
comparators, and its paper says so. The settings say what it aims for (targets) and how cautious
a public paper must be (the disclosure threshold).
"""

from __future__ import annotations

import datetime as dt

from briefing_tui.briefing.build import Options, build
from briefing_tui.briefing.model import Briefing
from briefing_tui.councils import Council
from briefing_tui.indicators.evaluate import Context
from briefing_tui.indicators.evidence import Evidence, gather, table_asks
from briefing_tui.indicators.periods import Period
from briefing_tui.settings import Settings
from briefing_tui.store import notes
from briefing_tui.store.connection import Connection
from briefing_tui.store.notes import Notebook


def context(config: Settings, council: Council) -> Context:
    """What the figures need that the 903 return does not hold: the council's own population (as
    recorded with its returns, or its settings; never another council's) and the disclosure threshold."""
    return Context(council.population_under_18, config.suppress_below)


def comparison_area(council: Council) -> tuple[str | None, str | None]:
    """(DfE number, region) to compare with: a council's published figures and neighbours by its DfE
    number; a council without one (the demo, a local code with a region set) by its region alone."""
    return council.la_number or None, (None if council.la_number else council.region) or None


def options(config: Settings, council: Council, public: bool, generated: dt.datetime) -> Options:
    return Options(council_name=council.name, generated=generated, panel=config.panel_name, public=public,
                   threshold=config.threshold, targets=config.targets_for(council.code), tolerance=config.tolerance,
                   small_base=config.small_base, england_gap=config.england_gap, synthetic=council.synthetic)


def evidence_for(con: Connection, config: Settings, council: Council, period: Period, book: Notebook) -> Evidence:
    """What a briefing of the period states, fetched once: the restricted and the public versions
    are both built from it."""
    la_number, region = comparison_area(council)
    return gather(con, council.code, period, context(config, council), table_asks(), la_number, region,
                  config.comparators_file, notes.list_notes(book, council.code))


def prepare(con: Connection, config: Settings, council: Council, period: Period, public: bool,
            generated: dt.datetime, book: Notebook) -> Briefing:
    return build(evidence_for(con, config, council, period, book), options(config, council, public, generated))
