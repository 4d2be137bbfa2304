"""The indicator registry: every figure a panel sees is declared here once, as data.

The TUI, the briefing and the CLI all read these declarations; adding an indicator means adding a
declaration (and its hand-worked test), never touching a screen. Each declaration carries its SQL:
``rows_sql``, a query of the population (one row per child, or per review or incident where the
figure counts those), reading its council and period from the parameters ``_council``, ``_year``
(the collection year of the return that answers the period), ``_start`` and ``_end``: it is run as
a DuckDB table macro of those four (indicators.macros), never by rewriting its text. A count counts
the rows; a share's numerator is the rows meeting ``where``; an average averages ``score`` over the
rows that have one. Every row names the episode that describes the child (``DECOM``, may be NULL) and the date the
child is described on (``on_date``: age, UASC status), which is how the headline, every breakdown,
every filter and the cohort list are computed from the same rows and always agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing_tui.indicators.periods import Period


class Unit(str, Enum):
    COUNT = "count"
    PERCENT = "%"
    RATE = "rate per 10,000"
    DAYS = "days"
    SCORE = "score"


class Polarity(str, Enum):
    HIGHER_BETTER = "higher is better"
    LOWER_BETTER = "lower is better"
    NEUTRAL = "neither: context"


class Kind(str, Enum):
    STOCK = "stock"    # children on the period's last day
    FLOW = "flow"      # events between the period's first and last day
    COHORT = "cohort"  # a collection year's cohort (oc2, oc3): answered for whole years only
    # events in the twelve months to the period's last day, read from its return and the one before
    # (the one deliberate exception to the per-return method: indicators.definitions.rolling)
    ROLLING = "rolling twelve months"


# The seven corporate parenting principles (Children and Social Work Act 2017, s.1(1)).
PRINCIPLES: dict[str, str] = {
    "a": "act in their best interests, and promote their physical and mental health and well-being",
    "b": "encourage them to express their views, wishes and feelings",
    "c": "take into account their views, wishes and feelings",
    "d": "help them gain access to, and make the best use of, services",
    "e": "promote high aspirations, and seek to secure the best outcomes",
    "f": "for them to be safe, and for stability in their home lives, relationships and education or work",
    "g": "prepare them for adulthood and independent living",
}


class Area(str, Enum):
    """The areas a panel's overview and paper group the figures by, in the order they are read."""

    CLA = "Children looked after"
    STABILITY = "Stability and safety"
    LEAVERS = "Care leavers"
    HEALTH = "Health"
    VOICE = "Voice"

    def __str__(self) -> str:
        return self.value


AREA_ORDER: tuple[Area, ...] = tuple(Area)
SHORT_TITLE_MOST = 24  # characters: a tile at 80 columns


@dataclass(frozen=True)
class Comparator:
    """The DfE's published measure a figure is compared with (``indicators.comparators`` reads its
    published values), and how our figure is cut to match it."""

    measure: str                                          # the DfE's measure id, e.g. "CareLeaverEET"
    filters: dict[str, str] = field(default_factory=dict)  # dimension -> label making our figure comparable
    differs: str = ""  # "" when the definitions match, else one plain sentence for a councillor


