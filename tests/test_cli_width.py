"""Every command's output reads whole at 80 columns and in a pipe: no line wider than the terminal,
nothing cut with "…", collection years written as the DfE writes them (2023-24).

Run as an officer runs them (the CLI's ``main``, COLUMNS=80, output captured as a pipe), on the
demo borough (eight years) and on a database pooling two councils. The one exception is a quoted
problem (``path/2024/episodes.csv:5: PLACE value 'Q9': ...``), like the database's path, stays on one
line, whole, so it can be searched for and pasted; the terminal wraps it.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest

from briefing_tui.cli import main
from briefing_tui.setup_db import demo_folder
from tests.helpers import do_import

WIDTH = 80
# A problem quoted from a file, or a path alone on its line: kept whole, to be searched for and pasted.
QUOTED = re.compile(r"^\s*(\S+\.csv(:\d+)?: |\S+$)")


@pytest.fixture(autouse=True)
def eighty_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", str(WIDTH))


def run(capsys, *args) -> str:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def assert_fits(out: str, years: tuple[str, ...] = ()) -> None:
    wide = [line for line in out.splitlines() if len(line) > WIDTH and not QUOTED.match(line)]
    assert not wide, "\n".join(wide)
    cut = [line for line in out.splitlines() if "…" in line]
    assert not cut, "\n".join(cut)
    for year in years:
        assert re.search(rf"(?<![\d-]){year}(?![\d-])", out), f"{year} not shown:\n{out}"


def _alias(capsys, db, *council: str) -> str:
    listed = json.loads(run(capsys, "cohort", "cla.count", "--db", db, "--format", "json", *council))
    return listed["children"][0]["who"]


def test_the_demo_boroughs_commands_fit_80_columns(capsys, demo_db_master, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # "Database demo.duckdb": a path is printed whole, like a quoted problem
    db = "demo.duckdb"
    shutil.copy(demo_db_master, db)
    eight = ("2016-17", "2019-20", "2023-24")
    assert_fits(run(capsys, "info", "--db", db), eight)
    assert_fits(run(capsys, "indicators"))
    assert_fits(run(capsys, "show", "cla.count", "--db", db), eight)
    assert_fits(run(capsys, "show", "health.dental_pct", "--db", db, "--by", "age_band"), ("2023-24",))
    assert_fits(run(capsys, "show", "stability.long_term_pct", "--db", db, "--by", "placement_group"))
    assert_fits(run(capsys, "cohort", "cla.count", "--db", db))
    assert_fits(run(capsys, "cohort", "cla.starts", "--db", db))  # with the day each child is described
    assert_fits(run(capsys, "cohort", "leavers.eet_pct", "--db", db, "--part", "all"))
    # a child looked after at 31 March 2024 (the alias key is random: any child of the latest data
    # might have events only in the 2024-25 extract)
    assert_fits(run(capsys, "child", _alias(capsys, db, "--period", "2024"), "--db", db), ("2023-24",))
    assert_fits(run(capsys, "check", demo_folder()), eight)


def test_a_pooled_databases_commands_fit_80_columns(capsys, small, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = "pooled.duckdb"
    assert_fits(run(capsys, "import", small, "--db", db, "--council", "TEST"), ("2022-23", "2023-24"))
    (small / "2024" / "episodes.csv").write_text(
        (small / "2024" / "episodes.csv").read_text().replace(",U3,", ",Q9,"))  # a finding to list
    out = run(capsys, "import", small, "--db", db, "--council", "302")
    assert_fits(out, ("2022-23", "2023-24"))
    assert "302" in out
    out = run(capsys, "info", "--db", db)
    assert_fits(out, ("2022-23", "2023-24"))
    assert "TEST" in out and "302" in out
    assert_fits(run(capsys, "check", small, "--council", "302"), ("2023-24",))
    for council in ("TEST", "302"):
        assert_fits(run(capsys, "show", "cla.count", "--db", db, "--council", council, "--by", "legal_status"),
                    ("2022-23", "2023-24"))
        assert_fits(run(capsys, "cohort", "cla.count", "--db", db, "--council", council))
        assert_fits(run(capsys, "child", _alias(capsys, db, "--council", council), "--db", db, "--council",
                        council))
    for n in range(4):  # six councils, twelve returns: summed per year
        do_import(db, small, council=f"E0900001{n}")
    out = run(capsys, "info", "--db", db)
    assert_fits(out, ("2022-23", "2023-24"))
    assert "6 councils" in out
