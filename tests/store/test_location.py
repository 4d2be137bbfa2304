"""One database, found the same way from anywhere (issue 12, item 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_tui.cli import main
from briefing_tui.store import location


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, " ".join(out.split()), " ".join(err.split())


def test_the_order_is_db_settings_environment_then_the_default(tmp_path, monkeypatch, default_database_elsewhere):
    settings_db, env_db, given = tmp_path / "s.duckdb", tmp_path / "e.duckdb", tmp_path / "g.duckdb"
    monkeypatch.setenv(location.ENV_DB, str(env_db))
    assert location.locate(given, settings_db, tmp_path / "settings.toml") == location.Location(
        given, "given with --db", True)
    assert location.locate(None, settings_db, tmp_path / "settings.toml") == location.Location(
        settings_db, f"[database] path in {tmp_path / 'settings.toml'}", True)
    assert location.locate(None) == location.Location(env_db, "$BRIEFING_TUI_DB", True)
    monkeypatch.delenv(location.ENV_DB)
    assert location.locate(None) == location.Location(default_database_elsewhere,
                                                      "the default in your user data folder", False)


def test_a_checkout_is_found_from_the_package_never_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.undo()  # the real checkout_root, not the tests' stand-in
    monkeypatch.delenv(location.ENV_DB, raising=False)
    monkeypatch.chdir(tmp_path)
    root = Path(location.__file__).resolve().parent.parent.parent
    if not (root / "pyproject.toml").exists():
        pytest.skip("installed, not run from a checkout")
    found = location.locate(None)
    assert found.path == root / "data" / "briefings.duckdb"
    assert found.why == f"the default for the checkout at {root}"
    # A folder that looks like a checkout is not one unless the package is in it.
    (tmp_path / "pyproject.toml").write_text('name = "briefing-tui"\n')
    assert location.locate(None).path == root / "data" / "briefings.duckdb"


@pytest.mark.parametrize("command", [[], ["info"], ["show", "cla.count"], ["cohort", "cla.count"],
                                     ["child", "C-0000"], ["brief"], ["export", "--format", "md", "-o", "-"],
                                     ["upgrade"]])
def test_a_database_named_but_missing_is_an_error_never_a_new_demo(capsys, tmp_path, command):
    missing = tmp_path / "typo.duckdb"
    code, out, err = run(capsys, *command, "--db", missing)
    assert code != 0
    assert f"error: no database at {missing} (given with --db)" in err
    assert "(or give the --db you meant)" in err
    assert not missing.exists() and "building it" not in out


def test_the_environment_variable_names_the_database_too(capsys, tmp_path, monkeypatch, small):
    db = tmp_path / "shared" / "briefings.duckdb"
    monkeypatch.setenv(location.ENV_DB, str(db))
    code, out, err = run(capsys, "info")
    assert code != 0 and f"no database at {db} ($BRIEFING_TUI_DB)" in err
    code, out, err = run(capsys, "import", small, "--council", "TEST")   # import makes it
    assert code == 0, err
    code, out, err = run(capsys, "info")
    assert code == 0 and f"Database {db} ($BRIEFING_TUI_DB)" in out
