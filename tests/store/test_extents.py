"""A return knows its extent: complete year or in-year extract, and which replaces which.

tests/fixtures/small is two complete years of four children; its 2023-24 files are copied into
folders named as extracts, cut (briefing_tui.demo.extract) where the test needs an extract's rows.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from briefing_tui.store.staging import ImportRefused
from tests.helpers import do_import, query, snapshot

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "small"


def extract(tmp_path: Path, name: str, data_to: dt.date | None = None) -> Path:
    """small's 2023-24 files in a folder called ``name``, cut at ``data_to`` when given."""
    from briefing_tui.demo.extract import cut_folder

    folder = tmp_path / name
    if data_to is None:
        shutil.copytree(SMALL / "2024", folder)
    else:
        cut_folder(SMALL / "2024", folder, data_to)
    return folder


def extents(db: Path) -> list[tuple]:
    return query(db, "SELECT year, data_to FROM returns ORDER BY year")


def test_a_folder_named_with_its_data_to_date_is_an_extract_of_the_year_it_falls_in(tmp_path):
    db = tmp_path / "x.duckdb"
    do_import(db, SMALL / "2023")
    folder = extract(tmp_path, "2024-to-2023-10-31", dt.date(2023, 10, 31))
    result = do_import(db, folder)
    assert [(r.year, r.data_to, r.outcome) for r in result.returns] == [(2024, dt.date(2023, 10, 31), "new")]
    assert extents(db) == [(2023, None), (2024, dt.date(2023, 10, 31))]
    # the date alone names the year: no label needed
    other = tmp_path / "y.duckdb"
    renamed = folder.rename(tmp_path / "extract to 2023-10-31")
    assert [(r.year, r.data_to) for r in do_import(other, renamed).returns] == [(2024, dt.date(2023, 10, 31))]


def test_data_to_given_on_the_command_line(tmp_path):
    db = tmp_path / "x.duckdb"
    result = do_import(db, extract(tmp_path, "2024", dt.date(2023, 12, 31)), data_to=dt.date(2023, 12, 31))
    assert [(r.year, r.data_to) for r in result.returns] == [(2024, dt.date(2023, 12, 31))]


def test_data_to_on_31_march_is_the_complete_year(tmp_path):
    db = tmp_path / "x.duckdb"
    result = do_import(db, extract(tmp_path, "2024-to-2024-03-31"))
    assert [(r.year, r.data_to) for r in result.returns] == [(2024, None)]


def test_a_data_to_date_in_another_year_than_the_label_is_refused(tmp_path):
    db = tmp_path / "x.duckdb"
    with pytest.raises(ImportRefused) as refused:
        do_import(db, extract(tmp_path, "2023-to-2023-09-30"))
    message = refused.value.errors[0].message()
    assert "data to 30 September 2023 (folder name) falls in collection year 2024 (2023-24)" in message
    assert "folder name names 2023 (2022-23)" in message


def test_a_data_to_date_that_is_not_a_date_is_refused(tmp_path):
    with pytest.raises(ImportRefused) as refused:
        do_import(tmp_path / "x.duckdb", extract(tmp_path, "2024-to-2023-09-31"))
    assert "gives data to 'to-2023-09-31', not a real date" in refused.value.errors[0].message()


def test_a_data_to_date_after_today_is_refused(tmp_path):
    future = dt.date.today() + dt.timedelta(days=40)
    with pytest.raises(ImportRefused) as refused:
        do_import(tmp_path / "x.duckdb", extract(tmp_path, "2024"), data_to=future)
    assert "is after today" in refused.value.errors[0].message()


def test_files_of_one_year_that_disagree_about_the_extent_are_refused(tmp_path):
    folder = extract(tmp_path, "2024")
    (folder / "episodes.csv").rename(folder / "episodes-to-2023-09-30.csv")
    with pytest.raises(ImportRefused) as refused:
        do_import(tmp_path / "x.duckdb", folder)
    message = refused.value.errors[0].message()
    assert "the 2023-24 files disagree about how far the return reaches" in message
    assert "is named as the complete year" in message


def test_an_extract_never_silently_replaces_the_complete_year(tmp_path):
    db = tmp_path / "x.duckdb"
    do_import(db, SMALL)
    before = snapshot(db)
    with pytest.raises(ImportRefused) as refused:
        do_import(db, extract(tmp_path, "2024-to-2023-09-30", dt.date(2023, 9, 30)))
    message = refused.value.errors[0].message()
    assert "TEST's 2023-24 return loaded is the complete year" in message
    assert "--replace" in message
    assert snapshot(db) == before
    result = do_import(db, tmp_path / "2024-to-2023-09-30", replace_complete=True)
    assert [(r.outcome, r.replaced_complete) for r in result.returns] == [("replaced", True)]
    assert extents(db) == [(2023, None), (2024, dt.date(2023, 9, 30))]


