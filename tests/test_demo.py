"""The synthetic demo borough: reproducible, committed as generated, importable without errors,
and shaped like the borough DOMAIN.md section 6 describes."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from briefing_tui.cli import main
from briefing_tui.demo import DEMO_COUNCIL, DEMO_IN_YEAR_TO, write_demo
from tests.helpers import do_import, query

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
IN_YEAR = ROOT / "data" / "demo-inyear"


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_committed_demo_is_what_the_generator_writes(tmp_path):
    write_demo(tmp_path / "demo")
    assert digests(tmp_path / "demo") == digests(DEMO)


def test_the_in_year_extract_continues_the_same_children_and_leaves_the_complete_years_as_they_were(tmp_path):
    """Made by the same simulation run on to 30 September 2024: the complete years are the same
    bytes, and the extract is what is committed in data/demo-inyear."""
    write_demo(tmp_path / "demo", in_year=tmp_path / "demo-inyear", in_year_to=DEMO_IN_YEAR_TO)
    assert digests(tmp_path / "demo") == digests(DEMO)
    assert digests(tmp_path / "demo-inyear") == digests(IN_YEAR)
    assert sorted(p.name for p in IN_YEAR.iterdir()) == ["2025-to-2024-09-30", "README.md"]
    # the children open at 31 March 2024 are in the extract, with the same start dates
    open_2024 = {line.split(",")[:2][0] + line.split(",")[1] for line in (DEMO / "2024" / "episodes.csv")
                 .read_text().splitlines()[1:] if line.split(",")[7] == ""}
    extract = {line.split(",")[0] + line.split(",")[1] for line in
               (IN_YEAR / "2025-to-2024-09-30" / "episodes.csv").read_text().splitlines()[1:]}
    assert open_2024 and open_2024 <= extract


def test_the_in_year_extract_imports_as_one_after_the_complete_years(demo_db, tmp_path):
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_db[0], db)
    result = do_import(db, IN_YEAR, council=DEMO_COUNCIL)
    assert [(r.year, r.data_to, r.findings) for r in result.returns] == [(2025, DEMO_IN_YEAR_TO, 0)]
    assert not result.warnings


def test_demo_readme_says_synthetic():
    assert "synthetic" in (DEMO / "README.md").read_text().lower()


@pytest.fixture
def demo_db(demo_build):
    """The session's demo database (built once, read here only) and what its import returned."""
    return demo_build


def test_demo_imports_every_year_without_errors(demo_db):
    db, first = demo_db
    assert [r.year for r in first.returns] == list(range(2017, 2026))  # and the in-year extract
    assert all(r.row_counts["episodes"] > 0 for r in first.returns)
    assert [r.data_to for r in first.returns] == [None] * 8 + [DEMO_IN_YEAR_TO]


def test_demo_imported_twice_has_identical_counts(demo_db, tmp_path):
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_db[0], db)  # imported again: a copy of its own
    counts = query(db, "SELECT year, count(*) FROM episodes GROUP BY year ORDER BY year")
    findings = query(db, "SELECT count(*) FROM data_quality")
    second = do_import(db, DEMO, council=DEMO_COUNCIL)
    assert [r.outcome for r in second.returns] == ["unchanged"] * 8
    assert query(db, "SELECT year, count(*) FROM episodes GROUP BY year ORDER BY year") == counts
    assert query(db, "SELECT count(*) FROM data_quality") == findings


def test_demo_is_calibrated_to_the_borough(demo_db):
    db, _ = demo_db
    cla = dict(query(db, """
        SELECT year, count(DISTINCT CHILD) FROM episodes
        WHERE DECOM <= make_date(year, 3, 31) AND (DEC IS NULL OR DEC > make_date(year, 3, 31))
          AND LS NOT IN ('V3', 'V4')
        GROUP BY year"""))
    assert all(320 <= cla[y] <= 360 for y in range(2017, 2025)), cla
    starts = dict(query(db, """
        SELECT year, count(DISTINCT CHILD) FROM episodes
        WHERE RNE = 'S' AND DECOM BETWEEN make_date(year - 1, 4, 1) AND make_date(year, 3, 31)
        GROUP BY year"""))
    assert all(100 <= starts[y] <= 190 for y in range(2017, 2025)), starts
    # Episodes open at 31 March appear again in the next year's return, as in real data.
    carried = query(db, """
        SELECT count(*) FILTER (WHERE n.CHILD IS NOT NULL), count(*) FROM episodes e
        LEFT JOIN episodes n ON n.year = e.year + 1 AND n.CHILD = e.CHILD AND n.DECOM = e.DECOM
        WHERE e.year < 2024 AND e.DEC IS NULL""")[0]
    assert carried[0] >= carried[1] - 3 and carried[1] > 1000


def test_demo_carries_the_dirt_of_real_exports(demo_db):
    db, first = demo_db
    rules = {r for (r,) in query(db, "SELECT DISTINCT rule FROM data_quality")}
    assert {"rec-on-open-episode", "episode-overlap", "no-episodes", "oc2-outside-cohort", "code",
            "postcode", "date-outside-year"} <= rules
    assert any(w.rule == "empty-file" for w in first.warnings)


def test_check_on_demo_reports_no_errors(capsys):
    assert main(["check", str(DEMO), "--council", "DEMO"]) == 0
    out = capsys.readouterr().out
    assert "Checked for DEMO (nothing imported)" in out and "2016-17" in out


def test_init_then_info_lists_every_year(capsys, tmp_path):
    db = tmp_path / "briefings.duckdb"
    assert main(["init", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["info", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    flat = " ".join(out.split())
    assert "Years: 2016-17, 2017-18, 2018-19, 2019-20, 2020-21, 2021-22, 2022-23, 2023-24, 2024-25" in flat
    assert "2024-25: in-year extract, data to 30 September 2024" in flat
    assert "Data-quality findings by rule" in out
    assert main(["init", "--db", str(db)]) != 0
    assert "already exists: give --force" in capsys.readouterr().err


def test_first_run_builds_the_database(capsys, tmp_path, monkeypatch, default_database_elsewhere):
    """Wherever it is run from, the app finds (or, the first time, builds) the same default database."""
    monkeypatch.chdir(tmp_path)
    assert main([]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert f"No database at {default_database_elsewhere} (the default in your user data folder)" in out
    assert "building it from the synthetic demo borough (first run)" in out
    assert default_database_elsewhere.exists() and not (tmp_path / "data").exists()
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert main(["info"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert f"Database {default_database_elsewhere} (the default in your user data folder)" in out
