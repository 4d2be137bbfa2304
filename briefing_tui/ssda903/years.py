"""Collection years, named by the year they end (2024 = 1 April 2023 to 31 March 2024).

The DfE and the public validator both name years this way in the data ("collection year 2024"),
while some export tools label files by the year the collection starts; keeping one convention
in one place stops the off-by-one from spreading.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

FIRST_SUPPORTED = 2010
LAST_SUPPORTED = 2040
SUPPORTED_WORDS = f"a year from {FIRST_SUPPORTED} to {LAST_SUPPORTED}"


def supported(year: int) -> bool:
    """Whether ``year`` is a collection year briefing-tui reads (its code lists, its calendar)."""
    return FIRST_SUPPORTED <= year <= LAST_SUPPORTED


def year_start(year: int) -> dt.date:
    """First day of collection year ``year`` (1 April of the year before)."""
    return dt.date(year - 1, 4, 1)


def year_end(year: int) -> dt.date:
    """Last day of collection year ``year`` (31 March)."""
    return dt.date(year, 3, 31)


def year_of(day: dt.date) -> int:
    """The collection year a date falls in."""
    return day.year + 1 if day.month >= 4 else day.year


def describe(year: int) -> str:
    """Human form used in messages: '2024 (1 April 2023 to 31 March 2024)'."""
    return f"{year} (1 April {year - 1} to 31 March {year})"


def both_ways(year: int) -> str:
    """A collection year named both ways, so neither convention misreads it: '2018 (2017-18)'."""
    return f"{year} ({label(year)})"


def label(year: int) -> str:
    """The validator's 'YYYY-YY' form of a collection year: 2024 -> '2023-24'."""
    return f"{year - 1}-{str(year)[-2:]}"


# "2023-24", "2023_24", "202324" name the year ending 2024; a lone "2024" names 2024 itself.
_SPAN = re.compile(r"(?<!\d)(20\d\d)[-_ ]?(\d\d)(?!\d)")
_LONG_SPAN = re.compile(r"(?<!\d)(20\d\d)[-_ ]?(20\d\d)(?!\d)")  # "2023-2024" names 2024 too
_SINGLE = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
# En and em dashes, minus signs: "2023–24" typed in a word processor names 2023-24.
_DASHES = re.compile("[\u2010-\u2015\u2212]")


@dataclass(frozen=True)
class YearLabel:
    """A year named in a file or folder name: the year it names, and whether it was one year alone.

    A two-year label ("2017-18", "2017_2018") is unambiguous: it names the collection year ending in
    its second year. A single year ("2017") is read as the year ending 31 March 2017 by default, but
    some tools name a collection by the year it starts (``--labels start``)."""

    year: int
    single: bool
    text: str        # the label as written, for messages

    def collection_year(self, labels: str = "end") -> int:
        """The collection year this label names under a labelling convention ("end" or "start")."""
        return self.year + 1 if self.single and labels == "start" else self.year


LABEL_CONVENTIONS = ("end", "start")


def year_from_label(text: str) -> int | None:
    """The collection year a file or folder name gives, or None when it gives none or two."""
    found = read_label(text)
    return found.year if found else None


def read_label(text: str) -> YearLabel | None:
    """The year label in a file or folder name, or None when it gives none or two (an extract's
    "data to" date, ``to-2024-09-30``, is no year label: ``read_data_to`` reads it)."""
    text = _DATA_TO.sub(" ", _DASHES.sub("-", text))
    for match in _LONG_SPAN.finditer(text):
        if int(match.group(1)) + 1 == int(match.group(2)):
            return YearLabel(int(match.group(2)), False, match.group(0))
    for match in _SPAN.finditer(text):
        first, second = int(match.group(1)), int(match.group(2))
        if (first + 1) % 100 == second:
            return YearLabel(first + 1, False, match.group(0))
    found = {int(m.group(1)) for m in _SINGLE.finditer(text)}
    found = {y for y in found if FIRST_SUPPORTED <= y <= LAST_SUPPORTED}
    if len(found) == 1:
        year = found.pop()
        return YearLabel(year, True, str(year))
    return None


# An in-year extract's "data to" date in a file or folder name: "2025-to-2024-09-30",
# "episodes_to_2024_09_30", "data to 2024-09-30" (ISO order only: 09-10-2024 reads both ways).
_DATA_TO = re.compile(r"(?<![a-z])to[-_ ]?(20\d\d)[-_](\d\d)[-_](\d\d)(?!\d)", re.I)


@dataclass(frozen=True)
class DataTo:
    """An extract's "data to" date as a file or folder name gives it."""

    day: dt.date | None   # None when the name's date is not a real date
    text: str             # as written, for messages


def read_data_to(text: str) -> DataTo | None:
    """The "data to" date a file or folder name carries (an in-year extract), or None."""
    match = _DATA_TO.search(_DASHES.sub("-", text))
    if match is None:
        return None
    try:
        day = dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        day = None
    return DataTo(day, match.group(0))


def long_date(day: dt.date) -> str:
    """'30 September 2024': how papers write a date."""
    return f"{day.day} {day:%B %Y}"
