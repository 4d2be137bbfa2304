"""Every bad input the foundation issue lists: a clear one-line message, and for an error, an
unchanged database. Run through the CLI, as an officer would meet them."""

from __future__ import annotations

import copy
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
from tests.waiting import exit_of, poll


@pytest.fixture(scope="module")
def small_state(small_db_master):
    return snapshot(small_db_master)


@pytest.fixture
def loaded(small_db_master, small_state, db_path):
    """A database holding the small return (a copy of the session's), and its state before the bad import."""
    shutil.copy(small_db_master, db_path)
    return copy.deepcopy(small_state)


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
        [sys.executable, "-c",
         "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('ok', flush=True); sys.stdin.read()",
         str(db_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # holds it until killed
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


# --- issue 13, item 4: damaged input refused or reported, never swallowed -------------------------

def _episodes(small, extra_rows: int = 0) -> Path:
    """The 2024 episodes file, with ``extra_rows`` more children's episodes after its own four."""
    path = small / "2024" / "episodes.csv"
    rows = "".join(f"C{n:03},01/06/2023,S,C2,N1,U4,PR1,,,,N7 8,N7 9,\n" for n in range(100, 100 + extra_rows))
    path.write_text(path.read_text() + rows)
    return path


@pytest.mark.parametrize("command", ["import", "check"])
def test_an_unclosed_quote_is_an_error_naming_the_line_it_opened_on(capsys, small, db_path, loaded, command):
    """One stray quote on line 6 swallowed every later row into one child's URN (5 episodes stored
    instead of the file's 34, and `check` said "checked")."""
    path = _episodes(small, 30)
    lines = path.read_text().splitlines(keepends=True)
    lines[5] = lines[5].rstrip("\n") + '"\n'  # the URN opens a quote: every later row went into it
    path.write_text("".join(lines))
    code, out, err = run(capsys, command, small / "2024", "--db", db_path, "--council", "TEST")
    assert code != 0 and snapshot(db_path) == loaded and "Traceback" not in err
    assert (f"error: {path}:6: a quoted field is not closed on its line (expected a closing \" before the line "
            "ends: 903 fields never hold line breaks)") in err


def test_an_unclosed_quote_on_the_last_line_is_an_error(capsys, small, db_path, loaded):
    path = _episodes(small)
    path.write_text(path.read_text() + 'C404,"01/06/2023,S,C2,N1,U4,PR1,,,,N7 8,N7 9,\n')
    err = refused(capsys, db_path, loaded, small / "2024")
    assert f"error: {path}:6: a quoted field is not closed on its line" in err


def test_a_quoted_field_over_one_line_is_an_error_even_when_closed(capsys, small, db_path, loaded):
    path = _episodes(small)
    path.write_text(path.read_text() + 'C404,01/06/2023,S,C2,N1,U4,PR1,,,,N7 8,"N7\n9",\n')
    err = refused(capsys, db_path, loaded, small / "2024")
    assert f"error: {path}:6: a quoted field is not closed on its line" in err


@pytest.mark.parametrize("where, line", [("field", 6), ("header", 1), ("unquoted", 6)])
def test_over_long_lines_are_refused_with_their_length(capsys, small, db_path, loaded, where, line):
    """A quoted field or header cell over 128 KiB was a `_csv.Error` traceback; an unquoted 2 MB line
    was "a quoted field is not closed"."""
    path = _episodes(small)
    text = path.read_text()
    if where == "field":
        text += 'C404,01/06/2023,S,C2,N1,U4,PR1,,,,N7 8,N7 9,"' + "x" * 140_000 + '"\n'
    elif where == "header":
        text = text.replace(",URN\n", ',URN,"' + "X" * 140_000 + '"\n', 1)
    else:
        text += "C404,01/06/2023,S,C2,N1,U4,PR1,,,,N7 8,N7 9," + "x" * 2_100_000 + "\n"
    path.write_text(text)
    err = refused(capsys, db_path, loaded, small / "2024")
    size = len(text.splitlines()[line - 1])
    assert (f"error: {path}:{line}: line is {size:,} characters long: not a 903 row "
            "(expected lines of at most 65,536 characters)") in err


@pytest.mark.parametrize("row, line, column", [
    (",01/06/2023,S,C2,N1,U4,PR1,,,,N7 8,N7 9,", 6, "CHILD"),
    ("C003,,S,C2,N1,U4,PR1,,,,N7 8,N7 9,", 6, "DECOM"),
    ("  ,01/06/2023,S,C2,N1,U4,PR1,,,,N7 8,N7 9,", 6, "CHILD"),
])
@pytest.mark.parametrize("command", ["import", "check"])
def test_a_blank_key_is_an_error_with_its_line(capsys, small, db_path, loaded, row, line, column, command):
    """A blank CHILD passed `check` and failed `import` with a ConstraintException traceback."""
    path = _episodes(small)
    path.write_text(path.read_text() + row + "\n")
    code, out, err = run(capsys, command, small / "2024", "--db", db_path, "--council", "TEST")
    assert code != 0 and snapshot(db_path) == loaded and "Traceback" not in err
    assert (f"error: {path}:{line}: {column}: blank (expected a {column} on every episodes row: "
            "CHILD and DECOM identify it); nothing was imported") in err


def test_rows_with_no_values_at_all_are_skipped_like_blank_lines(capsys, small, db_path):
    """What a spreadsheet leaves after its last row (",,,,,,"): no data, so nothing is lost."""
    path = _episodes(small)
    path.write_text(path.read_text() + ",,,,,,,,,,,,\n , ,,,,,,,,,,,\n")
    code, out, err = run(capsys, "import", small / "2024", "--db", db_path, "--council", "TEST")
    assert code == 0, err
    assert query(db_path, "SELECT count(*) FROM episodes") == [(4,)]


@pytest.mark.parametrize("table", ["episodes", "header"])
def test_a_header_only_core_file_is_refused_like_an_empty_one(capsys, small, db_path, loaded, table):
    """It replaced the year with no episodes (or no children), while a 0-byte file was refused."""
    path = small / "2024" / f"{table}.csv"
    path.write_text(path.read_text().splitlines()[0] + "\n\n")
    err = refused(capsys, db_path, loaded, small / "2024")
    assert (f"error: {path}: header row only: no {table} rows (expected at least one row: a return with no "
            f"{'episodes' if table == 'episodes' else 'children'} is not a return, and an import replaces the whole "
            "year)") in err


def test_a_return_of_header_only_files_is_refused_not_a_parser_exception(capsys, small, db_path, loaded):
    for path in (small / "2024").iterdir():
        path.write_text(path.read_text().splitlines()[0] + "\n")
    err = refused(capsys, db_path, loaded, small / "2024")
    assert f"error: {small}/2024/episodes.csv: header row only: no episodes rows" in err
    assert "ParserException" not in err


@pytest.mark.parametrize("what", ["file", "folder"])
def test_an_unreadable_file_or_folder_is_an_error_not_skipped(capsys, small, db_path, loaded, what):
    """An unreadable subfolder was skipped without a word, and the year replaced without its tables;
    a mode-000 file was a traceback. (Tests may run as root, whom no mode stops: the product takes
    the mode bits at their word.)"""
    path = small / "2024" / "reviews.csv"
    if what == "folder":
        path = small / "2024" / "more"
        path.mkdir()
        shutil.move(small / "2024" / "reviews.csv", path / "reviews.csv")
    os.chmod(path, 0)
    try:
        err = refused(capsys, db_path, loaded, small / "2024")
    finally:
        os.chmod(path, 0o755)
    said, bits = ("folder cannot be read", "rx") if what == "folder" else ("cannot be read", "r")
    assert (f"error: {path}: {said}: permission denied (expected a {what} you may read: "
            f"chmod u+{bits} {path})") in err


def test_a_named_pipe_is_refused_at_once(capsys, small, db_path, loaded):
    """A FIFO named pipe.csv hung the import for ever (a test must never hang: the read is in a
    subprocess with a deadline)."""
    pipe = small / "2024" / "pipe.csv"
    os.mkfifo(pipe)
    done = subprocess.run([sys.executable, "-m", "briefing_tui", "import", str(small / "2024"), "--db", str(db_path),
                           "--council", "TEST"], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and snapshot(db_path) == loaded
    assert (f"error: {pipe}: is a named pipe, not a file (expected a regular file, or a link to one)") in done.stderr


def test_a_link_to_a_device_is_refused_before_it_is_read(capsys, small, db_path, loaded):
    """A .csv link to /dev/zero was read until memory ran out."""
    link = small / "2024" / "zero.csv"
    link.symlink_to("/dev/zero")
    err = refused(capsys, db_path, loaded, small / "2024")
    assert f"error: {link}: is a device, not a file (expected a regular file, or a link to one)" in err


def test_a_dangling_link_is_an_error(capsys, small, db_path, loaded, tmp_path):
    link = small / "2024" / "ad1.csv"
    link.symlink_to(tmp_path / "gone.csv")
    err = refused(capsys, db_path, loaded, small / "2024")
    assert (f"error: {link}: is a link to {tmp_path / 'gone.csv'}, which does not exist (expected a regular file, "
            "or a link to one)") in err
    err = refused(capsys, db_path, loaded, link)
    assert f"error: {link}: is a link to {tmp_path / 'gone.csv'}, which does not exist" in err


def test_a_link_to_a_regular_file_is_read(capsys, small, db_path, tmp_path):
    moved = tmp_path / "elsewhere.csv"
    shutil.move(small / "2024" / "reviews.csv", moved)
    (small / "2024" / "reviews.csv").symlink_to(moved)
    code, out, err = run(capsys, "import", small / "2024", "--db", db_path, "--council", "TEST")
    assert code == 0, err
    assert query(db_path, "SELECT count(*) FROM reviews") == [(5,)]


def test_a_link_to_a_folder_is_an_error_not_skipped(capsys, small, db_path, loaded, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.move(small / "2024" / "reviews.csv", elsewhere / "reviews.csv")
    (small / "2024" / "more").symlink_to(elsewhere)
    err = refused(capsys, db_path, loaded, small / "2024")
    assert (f"error: {small}/2024/more: is a link to a folder, which is not followed (expected the folder "
            f"itself: give {elsewhere})") in err


def test_a_file_over_200_mb_is_refused_with_its_size(capsys, small, db_path, loaded):
    big = small / "2024" / "reviews.csv"
    with big.open("r+b") as f:
        f.truncate(250_000_000)  # sparse: nothing is written, and nothing may be read
    err = refused(capsys, db_path, loaded, small / "2024")
    assert (f"error: {big}: is 250.0 MB: larger than any 903 file (expected at most 200 MB a file: "
            "split the export by year)") in err


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(capsys, small, db_path, codec):
    """It was refused as "binary", though the README says UTF-16 is read."""
    path = small / "2024" / "header.csv"
    path.write_bytes(path.read_text().replace("WBRI,,", "WBRI,Zoé,").encode(codec))
    code, out, err = run(capsys, "import", small / "2024", "--db", db_path, "--council", "TEST")
    assert code == 0, err
    assert f"{path}: read as {codec} (not UTF-8)" in out
    assert query(db_path, "SELECT UPN FROM header WHERE CHILD = 'C001'") == [("Zoé",)]


@pytest.mark.parametrize("year", ["0", "1", "99999", "2041", "2009"])
@pytest.mark.parametrize("command", ["import", "check"])
def test_a_year_outside_the_supported_range_is_said_plainly(capsys, small, db_path, loaded, year, command):
    code, out, err = run(capsys, command, small / "2024", "--year", year, "--db", db_path, "--council", "TEST")
    assert code != 0 and snapshot(db_path) == loaded and "Traceback" not in err
    assert err == (f"error: --year {year} is not a collection year briefing-tui reads (expected a year from 2010 "
                   "to 2040, named by the year it ends: 2024 is 1 April 2023 to 31 March 2024)\n")


def test_labels_start_never_shifts_a_year_past_the_supported_range(capsys, small, db_path, loaded, tmp_path):
    folder = tmp_path / "exports" / "2040"
    shutil.copytree(small / "2024", folder)
    err = refused(capsys, db_path, loaded, folder, extra=("--labels", "start"))
    assert (f"error: {folder}/episodes.csv: collection year 2041 (2040-41), from its folder name (--labels start), "
            "is not one briefing-tui reads (expected a year from 2010 to 2040)") in err


# --- databases that are not what they seem -----------------------------------------------------

def test_a_database_truncated_to_half_is_said_in_one_line(capsys, small, db_path, loaded):
    """It was an IOException traceback ("Could not read enough bytes")."""
    size = db_path.stat().st_size
    with db_path.open("r+b") as f:
        f.truncate(size // 2)
    damaged = db_path.read_bytes()
    for command in (["info"], ["show", "cla.count"], ["import", small, "--council", "TEST"]):
        code, out, err = run(capsys, *command, "--db", db_path)
        assert code != 0 and "Traceback" not in err
        assert err == (f"error: database {db_path} is damaged: it is {size // 2:,} bytes, but its own records say "
                       f"at least {size:,} (cut short, perhaps by a copy that did not finish): move it aside and "
                       f"rebuild with `briefing-tui init --db {db_path}` (and re-import your returns), or restore it "
                       "from a backup\n")
    assert db_path.read_bytes() == damaged


def test_a_sqlite_file_given_as_the_database_is_refused_without_the_internet(capsys, tmp_path, small):
    """DuckDB tried to download its SQLite extension from extensions.duckdb.org."""
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE t (a)")
    before = other.read_bytes()
    for command in (["info"], ["import", small, "--council", "TEST"]):
        code, out, err = run(capsys, *command, "--db", other)
        assert code != 0 and "Traceback" not in err and "download" not in err.lower()
        assert err == (f"error: {other} is a SQLite file, not a briefing-tui database: give the path of a "
                       "briefing-tui database (its .duckdb file), or a new file name\n")
    assert other.read_bytes() == before


def test_no_connection_may_load_or_install_a_duckdb_extension(tmp_path):
    """Every connection the package makes (file, read-only, scratch, comparators') has both off."""
    from briefing_tui.store import connection

    db = tmp_path / "x.duckdb"
    for make in (lambda: connection.open_database(db), connection.scratch_database,
                 lambda: connection.open_database(db, read_only=True)):
        con = make()
        try:
            assert con.execute("SELECT current_setting('autoload_known_extensions'), "
                               "current_setting('autoinstall_known_extensions')").fetchone() == (False, False)
        finally:
            con.close()
    package = Path(__file__).resolve().parent.parent / "briefing_tui"
    callers = sorted(str(p.relative_to(package)) for p in package.rglob("*.py") if "duckdb.connect(" in p.read_text())
    assert callers == ["store/connection.py"]
    assert (package / "store" / "connection.py").read_text().count("duckdb.connect(") == 1


# --- issue 13, item 5: faults said plainly ------------------------------------------------------

def _dead_pid() -> int:
    """The id of a process that has ended (and so runs no more)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def tmpdir_env(tmp_path, monkeypatch):
    """A TMPDIR of the test's own, so what is left in it can be seen."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


def test_the_spool_lives_in_a_private_folder_named_by_the_process_and_is_removed(small, db_path, tmpdir_env,
                                                                               monkeypatch):
    from briefing_tui.store import importer

    seen = []
    real = importer.stage

    def looking(con, files, spool):
        folder = spool.workdir
        seen.append((folder, folder.stat().st_mode & 0o777, sorted(p.name for p in folder.iterdir())))
        return real(con, files, spool)

    monkeypatch.setattr(importer, "stage", looking)
    do_import(db_path, small)
    ((folder, mode, names),) = seen
    assert folder.parent == tmpdir_env and folder.name.startswith(f"briefing-tui-{os.getpid()}-")
    assert mode == 0o700 and any(n.startswith("spool-episodes") for n in names)
    assert list(tmpdir_env.iterdir()) == []


def test_the_folders_of_processes_that_no_longer_run_are_removed_at_the_next_start(small, db_path, tmpdir_env):
    """After a kill, spool-*.csv files (CHILD, DOB, UPN) stayed in the temporary folder for ever."""
    dead = tmpdir_env / f"briefing-tui-{_dead_pid()}-x1y2z3"
    dead.mkdir(mode=0o700)
    (dead / "spool-header-0.csv").write_text("1,C001,1,01/05/2010,WBRI,UPN123,,\n")
    running = tmpdir_env / "briefing-tui-1-a1b2c3"   # process 1 always runs
    running.mkdir()
    other = tmpdir_env / "briefing-tui-q8w9e7"        # an older version's: whose, no one can tell
    other.mkdir()
    do_import(db_path, small)
    assert sorted(p.name for p in tmpdir_env.iterdir()) == sorted([running.name, other.name])


@pytest.mark.parametrize("state", ["missing", "read-only"])
def test_an_unusable_tmpdir_is_said_plainly_never_replaced_by_another_folder(capsys, small, db_path, loaded,
                                                                            tmp_path, monkeypatch, state):
    """An unwritable TMPDIR silently fell back to another folder."""
    folder = tmp_path / "no-tmp"
    if state == "read-only":
        folder.mkdir(mode=0o555)
    monkeypatch.setenv("TMPDIR", str(folder))
    for command in ("import", "check"):
        code, out, err = run(capsys, command, small, "--db", db_path, "--council", "TEST")
        assert code != 0 and snapshot(db_path) == loaded
        said = "is not a folder" if state == "missing" else "is not writable"
        assert err == f"error: TMPDIR={folder} {said}: set TMPDIR to a folder you may write, or unset it\n"


def test_a_full_tmpdir_is_said_plainly(capsys, small, db_path, loaded, tmpdir_env, monkeypatch):
    """It was an OSError traceback."""
    import errno

    from briefing_tui.ssda903 import spool

    def full(self, *args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(spool.Spool, "_add", full)
    err = refused(capsys, db_path, loaded, small)
    assert err.startswith(f"error: cannot write temporary files in {tmpdir_env}/briefing-tui-{os.getpid()}-")
    assert err.endswith(": the disk is full: free some space there, or set TMPDIR to another folder; nothing was "
                        "changed\n")
    assert list(tmpdir_env.iterdir()) == []


def test_no_room_for_the_import_is_said_before_the_transaction(capsys, small, db_path, loaded, monkeypatch):
    from briefing_tui.store import importer

    monkeypatch.setattr(importer.shutil, "disk_usage", lambda _: shutil._ntuple_diskusage(10**9, 10**9 - 5_000_000,
                                                                                            5_000_000))
    err = refused(capsys, db_path, loaded, small)
    assert err == (f"error: not enough free space for this import in {db_path.parent}: about 64.0 MB needed for "
                   "1.3 kB of files, 5.0 MB free: free some space there, or give another --db; nothing was changed\n")


def test_a_full_disk_at_commit_is_one_line_and_the_database_is_intact(capsys, small, db_path, loaded, monkeypatch):
    """Caught only at COMMIT, with a traceback (the database intact)."""
    import duckdb

    from briefing_tui.store import transaction

    def full(con):
        raise duckdb.IOException(f'IO Error: Could not write file "{db_path}.wal": No space left on device')

    monkeypatch.setattr(transaction, "commit", full)
    err = refused(capsys, db_path, loaded, small)
    assert err == (f"error: database {db_path} could not be written: the disk is full: free some space there and "
                   "import again; nothing was changed (the database is as it was)\n")


_UNDER_A_LIMIT = """
import resource, sys
from briefing_tui.store import importer
limit = int(sys.argv[1])
if sys.argv[2] == "at-commit":
    importer._check_room = lambda con, planned: None   # as if the estimate had missed it
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from briefing_tui.cli import main
sys.exit(main(sys.argv[3:]))
"""


@pytest.mark.parametrize("when", ["before", "at-commit"])
def test_a_file_size_limit_is_said_plainly_and_the_database_is_intact(small, db_path, loaded, when):
    """`ulimit -f` was caught only at COMMIT, with a traceback."""
    limit = 8_000  # below the database's size: it may not grow, nor its write-ahead log pass 8 kB
    _episodes(small, 100)
    done = subprocess.run([sys.executable, "-c", _UNDER_A_LIMIT, str(limit), when, "import", str(small / "2024"),
                           "--db", str(db_path), "--council", "TEST", "--year", "2024"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
    if when == "before":
        assert done.stderr.startswith("error: the file-size limit (ulimit -f) of 8.0 kB is too small "
                                      f"for this import: the database {db_path} may grow to about ")
    else:
        assert done.stderr == (f"error: database {db_path} could not be written: a file-size limit (ulimit -f) was "
                               "reached: raise it (ulimit -f unlimited) and import again; nothing was changed (the "
                               "database is as it was)\n")
    assert snapshot(db_path) == loaded


def test_a_database_in_a_read_only_folder_is_refused_before_the_transaction(capsys, small, db_path, loaded):
    """DuckDB writes a .wal file beside the database: a folder it cannot write in failed at COMMIT."""
    os.chmod(db_path.parent, 0o555)
    try:
        code, out, err = run(capsys, "import", small, "--db", db_path, "--council", "TEST")
    finally:
        os.chmod(db_path.parent, 0o755)
    assert code != 0 and snapshot(db_path) == loaded
    assert err == (f"error: database {db_path} cannot be written: its folder {db_path.parent} is read-only (DuckDB "
                   "writes a .wal file beside it): make the folder writable, or give another --db\n")


_INTERRUPTED = """
import signal, sys
from briefing_tui.indicators import precomputed

signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal (a background job ignores it)

def working_out(con, councils, from_year):   # inside the import's transaction: held until Ctrl-C
    con.execute("SET threads = 1")  # DuckDB looks for Ctrl-C between slices of work on its calling thread
    print("Working it out", flush=True)
    con.execute("SELECT count(*) FROM range(1000000000000) t(i) WHERE i % 7 = 3").fetchall()

precomputed.refresh = working_out
from briefing_tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to see the query run")
def test_ctrl_c_during_an_import_changes_nothing_and_exits_130(small, db_path, loaded):
    """It printed `RuntimeError: Query interrupted` and exited 1: DuckDB turns Ctrl-C mid-query into
    that. The signal is sent once the held query has used a third of a second of processor time
    (nothing else runs in the child then), so it reaches DuckDB, not Python."""
    import signal

    child = subprocess.Popen([sys.executable, "-c", _INTERRUPTED, "import", str(small), "--db", str(db_path),
                              "--council", "TEST"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in child.stdout:  # the progress lines (no terminal): wait for the held step
            if line.startswith("Working it out"):
                break
        start = _cpu_seconds(child.pid)
        poll(lambda: _cpu_seconds(child.pid) >= start + 0.3 or child.poll() is not None,
             "the held query to use a third of a second of processor time", exit_of(child, 0.05))
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 130, err
    assert err == "interrupted: nothing was changed\n"
    assert snapshot(db_path) == loaded


def test_an_interrupted_query_is_an_interrupt(capsys, small, db_path, loaded, monkeypatch):
    """The same, in process: what DuckDB raises when Ctrl-C stops a query inside the transaction."""
    from briefing_tui.indicators import precomputed

    def interrupted(con, councils, from_year):
        raise RuntimeError("Query interrupted")

    monkeypatch.setattr(precomputed, "refresh", interrupted)
    code, out, err = run(capsys, "import", small, "--db", db_path, "--council", "TEST")
    assert (code, err) == (130, "interrupted: nothing was changed\n")
    assert snapshot(db_path) == loaded


def test_an_export_cleans_the_part_files_of_processes_that_no_longer_run(tmp_path):
    """A kill during export left `.NAME.XXXX.part` files for ever."""
    from briefing_tui.briefing import export

    dead = tmp_path / f".paper.md.{_dead_pid()}.k2j3h4g5.part"
    running = tmp_path / ".paper.md.1.a1s2d3f4.part"
    unknown = tmp_path / ".paper.md.q1w2e3r4.part"   # an older version's: whose, no one can tell
    for part in (dead, running, unknown):
        part.write_text("half a briefing")
    seen = []
    real = os.fdopen

    def watching(fd, *args, **kwargs):
        seen.extend(p.name for p in tmp_path.iterdir() if p.name.endswith(".part"))
        return real(fd, *args, **kwargs)

    import unittest.mock

    with unittest.mock.patch.object(export.os, "fdopen", watching):
        export.write(tmp_path / "paper.md", "# Briefing\n")
    mine = [n for n in seen if n.startswith(f".paper.md.{os.getpid()}.")]
    assert len(mine) == 1 and mine[0].endswith(".part")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["paper.md", running.name, unknown.name])


# --- an in-year extract's extent (issue 16) --------------------------------------------------------

def test_an_extract_over_the_complete_year_is_refused_and_changes_nothing(capsys, small, db_path, loaded, tmp_path):
    extract = tmp_path / "2024-to-2023-09-30"
    shutil.copytree(small / "2024", extract)
    err = refused(capsys, db_path, loaded, extract)
    assert (f"error: {extract}/: TEST's 2023-24 return loaded is the complete year; this is an in-year extract "
            "with data to 30 September 2023: importing it would replace it with less") in " ".join(err.split())
    assert "--replace" in err


@pytest.mark.parametrize("name, words", [
    ("2024-to-2023-02-30", "gives data to 'to-2023-02-30', not a real date"),
    ("2023-to-2023-09-30", "falls in collection year 2024 (2023-24), but the folder name names 2023 (2022-23)"),
])
def test_a_folder_named_with_a_bad_data_to_date_is_refused(capsys, small, db_path, loaded, tmp_path, name, words):
    folder = tmp_path / name
    shutil.copytree(small / "2024", folder)
    err = " ".join(refused(capsys, db_path, loaded, folder).split())
    assert words in err and "nothing was imported" in err
