"""Three or more placements, worked by hand on tests/fixtures/stability/2024 (synthetic).

All three children are looked after on 31 March 2024 and were on 1 April 2023 (placement 1 each).
  K13: P to U6 in June (2), P to T1 in September (temporary: not counted), P back to U6 from T1
       (return from a temporary placement: not counted), B to K2 in December (3)   -> 3 placements
  K14: T (same carer) in July, U (same carer, new legal status) in August           -> 1 placement
  K15: P to U4 in October                                                            -> 2 placements
So 1 of 3 (33.3%); and on the main fixture no child reaches three (0 of 6).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_tui.indicators import periods
from briefing_tui.indicators.evaluate import evaluate
from briefing_tui.store.connection import open_database
from tests.helpers import do_import

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "stability"


def test_three_or_more_placements_worked_by_hand(tmp_path):
    db = tmp_path / "stability.duckdb"
    do_import(db, FIXTURE, council="STAB")
    with open_database(db, read_only=True) as con:
        result = evaluate(con, "stability.three_placements_pct", periods.parse("2024"), "STAB")
    assert (result.numerator, result.denominator) == (1, 3)
    assert result.value == pytest.approx(100 / 3)


def test_no_child_with_three_placements(con):  # noqa: F811
    result = evaluate(con, "stability.three_placements_pct", periods.parse("2024"), "TEST")
    assert (result.numerator, result.denominator, result.value) == (0, 6, 0.0)