def test_a_complete_year_replaces_its_extract_and_a_later_extract_an_earlier_one(tmp_path):
    db = tmp_path / "x.duckdb"
    do_import(db, SMALL / "2023", extract(tmp_path, "2024-to-2023-06-30", dt.date(2023, 6, 30)))
    later = do_import(db, extract(tmp_path, "2024-to-2023-09-30", dt.date(2023, 9, 30)))
    assert [(r.outcome, r.replaced_data_to) for r in later.returns] == [("replaced", dt.date(2023, 6, 30))]
    # an earlier extract than the one loaded is refused: it would replace data with less
    with pytest.raises(ImportRefused, match="a later extract"):
        do_import(db, tmp_path / "2024-to-2023-06-30")
    complete = do_import(db, SMALL / "2024")
    assert [(r.outcome, r.data_to, r.replaced_data_to) for r in complete.returns] == [
        ("replaced", None, dt.date(2023, 9, 30))]
    assert extents(db) == [(2023, None), (2024, None)]


def test_the_same_files_with_another_extent_are_not_unchanged(tmp_path):
    db = tmp_path / "x.duckdb"
    folder = extract(tmp_path, "2024-to-2023-09-30", dt.date(2023, 9, 30))
    do_import(db, folder)
    again = do_import(db, folder, data_to=dt.date(2023, 10, 31), replace_complete=True)
    assert [r.outcome for r in again.returns] == ["replaced"]
    assert do_import(db, folder, data_to=dt.date(2023, 10, 31)).returns[0].outcome == "unchanged"


def test_an_extract_with_dates_after_its_data_to_date_is_warned_about(tmp_path):
    result = do_import(tmp_path / "x.duckdb", extract(tmp_path, "2024-to-2023-09-30"))  # not cut: dates to March
    [warning] = [w for w in result.warnings if w.rule == "extent"]
    assert "in-year extract with data to 30 September 2023 (folder name), but it has dates up to 2 March 2024" \
        in warning.message()


def test_a_complete_year_whose_dates_stop_months_early_is_warned_about(tmp_path):
    """An extract imported without its date: its figures for the year's end would be made of
    nothing, so the import says so (a small return with few dates is not judged)."""
    from briefing_tui.demo.extract import cut_folder

    demo = Path(__file__).resolve().parents[2] / "data" / "demo" / "2024"
    cut_folder(demo, tmp_path / "2024", dt.date(2023, 9, 30))
    result = do_import(tmp_path / "x.duckdb", tmp_path / "2024", council="DEMO")
    [warning] = [w for w in result.warnings if w.rule == "extent"]
    assert "imported as the complete 2023-24 year, but its latest date is 30 September 2023" in warning.message()
    assert "--data-to" in warning.message()
    assert not [w for w in do_import(tmp_path / "y.duckdb", SMALL).warnings if w.rule == "extent"]


def test_a_version_4_database_is_upgraded_with_every_return_complete(tmp_path):
    from briefing_tui.store.connection import open_database

    db = tmp_path / "x.duckdb"
    do_import(db, SMALL)
    raw = duckdb.connect(str(db))
    raw.execute("DROP VIEW returns")
    raw.execute("ALTER TABLE import_returns DROP COLUMN data_to")
    raw.execute("CREATE VIEW returns AS SELECT council, year, max(import_id) AS import_id FROM import_returns "
                "GROUP BY council, year")
    raw.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    raw.close()
    open_database(db).close()
    assert extents(db) == [(2023, None), (2024, None)]
    assert query(db, "SELECT value FROM meta WHERE key = 'schema_version'") == [("5",)]


def test_the_command_line_says_the_extent_and_refuses_periods_past_it(capsys, tmp_path):
    from briefing_tui.cli import main

    db = tmp_path / "x.duckdb"

    def run(*args):
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, " ".join(out.split()), " ".join(err.split())

    assert run("import", SMALL / "2023", "--council", "TEST", "--db", db)[0] == 0
    folder = extract(tmp_path, "2024", dt.date(2023, 9, 30))
    code, out, _ = run("import", folder, "--data-to", "2023-09-30", "--council", "TEST", "--db", db)
    assert code == 0
    assert "2023-24: in-year extract, data to 30 September 2023: provisional" in out
    code, out, _ = run("info", "--db", db)
    assert "2023-24: in-year extract, data to 30 September 2023" in out
    code, _, err = run("show", "cla.count", "--period", "2024", "--db", db)
    assert code != 0 and "Traceback" not in err
    assert ("the 2023-24 return is an in-year extract with data to 30 September 2023; the last day that can be "
            "asked is 2023-09-30 (2024Q2 is the quarter that ends then)") in err
    code, out, _ = run("show", "cla.count", "--db", db)   # the latest data: 30 September 2023
    assert code == 0 and "at 30 September 2023" in out
    assert "Note: provisional: data to 30 September 2023 (an in-year extract)" in out


@pytest.mark.parametrize("given", ["2023-09-31", "30/09/2023", "soon"])
def test_a_data_to_that_is_not_a_date_is_refused_by_the_command_line(capsys, tmp_path, given):
    from briefing_tui.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["check", str(SMALL), "--data-to", given])
    err = " ".join(capsys.readouterr().err.split())
    assert exit_.value.code != 0 and "Traceback" not in err
    assert f"'{given}' is not a date written YYYY-MM-DD" in err
