"""The bank holidays behind "20 working days" match the published list (via the holidays package)."""

from __future__ import annotations

import datetime as dt

import holidays

from briefing_tui.indicators import calendar


def test_bank_holidays_are_england_weekday_holidays():
    published = holidays.country_holidays("GB", subdiv="ENG", years=range(calendar.FIRST_YEAR, calendar.LAST_YEAR + 1))
    expected = sorted(d.isoformat() for d in published if d.weekday() < 5)
    assert list(calendar.BANK_HOLIDAYS) == expected


def test_twenty_working_days_skip_weekends_and_bank_holidays():
    # From Monday 3 April 2023: Good Friday 7 April, Easter Monday 10 April and 1 May are not
    # working days, so the 20th working day is Thursday 4 May (1 May without the holidays).
    assert calendar.add_working_days(dt.date(2023, 4, 3), 20) == dt.date(2023, 5, 4)
    # Over Christmas 2023 (25, 26 December and 1 January): from 11 December, 11 January 2024.
    assert calendar.add_working_days(dt.date(2023, 12, 11), 20) == dt.date(2024, 1, 11)
