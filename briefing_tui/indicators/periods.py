"""Reporting periods, and which return answers them (the DfE's per-return method).

Every figure for a date or period inside collection year Y comes from return Y alone
(DOMAIN.md section 3): consecutive returns disagree in real data, so stacking them gives numbers
the DfE never published. A period that spans two collection years cannot be answered from one
return and is refused rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from briefing_tui.errors import UserError
from briefing_tui.ssda903 import years


class PeriodError(UserError):
    """A period that cannot be read or cannot be answered from one return."""


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included, inside one collection year.

    Stock indicators are read on ``end``; flow indicators count events from ``start`` to ``end``.
    """

    start: dt.date
    end: dt.date
    kind: str   # "year", "quarter", "month" or "date"
    label: str  # as a panel paper would write it

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise PeriodError(f"period {self.label} ends before it starts")
        if years.year_of(self.start) != years.year_of(self.end):
            raise PeriodError(
                f"period {self.label} spans collection years {years.label(years.year_of(self.start))} and "
                f"{years.label(years.year_of(self.end))}: each figure comes from one year's return, so "
                "choose a period inside one year (1 April to 31 March)")

    @property
    def return_year(self) -> int:
        """The collection year whose return answers this period."""
        return years.year_of(self.end)

    def year_earlier(self) -> Period:
        """The same period a year before: the comparison a panel paper makes."""
        return self.shifted(-1)

    def shifted(self, years_by: int) -> Period:
        """The same period ``years_by`` years later (earlier when negative): a trend's points."""
        start, end = _plus_years(self.start, years_by), _plus_years(self.end, years_by)
        if self.kind in ("month", "quarter"):  # whole months stay whole: February 2024 has a 29th
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            end = _add_months(start, months) - dt.timedelta(days=1)
        return Period(start, end, self.kind, _label(self.kind, start, end))


def _label(kind: str, start: dt.date, end: dt.date) -> str:
    if kind == "year":
        return f"year ending 31 March {end.year}"
    if kind == "quarter":
        q = (start.month - 4) % 12 // 3 + 1
        # "Q2 2024-25 (July to September 2024)": a collection year's quarter, never a calendar one
        return f"Q{q} {years.label(years.year_of(end))} ({start:%B} to {end:%B %Y})"
    if kind == "month":
        return f"{start:%B %Y}"
    return f"at {end.day} {end:%B %Y}"


QUARTER_ENDS = ((6, 30), (9, 30), (12, 31), (3, 31))  # (month, day) of quarters 1-4 of a collection year


def quarter(year: int, number: int) -> Period:
    """Quarter ``number`` (1-4) of collection year ``year``: quarter 1 is April to June of year - 1."""
    start = _add_months(years.year_start(year), 3 * (number - 1))
    end = _add_months(start, 3) - dt.timedelta(days=1)
    return Period(start, end, "quarter", _label("quarter", start, end))


def quarter_number(period: Period) -> int:
    """Which quarter of its collection year a quarter (or a quarter's last day) is: 1-4."""
    return (period.end.month - 4) % 12 // 3 + 1


def is_quarter_end(day: dt.date) -> bool:
    return (day.month, day.day) in QUARTER_ENDS


def collection_year(year: int) -> Period:
    start, end = years.year_start(year), years.year_end(year)
    return Period(start, end, "year", _label("year", start, end))


def rolling_start(day: dt.date) -> dt.date:
    """The first day of the twelve months to ``day``: the day after the same date a year earlier
    (1 October 2023 for 30 September 2024; 1 March 2023 for 29 February 2024), as the rolling
    figures' SQL has it (indicators.definitions.rolling.WINDOW_START)."""
    return _plus_years(day, -1) + dt.timedelta(days=1)


def as_at(day: dt.date) -> Period:
    """A single date: stock is read on it; flows run from 1 April of its year to it."""
    start = years.year_start(years.year_of(day))
    return Period(start, day, "date", _label("date", start, day))


_QUARTER = re.compile(r"^(20\d\d)[- ]?Q([1-4])$", re.I)
# "Q2 2024-25", "Q2 2024/25", "2024-25 Q2" (also with 2024-2025): how papers write a quarter
_NAMED_QUARTER = (re.compile(r"^Q([1-4])\s*(20\d\d)\s*[-/_\u2013]\s*(\d\d|20\d\d)$", re.I),
                  re.compile(r"^(20\d\d)\s*[-/_\u2013]\s*(\d\d|20\d\d)\s*Q([1-4])$", re.I))
_MONTH = re.compile(r"^(20\d\d)-(\d\d)$")
_DATE = re.compile(r"^(20\d\d)-(\d\d)-(\d\d)$")
_YEAR = re.compile(r"^(20\d\d)$")


def parse(text: str) -> Period:
    """``2024`` (year ending 31 March 2024), ``2024Q1`` or ``Q1 2023-24`` (its first quarter,
    April-June 2023), ``2023-12`` (a month), ``2023-12-31`` (as at a date)."""
    text = text.strip()
    for pattern in _NAMED_QUARTER:
        if m := pattern.match(text):
            number, first, second = (m.group(1), m.group(2), m.group(3)) if pattern is _NAMED_QUARTER[0] \
                else (m.group(3), m.group(1), m.group(2))
            if int(second[-2:]) != (int(first) + 1) % 100:
                raise PeriodError(f"period '{text}': {first}-{second} is not a collection year (expected two years "
                                  f"in a row, e.g. Q{number} {first}-{str(int(first) + 1)[-2:]})")
            return quarter(int(first) + 1, int(number))
    if m := _YEAR.match(text):
        return collection_year(int(m.group(1)))
    if m := _QUARTER.match(text):
        return quarter(int(m.group(1)), int(m.group(2)))
    if m := _MONTH.match(text):
        start = _date(text, int(m.group(1)), int(m.group(2)), 1)
        end = _add_months(start, 1) - dt.timedelta(days=1)
        return Period(start, end, "month", _label("month", start, end))
    if m := _DATE.match(text):
        return as_at(_date(text, *(int(g) for g in m.groups())))
    raise PeriodError(f"period '{text}' is not one this tool reads (expected a collection year such as 2024, "
                      "a quarter such as 2024Q1 or Q1 2023-24, a month such as 2023-12, or a date such as "
                      "2023-12-31)")


def _date(text: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise PeriodError(f"period '{text}' is not a real date ({exc})") from None


def _add_months(first_of_month: dt.date, months: int) -> dt.date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _plus_years(day: dt.date, years_by: int) -> dt.date:
    try:
        return day.replace(year=day.year + years_by)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years_by, day=28)
