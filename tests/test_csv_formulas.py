"""CSV never carries a formula: a text cell beginning = + - @ (or a tab or carriage return) is written
with a single quote first, as OWASP advises for CSV injection, on every path that writes CSV (the
one writer, briefing.table_export.to_csv); numbers, negative ones included, are written as numbers."""

from __future__ import annotations

import csv
import io

import pytest

from briefing_tui.briefing.table_export import to_csv
from briefing_tui.cli import main
from tests.hostile import by_placement_type, child_id, hostile_database, settings_file

FORMULAS = ("=1+2", "+SUM(1)", "-2+3", "@SUM(1)")


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_writer_quotes_text_a_spreadsheet_would_run_and_leaves_numbers_alone():
    written = to_csv([{"text": t, "number": n} for t, n in [
        ("=1+2", -3.0), ("+1", -12), ("-2+3", 0), ("@SUM(1)", 1.5), ("\t=1", None), ("\r=1", 2),
        ("  =1+2", 3), ("-12", -0.5), ("a=1", True), ("", 4)]])
    assert [(r["text"], r["number"]) for r in rows(written)] == [
        ("'=1+2", "-3.0"), ("'+1", "-12"), ("'-2+3", "0"), ("'@SUM(1)", "1.5"), ("'\t=1", ""), ("'\n=1", "2"),
        ("'  =1+2", "3"), ("'-12", "-0.5"), ("a=1", "True"), ("", "4")]


def run(capsys, *args) -> str:
    assert main([str(a) for a in args]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("formula", FORMULAS)
def test_cohort_and_breakdown_csv_quote_formulas_from_the_return(capsys, tmp_path, formula):
    db = hostile_database(tmp_path, formula)
    common = ("--db", db, "--config", settings_file(tmp_path, formula, officer=True))
    listed = rows(run(capsys, "cohort", "cla.count", "--format", "csv", *common))
    mine = next(r for r in listed if r["who"] == "'" + child_id(formula))
    assert (mine["legal_status"], mine["placement"]) == ("'" + formula, "'" + formula)
    assert mine["age"] == "3" and mine["days_in_care"] == "331"
    by_placement = rows(run(capsys, "show", "cla.count", "--by", "placement_type", "--format", "csv", *common))
    assert [r["placement_type"] for r in by_placement] == ["'" + formula]
    headline = rows(run(capsys, "show", "cla.starts", "--format", "csv", *common))
    assert headline[0]["change"] == "-1.0" and headline[0]["value"] == "1.0"  # a negative number stays a number


async def test_the_apps_exports_quote_formulas(tmp_path, monkeypatch):
    from briefing_tui import settings as settings_mod
    from briefing_tui.tui.app import BriefingApp
    from tests.tui.settle import until_settled
    from tests.tui.test_app import SIZE

    formula = FORMULAS[0]
    db = hostile_database(tmp_path, formula)
    monkeypatch.chdir(tmp_path)
    app = BriefingApp(db, settings_mod.load(settings_file(tmp_path, formula)), council="TEST")
    async with app.run_test(size=SIZE) as pilot:
        await until_settled(pilot)
        await by_placement_type(app, pilot)
        await pilot.press("e", "c")
        await until_settled(pilot, lambda app: type(app.screen).__name__ == "CohortScreen")
        await pilot.press("e")
        await until_settled(pilot)
    (breakdown,) = (tmp_path / "exports").glob("cla.count-placement_type-*.csv")
    (cohort,) = (tmp_path / "exports").glob("cla.count-cohort-*.csv")
    assert [r["placement_type"] for r in rows(breakdown.read_text(encoding="utf-8"))] == ["'" + formula]
    listed = rows(cohort.read_text(encoding="utf-8"))
    assert sorted(r["placement"] for r in listed) == ["'" + formula] * 2
    assert all(r["age"].isdigit() for r in listed)
