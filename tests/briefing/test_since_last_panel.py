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


def test_a_public_paper_has_no_comparison_when_there_was_no_earlier_report(capsys, tmp_path):
    db = _panels(tmp_path)
    assert main(["brief", "--db", str(db), "--council", "TEST", "--public", "--period", "2023"]) == 0
    assert "Since the last panel" not in capsys.readouterr().out


def test_a_public_paper_reprints_the_last_panels_figures_as_their_public_paper_did(capsys, tmp_path):
    """At 30 September 2023 in public: the figures on the day only (not starts since 1 April: two
    dates' would give the months between), each as a public paper of its day prints it. Even with
    the threshold at 1, children looked after (2 then, 3 now) is "c": a paper printing its breakdown
    tables could have had to hide it, and the tables of 30 June are not to hand; so the change and
    the revision are left out. The 0 UASC are shown (at the usual 4 they go too: 0 of 3 tells 3)."""
    db = _panels(tmp_path)
    config = tmp_path / "one.toml"
    config.write_text("[disclosure]\nthreshold = 1\n")
    for extra, uasc in ((["--config", str(config)], "0 at 30 September 2023; 0 at 30 June 2023 (0)"),
                        ([], "c at 30 September 2023; c at 30 June 2023")):  # at 4, 0 of 3 would tell 3
        assert main(["brief", "--db", str(db), "--council", "TEST", "--public", *extra]) == 0
        out = " ".join(capsys.readouterr().out.split())
        since = out.split("Since the last panel", 2)[1].split("Children looked after ─", 1)[0]
        assert "Children looked after: c at 30 September 2023; c at 30 June 2023 •" in since
        assert f"Unaccompanied asylum-seeking children looked after: {uasc}" in since
        assert "started" not in since.lower() and "was reported as" not in since


def test_a_reprinted_figure_is_hidden_as_its_days_public_paper_hides_it():
    from briefing_tui.briefing.linked import hidden_on_the_day
    from briefing_tui.indicators.periods import as_at

    day = as_at(dt.date(2023, 6, 30))
    # 100 children looked after, 3 of them UASC (small: hidden, and the 97 beside it), 60 of 100 in foster care
    found = hidden_on_the_day({"cla.count": (100, None), "cla.uasc": (3, None), "cla.foster_pct": (60, 100)}, day, 4)
    assert found == {"cla.uasc"}
    # 40 children: a paper's age table of them could have had to hide the total (40 <= 4 x 20 groups)
    assert "cla.count" in hidden_on_the_day({"cla.count": (40, None)}, day, 4)
    assert hidden_on_the_day({"cla.count": (81, None)}, day, 4) == set()


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
