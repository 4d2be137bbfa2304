"""Importing the hand-made return: what is stored, re-imports, atomicity, reading quirks."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from briefing_tui.store import checks, importer
from briefing_tui.store.connection import open_database
from briefing_tui.store.importer import import_paths
from briefing_tui.store.staging import ImportRefused
from tests.conftest import write
from tests.helpers import do_import, query, snapshot


def test_small_return_is_stored_per_return_with_types(small, db_path):
    result = do_import(db_path, small)
    assert [(r.year, r.outcome) for r in result.returns] == [(2023, "new"), (2024, "new")]
    assert result.returns[1].row_counts["episodes"] == 4
    assert result.finding_total == 0
    # Each return is kept as sent: C001's first episode is in both, open in 2023, closed in 2024.
    rows = query(db_path, "SELECT year, DEC, REC FROM episodes WHERE CHILD = 'C001' "
                          "AND DECOM = DATE '2022-02-01' ORDER BY year")
    assert rows == [(2023, None, None), (2024, dt.date(2023, 7, 1), "X1")]
    types = dict(query(db_path, "SELECT column_name, data_type FROM information_schema.columns "
                                "WHERE table_name = 'episodes'"))
    assert types["DECOM"] == "DATE" and types["CHILD"] == "VARCHAR" and types["year"] == "SMALLINT"
    assert dict(query(db_path, "SELECT column_name, data_type FROM information_schema.columns "
                               "WHERE table_name = 'oc2'"))["IMMUNISATIONS"] == "BOOLEAN"
    assert query(db_path, "SELECT file_id IS NOT NULL, line FROM episodes "
                          "WHERE year = 2024 AND CHILD = 'C004'") == [(True, 5)]


def test_episode_history_keeps_latest_returns_version(small, db_path):
    do_import(db_path, small)
    rows = query(db_path, "SELECT year, DEC FROM episode_history WHERE CHILD = 'C001' ORDER BY DECOM")
    assert rows == [(2024, dt.date(2023, 7, 1)), (2024, None)]
    # C002 left in 2023 and is not in 2024's return: its history still comes from 2023.
    assert query(db_path, "SELECT year FROM episode_history WHERE CHILD = 'C002'") == [(2023,)]


def test_importing_twice_changes_nothing_but_the_log(small, db_path):
    do_import(db_path, small)
    before = snapshot(db_path)
    second = do_import(db_path, small)
    after = snapshot(db_path)
    assert [r.outcome for r in second.returns] == ["unchanged", "unchanged"]
    for table in before:
        if table not in ("imports", "import_returns", "import_files"):
            assert before[table] == after[table], table


def test_reimport_replaces_exactly_that_return(small, db_path, tmp_path):
    do_import(db_path, small)
    do_import(db_path, small, council="OTHER")
    other_before = query(db_path, "SELECT * FROM episodes WHERE council = 'OTHER' ORDER BY ALL")
    y2023_before = query(db_path, "SELECT * FROM episodes WHERE council = 'TEST' AND year = 2023 ORDER BY ALL")
    # A corrected 2024 return with one episode fewer.
    fixed = tmp_path / "fixed" / "2024"
    shutil.copytree(small / "2024", fixed)
    lines = (fixed / "episodes.csv").read_text().splitlines()
    (fixed / "episodes.csv").write_text("\n".join(lines[:-1]) + "\n")
    result = do_import(db_path, fixed)
    assert [(r.year, r.outcome) for r in result.returns] == [(2024, "replaced")]
    assert query(db_path, "SELECT count(*) FROM episodes WHERE council = 'TEST' AND year = 2024") == [(3,)]
    assert query(db_path, "SELECT * FROM episodes WHERE council = 'OTHER' ORDER BY ALL") == other_before
    assert query(db_path, "SELECT * FROM episodes WHERE council = 'TEST' AND year = 2023 ORDER BY ALL") == y2023_before


@pytest.mark.parametrize("where", ["checks", "inside the transaction"])
def test_interrupted_import_leaves_database_as_before(small, db_path, monkeypatch, tmp_path, where):
    do_import(db_path, small)
    before = snapshot(db_path)
    changed = tmp_path / "changed" / "2024"
    shutil.copytree(small / "2024", changed)
    (changed / "episodes.csv").write_text((changed / "episodes.csv").read_text().replace("U3", "U5"))

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    if where == "checks":
        monkeypatch.setattr(checks, "relational_checks", interrupt)
    else:  # after the old rows are deleted and the new ones inserted, before the commit
        monkeypatch.setattr(importer, "_log_returns", interrupt)
    with pytest.raises(KeyboardInterrupt):
        do_import(db_path, changed)
    assert snapshot(db_path) == before


def test_reads_what_real_exports_contain(tmp_path, db_path):
    """BOM, CRLF, spaces, ISO dates, lower-case codes, blank lines, extra columns, any file names."""
    folder = tmp_path / "export_2024"
    (folder).mkdir()
    (folder / "CLA_children.csv").write_bytes(
        b"\xef\xbb\xbf CHILD , SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n"
        b"007 ,1, 01/05/2010 ,wbri,,,\r\n"
        b"A12,2,2015-06-15,BAFR,,,\r\n\r\n\r\n"
    )
    write(folder / "eps.csv", """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN,LOCAL_NOTE
