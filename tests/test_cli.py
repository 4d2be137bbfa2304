"""The command line as an officer uses it: help, check, info, settings."""

from __future__ import annotations

import re

import pytest

from briefing_tui.cli import main
from tests.helpers import do_import


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command, phrase", [
    ("init", "Build the database from the synthetic demo borough"),
    ("import", "replacing the same council's returns for those years in one transaction"),
    ("check", "without importing them"),
    ("info", "import history and data-quality findings by rule"),
])
def test_every_command_explains_itself(capsys, command, phrase):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert phrase in " ".join(capsys.readouterr().out.split())


def test_check_reports_findings_and_exits_zero(capsys, small, tmp_path):
    (small / "2024" / "episodes.csv").write_text(
        (small / "2024" / "episodes.csv").read_text().replace(",U3,", ",Q9,"))
    code, out, err = run(capsys, "check", small)
    assert code == 0
    assert "Checked (nothing imported)" in out
    assert "No council named: `briefing-tui import` will need --council" in out
    assert f"{small}/2024/episodes.csv:5: PLACE value 'Q9': not in the 2023-24 list" in out
    code, out, err = run(capsys, "check", small, "--strict")
    assert code != 0
    assert "(--strict refuses findings)" in err


def test_check_exits_non_zero_on_an_error(capsys, small):
    (small / "2024" / "episodes.csv").write_text(
        (small / "2024" / "episodes.csv").read_text().replace("05/05/2023", "05/15/2023"))
    code, out, err = run(capsys, "check", small)
    assert code != 0
    assert f"error: {small}/2024/episodes.csv:5: DECOM value '05/15/2023': not a date" in err


def test_info_lists_years_rows_imports_and_findings(capsys, small, db_path):
    (small / "2024" / "episodes.csv").write_text(
        (small / "2024" / "episodes.csv").read_text().replace(",U3,", ",Q9,"))
    do_import(db_path, small, council="TEST")
    code, out, err = run(capsys, "info", "--db", db_path)
    assert code == 0
    assert "Councils: TEST (local code)\nYears: 2022-23, 2023-24\n" in out
    assert re.search(r"\nyear +header +episodes +oc2 +reviews *\n─+\n2022-23 +3 +3 +0 +4 *\n", out), out
    assert "Import history" in out
    assert re.search(r"\ncode +episodes\.PLACE +2023-24 +1 *\n", out), out
    assert "Data-quality findings by rule" in out


def test_info_without_database_says_how_to_make_one(capsys, tmp_path):
    missing = tmp_path / "none.duckdb"
    code, out, err = run(capsys, "info", "--db", missing)
    assert code != 0
    assert (f"error: no database at {missing} (given with --db): build the demo with `briefing-tui init` or "
            "import your 903 files with `briefing-tui import FOLDER --council 302` (or give the --db you meant)") in err


def test_settings_unknown_key_is_refused_with_a_suggestion(capsys, tmp_path):
    cfg = tmp_path / "settings.toml"
    cfg.write_text('[council]\ncod = "302"\n')
    code, out, err = run(capsys, "info", "--config", cfg)
    assert code != 0
    assert f"error: {cfg}: unknown key council.cod (did you mean code?)" in err


def test_settings_wrong_type_names_file_key_and_type(capsys, tmp_path):
    cfg = tmp_path / "settings.toml"
    cfg.write_text('[database]\npath = 5\n')
    code, out, err = run(capsys, "info", "--config", cfg)
    assert code != 0
    assert (f"error: {cfg}: database.path = 5 is not valid "
            "(expected a non-empty text: path of the DuckDB database file") in err


def test_settings_choose_council_and_database(capsys, tmp_path, small):
    cfg = tmp_path / "settings.toml"
    cfg.write_text('[council]\ncode = "302"\n[database]\npath = "mine.duckdb"\n')
    code, out, err = run(capsys, "import", small, "--config", cfg)
    assert code == 0, err
    code, out, err = run(capsys, "info", "--config", cfg)
    said = " ".join(out.split())
    assert f"Database {tmp_path / 'mine.duckdb'} ([database] path in {cfg})" in said
    assert "Councils: 302 Barnet" in out


def test_python_dash_m_runs_the_same_cli():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "briefing_tui", "--version"], capture_output=True, text=True)
    assert out.returncode == 0
    assert out.stdout.strip().startswith("briefing-tui ")


def test_messages_with_brackets_are_printed_as_written(capsys, tmp_path):
    cfg = tmp_path / "settings.toml"
    cfg.write_text('[councl]\ncode = "302"\n')
    code, out, err = run(capsys, "info", "--config", cfg)
    assert code != 0
    assert f"error: {cfg}: unknown section [councl] (did you mean council?)" in err


def test_indicators_lists_every_declared_indicator(capsys):
    code, out, err = run(capsys, "indicators")
    assert code == 0
    for indicator_id in ("cla.count", "cla.starts", "cla.ceased"):
        assert f"\n{indicator_id}  " in out


def test_show_prints_json_with_the_worked_figures(capsys, tmp_path):
    import json
    from pathlib import Path

    db = tmp_path / "ind.duckdb"
    do_import(db, Path(__file__).parent / "fixtures" / "indicators", council="TEST")
    code, out, err = run(capsys, "show", "cla.count", "--db", db, "--council", "TEST", "--period", "2024",
                         "--format", "json")
    assert code == 0, err
    record = json.loads(out)
    assert (record["indicator"], record["value"], record["numerator"], record["denominator"]) == (
        "cla.count", 6, 6, None)
    assert record["period"] == "year ending 31 March 2024" and record["comparison"] == 5
    code, out, err = run(capsys, "show", "cla.ceased", "--db", db, "--council", "TEST", "--format", "csv")
    assert out.splitlines()[1].startswith("cla.ceased,Children who ceased to be looked after,TEST,")
    code, out, err = run(capsys, "show", "cla.count", "--db", db, "--council", "TEST", "--period", "2024",
                         "--by", "legal_status", "--format", "json")
    assert [(r["label"], r["value"], r["numerator"]) for r in json.loads(out)["rows"]] == [
        ("C1", 2, 2), ("C2", 2, 2), ("V2", 2, 2)]
    code, out, err = run(capsys, "show", "cla.count", "--db", db, "--council", "TEST", "--period", "2024Q9")
    assert code != 0 and "period '2024Q9' is not one this tool reads" in err
