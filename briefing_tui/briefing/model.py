"""The briefing as data: sections of paragraphs, lists and tables, with every figure kept as a number.

Built once (``build``) from indicator results, then rendered by each renderer (Rich for the
terminal and the app; Markdown, plain text, HTML and JSON for export) without any of them deciding
what to say, what to rate or what to suppress. What a renderer shows is what is here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

from briefing_tui.briefing.rag import Rating


@dataclass(frozen=True)
class Cell:
    text: str                      # as shown: "344", "c", "57.9%", "▂▄█"
    value: float | None = None     # the number behind it; None when hidden or not a number
    rating: Rating | None = None   # a rating cell: coloured, with its glyph and word in ``text``
    alt: str = ""                  # the same in words, for screen readers (a sparkline's values)
    indent: int = 0                # nesting level of a row header (a sub-group of a breakdown)


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: tuple[bool, ...]      # per column: right-aligned numbers
    notes: tuple[str, ...] = ()    # printed under the table


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = ""                 # "", "lead" (the section's opening line) or "note"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


Block = Paragraph | Bullets | Table


@dataclass(frozen=True)
class Section:
    id: str                        # an anchor: "summary", "area-care-leavers", "principle-g"
    title: str
    blocks: tuple[Block, ...] = ()
    rating: Rating | None = None   # a principle's rating
    subsections: tuple[Section, ...] = ()


class PlaceFigure(TypedDict):
    """A published comparator's figure: England's or the region's."""

    area: str
    value: float | None
    year: str


class NeighbourFigure(TypedDict):
    area: str
    value: float | None


class NeighboursFigures(TypedDict):
    average: float | None
    year: str
    rank: int | None               # None where the council's comparable figure is hidden
    of: int
    areas: list[NeighbourFigure]


class Comparators(TypedDict, total=False):
    """A figure's published comparators as JSON carries them (empty when it has none)."""

    measure: str
    measure_title: str
    year: str
    compared_group: str            # "as the indicator", or the group the council's figure is cut to
    council: float | None          # the council's figure as compared
    differs: str                   # "" when the definitions match, else how they differ
    england: PlaceFigure
    region: PlaceFigure
    statistical_neighbours: NeighboursFigures


@dataclass(frozen=True)
class Figure:
    """One indicator's figures as published in this briefing (JSON carries these for re-use)."""

    indicator: str
    title: str
    unit: str
    polarity: str
    area: str | None               # an indicators.registry.Area (a str), None for one placed in no area
    principles: tuple[str, ...]
    value: float | None            # None when there is none, or it is suppressed
    shown: str                     # "57.9%", "c", "no figure"
    numerator: int | None
    denominator: int | None
    previous: float | None
    change: float | None
    trend: dict[str, float | None]  # collection year label -> value (suppressed years None)
    target: float | None
    rating: str                    # "red", "amber", "green" or ""
    rating_reason: str
    suppressed: bool
    comparators: Comparators = field(default_factory=lambda: Comparators())
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    indicator: str
    rule: str                      # "red", "worsening", "england-gap"
    text: str


@dataclass(frozen=True)
class Withheld:
    """A note left out of a public paper because, with children's identifiers replaced, it still
    looks like one: said to the officer (never printed in the paper), to reword it."""

    note_id: int
    reason: str                    # "a run of 5 or more digits", "a postcode"

    def message(self) -> str:
        return (f"note {self.note_id} is left out of the public version: with children's identifiers replaced "
                f"it still holds {self.reason}; reword it to publish it")


@dataclass(frozen=True)
class Briefing:
    title: str
    council: str
    panel: str
    period: str                    # "year ending 31 March 2024"
    marking: str                   # "OFFICIAL-SENSITIVE" or "OFFICIAL"
    public: bool
    generated: str                 # "23 November 2026"
    sections: tuple[Section, ...]
    figures: tuple[Figure, ...]
    questions: tuple[Question, ...]
    attribution: str               # the comparators' licence line ("" when none are shown)
    withheld: tuple[Withheld, ...] = ()  # public: notes left out (for the officer, not the paper)
    provisional: str = ""          # "Provisional: data to 30 September 2024 ..." when the period's return is
                                   # an in-year extract: printed with the period, top and bottom
