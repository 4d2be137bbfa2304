"""Every return has an owner (issue 12, item 2): councils named, resolved, said back in full, never
assumed; each council's own attributes used for its own figures; several councils in one database."""

from __future__ import annotations

import shutil

import pytest

from briefing_tui import councils
from briefing_tui.cli import main
from briefing_tui.councils import CouncilError, CouncilKind
from tests.helpers import do_import, query


def run(capsys, *args):
    """The command's exit code and its output, runs of spaces and line breaks made one space (the
    CLI wraps prose to the terminal)."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, " ".join(out.split()), " ".join(err.split())


@pytest.mark.parametrize("given, code, full", [
    ("302", "302", "302 Barnet"),
    ("Barnet", "302", "302 Barnet"),
    ("  barnet ", "302", "302 Barnet"),
    ("London Borough of Barnet", "302", "302 Barnet"),
    ("E09000003", "302", "302 Barnet"),
    ("Bristol", "801", "801 Bristol, City of"),
    ("Kingston upon Hull", "810", "810 Kingston upon Hull, City of"),
    ("County Durham", "840", "840 Durham"),
    ("St Helens", "342", "342 St. Helens"),
    ("Brighton & Hove", "846", "846 Brighton and Hove"),
    ("Kingston upon Thames", "314", "314 Kingston upon Thames"),
    ("demo", "DEMO", "DEMO Demo Borough (synthetic)"),
    ("999", "999", "999 (local code)"),
    ("cumb-old", "CUMB-OLD", "CUMB-OLD (local code)"),
])
def test_a_council_is_resolved_and_said_back_in_full(given, code, full):
    council = councils.resolve(given)
    assert (council.code, council.full) == (code, full)


def test_the_shipped_list_knows_every_council_and_who_replaced_whom():
    listed = councils.shipped()
    assert len([c for c in listed.values() if not c.ended]) == 153   # English councils with children's services
    assert listed["909"].replaced_by == ("942", "943") and listed["909"].ended == "2023-03-31"
    assert listed["837"].replaced_by == ("839",) and listed["928"].replaced_by == ("940", "941")
    assert listed["302"].region == "Outer London" and listed["302"].kind is CouncilKind.DFE
    assert councils.resolve("Cumbria").code == "909"          # its own returns stay its own
    assert councils.resolve("Dorset").code == "838"           # today's council, not the old county


@pytest.mark.parametrize("given, message", [
    ("", "name the council: --council 302 | Barnet"),
    ("Barnett", "'Barnet' is not"),
    ("Manchestr", "did you mean 352 Manchester (--council 352)?"),
    ("my council", "is not a council: give its DfE number or name"),
    ("x" * 21, "is not a council"),
])
def test_what_is_not_a_council_is_refused_with_what_was_meant(given, message):
    with pytest.raises(CouncilError) as caught:
        councils.resolve(given)
    if "'Barnet' is not" in message:
        assert caught.value.message == ("'Barnett' is not an English council's name or DfE number: did you mean "
                                        "302 Barnet (--council 302)?")
    else:
        assert message in caught.value.message


def test_import_without_a_council_is_refused_whatever_the_database_holds(capsys, small, db_path):
    do_import(db_path, small, council="DEMO")
    code, out, err = run(capsys, "import", small, "--db", db_path)
    assert code != 0
    assert ("error: name the council these returns belong to: --council 302 | Barnet (its DfE number or name; "
            "DEMO for the synthetic demo)") in err
    assert query(db_path, "SELECT DISTINCT council FROM returns") == [("DEMO",)]


def test_import_by_name_files_under_the_dfe_number_and_says_so(capsys, small, db_path):
    code, out, err = run(capsys, "import", small, "--db", db_path, "--council", "Barnet")
    assert code == 0, err
    assert "Council 302 Barnet, in " in out
    assert query(db_path, "SELECT DISTINCT council FROM returns") == [("302",)]
    assert query(db_path, "SELECT code, name, kind, la_number, region, ons_code FROM councils") == [
        ("302", "Barnet", "dfe", "302", "Outer London", "E09000003")]


def test_a_local_code_is_kept_and_its_paper_has_no_published_comparators(capsys, small, db_path, tmp_path):
    code, out, err = run(capsys, "import", small, "--db", db_path, "--council", "999")
    assert code == 0, err
    assert "Note: 999 is not an English council's DfE number or name, so it is kept as a local code" in out
    code, out, err = run(capsys, "export", "--db", db_path, "--format", "md", "-o", tmp_path / "p.md")
    assert code == 0, err
    paper = (tmp_path / "p.md").read_text(encoding="utf-8")
    assert "Corporate Parenting Panel briefing: 999" in paper
    assert "Statistical neighbours" not in paper


def test_the_demo_is_never_the_default(capsys, small, db_path):
    from briefing_tui.settings import Settings

    assert Settings().council_code == "" and Settings().council_name == ""
    code, out, err = run(capsys, "import", small, "--db", db_path, "--council", "DEMO")
    assert code == 0, err
    assert query(db_path, "SELECT code, population_under_18 FROM councils") == [("DEMO", 50000)]


@pytest.fixture(scope="module")
def two_councils(small_db_master, tmp_path_factory):
    """The hand-made return as TEST and as 302 Barnet (the tests only read it)."""
    from tests.conftest import FIXTURES

    db = tmp_path_factory.mktemp("two") / "two.duckdb"
    shutil.copy(small_db_master, db)
    do_import(db, FIXTURES / "small", council="302")
    return db


def test_with_several_councils_a_command_says_which_to_name(capsys, two_councils):
    code, out, err = run(capsys, "show", "cla.count", "--db", two_councils)
    assert code != 0
    assert "holds 2 councils (302 Barnet, TEST (local code)): name one with --council 302" in err
    code, out, err = run(capsys, "show", "cla.count", "--db", two_councils, "--council", "barnet",
                         "--format", "json")
    assert code == 0, err
    assert '"council": "302"' in out
    code, out, err = run(capsys, "show", "cla.count", "--db", two_councils, "--council", "Camden")
    assert code != 0
    assert "no returns loaded for council 202 Camden" in err and "(it holds: 302 Barnet, TEST (local code))" in err


def test_the_settings_council_is_the_default_for_every_command(capsys, two_councils, tmp_path):
    cfg = tmp_path / "settings.toml"
    cfg.write_text('[council]\ncode = "Barnet"\npopulation_under_18 = 80000\n', encoding="utf-8")
    code, out, err = run(capsys, "show", "cla.rate", "--db", two_councils, "--config", cfg, "--format", "json")
    assert code == 0, err
    assert '"council": "302"' in out and '"denominator": 80000' in out
    # The population is Barnet's: the other council's rate is not computed with it.
    code, out, err = run(capsys, "show", "cla.rate", "--db", two_councils, "--config", cfg, "--council", "TEST",
                         "--format", "json")
    assert code == 0, err
    assert '"value": null' in out and '"denominator": 80000' not in out


def test_settings_give_a_council_its_own_attributes(tmp_path):
    from briefing_tui.settings import load

    cfg = tmp_path / "settings.toml"
    cfg.write_text('[councils."Camden"]\npopulation_under_18 = 41000\nname = "London Borough of Camden"\n'
                   '[councils."Camden".targets]\n"leavers.eet_pct" = 60\n', encoding="utf-8")
    config = load(cfg)
    camden = config.council(councils.resolve("202"))
    assert (camden.name, camden.population_under_18) == ("London Borough of Camden", 41000)
    assert config.targets_for("202") == {"leavers.eet_pct": 60.0}
    assert config.council(councils.resolve("302")).population_under_18 is None


def test_settings_population_without_a_council_code_is_refused(capsys, tmp_path):
    cfg = tmp_path / "settings.toml"
    cfg.write_text('[council]\npopulation_under_18 = 80000\n', encoding="utf-8")
    code, out, err = run(capsys, "indicators", "--config", cfg)
    assert code != 0
    assert "[council] gives a name, population or number but no code: add code = \"302\"" in err


def test_a_council_name_with_markup_is_printed_as_written(capsys, db_with_small, db_path, tmp_path):
    cfg = tmp_path / "settings.toml"
    cfg.write_text('[councils."TEST"]\nname = "[/]Evil [bold]Borough[/link]"\n', encoding="utf-8")
    for command in (["brief"], ["export", "--format", "txt", "-o", "-"], ["info"]):
        code, out, err = run(capsys, *command, "--db", db_path, "--config", cfg)
        assert code == 0, err
        assert "[/]Evil [bold]Borough[/link]" in out


def test_the_same_council_twice_in_settings_is_refused(capsys, tmp_path):
    cfg = tmp_path / "settings.toml"
    cfg.write_text('[councils."302"]\npopulation_under_18 = 5\n[councils."Barnet"]\npopulation_under_18 = 900000\n',
                   encoding="utf-8")
    code, out, err = run(capsys, "indicators", "--config", cfg)
    assert code != 0
    assert '[councils."302"] and [councils."Barnet"] are the same council (302): keep one' in err


def test_check_with_a_mistyped_council_says_so(capsys, small):
    code, out, err = run(capsys, "check", small, "--council", "Barnett")
    assert code != 0 and "did you mean 302 Barnet" in err


def test_a_code_an_older_version_stored_is_reached_as_written(capsys, small, db_path):
    """E09000003 stored apart from 302 (see test_notes): --council E09000003 reaches it, not Barnet."""
    do_import(db_path, small, council="E09000003")
    do_import(db_path, small, council="302")
    code, out, err = run(capsys, "show", "cla.count", "--db", db_path, "--council", "E09000003", "--format", "json")
    assert code == 0, err
    assert '"council": "E09000003"' in out