@dataclass(frozen=True)
class BreakdownTable:
    """A breakdown the panel's paper prints as a table, under the figure's area."""

    dimension: str
    within: str = ""     # each group's own breakdown by a second dimension (placement group -> type)
    caption: str = ""


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    definition: str        # one plain-English line, as the data notes will print it
    unit: Unit
    polarity: Polarity
    kind: Kind
    numerator: str         # what is counted, in words
    rows_sql: str          # the population: council, CHILD, DECOM, on_date, and what where/score read
    principles: tuple[str, ...]
    source: str            # where the definition comes from
    denominator: str = ""  # in words, when a share
    where: str = ""        # a share's numerator: a condition on the rows
    score: str = ""        # an average's value: an expression on the rows (NULL: no score)
    rate_per_10000_of: str = ""  # for a rate: the name of the context value (a setting) it is per
    breakdowns: tuple[str, ...] = ()
    counts: str = "children"  # what one row is: "children", or "reviews", "incidents"
    history_years: int = 0  # earlier returns the figure cannot do without (a child's history): no value without them
    on_last_day: bool = False  # a cohort figure that describes children on the year's last day ("at 31 March")
    # Each row is one event on its on_date, in the figure exactly when on_date is in the period, and
    # described the same whatever the period (reviews, incidents): any part of a year is then the
    # year's stored rows on those days, so quarters and dates are answered from them (precomputed).
    dated_events: bool = False
    # Each child's row is their first event in the period, described then (starts, children missing):
    # in a period from 1 April (a year to date) a child is counted exactly when their first event of
    # the year falls in it, so the year's stored rows on those days answer it (precomputed).
    first_event: bool = False
    short_title: str = ""      # at most SHORT_TITLE_MOST characters, where space is short (a tile)
    area: Area | None = None   # where the overview and the paper put it
    comparator: Comparator | None = None   # the DfE's published measure it is compared with
    tables: tuple[BreakdownTable, ...] = ()  # breakdowns the paper prints as tables
    # Disclosure relations, protected by the briefing's public version whatever the indicator:
    part_of: str = ""        # its count (a share's: its base) is among this figure's counted children
    same_base_as: str = ""   # a share over exactly the same children as this share (transitive)
    complement_of: str = ""  # a share over the same base whose counted children never overlap this one's

    def __post_init__(self) -> None:
        unknown = [p for p in self.principles if p not in PRINCIPLES]
        if unknown:
            raise ValueError(f"{self.id}: unknown principle {unknown}")
        if (self.unit is Unit.PERCENT) != bool(self.where):
            raise ValueError(f"{self.id}: a percentage, and only a percentage, has a numerator condition")
        if (self.unit in (Unit.SCORE, Unit.DAYS)) != bool(self.score):
            raise ValueError(f"{self.id}: an average, and only an average, has a score")
        if self.unit is Unit.RATE and not self.rate_per_10000_of:
            raise ValueError(f"{self.id}: a rate needs the population it is per")
        if not self.short_title or len(self.short_title) > SHORT_TITLE_MOST:
            raise ValueError(f"{self.id}: a short title of 1 to {SHORT_TITLE_MOST} characters is needed, not "
                             f"{self.short_title!r}")
        for name, sql in (("rows_sql", self.rows_sql), ("where", self.where), ("score", self.score)):
            if "$" in sql or re.search(r"\b_(period|return)\b", sql):
                raise ValueError(f"{self.id}: {name} reads a query parameter ($...) or names _period or _return: "
                                 "a definition reads its council and period as _council, _year, _start and _end "
                                 "(indicators.macros)")
        if self.area is None:
            raise ValueError(f"{self.id}: an area is needed")
        if (self.kind is Kind.ROLLING) != ("_from_year" in self.rows_sql):
            raise ValueError(f"{self.id}: a rolling figure, and only one, reads two returns and says which each row "
                             "comes from (_from_year)")
        if self.first_event and self.dated_events:
            raise ValueError(f"{self.id}: rows are each child's first event or every event, not both")
        if (self.same_base_as or self.complement_of) and not self.is_share:
            raise ValueError(f"{self.id}: only a share has a base to share or complement")

    @property
    def is_share(self) -> bool:
        return bool(self.where)

    @property
    def reads_year_before(self) -> bool:
        """Whether its rows come from the period's return and the one before it (``_from_year``
        names which), each row described by its own return: the rolling twelve months."""
        return self.kind is Kind.ROLLING

    @property
    def additive(self) -> bool:
        """Whether a longer period's count is the sum of its parts' (incidents and reviews are events,
        each in one quarter; a child is counted once in a year however many of its quarters count him)."""
        return self.counts in ("incidents", "reviews")


REGISTRY: dict[str, Indicator] = {}


def register(*indicators: Indicator) -> None:
    for indicator in indicators:
        if indicator.id in REGISTRY:
            raise ValueError(f"indicator {indicator.id} declared twice")
        REGISTRY[indicator.id] = indicator


def get(indicator_id: str) -> Indicator:
    from briefing_tui.errors import UserError

    _load()
    try:
        return REGISTRY[indicator_id]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(indicator_id, list(REGISTRY), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise UserError(f"no indicator '{indicator_id}'{hint}: `briefing-tui indicators` lists them") from None


def all_indicators() -> list[Indicator]:
    _load()
    return list(REGISTRY.values())


def shown_for(indicator: Indicator, period: Period) -> bool:
    """Whether an overview or a paper of ``period`` shows the indicator: the rolling twelve months
    to 31 March are the collection year itself, so a period ending then (a year, its fourth
    quarter, 31 March) shows the year's own figure once, not again as "the twelve months to 31
    March" (and a public paper cannot then print one number under two names, hidden under one)."""
    return not (indicator.kind is Kind.ROLLING and (period.end.month, period.end.day) == (3, 31))


def shown_at(period: Period) -> list[Indicator]:
    """The indicators an overview or a paper of ``period`` shows, in their order."""
    return [ind for ind in all_indicators() if shown_for(ind, period)]


def base_anchor(indicator: Indicator) -> Indicator:
    """The share a group of shares over the same children is named by (``same_base_as``, followed to
    its end: the relation is transitive)."""
    seen = {indicator.id}
    while indicator.same_base_as:
        indicator = get(indicator.same_base_as)
        if indicator.id in seen:
            raise ValueError(f"same_base_as goes round in a circle at {indicator.id}")
        seen.add(indicator.id)
    return indicator


def _load() -> None:
    from briefing_tui.indicators import definitions  # noqa: F401  (registers on import)
