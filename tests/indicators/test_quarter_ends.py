"""A stock at the last eight quarter ends, each from its own return, on tests/fixtures/small.

Worked by hand from small's episodes (C001 from 1 February 2022, a new placement from 1 July 2023;
C002 1 June 2022 to 10 January 2023; C003 from 20 September 2022 to 2 March 2024; C004 from 5 May
2023). Children looked after on each day: 30 June 2022 C001 C002 (2); 30 September 2022 and 31
December 2022 C001 C002 C003 (3); 31 March 2023 C001 C003 (2), from the 2022-23 return; 30 June
2023, 30 September 2023 and 31 December 2023 C001 C003 C004 (3); 31 March 2024 C001 C004 (2), from
2023-24's. An extract of 2023-24 with data to 30 September 2023 reaches no later quarter end.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefing_tui.cli import main
from briefing_tui.demo.extract import cut_folder
from briefing_tui.indicators import periods, quarter_ends
from briefing_tui.store.connection import open_database
from tests.helpers import do_import

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "small"


def test_children_looked_after_at_each_quarter_end_from_its_own_return(small_db_master):
    con = open_database(small_db_master, read_only=True)
    try:
        points = quarter_ends.trend(con, "cla.count", periods.parse("2024"), "TEST")
        assert [(p.label, p.year, p.value) for p in points] == [
            ("30 Jun 2022", 2023, 2), ("30 Sep 2022", 2023, 3), ("31 Dec 2022", 2023, 3), ("31 Mar 2023", 2023, 2),
            ("30 Jun 2023", 2024, 3), ("30 Sep 2023", 2024, 3), ("31 Dec 2023", 2024, 3), ("31 Mar 2024", 2024, 2)]
        # each point is what a figure for that day says
        for p in points:
            day = dt.datetime.strptime(p.label, "%d %b %Y").date()
            from briefing_tui.indicators.evaluate import evaluate

            assert evaluate(con, "cla.count", periods.as_at(day), "TEST").value == p.value
        assert quarter_ends.trend(con, "cla.starts", periods.parse("2024"), "TEST") == ()  # a flow: none
    finally:
        con.close()


def test_an_extract_gives_quarter_ends_up_to_its_data_only(tmp_path, capsys):
    db = tmp_path / "x.duckdb"
    do_import(db, SMALL / "2023")
    cut_folder(SMALL / "2024", tmp_path / "q" / "2024-to-2023-09-30", dt.date(2023, 9, 30))
    do_import(db, tmp_path / "q")
    con = open_database(db, read_only=True)
    try:
        points = quarter_ends.trend(con, "cla.count", periods.parse("2023-09-30"), "TEST")
    finally:
        con.close()
    assert [(p.label, p.value) for p in points] == [
        ("30 Jun 2022", 2), ("30 Sep 2022", 3), ("31 Dec 2022", 3), ("31 Mar 2023", 2), ("30 Jun 2023", 3),
        ("30 Sep 2023", 3)]
    assert main(["show", "cla.count", "--db", str(db)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Quarter ends: the figure on each, from its own return" in out and "30 Sep 2023 3" in out
