"""Collection years, named by the year they end (2024 = 1 April 2023 to 31 March 2024).

The DfE and the public validator both name years this way in the data ("collection year 2024"),
while some export tools label files by the year the collection starts; keeping one convention
in one place stops the off-by-one from spreading.
"""

from __future__ import annotations

import datetime as dt
import re

FIRST_SUPPORTED = 2010
LAST_SUPPORTED = 2040


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


def label(year: int) -> str:
    """The validator's 'YYYY-YY' form of a collection year: 2024 -> '2023-24'."""
    return f"{year - 1}-{str(year)[-2:]}"


# "2023-24", "2023_24", "202324" name the year ending 2024; a lone "2024" names 2024 itself.
_SPAN = re.compile(r"(?<!\d)(20\d\d)[-_ ]?(\d\d)(?!\d)")
_LONG_SPAN = re.compile(r"(?<!\d)(20\d\d)[-_ ]?(20\d\d)(?!\d)")  # "2023-2024" names 2024 too
_SINGLE = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def year_from_label(text: str) -> int | None:
    """The collection year a file or folder name gives, or None when it gives none or two."""
    for match in _LONG_SPAN.finditer(text):
        if int(match.group(1)) + 1 == int(match.group(2)):
            return int(match.group(2))
    for match in _SPAN.finditer(text):
        first, second = int(match.group(1)), int(match.group(2))
        if (first + 1) % 100 == second:
            return first + 1
    found = {int(m.group(1)) for m in _SINGLE.finditer(text)}
    found = {y for y in found if FIRST_SUPPORTED <= y <= LAST_SUPPORTED}
    if len(found) == 1:
        return found.pop()
    return None