007,01/02/2023,s,c2,n1,u4,pr1,,,,n7 8,N7 9,,x

A12,2023-06-01,S,V2,N4,U6,PR4,2024-01-10,e4a,,N7 8,E8 1,,y
""")
    result = do_import(db_path, folder)
    assert [(r.year, r.row_counts["header"], r.row_counts["episodes"]) for r in result.returns] == [(2024, 2, 2)]
    assert [w.message() for w in result.warnings] == [
        f"{folder}/eps.csv:1: column LOCAL_NOTE is not part of the episodes table; ignored"]
    assert query(db_path, "SELECT CHILD, DOB, ETHNIC FROM header ORDER BY CHILD") == [
        ("007", dt.date(2010, 5, 1), "WBRI"), ("A12", dt.date(2015, 6, 15), "BAFR")]
    assert query(db_path, "SELECT CHILD, RNE, LS, PLACE, REC, HOME_POST, line FROM episodes ORDER BY CHILD") == [
        ("007", "S", "C2", "U4", None, "N7 8", 2), ("A12", "S", "V2", "U6", "E4A", "N7 8", 4)]
    assert result.finding_total == 0


def test_windows_1252_file_is_read_and_said(small, db_path):
    header = small / "2024" / "header.csv"
    text = header.read_text() + "C009,2,01/01/2012,WBRI,,,\n"
    header.write_bytes(text.replace("C009", "C009").encode("cp1252") + "C010,1,01/01/2013,WOTH,é’,,\n".encode("cp1252"))
    result = do_import(db_path, small / "2024")
    assert f"{small}/2024/header.csv: read as windows-1252 (not UTF-8)" in [w.message() for w in result.warnings]
    assert query(db_path, "SELECT UPN FROM header WHERE CHILD = 'C010'") == [("é’",)]


def test_findings_are_recorded_with_file_line_and_rule(small, db_path):
    episodes = small / "2024" / "episodes.csv"
    episodes.write_text(episodes.read_text()
                        + "C004,01/03/2024,P,C1,N1,U3,PR1,,,,N7 8,N7 8,\n"   # overlaps C004's open episode
                        + "C099,01/06/2023,S,V2,N4,ZZ,PR4,,X1,,N7 8,N7 8,\n")  # no header, bad code, REC open
    result = do_import(db_path, small)
    found = {(f.rule, f.table, f.column): f.count for f in result.findings}
    assert found == {
        ("episode-overlap", "episodes", "DECOM"): 1,
        ("no-header", "episodes", "CHILD"): 1,
        ("code", "episodes", "PLACE"): 1,
        ("rec-on-open-episode", "episodes", "REC"): 1,
    }
    rows = query(db_path, "SELECT year, file, line, child, rule FROM data_quality ORDER BY line")
    assert rows == [
        (2024, str(small / "2024" / "episodes.csv"), 6, "C004", "episode-overlap"),
        (2024, str(small / "2024" / "episodes.csv"), 7, "C099", "code"),
        (2024, str(small / "2024" / "episodes.csv"), 7, "C099", "no-header"),
        (2024, str(small / "2024" / "episodes.csv"), 7, "C099", "rec-on-open-episode"),
    ] or sorted(rows) == sorted([
        (2024, str(small / "2024" / "episodes.csv"), 6, "C004", "episode-overlap"),
        (2024, str(small / "2024" / "episodes.csv"), 7, "C099", "code"),
        (2024, str(small / "2024" / "episodes.csv"), 7, "C099", "no-header"),
        (2024, str(small / "2024" / "episodes.csv"), 7, "C099", "rec-on-open-episode"),
    ])
    overlap = next(f for f in result.findings if f.rule == "episode-overlap").examples[0]
    assert overlap.message() == (
        f"{small}/2024/episodes.csv:6: DECOM value '01/03/2024': starts before an earlier episode "
        "(line 5, from 05/05/2023) has ended (expected each episode to start on or after the previous one ends)")
    code = next(f for f in result.findings if f.rule == "code").examples[0]
    assert code.message().startswith(f"{small}/2024/episodes.csv:7: PLACE value 'ZZ': not in the 2023-24 list "
                                     "(expected one of A3, A4, A5, A6, H5, K1")


def test_oc2_row_outside_cohort_and_header_without_episodes(small, db_path):
    oc2 = small / "2024" / "oc2.csv"
    oc2.write_text(oc2.read_text() + "C004,09/09/2020,,SDQ1,0,1,1,1,1,0,,\n")  # C004 came in May 2023
    header = small / "2024" / "header.csv"
    header.write_text(header.read_text() + "C077,1,01/01/2012,WBRI,,,\n")
    result = do_import(db_path, small / "2024")
    found = {(f.rule, f.examples[0].child) for f in result.findings}
    assert found == {("oc2-outside-cohort", "C004"), ("no-episodes", "C077")}


def test_open_database_refuses_other_schema_version(db_path):
    con = open_database(db_path)
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    from briefing_tui.store.connection import DatabaseError

    newer = r"schema version 99, made by a newer briefing-tui; this one needs version 5"
    with pytest.raises(DatabaseError, match=newer):
        open_database(db_path)


def test_check_runs_every_check_without_writing(small, db_path):
    from briefing_tui.store.connection import scratch_database

    con = scratch_database()
    result = import_paths(con, [small], council="TEST", dry_run=True)
    assert result.committed is False and len(result.returns) == 2
    assert con.execute("SELECT count(*) FROM episodes").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM imports").fetchone() == (0,)


def test_duplicate_rows_are_a_finding_naming_the_first(small, db_path):
    reviews = small / "2024" / "reviews.csv"
    reviews.write_text(reviews.read_text() + "C004,09/09/2020,01/06/2023,PN0\n")
    result = do_import(db_path, small / "2024")
    dup = next(f for f in result.findings if f.rule == "duplicate-key")
    assert dup.count == 1
    assert dup.examples[0].message() == (
        f"{small}/2024/reviews.csv:7: CHILD+REVIEW value 'C004 01/06/2023': repeats line 5 "
        "(expected one row per CHILD + REVIEW)")


def test_year_prefixed_files_side_by_side(small, tmp_path, db_path):
    """`2023-episodes.csv` beside `2024-episodes.csv` in one folder: the file name gives the year."""
    flat = tmp_path / "exports"
    flat.mkdir()
    for year_folder in sorted(small.iterdir()):
        for f in year_folder.iterdir():
            shutil.copy(f, flat / f"{year_folder.name}-{f.name}")
    result = do_import(db_path, flat)
    assert [(r.year, r.row_counts["episodes"], r.row_counts["reviews"]) for r in result.returns] == [
        (2023, 3, 4), (2024, 4, 5)]
    assert query(db_path, "SELECT DISTINCT year FROM header ORDER BY year") == [(2023,), (2024,)]


def test_year_option_overrides_names(small, tmp_path, db_path):
    loose = tmp_path / "loose"
    shutil.copytree(small / "2024", loose)
    result = do_import(db_path, loose, year=2024)
    assert [r.year for r in result.returns] == [2024]


# --- what an independent review of the importer found (each was a defect) ------------------------

def test_header_only_core_file_is_refused_like_an_empty_one(small, db_path):
    """A return with no episodes is not a return (issue 13): it was imported, replacing the year with
    nothing but findings, while a 0-byte file was refused."""
    (small / "2024" / "episodes.csv").write_text(
        (small / "2024" / "episodes.csv").read_text().splitlines()[0] + "\n")
    with pytest.raises(ImportRefused) as refused:
        do_import(db_path, small / "2024")
    assert refused.value.errors[0].message() == (
        f"{small}/2024/episodes.csv: header row only: no episodes rows (expected at least one row: a return "
        "with no episodes is not a return, and an import replaces the whole year)")


def test_blank_lines_after_and_before_the_header(small, db_path):
    episodes = small / "2024" / "episodes.csv"
    lines = episodes.read_text().splitlines()
    episodes.write_text("\n" + lines[0] + "\n\n" + "\n".join(lines[1:]).replace("05/05/2023", "31/02/2023") + "\n")
    with pytest.raises(ImportRefused) as refused:
        do_import(db_path, small / "2024")
    # Physical lines: 1 blank, 2 header, 3 blank, then the four episodes on 4-7 (C004 last).
    assert refused.value.errors[0].message().startswith(f"{small}/2024/episodes.csv:7: DECOM value '31/02/2023'")


def test_overlap_with_any_earlier_episode_is_found(small, db_path):
    episodes = small / "2024" / "episodes.csv"
    episodes.write_text(episodes.read_text()
                        + "C003,01/10/2022,P,V2,N4,U6,PR4,01/11/2022,X1,CARPL,N7 8,E8 1,\n"
                        + "C003,01/01/2023,P,V2,N4,U6,PR4,01/02/2023,X1,CARPL,N7 8,E8 1,\n")
    result = do_import(db_path, small / "2024")
    overlap = next(f for f in result.findings if f.rule == "episode-overlap")
    assert sorted(e.line for e in overlap.examples) == [6, 7]  # both inside line 4's episode


def test_refused_import_leaves_nothing_for_the_next_on_the_same_connection(small, db_path, tmp_path):
    bad = tmp_path / "bad" / "2024"
    shutil.copytree(small / "2024", bad)
    (bad / "reviews.csv").write_text((bad / "reviews.csv").read_text().replace("12/04/2023", "32/04/2023"))
    good = tmp_path / "good" / "2024"
    shutil.copytree(small / "2024", good)
    (good / "episodes.csv").write_text((good / "episodes.csv").read_text()
                                       + "C404,01/12/2023,S,V2,N4,U6,PR4,,,,N7 8,E8 1,\n")  # a finding: no header row
    con = open_database(db_path)
    try:
        with pytest.raises(ImportRefused):
            import_paths(con, [bad], council="A")
        import_paths(con, [good], council="B")
        councils = con.execute("SELECT DISTINCT council FROM data_quality").fetchall()
    finally:
        con.close()
    assert councils == [("B",)]


def test_non_whole_scores_are_findings_and_blank_keys_errors(small, db_path):
    """A blank key was a finding, and the row stored as nobody's (issue 13: an error now); a row of
    nothing but commas is no row at all."""
    oc2 = small / "2024" / "oc2.csv"
    oc2.write_text(oc2.read_text().replace(",12,", ",12.5,"))
    episodes = small / "2024" / "episodes.csv"
    episodes.write_text(episodes.read_text() + ",,,,,,,,,,,,\nC004,,S,C1,N1,U3,PR1,,,,N7 8,N7 8,\n"
                        + ",01/12/2023,S,C1,N1,U3,PR1,,,,N7 8,N7 8,\n")
    with pytest.raises(ImportRefused) as refused:
        do_import(db_path, small / "2024")
    assert [(e.column, e.line) for e in refused.value.errors] == [("DECOM", 7), ("CHILD", 8)]
    episodes.write_text("\n".join(episodes.read_text().splitlines()[:-2]) + "\n")
    result = do_import(db_path, small / "2024")
    found = {(f.rule, f.column): [e.line for e in f.examples] for f in result.findings}
    assert found == {("integer", "SDQ_SCORE"): [2]}
    assert query(db_path, "SELECT SDQ_SCORE FROM oc2") == [(None,)]
    assert query(db_path, "SELECT count(*) FROM episodes") == [(4,)]


def test_spreadsheet_date_times_are_dates(small, db_path):
    episodes = small / "2024" / "episodes.csv"
    episodes.write_text(episodes.read_text().replace("05/05/2023", "05/05/2023 00:00")
                        .replace("01/07/2023,P", "2023-07-01T00:00:00,P"))
    do_import(db_path, small / "2024")
    assert query(db_path, "SELECT min(DECOM) FROM episodes WHERE CHILD IN ('C004')") == [(dt.date(2023, 5, 5),)]


def test_an_oc3_row_outside_17_to_21_is_a_rule_391_finding(small, db_path):
    """2023-24 (1 April 2023 - 31 March 2024): E1 born 05/05/2011 turned 12 on 05/05/2023, E2 born
    05/05/2000 turned 23, E3 born 01/06/2023 had no birthday in the year, E4 (no DOB) cannot be
    judged, E5 born 05/05/2002 turned 21 (in the cohort). Three findings, every row still stored."""
    write(small / "2024" / "oc3.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nE1,05/05/2011,YES,F1,B1\n"
          "E2,05/05/2000,YES,F1,B1\nE3,01/06/2023,YES,F1,B1\nE4,,YES,F1,B1\nE5,05/05/2002,YES,F1,B1\n")
    result = do_import(db_path, small / "2024")
    (found,) = [f for f in result.findings if f.rule == "391"]
    expected = "(expected an oc3 row only for a young person whose 17th to 21st birthday fell in the year)"
    assert [e.message() for e in found.examples] == [
        f"{small}/2024/oc3.csv:2: DOB value '05/05/2011': 12th birthday (05/05/2023) fell in collection year "
        f"2023-24 {expected}",
        f"{small}/2024/oc3.csv:3: DOB value '05/05/2000': 23rd birthday (05/05/2023) fell in collection year "
        f"2023-24 {expected}",
        f"{small}/2024/oc3.csv:4: DOB value '01/06/2023': no birthday of 17 to 21 in collection year 2023-24 "
        f"(born in or after it) {expected}",
    ]
    assert query(db_path, "SELECT child FROM data_quality WHERE rule = '391' ORDER BY line") == [
        ("E1",), ("E2",), ("E3",)]
    assert query(db_path, "SELECT count(*) FROM oc3") == [(5,)]


@pytest.mark.parametrize("extra, shown", [
    ("NOTE'S", "NOTE'S"),
    ('"a""b\\c"', 'A"B\\C'),                   # a quoted header cell: a double quote and a backslash inside
    ("x': 'VARCHAR'}) WHERE false --", "X': 'VARCHAR'}) WHERE FALSE --"),  # once: every row quietly dropped
])
def test_a_header_name_never_becomes_sql(small, db_path, extra, shown):
    """An extra column in episodes whose name holds a quote or a backslash is warned about and
    ignored like any other (it was 'a quoted field is not closed', the name spliced into the SQL
    that read the file); the episodes, each with a value for it, are stored as sent."""
    episodes = small / "2024" / "episodes.csv"
    lines = episodes.read_text().splitlines()
    episodes.write_text("\n".join([f"{lines[0]},{extra}", *(f"{line},it's" for line in lines[1:])]) + "\n")
    result = do_import(db_path, small / "2024")
    assert [w.message() for w in result.warnings] == [
        f"{small}/2024/episodes.csv:1: column {shown} is not part of the episodes table; ignored"]
    assert result.finding_total == 0
    assert query(db_path, "SELECT CHILD, DECOM, PLACE, URN, line FROM episodes ORDER BY line") == [
        ("C001", dt.date(2022, 2, 1), "U4", None, 2), ("C001", dt.date(2023, 7, 1), "U6", None, 3),
        ("C003", dt.date(2022, 9, 20), "H5", "SC000001", 4), ("C004", dt.date(2023, 5, 5), "U3", None, 5)]


@pytest.mark.parametrize("argv, said", [
    (["python3.11", "/venv/bin/briefing-tui"], "open in the briefing-tui app (process 42)"),
    (["python3.11", "/venv/bin/briefing-tui", "--db", "x.duckdb", "import", "2024"],
     "open in briefing-tui import (process 42)"),
    (["python3.11", "-m", "briefing_tui", "export", "--format", "md"], "open in briefing-tui export (process 42)"),
    (["/usr/bin/duckdb", "x.duckdb"], "in use by duckdb (process 42)"),
])
def test_the_program_holding_a_database_is_named(monkeypatch, tmp_path, argv, said):
    from briefing_tui.store import connection

    real = Path.read_bytes
    command_line = "\0".join(argv).encode() + b"\0"
    monkeypatch.setattr(Path, "read_bytes",
                        lambda self: command_line if str(self) == "/proc/42/cmdline" else real(self))
    assert connection._holder(42) == said
    assert connection._holder(None) == "in use by another program"


def test_aliases_worked_out_in_the_database_are_those_of_the_reference_rule(demo_db_master):
    """Every (council, CHILD) in (council, CHILD) order takes its hash's first four digits, or more
    when those are taken: the demo's 1,800-odd children have clashes, so lengthening is exercised."""
    from briefing_tui.store.aliases import KEY, alias_for

    (key,), = query(demo_db_master, "SELECT value FROM meta WHERE key = ?", [KEY])
    stored = dict(((c, ch), a) for c, ch, a in query(demo_db_master, "SELECT council, CHILD, alias FROM aliases"))
    taken, expected = set(), {}
    for council, child in sorted(stored):
        length = 4
        while (alias := alias_for(key, council, child, length)) in taken:
            length += 1
        taken.add(alias)
        expected[(council, child)] = alias
    assert stored == expected
    assert any(len(a) > 6 for a in stored.values())


