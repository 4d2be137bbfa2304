import datetime as dt

import pytest

from briefing_tui.ssda903 import years


@pytest.mark.parametrize("text, expected", [
    ("2024-episodes", 2024),
    ("episodes_2021", 2021),
    ("2023-24", 2024),
    ("2023_24", 2024),
    ("episodes 2023-2024", 2024),
    ("903_2023_2024_episodes", 2024),
    ("SSDA903_2019_header", 2019),
    ("episodes", None),
    ("2019_to_2021", None),    # two years: ambiguous
    ("child_123456", None),
])
def test_year_from_label(text, expected):
    assert years.year_from_label(text) == expected


def test_year_of_date_uses_year_ending_31_march():
    assert years.year_of(dt.date(2023, 3, 31)) == 2023
    assert years.year_of(dt.date(2023, 4, 1)) == 2024
    assert years.year_start(2024) == dt.date(2023, 4, 1)
    assert years.year_end(2024) == dt.date(2024, 3, 31)
    assert years.label(2024) == "2023-24"
