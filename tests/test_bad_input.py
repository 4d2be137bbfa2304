"""Every bad input the foundation issue lists: a clear one-line message, and for an error, an
unchanged database. Run through the CLI, as an officer would meet them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from briefing_tui.cli import main
from tests.conftest import write
from tests.helpers import do_import, query, snapshot


@pytest.fixture
def loaded(small, db_path):
    """A database holding the small return, and its state before the bad import."""
    do_import(db_path, small)
    return snapshot(db_path)


def run(capsys, *args):
    code = main(list(map(str, args)))
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, db_path, before, *paths, extra=()):
    code, out, err = run(capsys, "import", *paths, "--db", db_path, "--council", "TEST", *extra)
    assert code != 0
    assert snapshot(db_path) == before
    assert "Traceback" not in err
    return err


def test_missing_column(capsys, small, db_path, loaded):
    path = small / "2024" / "episodes.csv"
    path.write_text(path.read_text().replace("DECOM,", "DATE_START,", 1))
    err = refused(capsys, db_path, loaded, small / "2024")
    assert (f"error: {small}/2024/episodes.csv:1: looks like the episodes table but has no DECOM column "
            "(expected columns CHILD, DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC, "
            "REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN); nothing was imported") in err


def test_header_matching_no_table(capsys, small, db_path, loaded):
    write(small / "2024" / "staff.csv", "NAME,TEAM,GRADE\nA,B,C\n")
    err = refused(capsys, db_path, loaded, small / "2024")
    assert f"error: {small}/2024/staff.csv:1: header row (NAME, TEAM, GRADE) matches no SSDA903 table" in err
    assert "nothing was imported" in err


@pytest.mark.parametrize("bad, line", [("31/02/2021", 3), ("2021-13-01", 3), ("01/01/19", 3)])
def test_unparseable_dates(capsys, small, db_path, loaded, bad, line):
    path = small / "2024" / "episodes.csv"
    path.write_text(path.read_text().replace("01/07/2023,P,", f"{bad},P,", 1))
    err = refused(capsys, db_path, loaded, small / "2024")
    assert (f"error: {small}/2024/episodes.csv:{line}: DECOM value '{bad}': not a date "
            "(expected a real date as dd/mm/yyyy); nothing was imported") in err


def test_code_not_in_list_is_a_finding_and_an_error_when_strict(capsys, small, db_path, loaded):
    path = small / "2024" / "episodes.csv"
    path.write_text(path.read_text().replace(",U3,", ",Q9,", 1))
    code, out, err = run(capsys, "import", small / "2024", "--db", db_path, "--council", "TEST", "--strict")
    assert code != 0 and snapshot(db_path) == loaded
    assert f"error: {small}/2024/episodes.csv:5: PLACE value 'Q9': not in the 2023-24 list" in err
    assert "nothing was imported (--strict refuses findings)" in err
    code, out, err = run(capsys, "import", small / "2024", "--db", db_path, "--council", "TEST")
    assert code == 0
    assert f"{small}/2024/episodes.csv:5: PLACE value 'Q9': not in the 2023-24 list" in out
    assert query(db_path, "SELECT rule, line, value FROM data_quality") == [("code", 5, "Q9")]


def test_windows_1252_file(capsys, small, db_path):
    path = small / "2024" / "header.csv"
    path.write_bytes(path.read_bytes() + "C005,1,01/01/2011,WBRI,Zoé’s,,\n".encode("cp1252"))
    code, out, err = run(capsys, "import", small / "2024", "--db", db_path, "--council", "TEST")
    assert code == 0
    assert f"{small}/2024/header.csv: read as windows-1252 (not UTF-8)" in out
    assert query(db_path, "SELECT UPN FROM header WHERE CHILD = 'C005'") == [("Zoé’s",)]


def test_undecodable_file(capsys, small, db_path, loaded):
    path = small / "2024" / "reviews.csv"
    path.write_bytes(path.read_bytes() + b"C001,01/05/2010,\x81\x8d\x90,PN1\n")
    err = refused(capsys, db_path, loaded, small / "2024")
    assert (f"error: {small}/2024/reviews.csv:7: byte 0x81 cannot be read as UTF-8 or Windows-1252: "
            "not a text file (expected UTF-8 or Windows-1252 text)") in err


def test_empty_file_is_skipped_with_a_warning(capsys, small, db_path):
    (small / "2024" / "ad1.csv").write_bytes(b"\n")
    code, out, err = run(capsys, "import", small / "2024", "--db", db_path, "--council", "TEST")
    assert code == 0
    assert f"{small}/2024/ad1.csv: empty file (1 byte), skipped" in out
    assert query(db_path, "SELECT count(*) FROM episodes") == [(4,)]


def test_xlsx_renamed_csv(capsys, small, db_path, loaded, tmp_path):
    fake = small / "2024" / "oc3.csv"
    with zipfile.ZipFile(fake, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    err = refused(capsys, db_path, loaded, small / "2024")
    assert (f"error: {small}/2024/oc3.csv: is an Excel workbook (.xlsx) or other zip archive, not a CSV file "
            "(expected a CSV export: open it and save as 'CSV (comma delimited)')") in err


def test_overlapping_episodes_are_a_finding(capsys, small, db_path):
    path = small / "2024" / "episodes.csv"
    path.write_text(path.read_text() + "C003,01/12/2023,P,V2,N4,U6,PR4,,,,N7 8,E8 1,\n")
    code, out, err = run(capsys, "import", small / "2024", "--db", db_path, "--council", "TEST")
    assert code == 0
    assert (f"{small}/2024/episodes.csv:6: DECOM value '01/12/2023': starts before an earlier episode "
            "(line 4, from 20/09/2022) ends on 02/03/2024") in out


def test_child_in_episodes_without_header_is_a_finding(capsys, small, db_path):
    path = small / "2024" / "episodes.csv"
    path.write_text(path.read_text() + "C404,01/12/2023,S,V2,N4,U6,PR4,,,,N7 8,E8 1,\n")
    code, out, err = run(capsys, "import", small / "2024", "--db", db_path, "--council", "TEST")
    assert code == 0
    assert f"{small}/2024/episodes.csv:6: CHILD value 'C404': child has episodes rows but no header row" in out


def test_year_label_contradicted_by_dates(capsys, small, db_path, loaded, tmp_path):
    # The 2024 files (1 April 2023 - 31 March 2024) saved as "2023", as start-year tools do.
    wrong = tmp_path / "export" / "2023"
    shutil.copytree(small / "2024", wrong)
    err = refused(capsys, db_path, loaded, wrong)
    assert (f"error: {wrong}/episodes.csv and 3 other files: labelled collection year 2023 (2022-23) by its "
            "folder name, but 7 of 7 in-year dates (DEC, REVIEW, MIS_START) fall in 2024 (2023-24)") in err
    assert ("(expected --labels start if these files are named by the year the collection starts (so 2023 "
            "means 2023-24), or --year 2024)") in err


def test_same_table_twice_with_different_contents(capsys, small, db_path, loaded):
    other = small / "2024" / "episodes_copy.csv"
    other.write_text((small / "2024" / "episodes.csv").read_text().replace("U3", "U5"))
    err = refused(capsys, db_path, loaded, small / "2024")
    assert (f"{small}/2024/episodes_copy.csv: a second episodes table for TEST 2023-24 (the first is "
            f"{small}/2024/episodes.csv) with different contents") in err


def test_same_table_twice_identical_is_read_once(capsys, small, db_path):
    shutil.copy(small / "2024" / "episodes.csv", small / "2024" / "episodes_copy.csv")
    code, out, err = run(capsys, "import", small / "2024", "--db", db_path, "--council", "TEST")
    assert code == 0
    assert f"{small}/2024/episodes_copy.csv: same contents as {small}/2024/episodes.csv; read once" in out
    assert query(db_path, "SELECT count(*) FROM episodes") == [(4,)]


def test_no_year_anywhere(capsys, tmp_path, db_path, small):
    loose = tmp_path / "loose"
    shutil.copytree(small / "2024", loose)
    code, out, err = run(capsys, "import", loose, "--db", db_path, "--council", "TEST")
    assert code != 0
    assert "no collection year: the file name and its folders name none" in err


def test_database_locked_by_another_process(capsys, small, db_path, loaded):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ok', flush=True); time.sleep(60)",
         str(db_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        code, out, err = run(capsys, "import", small, "--db", db_path, "--council", "TEST")
        assert code != 0
        assert (f"error: database {db_path} is in use by {Path(sys.executable).name} (process {holder.pid}): "
                "close it (or wait for it to finish) and try again") in err
    finally:
        holder.kill()
        holder.wait()
    assert snapshot(db_path) == loaded


def test_database_read_only(capsys, small, db_path, loaded):
    os.chmod(db_path, 0o444)
    try:
        code, out, err = run(capsys, "import", small, "--db", db_path, "--council", "TEST")
    finally:
        os.chmod(db_path, 0o644)
    assert code != 0
    assert f"error: database {db_path} is read-only: make it writable (chmod u+w) or give another --db" in err
    assert snapshot(db_path) == loaded


def test_database_corrupt(capsys, small, tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database" * 200)
    before = bad.read_bytes()
    code, out, err = run(capsys, "import", small, "--db", bad, "--council", "TEST")
    assert code != 0
    assert f"error: database {bad} is damaged or not a DuckDB file" in err
    assert bad.read_bytes() == before


def test_debug_shows_traceback(capsys, tmp_path, small):
    loose = tmp_path / "loose"
    shutil.copytree(small / "2024", loose)
    code, out, err = run(capsys, "import", loose, "--db", tmp_path / "x.duckdb", "--council", "TEST", "--debug")
    assert code != 0 and "Traceback" in err


def test_row_with_too_many_fields(capsys, small, db_path, loaded):
    path = small / "2024" / "reviews.csv"
    path.write_text(path.read_text() + "C001,01/05/2010,01/02/2024,PN1,EXTRA\n")
    err = refused(capsys, db_path, loaded, small / "2024")
    assert f"error: {small}/2024/reviews.csv:7: row has 5 fields (expected 4, as in the header row)" in err


def test_workbook_beside_the_csvs_is_skipped_with_a_warning(capsys, small, db_path):
    (small / "2024" / "scorecard.xlsx").write_bytes(b"PK\x03\x04 not really")
    code, out, err = run(capsys, "import", small / "2024", "--db", db_path, "--council", "TEST")
    assert code == 0
    assert f"{small}/2024/scorecard.xlsx: not a CSV file; skipped (export the return as CSV)" in out


def test_workbook_named_explicitly_is_refused(capsys, small, db_path, loaded):
    book = small / "2024" / "episodes.xlsx"
    book.write_bytes(b"PK\x03\x04 not really")
    err = refused(capsys, db_path, loaded, book)
    assert f"error: {book}: is an Excel workbook (.xlsx) or other zip archive, not a CSV file" in err


def test_refused_first_import_leaves_no_database(capsys, tmp_path, small):
    loose = tmp_path / "loose"
    shutil.copytree(small / "2024", loose)
    db = tmp_path / "new.duckdb"
    code, out, err = run(capsys, "import", loose, "--db", db)
    assert code != 0 and not db.exists()


def test_an_extra_column_named_with_a_quote_is_warned_about_not_refused(capsys, small, db_path):
    path = small / "2024" / "episodes.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0] + ",NOTE'S", *(line + ",ok" for line in lines[1:])]) + "\n")
    code, out, err = run(capsys, "import", small / "2024", "--db", db_path, "--council", "TEST")
    assert code == 0 and "quoted field" not in err
    assert f"{small}/2024/episodes.csv:1: column NOTE'S is not part of the episodes table; ignored" in out
    assert query(db_path, "SELECT count(*) FROM episodes") == [(4,)]