def test_a_mended_return_takes_its_junk_childrens_aliases_with_it(small, db_path):
    junk = small / "2024" / "missing.csv"
    junk.write_text("CHILD,DOB,MISSING,MIS_START,MIS_END\n" +
                    "".join(f"J{n:05},01/01/2010,M,01/06/2023,02/06/2023\n" for n in range(300)))
    do_import(db_path, small / "2024", council="TEST", year=2024)
    assert query(db_path, "SELECT count(*) FROM aliases WHERE starts_with(CHILD, 'J')") == [(300,)]
    lengthened = query(db_path, "SELECT count(*) FROM aliases WHERE starts_with(CHILD, 'J') AND length(alias) > 6")
    junk.unlink()
    do_import(db_path, small / "2024", council="TEST", year=2024)
    # Gone, but for any whose first four digits clashed: a lengthened alias is kept so it never changes.
    assert query(db_path, "SELECT count(*) FROM aliases WHERE starts_with(CHILD, 'J')") == lengthened
    assert query(db_path, "SELECT count(*) FROM aliases WHERE NOT starts_with(CHILD, 'J')") == query(
        db_path, "SELECT count(DISTINCT CHILD) FROM (SELECT CHILD FROM header UNION ALL SELECT CHILD FROM episodes "
                 "UNION ALL SELECT CHILD FROM reviews UNION ALL SELECT CHILD FROM oc2)")


def test_care_spans_are_stored_a_council_and_year_at_a_time(db_path):
    """Spans worked out for several councils at once (a pooled import, an upgrade) are stored in
    council and year order, so one council's cohort list reads its own spans' blocks alone."""
    from briefing_tui.store import schema

    con = open_database(db_path)
    try:
        rows = [(council, year, f"C{child}", dt.date(year - 1, 5, 1 + child % 20))
                for child in range(300) for year in (2024, 2023) for council in ("B", "A", "C")]
        con.executemany("INSERT INTO episodes (council, year, file_id, line, CHILD, DECOM) VALUES (?, ?, 1, 1, ?, ?)",
                        rows)
        schema.store_care_spans(con)
        stored = [(c, y) for c, y in con.execute("SELECT council, year FROM continuous_care").fetchall()]
    finally:
        con.close()
    assert len(stored) == len(rows)
    assert stored == sorted(stored)
