"""A review sent twice (same child, same date) is one review everywhere, coded by the row sent last.

Worked by hand on a copy of tests/fixtures/indicators. Its 2024 reviews.csv holds, on lines 2-6:
K01 12/04/2023 PN1, K01 10/10/2023 PN7, K09 20/01/2024 PN0, K04 01/06/2023 PN5, and K02 01/04/2024
PN1 (outside the year). Added:
  line 7  K01 12/04/2023 PN7   the child and date of line 2: PN7, sent last, is the review's code
  line 8  K04 01/06/2023 PN1   the child and date of line 5: PN1 replaces PN5 (both participated)
  line 9  K09 20/01/2024 PN0   the child and date of line 4, same code
  line 10 K06 20/02/2023 PN6   a 2022-23 review sent again (outside 2023-24: not a 2024 figure)
and a 2023 reviews.csv with K06 20/02/2023 PN3 (the earlier return's copy of line 10).

2024: reviews held K01 12/04, K01 10/10, K09 20/01, K04 01/06 = 4 (7 rows in the year).
  By participation code: PN0 1 (K09), PN1 1 (K04), PN7 2 (K01).
  Participation, aged 4+ on the day (K09, aged 1, left out): K01 12/04 PN7 no, K01 10/10 PN7 no,
  K04 01/06 PN1 yes = 1 of 3.
  On time (history from the 2023 and 2024 returns): K01's two are the 1st and 2nd reviews of care
  begun 01/01/2022, before that run: left out. K09's first review of care begun 01/01/2024 is due
  on the 20th working day after it, 29/01/2024 (1 January a bank holiday): on time. K04's first of
  care begun 01/05/2023 is due 31/05/2023 (8 and 29 May bank holidays): held 01/06/2023, late.
  1 of 2, both "First (20 working days)".
2023: K06 20/02/2023, 1 review.
K01's timeline: two reviews, both PN7; K06's: one review, PN6, from the 2024 return.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from briefing_tui.indicators import periods
from briefing_tui.indicators.breakdowns import breakdown
from briefing_tui.indicators.cohort import cohort
from briefing_tui.indicators.evaluate import evaluate
from briefing_tui.indicators.timeline import timeline
from briefing_tui.store.connection import open_database
from tests.conftest import write
from tests.helpers import do_import
from tests.indicators.conftest import FIXTURE

Y2024 = periods.parse("2024")


@pytest.fixture(scope="module")
def twice(tmp_path_factory):
    data = tmp_path_factory.mktemp("twice") / "data"
    shutil.copytree(FIXTURE, data)
    reviews = data / "2024" / "reviews.csv"
    reviews.write_text(reviews.read_text() + "K01,01/05/2010,12/04/2023,PN7\nK04,04/04/2008,01/06/2023,PN1\n"
                       "K09,09/09/2022,20/01/2024,PN0\nK06,15/06/2012,20/02/2023,PN6\n")
    write(data / "2023" / "reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\nK06,15/06/2012,20/02/2023,PN3\n")
    db = data.parent / "twice.duckdb"
    result = do_import(db, data, council="TEST")
    assert sorted(e.line for f in result.findings if f.rule == "duplicate-key" for e in f.examples) == [7, 8, 9]
    con = open_database(db, read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize("stored", [True, False])
def test_reviews_held_and_participation_count_each_review_once(twice, stored):
    held = evaluate(twice, "voice.reviews_held", Y2024, "TEST", use_precomputed=stored)
    assert held.value == 4 and held.numerator == 4
    assert [(p.year, p.value) for p in held.trend] == [(2023, 1), (2024, 4)]
    took_part = evaluate(twice, "voice.participation_pct", Y2024, "TEST", use_precomputed=stored)
    assert (took_part.numerator, took_part.denominator) == (1, 3)
    on_time = evaluate(twice, "voice.reviews_on_time_pct", Y2024, "TEST", use_precomputed=stored)
    assert (on_time.numerator, on_time.denominator) == (1, 2)


@pytest.mark.parametrize("stored", [True, False])
def test_breakdowns_take_the_code_sent_last(twice, stored):
    by_code = breakdown(twice, "voice.reviews_held", Y2024, "TEST", "participation", use_precomputed=stored)
    assert [(r.label, r.numerator) for r in by_code.rows] == [("PN0", 1), ("PN1", 1), ("PN7", 2)]
    shares = breakdown(twice, "voice.participation_pct", Y2024, "TEST", "participation", use_precomputed=stored)
    assert [(r.label, r.numerator, r.denominator) for r in shares.rows] == [("PN1", 1, 1), ("PN7", 0, 2)]
    by_number = breakdown(twice, "voice.reviews_on_time_pct", Y2024, "TEST", "review_number",
                          use_precomputed=stored)
    assert [(r.label, r.numerator, r.denominator) for r in by_number.rows] == [("First (20 working days)", 1, 2)]


def test_the_cohort_lists_each_review_once(twice):
    held = cohort(twice, "voice.reviews_held", Y2024, "TEST", officer_mode=True)
    assert [(m.who, m.on_date) for m in held.members] == [
        ("K01", dt.date(2023, 4, 12)), ("K01", dt.date(2023, 10, 10)), ("K04", dt.date(2023, 6, 1)),
        ("K09", dt.date(2024, 1, 20))]
    not_taking_part = cohort(twice, "voice.participation_pct", Y2024, "TEST", part="not-counted", officer_mode=True)
    assert [m.who for m in not_taking_part.members] == ["K01", "K01"]


def test_the_timeline_shows_each_review_once_as_last_sent(twice):
    k01 = [(e.day, e.detail, e.return_year) for e in timeline(twice, "TEST", "K01", officer_mode=True).events
           if e.kind == "review"]
    assert k01 == [(dt.date(2023, 4, 12), "participation PN7", 2024),
                   (dt.date(2023, 10, 10), "participation PN7", 2024)]
    k06 = [(e.day, e.detail, e.return_year) for e in timeline(twice, "TEST", "K06", officer_mode=True).events
           if e.kind == "review"]
    assert k06 == [(dt.date(2023, 2, 20), "participation PN6", 2024)]
