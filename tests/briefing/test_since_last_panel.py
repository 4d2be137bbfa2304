"""Since the last panel: each import keeps what it reported, and the next paper compares with it.

tests/fixtures/small's 2023-24 (four children) is imported as a June extract with C004's episode
(from 5 May 2023) left out, as if recorded late; then as a September extract, which has it. Worked
by hand: children looked after at 31 March 2023 were 2 (C001, C003; C002 left in January); at 30
June 2023 they were reported as 2 (C001, C003: C004 missing), which the September extract makes 3;
at 30 September 2023 there are 3 (C001, C003, C004).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefing_tui.cli import main
from briefing_tui.demo.extract import cut_folder
from tests.helpers import do_import, query

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "small"


def _panels(tmp_path: Path) -> Path:
    db = tmp_path / "x.duckdb"
    do_import(db, SMALL / "2023")
    june = tmp_path / "june" / "2024-to-2023-06-30"
    cut_folder(SMALL / "2024", june, dt.date(2023, 6, 30))
    episodes = june / "episodes.csv"
    episodes.write_text("".join(line for line in episodes.read_text().splitlines(keepends=True)
                                if not line.startswith("C004,")))
    do_import(db, june.parent)
    september = tmp_path / "september" / "2024-to-2023-09-30"
    cut_folder(SMALL / "2024", september, dt.date(2023, 9, 30))
    do_import(db, september.parent)
    return db


def test_each_import_keeps_what_it_reported(tmp_path):
    db = _panels(tmp_path)
    kept = query(db, "SELECT year, data_to, rows FROM reported_figures WHERE indicator = 'cla.count' "
                     "ORDER BY import_id")
    assert kept == [(2023, None, 2), (2024, dt.date(2023, 6, 30), 2), (2024, dt.date(2023, 9, 30), 3)]
    # an extract keeps no complete-year figure: it has none
    assert query(db, "SELECT count(*) FROM reported_figures WHERE data_to IS NOT NULL "
                     "AND indicator LIKE 'health.%'") == [(0,)]


def test_the_paper_compares_with_the_last_panel_and_says_what_was_revised(capsys, tmp_path):
    db = _panels(tmp_path)
    assert main(["brief", "--db", str(db), "--council", "TEST"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Since the last panel" in out
    assert "The last figures reported were at 30 June 2023 (an in-year extract" in out
    assert "Children looked after: 3 at 30 September 2023; 2 at 30 June 2023 (+1)" in out
    assert ("Children looked after at 30 June 2023 was reported as 2; the returns loaded now give 3." in out)


def test_a_public_paper_leaves_the_comparison_out(capsys, tmp_path):
    db = _panels(tmp_path)
    assert main(["brief", "--db", str(db), "--council", "TEST", "--public", "--period", "2023"]) == 0
    assert "Since the last panel" not in capsys.readouterr().out


def test_what_an_extract_reports_is_its_figures_at_its_data_to_date(extract_dbs):
    """The record of an extract is taken from the year's stored rows, on the ground that nothing
    after its data-to date exists: for every figure it keeps, the same as the figure at that date."""
    from briefing_tui.indicators.evaluate import Context, Counts, evaluate, value_from
    from briefing_tui.indicators.periods import as_at
    from briefing_tui.indicators.registry import get
    from briefing_tui.store.connection import open_database

    con = open_database(extract_dbs[1], read_only=True)
    try:
        kept = con.execute("SELECT indicator, rows, numerator, scored, mean FROM reported_figures "
                           "WHERE data_to = DATE '2023-09-30'").fetchall()
        assert len(kept) > 10
        context = Context(population_under_18=50_000)
        for indicator, rows, numerator, scored, mean in kept:
            said = value_from(get(indicator), Counts(rows, numerator, scored, mean, 0), "DEMO", context)[:3]
            now = evaluate(con, indicator, as_at(dt.date(2023, 9, 30)), "DEMO", context)
            assert said == (now.value, now.numerator, now.denominator), indicator
    finally:
        con.close()
