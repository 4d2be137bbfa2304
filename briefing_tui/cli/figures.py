"""The commands that read figures and the children behind them: ``indicators``, ``show``,
``cohort`` and ``child``, with their options.

Each opens the database read-only, so any number run beside the app. An unknown indicator, period
or filter is refused before the database is opened.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from rich.console import Console

from briefing_tui.cli import choose, machine_readable, render_children, render_figures
from briefing_tui.settings import Settings

if TYPE_CHECKING:
    from briefing_tui.cli.parser import NewCommand

FORMATS = ("table", "csv", "json")


# --- the commands' options ---------------------------------------------------------------------------

def add_indicators(command: NewCommand) -> None:
    command("indicators", help="list every indicator with its definition",
            description="List every indicator: id, title, unit, polarity, the corporate parenting "
                        "principles it evidences, and its definition.").set_defaults(run=list_indicators)


def add_show(command: NewCommand) -> None:
    p = command("show", help="one indicator's value, comparison and trend",
                description="Compute one indicator for a period from the return that covers it (the "
                            "DfE's per-return method), with the same period a year earlier and the "
                            "trend over every loaded year.")
    p.set_defaults(run=show)
    p.add_argument("indicator", help="indicator id, e.g. cla.count (see `briefing-tui indicators`)")
    p.add_argument("--period", help="2024 (year ending 31 March 2024), 2024Q1 or Q1 2023-24 (its first quarter, "
                                    "April to June 2023), 2023-12 or 2023-12-31; default: the latest data (an "
                                    "in-year extract's data-to date, else the latest loaded year)")
    p.add_argument("--by", metavar="DIMENSION", help="break the figure down, e.g. age_band, placement_group, "
                                                      "legal_status, uasc (each indicator lists its own)")
    p.add_argument("--where", action="append", default=[], metavar="DIM=VALUE",
                   help="only the children in one group, e.g. --where uasc=UASC --where 'age_band=10 to 15' "
                        "(repeatable; values are the labels a breakdown shows)")
    p.add_argument("--format", choices=FORMATS, default="table")


def add_cohort(command: NewCommand) -> None:
    p = command("cohort", help="the children behind a figure (aliases, not ids)",
                description="List the children behind an indicator's value, a breakdown cell (--where) "
                            "or a share's other part (--part), as a panel may see them: alias, age, sex, "
                            "ethnic group, legal status, placement, start of care, days in care, "
                            "placements this year, UASC. CHILD ids only with [display] officer_mode.")
    p.set_defaults(run=cohort)
    p.add_argument("indicator", help="indicator id, e.g. cla.count")
    p.add_argument("--period", help="as for show; default: the latest data")
    p.add_argument("--where", action="append", default=[], metavar="DIM=VALUE", help="as for show")
    p.add_argument("--part", choices=("counted", "not-counted", "all"), default="counted",
                   help="of a share: its numerator (counted), the rest (not-counted) or its denominator (all)")
    p.add_argument("--format", choices=FORMATS, default="table")


def add_child(command: NewCommand) -> None:
    p = command("child", help="one child's timeline across every loaded return",
                description="One child's episodes, reviews, missing incidents, health and care-leaver "
                            "rows across every loaded return, by alias (e.g. C-4F2A, from a cohort list).")
    p.set_defaults(run=child)
    p.add_argument("who", metavar="ALIAS", help="the child's alias (or CHILD id in officer mode)")


# --- the commands ------------------------------------------------------------------------------------

def list_indicators(args: argparse.Namespace, config: Settings, console: Console) -> int:
    from briefing_tui.indicators.registry import all_indicators

    console.print(render_figures.indicator_list(all_indicators()))
    return 0


def show(args: argparse.Namespace, config: Settings, console: Console) -> int:
    from briefing_tui.briefing.prepare import context
    from briefing_tui.indicators import periods, quarter_ends
    from briefing_tui.indicators.breakdowns import breakdown
    from briefing_tui.indicators.described import parse_filters
    from briefing_tui.indicators.evaluate import evaluate
    from briefing_tui.indicators.registry import get

    indicator = get(args.indicator)  # an unknown id, period or filter is refused before the database is opened
    filters = parse_filters(indicator, args.where)
    if args.period:
        periods.parse(args.period)
    with choose.reading(args, config) as (con, council, db):
        period = choose.period(con, args.period, council, db)
        result = evaluate(con, args.indicator, period, council.code, context(config, council), filters)
        rows = breakdown(con, args.indicator, period, council.code, args.by, filters) if args.by else None
        by_quarter = (quarter_ends.trend(con, args.indicator, result.period, council.code, context(config, council))
                      if result.period.kind != "year" and not filters else ())
    if args.format == "table":
        console.print(render_figures.indicator_result(result, rows, by_quarter))
    else:
        # Machine-readable output is printed as it is: no wrapping, no markup.
        print(machine_readable.result_json(result, rows) if args.format == "json"
              else machine_readable.result_csv(result, rows), end="")
    return 0


def cohort(args: argparse.Namespace, config: Settings, console: Console) -> int:
    from briefing_tui.indicators import cohort as cohorts
    from briefing_tui.indicators import periods
    from briefing_tui.indicators.described import parse_filters
    from briefing_tui.indicators.registry import get

    filters = parse_filters(get(args.indicator), args.where)
    if args.period:
        periods.parse(args.period)
    with choose.reading(args, config) as (con, council, db):
        period = choose.period(con, args.period, council, db)
        found = cohorts.cohort(con, args.indicator, period, council.code, filters, args.part, config.officer_mode)
    if args.format == "table":
        console.print(render_children.cohort_table(found, get(args.indicator)))
    else:
        print(machine_readable.cohort_json(found) if args.format == "json" else machine_readable.cohort_csv(found),
              end="")
    return 0


def child(args: argparse.Namespace, config: Settings, console: Console) -> int:
    from briefing_tui.indicators.timeline import timeline

    with choose.reading(args, config) as (con, council, _):
        story = timeline(con, council.code, args.who, config.officer_mode)
    console.print(render_children.timeline(story))
    return 0
